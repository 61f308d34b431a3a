// Conditions and the intrinsics real templates use, through the real loader and comparison.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { compare } from './compare.js';
import { base64, cidrSubnets, Intrinsic, resolveExpr, type Expr, type ResolveScope } from './intrinsics.js';
import { ACCOUNT, REGION, lines, liveState, liveVpc, load, makeLive } from './test-fixtures.js';

const AT = { file: 'f.yaml', line: 1, column: 1 };
const fn = (name: string, arg: Expr): Intrinsic => new Intrinsic(name, arg, AT);
const scope = (extra: Partial<ResolveScope> = {}): ResolveScope => ({
  parameters: {},
  pseudo: { 'AWS::Region': REGION, 'AWS::AccountId': ACCOUNT },
  isResource: () => false,
  physicalIdOf: () => ({ ok: false, reason: 'none' }),
  attributeOf: () => ({ ok: false, reason: 'none' }),
  ...extra,
});

const conditional = (env: string): string => lines(
  'Parameters:',
  `  Env: { Type: String, Default: ${env}, AllowedValues: [prod, dev] }`,
  '  Tier: { Type: String, Default: web }',
  'Mappings:',
  '  Sizes:',
  '    prod: { Tenancy: dedicated, Cidr: 10.0.0.0/16 }',
  '    dev: { Tenancy: default, Cidr: 10.1.0.0/16 }',
  'Conditions:',
  '  IsProd: !Equals [!Ref Env, prod]',
  '  IsWeb: !Equals [!Ref Tier, web]',
  '  ProdWeb: !And [!Condition IsProd, !Condition IsWeb]',
  '  NotProd: !Not [{ Condition: IsProd }]',
  '  Either: !Or [!Condition IsProd, !Condition NotProd]',
  'Resources:',
  '  Vpc:',
  '    Type: AWS::EC2::VPC',
  '    Properties:',
  '      CidrBlock: !FindInMap [Sizes, !Ref Env, Cidr]',
  '      InstanceTenancy: !FindInMap [Sizes, !Ref Env, Tenancy]',
  '      EnableDnsHostnames: !If [ProdWeb, true, !Ref AWS::NoValue]',
  '      Tags:',
  '        - { Key: Name, Value: !Join ["-", [main, !Select [0, !Split [".", !Sub "${Env}.x"]]]] }',
  '        - !If [Either, { Key: Always, Value: yes }, !Ref AWS::NoValue]',
  '        - !If [NotProd, { Key: Dev, Value: yes }, !Ref AWS::NoValue]',
  '  ProdOnly:',
  '    Type: AWS::EC2::VPC',
  '    Condition: IsProd',
  '    Properties:',
  '      Tags: [{ Key: Name, Value: prod-only }]',
);

describe('conditions, mappings and Fn::If', () => {
  test('prod: the conditional resource is expected, Fn::If picks its branch, NoValue removes what is absent', () => {
    const live = liveState([
      liveVpc('vpc-1', 'main-prod', { CidrBlock: '10.0.0.0/16', InstanceTenancy: 'dedicated', EnableDnsHostnames: true, Tags: [{ Key: 'Name', Value: 'main-prod' }, { Key: 'Always', Value: 'yes' }] }),
      liveVpc('vpc-2', 'prod-only'),
    ]);
    const result = compare(load(conditional('prod')).resources, live);
    expect(result.findings).toEqual([]);
    expect(result.notCheckedProperties).toEqual([]);
    expect(result.checkedResources).toBe(2);
  });

  test('dev: a resource whose condition is false is not expected (not missing), a NoValue property is not compared', () => {
    const live = liveState([
      liveVpc('vpc-1', 'main-dev', { CidrBlock: '10.1.0.0/16', InstanceTenancy: 'default', EnableDnsHostnames: false, Tags: [{ Key: 'Name', Value: 'main-dev' }, { Key: 'Always', Value: 'yes' }, { Key: 'Dev', Value: 'yes' }] }),
    ]);
    const result = compare(load(conditional('dev')).resources, live);
    expect(result.findings).toEqual([]);
    expect(result.checkedResources).toBe(1);
    expect(result.notCheckedResources).toEqual([]);
    // EnableDnsHostnames is NoValue in dev: not compared, so the live `false` is no drift.
    expect(result.propertiesCompared).toBe(3);
  });

  test('dev: a live VPC that only prod declares is an extra resource like any other undeclared one', () => {
    const live = liveState([
      liveVpc('vpc-1', 'main-dev', { CidrBlock: '10.1.0.0/16', InstanceTenancy: 'default', Tags: [{ Key: 'Name', Value: 'main-dev' }, { Key: 'Always', Value: 'yes' }, { Key: 'Dev', Value: 'yes' }] }),
      liveVpc('vpc-2', 'prod-only'),
    ]);
    const result = compare(load(conditional('dev')).resources, live);
    expect(result.findings.map((f) => [f.type, f.physicalId])).toEqual([['extra_resource', 'vpc-2']]);
  });

  test('a condition that cannot be evaluated leaves the resource not checked, with the reason', () => {
    const text = lines('Conditions:', '  HasVpc: !Equals [!ImportValue shared-vpc, ""]', 'Resources:', '  Vpc:', '    Type: AWS::EC2::VPC',
      '    Condition: HasVpc', '    Properties:', '      Tags: [{ Key: Name, Value: main }]');
    const result = compare(load(text).resources, liveState([liveVpc('vpc-1', 'main')]));
    expect(result.notCheckedResources.map((r) => [r.logicalId, r.code, r.reason])).toEqual([[
      'Vpc', 'unresolved_reference',
      "condition HasVpc cannot be evaluated: export shared-vpc is declared in no phase file and not in the account's exports",
    ]]);
    expect(result.findings).toEqual([]);
  });

  test('conditions naming each other in a circle are not evaluated forever', () => {
    const s = scope({ conditions: { A: fn('Condition', 'B'), B: fn('Fn::Not', [fn('Condition', 'A')]) } });
    expect(resolveExpr(fn('Fn::If', ['A', 'x', 'y']), s)).toEqual({ ok: false, reason: 'conditions refer to each other in a circle: A → B → A' });
  });

  test('a resource Condition that names no declared condition is refused at load with the declared names', () => {
    const text = lines('Conditions:', '  IsProd: !Equals [a, a]', 'Resources:', '  Vpc:', '    Type: AWS::EC2::VPC', '    Condition: IsPrd');
    expect(() => load(text)).toThrow(/Condition "IsPrd" is not declared under Conditions/);
  });
});

describe('Fn::ImportValue, pseudo parameters and Fn::GetAZs', () => {
  test('an export of another phase file resolves to that file\'s live value', () => {
    const network = lines('Resources:', '  Vpc:', '    Type: AWS::EC2::VPC', '    Properties:', '      Tags: [{ Key: Name, Value: main }]',
      'Outputs:', '  VpcId:', '    Value: !Ref Vpc', '    Export: { Name: !Sub "${AWS::Region}-vpc" }');
    const security = lines('Resources:', '  Sg:', '    Type: AWS::EC2::SecurityGroup', '    Properties:', '      GroupName: web',
      '      GroupDescription: web', '      VpcId: !ImportValue us-east-1-vpc');
    const live = liveState([
      liveVpc('vpc-1', 'main'),
      makeLive({ type: 'AWS::EC2::SecurityGroup', physicalId: 'sg-1', properties: { GroupName: 'web', GroupDescription: 'web', VpcId: 'vpc-1' } }),
    ]);
    const state = load([network, security]);
    const result = compare(state.resources, live);
    expect(result.findings).toEqual([]);
    expect(result.notCheckedProperties).toEqual([]);
    expect(result.matchesByKey.get('phases/10-main/02-more.yaml#Sg')?.physicalId).toBe('sg-1');
  });

  test('an export only the account knows (ListExports) resolves from the live state', () => {
    expect(resolveExpr(fn('Fn::ImportValue', 'net-vpc'), scope({ importValue: (n) => (n === 'net-vpc' ? { ok: true, value: 'vpc-9' } : { ok: false, reason: 'no' }) })))
      .toEqual({ ok: true, value: 'vpc-9' });
  });

  test('AWS::StackName and AWS::StackId are known for a file deployed as a stack', () => {
    const text = lines('Resources:', '  Vpc:', '    Type: AWS::EC2::VPC', '    Properties:', '      Tags: [{ Key: Name, Value: !Sub "${AWS::StackName}-vpc" }]');
    const [vpc] = load(text).resources;
    const live = { ...liveState([liveVpc('vpc-1', 'net-stack-vpc')]), stackIds: { 'net-stack': 'arn:aws:cloudformation:us-east-1:123:stack/net-stack/1' } };
    expect(compare([{ ...vpc!, stack: 'net-stack' }], live).findings).toEqual([]);
    expect(compare([vpc!], live).notCheckedResources.map((r) => r.code)).toEqual(['no_identity']);
  });

  test('Fn::GetAZs returns the region\'s zones when they were read, and says so when not', () => {
    expect(resolveExpr(fn('Fn::Select', [1, fn('Fn::GetAZs', '')]), scope({ availabilityZones: ['us-east-1a', 'us-east-1b'] }))).toEqual({ ok: true, value: 'us-east-1b' });
    expect(resolveExpr(fn('Fn::GetAZs', fn('Ref', 'AWS::Region')), scope())).toEqual({
      ok: false, reason: 'the availability zones of the region were not read', code: 'unresolved_reference',
    });
  });
});

describe('Fn::Base64, Fn::Cidr, Fn::Select, Fn::Split', () => {
  test('Fn::Base64 is standard base64 of the UTF-8 bytes', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (text) => base64(text) === Buffer.from(text, 'utf8').toString('base64')));
  });

  test('Fn::Cidr carves consecutive blocks from the start of the range, as CloudFormation does', () => {
    expect(cidrSubnets('10.0.0.0/16', 3, 8)).toEqual(['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24']);
    expect(cidrSubnets('192.168.0.0/24', 2, 6)).toEqual(['192.168.0.0/26', '192.168.0.64/26']);
    expect(cidrSubnets('10.0.0.0/24', 2, 9)).toBeUndefined();
    expect(cidrSubnets('10.0.0.0/24', 5, 7)).toBeUndefined();
  });

  test('Fn::Cidr blocks never overlap and all lie inside the range', () => {
    fc.assert(fc.property(fc.integer({ min: 8, max: 28 }), fc.integer({ min: 1, max: 16 }), fc.integer({ min: 0, max: 255 }), (prefix, count, octet) => {
      const hostBits = 32 - prefix - Math.ceil(Math.log2(count)) ;
      const blocks = cidrSubnets(`${octet}.0.0.0/${prefix}`, count, hostBits);
      if (hostBits < 1) return blocks === undefined;
      if (!blocks) return false;
      const starts = blocks.map((b) => b.split('/')[0]!.split('.').reduce((a, o) => a * 256 + Number(o), 0));
      const size = 2 ** hostBits;
      const base = octet * 2 ** 24 - ((octet * 2 ** 24) % 2 ** (32 - prefix));
      return starts.every((s, i) => s === base + i * size) && starts[starts.length - 1]! + size <= base + 2 ** (32 - prefix);
    }));
  });

  test('Fn::Select of Fn::Split is the element, out of range is not checked', () => {
    fc.assert(fc.property(fc.array(fc.stringMatching(/^[a-z0-9]{0,5}$/), { minLength: 1, maxLength: 6 }), fc.nat(8), (parts, index) => {
      const r = resolveExpr(fn('Fn::Select', [index, fn('Fn::Split', [',', parts.join(',')])]), scope());
      return index < parts.length ? r.ok && r.value === parts[index] : !r.ok;
    }));
  });
});
