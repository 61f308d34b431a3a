// Loader robustness: real-world templates and hostile input load (or are refused by name) without
// dropping resources silently, in bounded time and memory.
import { describe, expect, test } from 'vitest';
import { compare } from './compare.js';
import { detectDrift } from './detect.js';
import { MAX_PHASE_FILE_BYTES } from './phases.js';
import { DEFAULT_FILE, lines, liveState, liveVpc, load, loadErrors, source } from './test-fixtures.js';

const NOW = new Date('2026-01-01T00:00:00Z');
const vpc = (id: string, name: string): string =>
  lines('Resources:', `  ${id}:`, '    Type: AWS::EC2::VPC', '    Properties:', '      CidrBlock: 10.0.0.0/16', `      Tags: [{ Key: Name, Value: ${name} }]`);

describe('logical ids are scoped to their file', () => {
  const a = source(vpc('Vpc', 'alpha'), 'phases/00-net/01-alpha.yaml');
  const b = source(vpc('Vpc', 'beta'), 'phases/10-other/01-beta.yaml');

  test('the same logical id in two files is two resources, each matched to its own live one', () => {
    const state = load([a, b]);
    expect(state.resources.map((r) => [r.file, r.logicalId])).toEqual([
      ['phases/00-net/01-alpha.yaml', 'Vpc'],
      ['phases/10-other/01-beta.yaml', 'Vpc'],
    ]);
    const live = liveState([liveVpc('vpc-a', 'alpha', { CidrBlock: '10.9.0.0/16' }), liveVpc('vpc-b', 'beta')]);
    const result = compare(state.resources, live);
    expect([...result.matchesByKey].map(([key, l]) => [key, l.physicalId])).toEqual([
      ['phases/00-net/01-alpha.yaml#Vpc', 'vpc-a'],
      ['phases/10-other/01-beta.yaml#Vpc', 'vpc-b'],
    ]);
    expect(result.findings.map((f) => [f.file, f.physicalId, f.differences.map((d) => d.path)])).toEqual([
      ['phases/00-net/01-alpha.yaml', 'vpc-a', ['CidrBlock']],
    ]);
  });

  test('finding ids of a shared logical id differ per file; an unshared id keeps its old value', () => {
    const live = liveState([]);
    const both = detectDrift(load([a, b]).resources, live, { now: NOW });
    const ids = both.items.map((i) => i.id);
    expect(both.items.map((i) => [i.type, i.file])).toEqual([
      ['missing_resource', 'phases/00-net/01-alpha.yaml'],
      ['missing_resource', 'phases/10-other/01-beta.yaml'],
    ]);
    expect(new Set(ids).size).toBe(2);
    const alone = detectDrift(load([a]).resources, live, { now: NOW });
    const again = detectDrift(load([a]).resources, live, { now: NOW });
    expect(alone.items[0]!.id).toBe(again.items[0]!.id);
    expect(ids).not.toContain(alone.items[0]!.id);
    expect(both.summary).toMatchObject({ resources: 2, drifted: 2, inSync: 0 });
  });

  test('a Ref resolves to the resource of its own file first', () => {
    const withSubnet = (name: string) => lines(
      'Resources:', '  Vpc:', '    Type: AWS::EC2::VPC', '    Properties:', `      Tags: [{ Key: Name, Value: ${name} }]`,
      '  Subnet:', '    Type: AWS::EC2::Subnet', '    Properties:', '      VpcId: !Ref Vpc', '      CidrBlock: 10.0.1.0/24',
      `      Tags: [{ Key: Name, Value: ${name}-a }]`,
    );
    const state = load([source(withSubnet('alpha'), 'phases/00-a/01-a.yaml'), source(withSubnet('beta'), 'phases/00-b/01-b.yaml')]);
    const live = liveState([
      liveVpc('vpc-a', 'alpha'), liveVpc('vpc-b', 'beta'),
      { type: 'AWS::EC2::Subnet', physicalId: 'subnet-a', properties: { VpcId: 'vpc-a', CidrBlock: '10.0.1.0/24', Tags: [{ Key: 'Name', Value: 'alpha-a' }] }, attributes: {} },
      { type: 'AWS::EC2::Subnet', physicalId: 'subnet-b', properties: { VpcId: 'vpc-b', CidrBlock: '10.0.1.0/24', Tags: [{ Key: 'Name', Value: 'beta-a' }] }, attributes: {} },
    ]);
    expect(compare(state.resources, live).findings).toEqual([]);
  });

  test('a cross-file Ref to a name declared in two other files is refused as ambiguous, naming the fix', () => {
    const user = source(lines('Resources:', '  Sg:', '    Type: AWS::EC2::SecurityGroup', '    Properties:', '      GroupName: web',
      '      GroupDescription: web', '      VpcId: !Ref Vpc'), 'phases/20-sec/01-sg.yaml');
    expect(loadErrors([a, b, user])).toEqual([{
      file: 'phases/20-sec/01-sg.yaml', line: 7, column: 14,
      message: 'Sg.VpcId: Vpc is declared in several other phase files',
      hint: 'declare it in this file, or export it (Outputs.Export) and use Fn::ImportValue',
    }]);
  });
});

describe('what real templates contain loads, with warnings where ialctl cannot follow', () => {
  test('an unknown custom tag is a warning at file:line; that property is not checked, the rest is compared', () => {
    const text = lines('Resources:', '  Vpc:', '    Type: AWS::EC2::VPC', '    Properties:', '      CidrBlock: 10.0.0.0/16',
      '      Tags: [{ Key: Name, Value: main }]', '      InstanceTenancy: !Rain::Embed tenancy.txt');
    const state = load(text);
    expect(state.warnings).toEqual([{
      file: DEFAULT_FILE, line: 7, column: 24, message: 'unknown tag !Rain::Embed: this value is not checked',
      hint: expect.stringContaining('CloudFormation short forms are !Ref'),
    }]);
    const result = compare(state.resources, liveState([liveVpc('vpc-1', 'main')]));
    expect(result.notCheckedProperties.map((p) => [p.path, p.code, p.line])).toEqual([['InstanceTenancy', 'unsupported_intrinsic', 7]]);
    expect(result.propertiesCompared).toBe(2);
  });

  test('unknown sections and resource attributes are warnings; every CloudFormation attribute is accepted', () => {
    const text = lines('AWSTemplateFormatVersion: "2010-09-09"', 'Globals: { Function: {} }', 'Resources:', '  Vpc:', '    Type: AWS::EC2::VPC',
      '    Version: "1.0"', '    DeletionPolicy: Retain', '    UpdateReplacePolicy: Retain', '    CreationPolicy: {}', '    UpdatePolicy: {}',
      '    Metadata: { cfn-lint: {} }', '    DependsOn: []', '    Frobnicate: yes', '    Properties:', '      Tags: [{ Key: Name, Value: main }]');
    const state = load(text);
    expect(state.resources.map((r) => r.logicalId)).toEqual(['Vpc']);
    expect(state.warnings?.map((w) => `${w.line}:${w.column}: ${w.message}`)).toEqual([
      '2:1: unknown template section Globals: ignored',
      '13:5: resource Vpc: unknown attribute Frobnicate: ignored',
    ]);
  });

  test('Custom:: resources and types ialctl cannot read are not checked (unsupported_type), never fatal', () => {
    const text = lines('Resources:', '  Seed:', '    Type: Custom::DatabaseSeed', '    Properties:', '      ServiceToken: arn:aws:lambda:x',
      '  Queue:', '    Type: AWS::SQS::Queue', ...vpc('Vpc', 'main').split('\n').slice(1));
    const state = load(text);
    const result = compare(state.resources, liveState([liveVpc('vpc-1', 'main')]));
    expect(result.notCheckedResources.map((r) => [r.logicalId, r.code])).toEqual([['Seed', 'unsupported_type'], ['Queue', 'unsupported_type']]);
    expect(result.findings).toEqual([]);
  });

  test('a resource with no identity is not checked (no_identity) and no live one of its type is called extra', () => {
    const text = lines('Resources:', '  Vpc:', '    Type: AWS::EC2::VPC', '    Properties:', '      CidrBlock: 10.0.0.0/16');
    const result = compare(load(text).resources, liveState([liveVpc('vpc-1', 'other')]));
    expect(result.notCheckedResources.map((r) => [r.logicalId, r.code, r.reason])).toEqual([
      ['Vpc', 'no_identity', 'no identity: ialctl matches AWS::EC2::VPC by a `Name` tag (or Metadata.IAL.PhysicalId)'],
    ]);
    expect(result.findings).toEqual([]);
  });

  test('files that are not templates (IAL resources: format, manifests) and empty files are warnings; the rest loads', () => {
    const state = load([
      source(vpc('Vpc', 'main'), 'phases/00-net/01-vpc.yaml'),
      source(lines('resources:', '  - name: vpc', '    type: vpc'), 'phases/00-net/02-ial.yaml'),
      source(lines('apiVersion: v1', 'kind: Deployment'), 'phases/00-net/03-manifest.yaml'),
      source('', 'phases/00-net/04-empty.yaml'),
    ]);
    expect(state.resources.map((r) => r.logicalId)).toEqual(['Vpc']);
    expect(state.warnings?.map((w) => `${w.file}:${w.line}: ${w.message}`)).toEqual([
      'phases/00-net/02-ial.yaml:1: not a CloudFormation template: this file is not checked',
      'phases/00-net/03-manifest.yaml:1: not a CloudFormation template: this file is not checked',
      'phases/00-net/04-empty.yaml:1: empty file: it declares nothing',
    ]);
    expect(state.warnings?.[0]?.hint).toContain('IAL `resources:` format');
  });
});

describe('hostile input is refused by name, in bounded time and memory', () => {
  test('a YAML alias bomb in Properties stops at the expansion cap with the file named', () => {
    const bomb = ['Resources:', '  Vpc:', '    Type: AWS::EC2::VPC', '    Properties:', '      Tags: [{ Key: Name, Value: main }]',
      '    Metadata:', '      a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) bomb.push(`      a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    bomb.push('  Sg:', '    Type: AWS::EC2::SecurityGroup', '    Properties:', '      GroupName: g', '      GroupDescription: *a8');
    const errors = loadErrors(lines(...bomb));
    expect(errors.map((e) => [e.file, e.message])).toEqual([
      [DEFAULT_FILE, 'the file expands to more than 200000 values (YAML aliases nested too deep?)'],
    ]);
  });

  test('an alias that contains itself is refused, not walked forever', () => {
    const text = lines('Resources:', '  Vpc:', '    Type: AWS::EC2::VPC', '    Properties:', '      Tags: &loop [{ Key: Name, Value: main }, *loop]');
    expect(loadErrors(text).map((e) => e.file)).toContain(DEFAULT_FILE);
  });

  test('Ref cycles and self-references name the file and the cycle', () => {
    const cycle = lines('Resources:',
      '  A:', '    Type: AWS::EC2::SecurityGroup', '    Properties:', '      GroupName: a', '      GroupDescription: !GetAtt B.GroupId',
      '  B:', '    Type: AWS::EC2::SecurityGroup', '    Properties:', '      GroupName: b', '      GroupDescription: !Ref A',
      '  C:', '    Type: AWS::EC2::SecurityGroup', '    DependsOn: C', '    Properties:', '      GroupName: c', '      GroupDescription: c');
    expect(loadErrors(cycle).map((e) => `${e.file}:${e.line}: ${e.message}`)).toEqual([
      `${DEFAULT_FILE}:2: circular reference: A → B → A`,
      `${DEFAULT_FILE}:12: resource C refers to itself`,
    ]);
  });

  test('a NUL byte is refused at its line; nothing is parsed', () => {
    expect(loadErrors(`Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\u0000\n`)).toEqual([{
      file: DEFAULT_FILE, line: 3, column: 1, message: 'file contains a NUL byte: it is not a text template',
      hint: 'remove the binary content or move the file out of phases/',
    }]);
  });

  test('a file over the size cap is refused by name before parsing', () => {
    const huge = 'Resources: {}\n' + '#'.repeat(MAX_PHASE_FILE_BYTES);
    expect(loadErrors(huge).map((e) => [e.file, e.message])).toEqual([[DEFAULT_FILE, 'file is larger than 5 MB']]);
  });

  test('Fn::Sub with a huge parameter value is bounded: that property is not checked, at its file:line', () => {
    const text = lines('Parameters:', '  Big: { Type: String }', 'Resources:', '  Vpc:', '    Type: AWS::EC2::VPC', '    Properties:',
      '      Tags: [{ Key: Name, Value: main }]', '      InstanceTenancy: !Sub "${Big}${Big}${Big}${Big}${Big}${Big}"');
    const state = load(text, { parameterOverrides: { Big: 'x'.repeat(400_000) } });
    const result = compare(state.resources, liveState([liveVpc('vpc-1', 'main')]));
    expect(result.notCheckedProperties.map((p) => [p.path, p.file, p.line, p.reason])).toEqual([
      ['InstanceTenancy', DEFAULT_FILE, 8, 'Fn::Sub builds a value longer than 1000000 characters'],
    ]);
  });

  test('a parameter with no value can be deferred to the stack: the file loads and names it', () => {
    const text = lines('Parameters:', '  Env: { Type: String }', ...vpc('Vpc', 'main').split('\n'));
    const state = load(text, { deferMissingParameters: true });
    expect(state.templates?.[0]?.missingParameters.map((d) => `${d.line}: ${d.message}`)).toEqual(['2: parameter Env has no Default and no value']);
  });
});
