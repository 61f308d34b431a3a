import { describe, expect, test } from 'vitest';
import { bindStacks, chooseStacks, discoverStack, fileStem, stackNameFromPattern, type DeployedStack } from './stacks.js';
import { lines, load, source } from './test-fixtures.js';

const stack = (name: string, resources: Array<[string, string, string?]>, parameters: DeployedStack['parameters'] = {}): DeployedStack => ({
  name, id: `arn:aws:cloudformation:us-east-1:123:stack/${name}/1`, status: 'CREATE_COMPLETE', parameters,
  resources: resources.map(([logicalId, type, physicalId]) => ({ logicalId, type, ...(physicalId ? { physicalId } : {}) })),
});
const VPC = 'AWS::EC2::VPC';
const SUBNET = 'AWS::EC2::Subnet';

const network = source(lines(
  'Parameters:', '  Env: { Type: String }', '  ProjectName: { Type: String, Default: shop }',
  'Resources:', '  Vpc:', '    Type: AWS::EC2::VPC', '    Properties:', '      CidrBlock: 10.0.0.0/16',
  '  Subnet:', '    Type: AWS::EC2::Subnet', '    Properties:', '      VpcId: !Ref Vpc', '      CidrBlock: 10.0.1.0/24',
), 'phases/00-network/01-vpc.yaml');

describe('which stack a file is', () => {
  test('discovery: the one stack whose resources the file declares (same logical ids and types)', () => {
    const declared = [{ logicalId: 'Vpc', type: VPC }, { logicalId: 'Subnet', type: SUBNET }];
    expect(discoverStack(declared, [stack('other', [['Db', 'AWS::RDS::DBInstance']]), stack('net', [['Vpc', VPC], ['Subnet', SUBNET]])]))
      .toEqual({ kind: 'match', name: 'net' });
    // A resource added in Git and not deployed yet still finds its stack.
    expect(discoverStack(declared, [stack('net', [['Vpc', VPC]])])).toEqual({ kind: 'match', name: 'net' });
    expect(discoverStack(declared, [stack('a', [['Vpc', VPC], ['Subnet', SUBNET]]), stack('b', [['Vpc', VPC], ['Subnet', SUBNET]])]))
      .toEqual({ kind: 'ambiguous', candidates: ['a', 'b'] });
    expect(discoverStack(declared, [stack('big', [['Vpc', VPC], ['Nat', 'AWS::EC2::NatGateway']])])).toEqual({ kind: 'partial', candidates: ['big'] });
    expect(discoverStack(declared, [stack('x', [['Vpc', 'AWS::EC2::Subnet']])])).toEqual({ kind: 'none' });
  });

  test('Metadata.IAL.Stack wins, then stacks.name_pattern, then discovery; a named stack that does not exist is standalone with a warning', () => {
    const named = source(lines('Metadata:', '  IAL: { Stack: chosen }', 'Resources:', '  Vpc:', '    Type: AWS::EC2::VPC'), 'phases/10-a/01-named.yaml');
    const state = load([network, named], { deferMissingParameters: true });
    const stacks = [stack('chosen', [['Vpc', VPC]]), stack('ial-shop-00-network-vpc', [['Vpc', VPC], ['Subnet', SUBNET]])];
    const choices = chooseStacks(state.templates!, state.resources, stacks, { namePattern: 'ial-{project}-{phase}-{file}', discover: true });
    expect(Object.fromEntries(choices)).toEqual({
      'phases/00-network/01-vpc.yaml': { kind: 'stack', name: 'ial-shop-00-network-vpc', how: 'pattern' },
      'phases/10-a/01-named.yaml': { kind: 'stack', name: 'chosen', how: 'metadata' },
    });
    const missing = chooseStacks(state.templates!, state.resources, [], { namePattern: null, discover: true });
    expect(missing.get('phases/10-a/01-named.yaml')).toEqual({
      kind: 'standalone', reason: 'stack chosen does not exist',
      warning: 'stack chosen (from Metadata.IAL.Stack) does not exist: checked as a standalone file',
    });
  });

  test('two files matching one stack are both standalone, never guessed', () => {
    const copy = { ...network, file: 'phases/00-network/02-copy.yaml' };
    const state = load([network, copy], { deferMissingParameters: true });
    const choices = chooseStacks(state.templates!, state.resources, [stack('net', [['Vpc', VPC], ['Subnet', SUBNET]])], { discover: true });
    expect([...choices.values()].map((c) => c.kind)).toEqual(['standalone', 'standalone']);
  });

  test('pattern placeholders: {file} drops the NN- prefix and the extension', () => {
    expect(fileStem('phases/30-compute/02-ecs.yaml')).toBe('ecs');
    expect(stackNameFromPattern('ial-{project}-{phase}-{file}', { phase: '30-compute', file: 'ecs', project: 'shop' })).toBe('ial-shop-30-compute-ecs');
    expect(stackNameFromPattern('ial-{project}-{file}', { phase: 'x', file: 'ecs' })).toBeUndefined();
  });
});

describe('binding a file to its stack', () => {
  test('parameters and physical ids come from the stack; --param still wins, with a warning', () => {
    const state = load([network], { deferMissingParameters: true });
    const deployed = stack('net', [['Vpc', VPC, 'vpc-123'], ['Subnet', SUBNET, 'subnet-9']], { Env: { value: 'prod' }, ProjectName: { value: 'shop' } });
    const choices = new Map([['phases/00-network/01-vpc.yaml', { kind: 'stack' as const, name: 'net', how: 'discovered' as const }]]);
    const bound = bindStacks(state.resources, state.templates!, choices, [deployed], {});
    expect(bound.errors).toEqual([]);
    expect(bound.resources.map((r) => [r.logicalId, r.stack, r.physicalIdOverride, r.parameters['Env']])).toEqual([
      ['Vpc', 'net', 'vpc-123', 'prod'], ['Subnet', 'net', 'subnet-9', 'prod'],
    ]);
    const overridden = bindStacks(state.resources, state.templates!, choices, [deployed], { Env: 'dev' });
    expect(overridden.warnings.map((w) => w.message)).toEqual(['--param Env overrides the value deployed in stack net']);
  });

  test('a standalone file with a parameter that has no value is an error naming it; a stack file is not', () => {
    const state = load([network], { deferMissingParameters: true });
    const standalone = bindStacks(state.resources, state.templates!, new Map([[network.file, { kind: 'standalone' as const, reason: 'none' }]]), [], {});
    expect(standalone.errors.map((e) => `${e.file}:${e.line}: ${e.message}`)).toEqual(['phases/00-network/01-vpc.yaml:2: parameter Env has no Default and no value']);
  });

  test('the SSM value CloudFormation resolved is the parameter value', () => {
    const text = lines('Parameters:', '  Ami: { Type: "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>", Default: /aws/service/x }',
      'Resources:', '  Box:', '    Type: AWS::EC2::Instance', '    Properties:', '      ImageId: !Ref Ami');
    const state = load([source(text, 'phases/10-c/01-box.yaml')], { deferMissingParameters: true });
    const deployed = stack('box', [['Box', 'AWS::EC2::Instance', 'i-1']], { Ami: { value: '/aws/service/x', resolvedValue: 'ami-42' } });
    const bound = bindStacks(state.resources, state.templates!, new Map([['phases/10-c/01-box.yaml', { kind: 'stack' as const, name: 'box', how: 'discovered' as const }]]), [deployed], {});
    expect(bound.resources[0]!.parameters['Ami']).toBe('ami-42');
  });
});
