import { describe, expect, test } from 'vitest';
import { compare } from './compare.js';
import {
  Intrinsic, containsIntrinsic, referencedNames, resolveExpr, shortTagFor, type Expr, type Resolution, type ResolveScope,
} from './intrinsics.js';
import type { Json, JsonObject } from './model.js';
import { ACCOUNT, REGION, lines, liveState, liveVpc, load, makeLive } from './test-fixtures.js';

const AT = { file: 'phases/10-main/01-main.yaml', line: 1, column: 1 };
const ref = (name: string): Intrinsic => new Intrinsic('Ref', name, AT);
const sub = (arg: Expr): Intrinsic => new Intrinsic('Fn::Sub', arg, AT);
const getAtt = (id: string, attribute: string): Intrinsic => new Intrinsic('Fn::GetAtt', [id, attribute], AT);
const join = (separator: string, parts: Expr): Intrinsic => new Intrinsic('Fn::Join', [separator, parts], AT);

interface ScopeInput {
  parameters?: Record<string, Json>;
  matched?: Record<string, { physicalId: string; attributes?: JsonObject }>;
  /** Declared resources that matched nothing, with the reason compare would give. */
  unmatched?: Record<string, string>;
}

/** A scope like the one compare builds: parameters, pseudo parameters, matched resources. */
function scope(input: ScopeInput = {}): ResolveScope {
  const matched = input.matched ?? {};
  const unmatched = input.unmatched ?? {};
  return {
    parameters: input.parameters ?? {},
    pseudo: { 'AWS::Region': REGION, 'AWS::AccountId': ACCOUNT, 'AWS::Partition': 'aws' },
    isResource: (id) => id in matched || id in unmatched,
    physicalIdOf: (id): Resolution =>
      matched[id] ? { ok: true, value: matched[id].physicalId } : { ok: false, reason: unmatched[id] ?? `no ${id}` },
    attributeOf: (id, attribute): Resolution => {
      const m = matched[id];
      if (!m) return { ok: false, reason: unmatched[id] ?? `no ${id}` };
      const value = m.attributes?.[attribute];
      return value === undefined ? { ok: false, reason: `attribute ${id}.${attribute} is not known for the live resource` } : { ok: true, value };
    },
  };
}

const VPC = { Vpc: { physicalId: 'vpc-0abc', attributes: { VpcId: 'vpc-0abc', CidrBlock: '10.0.0.0/16' } } };

describe('Ref', () => {
  test('a parameter resolves to its value', () => {
    expect(resolveExpr(ref('ProjectName'), scope({ parameters: { ProjectName: 'shop' } }))).toEqual({ ok: true, value: 'shop' });
  });

  test.each([
    ['AWS::Region', REGION],
    ['AWS::AccountId', ACCOUNT],
    ['AWS::Partition', 'aws'],
  ])('the pseudo parameter %s resolves to %s', (name, value) => {
    expect(resolveExpr(ref(name), scope())).toEqual({ ok: true, value });
  });

  test('a pseudo parameter wins over a parameter of the same name', () => {
    expect(resolveExpr(ref('AWS::Region'), scope({ parameters: { 'AWS::Region': 'eu-west-1' } }))).toEqual({ ok: true, value: REGION });
  });

  test('a matched resource resolves to its live physical id', () => {
    expect(resolveExpr(ref('Vpc'), scope({ matched: VPC }))).toEqual({ ok: true, value: 'vpc-0abc' });
  });

  test('a parameter wins over a resource of the same name, as in CloudFormation', () => {
    expect(resolveExpr(ref('Vpc'), scope({ parameters: { Vpc: 'vpc-param' }, matched: VPC }))).toEqual({ ok: true, value: 'vpc-param' });
  });

  test('a declared resource that matched nothing is unresolved with the reason the scope gives', () => {
    const s = scope({ unmatched: { Vpc: 'references Vpc, which is missing in AWS' } });
    expect(resolveExpr(ref('Vpc'), s)).toEqual({ ok: false, reason: 'references Vpc, which is missing in AWS' });
  });

  test('an unknown pseudo parameter is unresolved and named', () => {
    expect(resolveExpr(ref('AWS::NotificationARNs'), scope())).toEqual({ ok: false, reason: 'pseudo parameter AWS::NotificationARNs is not known to ialctl', code: 'unsupported_intrinsic' });
    expect(resolveExpr(ref('AWS::StackName'), scope())).toEqual({ ok: false, reason: 'AWS::StackName is only known for a file deployed as a stack', code: 'unresolved_reference' });
  });

  test('a name that is neither parameter nor resource is unresolved and named', () => {
    expect(resolveExpr(ref('Nope'), scope())).toEqual({ ok: false, reason: 'Ref Nope names no parameter or resource' });
  });
});

describe('Fn::Sub', () => {
  const s = scope({
    parameters: { ProjectName: 'shop', Port: 5432 },
    matched: { Db: { physicalId: 'rds-main-db', attributes: { 'Endpoint.Address': 'rds-main-db.xyz.rds.amazonaws.com' } }, ...VPC },
  });

  test.each([
    ['${ProjectName}-prod', 'shop-prod'],
    ['${AWS::Region}a', 'us-east-1a'],
    ['arn:aws:iam::${AWS::AccountId}:root', `arn:aws:iam::${ACCOUNT}:root`],
    ['${Vpc.CidrBlock}', '10.0.0.0/16'],
    ['${Db.Endpoint.Address}:${Port}', 'rds-main-db.xyz.rds.amazonaws.com:5432'],
    ['${!Literal}-${ProjectName}', '${Literal}-shop'],
    ['${Vpc}', 'vpc-0abc'],
    ['no variables', 'no variables'],
  ])('%j resolves to %j', (template, value) => {
    expect(resolveExpr(sub(template), s)).toEqual({ ok: true, value });
  });

  test('the variables-map form resolves its own variables first, including intrinsics inside them', () => {
    const expr = sub(['${Name}-${Env}-${AWS::Region}', { Name: ref('ProjectName'), Env: 'prod' }]);
    expect(resolveExpr(expr, s)).toEqual({ ok: true, value: 'shop-prod-us-east-1' });
  });

  test('a local variable shadows a parameter of the same name', () => {
    expect(resolveExpr(sub(['${ProjectName}', { ProjectName: 'local' }]), s)).toEqual({ ok: true, value: 'local' });
  });

  test('an attribute the live resource does not expose leaves the whole string unresolved', () => {
    expect(resolveExpr(sub('${Vpc.DefaultNetworkAcl}/x'), s)).toEqual({
      ok: false,
      reason: 'attribute Vpc.DefaultNetworkAcl is not known for the live resource',
    });
  });

  test('an unknown variable leaves the whole string unresolved', () => {
    expect(resolveExpr(sub('${Missing}-x'), s)).toEqual({ ok: false, reason: 'Ref Missing names no parameter or resource' });
  });

  test('an argument of the wrong shape is unresolved rather than guessed', () => {
    expect(resolveExpr(sub(42), s)).toEqual({ ok: false, reason: 'Fn::Sub needs a string or [string, {variables}]' });
  });
});

describe('Fn::Join', () => {
  const s = scope({ parameters: { ProjectName: 'shop' }, matched: VPC });

  test('joins literal and resolved parts with the separator', () => {
    expect(resolveExpr(join('', ['Private subnets of the ', ref('ProjectName'), ' databases']), s)).toEqual({
      ok: true,
      value: 'Private subnets of the shop databases',
    });
  });

  test('converts numbers and booleans to text and null to an empty string', () => {
    expect(resolveExpr(join(',', [1, true, null, ref('Vpc')]), s)).toEqual({ ok: true, value: '1,true,,vpc-0abc' });
  });

  test('an unresolvable part leaves the join unresolved with that part’s reason', () => {
    expect(resolveExpr(join('-', ['a', ref('Nope')]), s)).toEqual({ ok: false, reason: 'Ref Nope names no parameter or resource' });
  });

  test('a list that resolves to a non-list is unresolved', () => {
    expect(resolveExpr(join(',', ref('ProjectName')), s)).toEqual({ ok: false, reason: 'Fn::Join needs a list of values' });
  });
});

describe('Fn::GetAtt', () => {
  test('returns the attribute the reader recorded for the matched resource', () => {
    expect(resolveExpr(getAtt('Vpc', 'CidrBlock'), scope({ matched: VPC }))).toEqual({ ok: true, value: '10.0.0.0/16' });
  });

  test('an attribute the reader did not record is unresolved and named', () => {
    expect(resolveExpr(getAtt('Vpc', 'Ipv6CidrBlocks'), scope({ matched: VPC }))).toEqual({
      ok: false,
      reason: 'attribute Vpc.Ipv6CidrBlocks is not known for the live resource',
    });
  });
});

describe('unsupported functions and nesting', () => {
  test.each(['Fn::Transform', '!Rain::Embed'])('%s is unresolved and named as not evaluated', (fn) => {
    expect(resolveExpr(new Intrinsic(fn, ['a', 'b'], AT), scope())).toEqual({
      ok: false,
      reason: `${fn} is not evaluated by ialctl`,
      code: 'unsupported_intrinsic',
    });
  });

  test('intrinsics nested in lists and objects resolve in place', () => {
    const expr: Expr = { Tags: [{ Key: 'Name', Value: sub('${ProjectName}-vpc') }], VpcId: ref('Vpc'), Count: 2, Off: false, None: null };
    expect(resolveExpr(expr, scope({ parameters: { ProjectName: 'shop' }, matched: VPC }))).toEqual({
      ok: true,
      value: { Tags: [{ Key: 'Name', Value: 'shop-vpc' }], VpcId: 'vpc-0abc', Count: 2, Off: false, None: null },
    });
  });

  test('one unresolvable intrinsic anywhere makes the whole value unresolved', () => {
    const expr: Expr = [{ Key: 'Name', Value: 'x' }, { Key: 'Owner', Value: new Intrinsic('Fn::Transform', ['c', 'a', 'b'], AT) }];
    expect(resolveExpr(expr, scope())).toEqual({
      ok: false,
      reason: 'Fn::Transform is not evaluated by ialctl',
      code: 'unsupported_intrinsic',
    });
  });

  test('containsIntrinsic finds calls at any depth and nothing in plain data', () => {
    expect(containsIntrinsic({ a: [1, { b: ref('X') }] })).toBe(true);
    expect(containsIntrinsic({ a: [1, { b: 'Ref' }], c: null })).toBe(false);
  });

  test.each([
    ['Ref', '!Ref'],
    ['Fn::GetAtt', '!GetAtt'],
    ['Fn::FindInMap', '!FindInMap'],
  ])('the short YAML tag of %s is %s', (fn, tag) => {
    expect(shortTagFor(fn)).toBe(tag);
  });
});

describe('referencedNames', () => {
  test('lists Refs, GetAtts and Sub variables with the location of the intrinsic, skipping literals and locals', () => {
    const at = (line: number) => ({ file: 'f.yaml', line, column: 5 });
    const expr: Expr = [
      new Intrinsic('Ref', 'Vpc', at(1)),
      new Intrinsic('Fn::GetAtt', ['Db', 'Endpoint.Address'], at(2)),
      new Intrinsic('Fn::Sub', ['${Name}-${ProjectName}-${Sg.GroupId}-${!Skip}-${AWS::Region}', { Name: new Intrinsic('Ref', 'Env', at(4)) }], at(3)),
    ];
    expect(referencedNames(expr)).toEqual({
      refs: [
        { name: 'Vpc', location: at(1) },
        { name: 'ProjectName', location: at(3) },
        { name: 'AWS::Region', location: at(3) },
        { name: 'Env', location: at(4) },
      ],
      getAtts: [
        { logicalId: 'Db', attribute: 'Endpoint.Address', location: at(2) },
        { logicalId: 'Sg', attribute: 'GroupId', location: at(3) },
      ],
    });
  });
});

describe('resolution inside a comparison', () => {
  const template = lines(
    'Parameters:',
    '  Project: { Type: String, Default: shop }',
    'Resources:',
    '  Vpc:',
    '    Type: AWS::EC2::VPC',
    '    Properties:',
    '      CidrBlock: 10.0.0.0/16',
    '      Tags:',
    '        - { Key: Name, Value: !Sub "${Project}-vpc" }',
    '  Subnet:',
    '    Type: AWS::EC2::Subnet',
    '    Properties:',
    '      VpcId: !GetAtt Vpc.VpcId',
    '      CidrBlock: 10.0.1.0/24',
    '      AvailabilityZone: !Sub "${AWS::Region}a"',
    '      Tags:',
    '        - { Key: Name, Value: !Join ["-", [!Ref Project, private, a]] }',
    '  Instance:',
    '    Type: AWS::EC2::Instance',
    '    Properties:',
    '      SubnetId: !Ref Subnet',
    '      ImageId: ami-1',
    '      Tags:',
    '        - { Key: Name, Value: runner }',
  );

  test('Ref, Sub, GetAtt and Join resolve against parameters, the region and matched live resources: no drift', () => {
    const live = liveState([
      liveVpc('vpc-1', 'shop-vpc', { CidrBlock: '10.0.0.0/16' }),
      makeLive({
        type: 'AWS::EC2::Subnet',
        physicalId: 'subnet-1',
        properties: { VpcId: 'vpc-1', CidrBlock: '10.0.1.0/24', AvailabilityZone: 'us-east-1a', Tags: [{ Key: 'Name', Value: 'shop-private-a' }] },
      }),
      makeLive({ type: 'AWS::EC2::Instance', physicalId: 'i-1', properties: { SubnetId: 'subnet-1', ImageId: 'ami-1', Tags: [{ Key: 'Name', Value: 'runner' }] } }),
    ]);
    const result = compare(load(template).resources, live);
    expect(result.findings).toEqual([]);
    expect(result.notCheckedProperties).toEqual([]);
    expect(Object.fromEntries([...result.matches].map(([id, l]) => [id, l.physicalId]))).toEqual({ Vpc: 'vpc-1', Subnet: 'subnet-1', Instance: 'i-1' });
  });

  test('a Ref to a resource missing in AWS leaves the property not checked, with the reason', () => {
    const live = liveState([
      liveVpc('vpc-1', 'shop-vpc', { CidrBlock: '10.0.0.0/16' }),
      makeLive({ type: 'AWS::EC2::Instance', physicalId: 'i-1', properties: { SubnetId: 'subnet-1', ImageId: 'ami-1', Tags: [{ Key: 'Name', Value: 'runner' }] } }),
    ]);
    const result = compare(load(template).resources, live);
    expect(result.findings.map((f) => [f.type, f.logicalId])).toEqual([['missing_resource', 'Subnet']]);
    expect(result.notCheckedProperties).toEqual([
      {
        logicalId: 'Instance',
        resourceType: 'AWS::EC2::Instance',
        path: 'SubnetId',
        reason: 'references Subnet, which is missing in AWS',
        code: 'unresolved_reference',
        file: 'phases/10-main/01-main.yaml',
        line: 21,
      },
    ]);
  });
});
