import { describe, expect, test } from 'vitest';
import { compare, type Comparison } from './compare.js';
import type { LiveResource, ReadError } from './model.js';
import {
  DEFAULT_FILE, lines, liveCluster, liveDbInstance, liveSecurityGroup, liveService, liveState, liveSubnet, liveVpc,
  load, makeLive, makeTemplate, nameTag, serviceArn, source,
} from './test-fixtures.js';

const matchedIds = (c: Comparison): Record<string, string> => Object.fromEntries([...c.matches].map(([id, l]) => [id, l.physicalId]));
const findingKeys = (c: Comparison): string[] => c.findings.map((f) => `${f.type} ${f.logicalId ?? f.physicalId}`);

const network = lines(
  'Resources:',
  '  Vpc:',
  '    Type: AWS::EC2::VPC',
  '    Properties:',
  '      CidrBlock: 10.0.0.0/16',
  '      Tags: [{ Key: Name, Value: main }]',
  '  Subnet:',
  '    Type: AWS::EC2::Subnet',
  '    Properties:',
  '      VpcId: !Ref Vpc',
  '      CidrBlock: 10.0.1.0/24',
  '      Tags: [{ Key: Name, Value: private-a }]',
  '  WebSg:',
  '    Type: AWS::EC2::SecurityGroup',
  '    Properties:',
  '      GroupName: web',
  '      GroupDescription: web tier',
  '      VpcId: !Ref Vpc',
);

const ecs = lines(
  'Resources:',
  '  WebCluster:',
  '    Type: AWS::ECS::Cluster',
  '    Properties:',
  '      ClusterName: shop-prod',
  '  WebService:',
  '    Type: AWS::ECS::Service',
  '    Properties:',
  '      ServiceName: web',
  '      Cluster: !Ref WebCluster',
  '      DesiredCount: 2',
);

const networkLive = (): LiveResource[] => [
  liveVpc('vpc-main', 'main'),
  liveSubnet('subnet-a', 'vpc-main', 'private-a'),
  liveSecurityGroup('sg-web', 'vpc-main', 'web', { GroupDescription: 'web tier' }),
];

describe('matching by identity', () => {
  test('VPC and subnet by Name tag, security group by GroupName within the VpcId its !Ref resolves to', () => {
    const live = liveState([
      liveSecurityGroup('sg-other-vpc', 'vpc-other', 'web', { GroupDescription: 'web tier' }),
      liveVpc('vpc-other', 'other'),
      ...networkLive(),
    ]);
    const result = compare(load(network).resources, live);
    expect(matchedIds(result)).toEqual({ Vpc: 'vpc-main', Subnet: 'subnet-a', WebSg: 'sg-web' });
    expect(result.findings.map((f) => [f.type, f.physicalId])).toEqual([['extra_resource', 'vpc-other']]);
  });

  test('a security group of the same name in another VPC is not a match: the declared one is missing', () => {
    const live = liveState([liveVpc('vpc-main', 'main'), liveSubnet('subnet-a', 'vpc-main', 'private-a'), liveSecurityGroup('sg-x', 'vpc-other', 'web')]);
    const result = compare(load(network).resources, live);
    expect(matchedIds(result)).toEqual({ Vpc: 'vpc-main', Subnet: 'subnet-a' });
    expect(findingKeys(result)).toEqual(['missing_resource WebSg']);
  });

  test('an instance by its Name tag', () => {
    const text = makeTemplate({ Bastion: { Type: 'AWS::EC2::Instance', Properties: { ImageId: 'ami-1', Tags: nameTag('bastion') } } });
    const live = liveState([
      makeLive({ type: 'AWS::EC2::Instance', physicalId: 'i-2', properties: { ImageId: 'ami-1', Tags: nameTag('other') } }),
      makeLive({ type: 'AWS::EC2::Instance', physicalId: 'i-1', properties: { ImageId: 'ami-1', Tags: nameTag('bastion') } }),
    ]);
    expect(matchedIds(compare(load(text).resources, live))).toEqual({ Bastion: 'i-1' });
  });

  test('an ECS cluster by ClusterName and a service by ServiceName within its cluster', () => {
    const live = liveState([
      liveService('shop-staging', 'web', { DesiredCount: 2 }),
      liveCluster('shop-prod'),
      liveService('shop-prod', 'web', { DesiredCount: 2 }),
    ]);
    const result = compare(load(ecs).resources, live);
    expect(matchedIds(result)).toEqual({ WebCluster: 'shop-prod', WebService: serviceArn('shop-prod', 'web') });
    expect(result.findings).toEqual([]);
  });

  test('a service without Cluster is looked for in the default cluster', () => {
    const text = makeTemplate({ Svc: { Type: 'AWS::ECS::Service', Properties: { ServiceName: 'web' } } });
    const live = liveState([liveService('shop-prod', 'web'), liveService('default', 'web')]);
    expect(matchedIds(compare(load(text).resources, live))).toEqual({ Svc: serviceArn('default', 'web') });
  });

  test.each([
    ['AWS::RDS::DBInstance', 'DBInstanceIdentifier', 'Rds-Main-DB', 'rds-main-db'],
    ['AWS::RDS::DBCluster', 'DBClusterIdentifier', 'Main-Cluster', 'main-cluster'],
    ['AWS::RDS::DBSubnetGroup', 'DBSubnetGroupName', 'Shop-Prod-DB', 'shop-prod-db'],
  ])('%s by %s, case-insensitively', (type, property, declared, liveId) => {
    const text = makeTemplate({ Res: { Type: type, Properties: { [property]: declared } } });
    const live = liveState([makeLive({ type, physicalId: liveId, properties: { [property]: liveId } })]);
    const result = compare(load(text).resources, live);
    expect(matchedIds(result)).toEqual({ Res: liveId });
    expect(result.findings).toEqual([]);
  });

  test('Metadata.IAL.PhysicalId matches that live id whatever the identity properties say', () => {
    const text = lines(
      'Resources:',
      '  Legacy:',
      '    Type: AWS::EC2::VPC',
      '    Metadata: { IAL: { PhysicalId: vpc-legacy } }',
      '    Properties:',
      '      CidrBlock: 10.9.0.0/16',
      '      Tags: [{ Key: Name, Value: renamed }]',
    );
    const live = liveState([liveVpc('vpc-named', 'renamed'), liveVpc('vpc-legacy', 'old-name', { CidrBlock: '10.9.0.0/16' })]);
    const result = compare(load(text).resources, live);
    expect(matchedIds(result)).toEqual({ Legacy: 'vpc-legacy' });
    expect(result.findings.map((f) => [f.type, f.physicalId, f.differences])).toEqual([
      ['tag_drift', 'vpc-legacy', [{ path: 'Tags.Name', kind: 'NOT_EQUAL', expected: 'renamed', actual: 'old-name' }]],
      ['extra_resource', 'vpc-named', [{ path: 'Tags.Name', kind: 'ADD', actual: 'renamed' }]],
    ]);
  });

  test('two declarations never claim the same live resource', () => {
    const text = makeTemplate({
      A: { Type: 'AWS::EC2::VPC', Properties: { Tags: nameTag('dup') } },
      B: { Type: 'AWS::EC2::VPC', Properties: { Tags: nameTag('dup') } },
    });
    const result = compare(load(text).resources, liveState([liveVpc('vpc-1', 'dup')]));
    expect(matchedIds(result)).toEqual({ A: 'vpc-1' });
    expect(findingKeys(result)).toEqual(['missing_resource B']);
  });

  test('an unevaluable value in another tag does not stop matching by the Name tag', () => {
    const text = lines(
      'Resources:',
      '  Vpc:',
      '    Type: AWS::EC2::VPC',
      '    Properties:',
      '      Tags:',
      '        - { Key: Name, Value: main }',
      '        - { Key: Stage, Value: !If [IsProd, prod, dev] }',
    );
    const result = compare(load(text).resources, liveState([liveVpc('vpc-main', 'main')]));
    expect(matchedIds(result)).toEqual({ Vpc: 'vpc-main' });
    expect(result.notCheckedProperties.map((p) => [p.path, p.reason])).toEqual([
      ['Tags', 'condition IsProd is not declared under Conditions'],
    ]);
    expect(result.notCheckedResources).toEqual([]);
  });

  test('an identity that cannot be evaluated makes the resource not checked, and no live one of its type is called extra', () => {
    const text = lines('Resources:', '  Cluster:', '    Type: AWS::ECS::Cluster', '    Properties:', '      ClusterName: !ImportValue shared-cluster');
    const result = compare(load(text).resources, liveState([liveCluster('shared')]));
    expect(result.notCheckedResources).toEqual([
      {
        logicalId: 'Cluster', resourceType: 'AWS::ECS::Cluster', file: DEFAULT_FILE, line: 2,
        reason: "cannot compute its identity: export shared-cluster is declared in no phase file and not in the account's exports",
        code: 'no_identity',
      },
    ]);
    expect(result.findings).toEqual([]);
    expect(result.checkedResources).toBe(0);
  });
});

describe('missing and extra resources', () => {
  test('a declared resource with no live counterpart is missing, located at its declaration', () => {
    const result = compare(load(network).resources, liveState([liveVpc('vpc-main', 'main'), liveSubnet('subnet-a', 'vpc-main', 'private-a')]));
    expect(result.findings).toEqual([
      {
        type: 'missing_resource', resourceType: 'AWS::EC2::SecurityGroup', logicalId: 'WebSg', physicalId: null,
        phase: '10-main', file: DEFAULT_FILE, line: 13, differences: [],
      },
    ]);
  });

  test('when the parent VPC is missing its subnet and security group are missing too, not unresolvable', () => {
    const result = compare(load(network).resources, liveState([liveSubnet('subnet-a', 'vpc-x', 'private-a')]));
    expect(findingKeys(result)).toEqual(['missing_resource Vpc', 'missing_resource WebSg']);
    expect(matchedIds(result)).toEqual({ Subnet: 'subnet-a' });
    expect(result.notCheckedProperties).toEqual([
      { logicalId: 'Subnet', resourceType: 'AWS::EC2::Subnet', path: 'VpcId', reason: 'references Vpc, which is missing in AWS', code: 'unresolved_reference', file: DEFAULT_FILE, line: 10 },
    ]);
  });

  test('a live resource of a declared type that matches nothing is extra, named by its Name tag or name property', () => {
    const live = liveState([
      ...networkLive(),
      liveSubnet('subnet-z', 'vpc-main', 'hotfix'),
      liveSecurityGroup('sg-debug', 'vpc-main', 'debug'),
      liveSubnet('subnet-anon', 'vpc-main', undefined),
    ]);
    expect(compare(load(network).resources, live).findings).toEqual([
      { type: 'extra_resource', resourceType: 'AWS::EC2::Subnet', logicalId: null, physicalId: 'subnet-z', phase: null, file: null, line: null, differences: [{ path: 'Tags.Name', kind: 'ADD', actual: 'hotfix' }] },
      { type: 'extra_resource', resourceType: 'AWS::EC2::SecurityGroup', logicalId: null, physicalId: 'sg-debug', phase: null, file: null, line: null, differences: [{ path: 'GroupName', kind: 'ADD', actual: 'debug' }] },
      { type: 'extra_resource', resourceType: 'AWS::EC2::Subnet', logicalId: null, physicalId: 'subnet-anon', phase: null, file: null, line: null, differences: [] },
    ]);
  });

  test('AWS defaults (default VPC, its subnets, default security groups) are never extra', () => {
    const live = liveState([
      ...networkLive(),
      liveVpc('vpc-default', undefined, {}, true),
      { ...liveSubnet('subnet-default', 'vpc-main', undefined), awsDefault: true },
      liveSecurityGroup('sg-default', 'vpc-main', 'default', {}, true),
    ]);
    expect(compare(load(network).resources, live).findings).toEqual([]);
  });

  test('only types the phases declare can be extra', () => {
    const vpcOnly = makeTemplate({ Vpc: { Type: 'AWS::EC2::VPC', Properties: { Tags: nameTag('main') } } });
    const live = liveState([liveVpc('vpc-main', 'main'), liveSubnet('subnet-z', 'vpc-main', 'z'), liveCluster('c'), liveDbInstance('db-1')]);
    expect(compare(load(vpcOnly).resources, live).findings).toEqual([]);
  });

  test('extra subnets and security groups are looked for only in the VPCs the phases manage', () => {
    const live = liveState([
      ...networkLive(),
      liveVpc('vpc-team-b', 'team-b'),
      liveSubnet('subnet-b', 'vpc-team-b', 'team-b-a'),
      liveSecurityGroup('sg-b', 'vpc-team-b', 'team-b-web'),
      liveSubnet('subnet-mine', 'vpc-main', 'stray'),
    ]);
    expect(findingKeys(compare(load(network).resources, live))).toEqual(['extra_resource vpc-team-b', 'extra_resource subnet-mine']);
  });

  test('extra services are looked for only in the clusters the phases manage, whether the live Cluster is a name or an ARN', () => {
    const live = liveState([
      liveCluster('shop-prod'),
      liveService('shop-prod', 'web', { DesiredCount: 2 }),
      liveService('shop-prod', 'debug'),
      { ...liveService('shop-prod', 'by-name'), properties: { ServiceName: 'by-name', Cluster: 'shop-prod' } },
      liveService('team-b', 'api'),
    ]);
    expect(findingKeys(compare(load(ecs).resources, live))).toEqual([
      `extra_resource ${serviceArn('shop-prod', 'debug')}`,
      `extra_resource ${serviceArn('shop-prod', 'by-name')}`,
    ]);
  });

  test('extraScope.tag narrows extras to live resources carrying that tag (and value, when given)', () => {
    const tagged = (id: string, value: string): LiveResource => ({
      ...liveSubnet(id, 'vpc-main', id),
      properties: { VpcId: 'vpc-main', Tags: [{ Key: 'Name', Value: id }, { Key: 'ManagedBy', Value: value }] },
    });
    const live = liveState([...networkLive(), tagged('subnet-ial', 'ialctl'), tagged('subnet-tf', 'terraform'), liveSubnet('subnet-untagged', 'vpc-main', 'u')]);
    const desired = load(network).resources;
    expect(findingKeys(compare(desired, live, { extraScope: { tag: { key: 'ManagedBy', value: 'ialctl' } } }))).toEqual(['extra_resource subnet-ial']);
    expect(findingKeys(compare(desired, live, { extraScope: { tag: { key: 'ManagedBy' } } }))).toEqual(['extra_resource subnet-ial', 'extra_resource subnet-tf']);
  });
});

describe('incomplete live state', () => {
  const throttled: ReadError = {
    service: 'ec2', types: ['AWS::EC2::VPC', 'AWS::EC2::Subnet', 'AWS::EC2::SecurityGroup', 'AWS::EC2::Instance'],
    code: 'ThrottlingException', message: 'DescribeVpcs failed after 3 attempts: Rate exceeded',
  };

  test('resources of a type whose reader failed are not checked, never missing, with the reader’s error as reason', () => {
    const desired = load([network, source(ecs, 'phases/30-compute/01-ecs.yaml')]).resources;
    const live = liveState([liveCluster('shop-prod'), liveService('shop-prod', 'web', { DesiredCount: 2 }), liveVpc('vpc-stale', 'stale')], {
      readTypes: ['AWS::ECS::Cluster', 'AWS::ECS::Service'],
      errors: [throttled],
    });
    const result = compare(desired, live);
    expect(result.findings).toEqual([]);
    const reason = 'ec2 could not be read: ThrottlingException: DescribeVpcs failed after 3 attempts: Rate exceeded';
    expect(result.notCheckedResources).toEqual([
      { logicalId: 'Vpc', resourceType: 'AWS::EC2::VPC', reason, code: 'read_failed', file: DEFAULT_FILE, line: 2 },
      { logicalId: 'Subnet', resourceType: 'AWS::EC2::Subnet', reason, code: 'read_failed', file: DEFAULT_FILE, line: 7 },
      { logicalId: 'WebSg', resourceType: 'AWS::EC2::SecurityGroup', reason, code: 'read_failed', file: DEFAULT_FILE, line: 13 },
    ]);
    expect(result.checkedResources).toBe(2);
    expect(result.extraResources).toBe(0);
  });

  test('a type absent from readTypes without an error is not checked either', () => {
    const result = compare(load(ecs).resources, liveState([liveCluster('shop-prod')], { readTypes: ['AWS::ECS::Cluster'] }));
    expect(result.findings).toEqual([]);
    expect(result.notCheckedResources).toEqual([
      { logicalId: 'WebService', resourceType: 'AWS::ECS::Service', reason: 'AWS::ECS::Service was not read', code: 'read_failed', file: DEFAULT_FILE, line: 6 },
    ]);
  });

  test('a resource whose identity references an unread parent is not checked, with the reason', () => {
    const result = compare(load(network).resources, liveState(networkLive(), { readTypes: ['AWS::EC2::SecurityGroup', 'AWS::EC2::Subnet'] }));
    expect(result.notCheckedResources.map((r) => [r.logicalId, r.reason])).toEqual([
      ['Vpc', 'AWS::EC2::VPC was not read'],
      ['WebSg', 'cannot compute its identity: references Vpc, whose type could not be read'],
    ]);
    expect(matchedIds(result)).toEqual({ Subnet: 'subnet-a' });
    expect(result.findings).toEqual([]);
  });

  test('a CloudFormation type ialctl cannot read is a not-checked resource, and references to it are not-checked properties', () => {
    const text = lines(
      'Resources:',
      '  Logs:',
      '    Type: AWS::S3::Bucket',
      '    Properties:',
      '      BucketName: shop-logs',
      '  Vpc:',
      '    Type: AWS::EC2::VPC',
      '    Properties:',
      '      Tags: [{ Key: Name, Value: main }, { Key: Logs, Value: !Ref Logs }]',
    );
    const result = compare(load(text).resources, liveState([liveVpc('vpc-main', 'main')]));
    expect(result.notCheckedResources).toEqual([
      { logicalId: 'Logs', resourceType: 'AWS::S3::Bucket', reason: 'ialctl does not read AWS::S3::Bucket yet', code: 'unsupported_type', file: DEFAULT_FILE, line: 2 },
    ]);
    expect(result.notCheckedProperties).toEqual([
      { logicalId: 'Vpc', resourceType: 'AWS::EC2::VPC', path: 'Tags', reason: 'references Logs (AWS::S3::Bucket), a type ialctl does not read', code: 'unresolved_reference', file: DEFAULT_FILE, line: 9 },
    ]);
    expect(result.findings).toEqual([]);
  });
});

describe('property comparison and coverage', () => {
  const template = lines(
    'Resources:',
    '  Vpc:',
    '    Type: AWS::EC2::VPC',
    '    Properties:',
    '      CidrBlock: 10.0.0.0/16',
    '      EnableDnsSupport: true',
    '      EnableDnsHostnames: !If [IsProd, true, false]',
    '      InstanceTenancy: default',
    '      Tags: [{ Key: Name, Value: main }, { Key: Owner, Value: platform }]',
  );

  test('configuration and tag differences of one resource form two findings, each located at the resource', () => {
    const live = liveState([liveVpc('vpc-main', 'main', {
      CidrBlock: '10.1.0.0/16', EnableDnsSupport: false, InstanceTenancy: 'default',
      Tags: [{ Key: 'Name', Value: 'main' }, { Key: 'Owner', Value: 'someone' }],
    })]);
    const base = { resourceType: 'AWS::EC2::VPC', logicalId: 'Vpc', physicalId: 'vpc-main', phase: '10-main', file: DEFAULT_FILE, line: 2 };
    expect(compare(load(template).resources, live).findings).toEqual([
      {
        type: 'configuration_drift', ...base,
        differences: [
          { path: 'CidrBlock', kind: 'NOT_EQUAL', expected: '10.0.0.0/16', actual: '10.1.0.0/16' },
          { path: 'EnableDnsSupport', kind: 'NOT_EQUAL', expected: true, actual: false },
        ],
      },
      { type: 'tag_drift', ...base, differences: [{ path: 'Tags.Owner', kind: 'NOT_EQUAL', expected: 'platform', actual: 'someone' }] },
    ]);
  });

  test('a declared property AWS does not report is REMOVE', () => {
    const live = liveState([liveVpc('vpc-main', 'main', { EnableDnsSupport: true, Tags: [{ Key: 'Name', Value: 'main' }, { Key: 'Owner', Value: 'platform' }] })]);
    const result = compare(load(template).resources, live);
    expect(result.findings.map((f) => f.differences)).toEqual([[{ path: 'InstanceTenancy', kind: 'REMOVE', expected: 'default' }]]);
  });

  test('coverage counts every compared property and every not-checked one exactly', () => {
    const live = liveState([liveVpc('vpc-main', 'main', { EnableDnsSupport: true, InstanceTenancy: 'default', Tags: [{ Key: 'Name', Value: 'main' }, { Key: 'Owner', Value: 'platform' }] })]);
    const result = compare(load(template).resources, live, {
      readableProperties: (type) => (type === 'AWS::EC2::VPC' ? new Set(['CidrBlock', 'EnableDnsSupport', 'EnableDnsHostnames', 'Tags']) : undefined),
    });
    expect(result.propertiesCompared).toBe(3);
    expect(result.notCheckedProperties).toEqual([
      { logicalId: 'Vpc', resourceType: 'AWS::EC2::VPC', path: 'EnableDnsHostnames', reason: 'condition IsProd is not declared under Conditions', code: 'unsupported_intrinsic', file: DEFAULT_FILE, line: 7 },
      { logicalId: 'Vpc', resourceType: 'AWS::EC2::VPC', path: 'InstanceTenancy', reason: 'ialctl does not read InstanceTenancy for AWS::EC2::VPC yet', code: 'unsupported_property', file: DEFAULT_FILE, line: 8 },
    ]);
    expect(result.findings).toEqual([]);
    expect(result.checkedResources).toBe(1);
  });

  test('properties of missing resources are neither compared nor counted as not checked', () => {
    const result = compare(load(template).resources, liveState([]));
    expect([result.propertiesCompared, result.notCheckedProperties.length, result.checkedResources]).toEqual([0, 0, 1]);
    expect(findingKeys(result)).toEqual(['missing_resource Vpc']);
  });

  test('a GetAtt to another resource’s live attribute is compared with the resolved value', () => {
    const text = lines(
      ...network.trimEnd().split('\n'),
      '  AppSg:',
      '    Type: AWS::EC2::SecurityGroup',
      '    Properties:',
      '      GroupName: app',
      '      GroupDescription: app tier',
      '      VpcId: !Ref Vpc',
      '      SecurityGroupIngress:',
      '        - { IpProtocol: tcp, FromPort: 8080, ToPort: 8080, SourceSecurityGroupId: !GetAtt WebSg.GroupId }',
    );
    const appSg = (source: string): LiveResource => liveSecurityGroup('sg-app', 'vpc-main', 'app', {
      GroupDescription: 'app tier',
      SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, SourceSecurityGroupId: source, SourceSecurityGroupOwnerId: '123456789012' }],
    });
    expect(compare(load(text).resources, liveState([...networkLive(), appSg('sg-web')])).findings).toEqual([]);
    expect(compare(load(text).resources, liveState([...networkLive(), appSg('sg-evil')])).findings.map((f) => f.differences)).toEqual([[
      { path: 'SecurityGroupIngress', kind: 'REMOVE', expected: { IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, SourceSecurityGroupId: 'sg-web' } },
      { path: 'SecurityGroupIngress', kind: 'ADD', actual: { IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, SourceSecurityGroupId: 'sg-evil', SourceSecurityGroupOwnerId: '123456789012' } },
    ]]);
  });
});
