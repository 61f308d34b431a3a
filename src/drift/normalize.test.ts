// Each false-positive class has a pair of tests: the harmless difference reads as no drift, and a
// real change of the same property still surfaces with its exact path, kind and values.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { compare } from './compare.js';
import type { Json, JsonObject } from './model.js';
import { diffProperty, diffTags } from './normalize.js';
import {
  clusterArn, lines, liveCluster, liveDbInstance, liveService, liveState, load, makeLive, serviceArn,
} from './test-fixtures.js';

const diff = (type: string, property: string, desired: Json, live: Json | undefined) =>
  diffProperty(property, desired, live, { resourceType: type });

const SG = 'AWS::EC2::SecurityGroup';
const ECS_SERVICE = 'AWS::ECS::Service';
const DB = 'AWS::RDS::DBInstance';

describe('numbers written as strings', () => {
  test.each([
    [DB, 'AllocatedStorage', '100', 100],
    [DB, 'AllocatedStorage', 100, '100'],
    [DB, 'Port', 5432, '5432'],
    ['AWS::RDS::DBCluster', 'Port', '5432', 5432],
    [ECS_SERVICE, 'DesiredCount', '4', 4],
    ['AWS::RDS::DBCluster', 'BackupRetentionPeriod', '7', 7],
  ])('%s %s: %j and %j are the same value', (type, property, desired, live) => {
    expect(diff(type, property, desired, live)).toEqual([]);
  });

  test('a String-typed size that really changed is reported, in the spec’s type', () => {
    expect(diff(DB, 'AllocatedStorage', '100', 200)).toEqual([{ path: 'AllocatedStorage', kind: 'NOT_EQUAL', expected: '100', actual: '200' }]);
  });

  test('an Integer-typed port that really changed is reported, in the spec’s type', () => {
    expect(diff('AWS::RDS::DBCluster', 'Port', '5432', 3306)).toEqual([{ path: 'Port', kind: 'NOT_EQUAL', expected: 5432, actual: 3306 }]);
  });
});

describe('booleans written as strings', () => {
  test.each([
    ['true', true],
    ['True', true],
    ['false', false],
    [false, 'FALSE'],
  ])('EnableDnsSupport %j and %j are the same value', (desired, live) => {
    expect(diff('AWS::EC2::VPC', 'EnableDnsSupport', desired, live)).toEqual([]);
  });

  test('a boolean that really changed is reported as booleans', () => {
    expect(diff('AWS::EC2::VPC', 'EnableDnsSupport', 'true', false)).toEqual([
      { path: 'EnableDnsSupport', kind: 'NOT_EQUAL', expected: true, actual: false },
    ]);
  });
});

describe('unordered lists', () => {
  test('SecurityGroupIds in another order are the same set', () => {
    expect(diff('AWS::EC2::Instance', 'SecurityGroupIds', ['sg-a', 'sg-b', 'sg-c'], ['sg-c', 'sg-a', 'sg-b'])).toEqual([]);
  });

  test('a replaced security group reads as one removed and one added element', () => {
    expect(diff('AWS::EC2::Instance', 'SecurityGroupIds', ['sg-a', 'sg-b'], ['sg-b', 'sg-x'])).toEqual([
      { path: 'SecurityGroupIds', kind: 'REMOVE', expected: 'sg-a' },
      { path: 'SecurityGroupIds', kind: 'ADD', actual: 'sg-x' },
    ]);
  });

  test('nested Subnets in another order are the same set', () => {
    const desired = { AwsvpcConfiguration: { Subnets: ['subnet-a', 'subnet-b'], SecurityGroups: ['sg-1'] } };
    const live = { AwsvpcConfiguration: { AssignPublicIp: 'DISABLED', Subnets: ['subnet-b', 'subnet-a'], SecurityGroups: ['sg-1'] } };
    expect(diff(ECS_SERVICE, 'NetworkConfiguration', desired, live)).toEqual([]);
  });

  test('an extra nested subnet is reported at its full path', () => {
    const desired = { AwsvpcConfiguration: { Subnets: ['subnet-a'] } };
    const live = { AwsvpcConfiguration: { Subnets: ['subnet-a', 'subnet-z'] } };
    expect(diff(ECS_SERVICE, 'NetworkConfiguration', desired, live)).toEqual([
      { path: 'NetworkConfiguration.AwsvpcConfiguration.Subnets', kind: 'ADD', actual: 'subnet-z' },
    ]);
  });

  test('security group rules in another order are the same set', () => {
    const https = { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' };
    const http = { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIp: '0.0.0.0/0' };
    expect(diff(SG, 'SecurityGroupIngress', [https, http], [http, https])).toEqual([]);
  });

  test('an extra live rule is reported as ADD with the rule', () => {
    const https = { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' };
    const ssh = { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '0.0.0.0/0' };
    expect(diff(SG, 'SecurityGroupIngress', [https], [ssh, https])).toEqual([{ path: 'SecurityGroupIngress', kind: 'ADD', actual: ssh }]);
  });

  test('a declared rule that covers two live rules does not take the only one another declared rule matches', () => {
    // The first declared rule (no Description) covers both live rules; a greedy first pick would take the
    // described one and leave the second declared rule unmatched.
    const loose = { IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, CidrIp: '10.0.0.0/16' };
    const described = { ...loose, Description: 'app tier' };
    expect(diff(SG, 'SecurityGroupIngress', [loose, described], [described, { ...loose, Description: 'other' }])).toEqual([]);
  });

  test('an ordered list (PlacementStrategies) compares in order', () => {
    const spread = { Type: 'spread', Field: 'attribute:ecs.availability-zone' };
    const binpack = { Type: 'binpack', Field: 'memory' };
    expect(diff(ECS_SERVICE, 'PlacementStrategies', [spread, binpack], [spread, binpack])).toEqual([]);
    expect(diff(ECS_SERVICE, 'PlacementStrategies', [spread, binpack], [binpack, spread])).toEqual([
      { path: 'PlacementStrategies', kind: 'NOT_EQUAL', expected: [spread, binpack], actual: [binpack, spread] },
    ]);
  });
});

describe('security group rule normalization', () => {
  const live = (rule: JsonObject): Json => [rule];

  test.each<[string, JsonObject, JsonObject]>([
    ['protocol number 6 is tcp', { IpProtocol: 6, FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' }, { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' }],
    ['protocol "17" is udp', { IpProtocol: '17', FromPort: 53, ToPort: 53, CidrIp: '10.0.0.0/8' }, { IpProtocol: 'udp', FromPort: 53, ToPort: 53, CidrIp: '10.0.0.0/8' }],
    ['protocol TCP is tcp', { IpProtocol: 'TCP', FromPort: 22, ToPort: 22, CidrIp: '10.0.0.0/8' }, { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '10.0.0.0/8' }],
    ['ports as strings are numbers', { IpProtocol: 'tcp', FromPort: '8080', ToPort: '8080', CidrIp: '10.0.0.0/8' }, { IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, CidrIp: '10.0.0.0/8' }],
    ['-1 with ports is all traffic', { IpProtocol: -1, FromPort: 0, ToPort: 65535, CidrIp: '10.0.0.0/8' }, { IpProtocol: '-1', CidrIp: '10.0.0.0/8' }],
    ['-1 without ports is all traffic', { IpProtocol: '-1', CidrIp: '10.0.0.0/8' }, { IpProtocol: '-1', FromPort: -1, ToPort: -1, CidrIp: '10.0.0.0/8' }],
    ['an empty Description is no Description', { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '10.0.0.0/8', Description: '' }, { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '10.0.0.0/8' }],
  ])('%s', (_name, desired, actual) => {
    expect(diff(SG, 'SecurityGroupIngress', [desired], live(actual))).toEqual([]);
    expect(diff(SG, 'SecurityGroupEgress', [desired], live(actual))).toEqual([]);
  });

  test('a rule whose protocol really changed is reported as the removed declared rule and the added live rule, normalized', () => {
    expect(diff(SG, 'SecurityGroupIngress', [{ IpProtocol: 6, FromPort: '53', ToPort: 53, CidrIp: '10.0.0.0/8' }], live({ IpProtocol: 'udp', FromPort: 53, ToPort: 53, CidrIp: '10.0.0.0/8' }))).toEqual([
      { path: 'SecurityGroupIngress', kind: 'REMOVE', expected: { IpProtocol: 'tcp', FromPort: 53, ToPort: 53, CidrIp: '10.0.0.0/8' } },
      { path: 'SecurityGroupIngress', kind: 'ADD', actual: { IpProtocol: 'udp', FromPort: 53, ToPort: 53, CidrIp: '10.0.0.0/8' } },
    ]);
  });

  test('a rule that went from all traffic to one port is reported', () => {
    expect(diff(SG, 'SecurityGroupEgress', [{ IpProtocol: -1, CidrIp: '0.0.0.0/0' }], live({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' }))).toEqual([
      { path: 'SecurityGroupEgress', kind: 'REMOVE', expected: { IpProtocol: '-1', CidrIp: '0.0.0.0/0' } },
      { path: 'SecurityGroupEgress', kind: 'ADD', actual: { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' } },
    ]);
  });

  test('a same-account SourceSecurityGroupOwnerId (AWS reports none) is no drift; another account still is', () => {
    const declared = { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, SourceSecurityGroupId: 'sg-1', SourceSecurityGroupOwnerId: '123456789012' };
    const actual = { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, SourceSecurityGroupId: 'sg-1' };
    const ctx = { resourceType: SG, accountId: '123456789012' };
    expect(diffProperty('SecurityGroupIngress', [declared], [actual], ctx)).toEqual([]);
    const otherAccount = { ...declared, SourceSecurityGroupOwnerId: '999999999999' };
    expect(diffProperty('SecurityGroupIngress', [otherAccount], [actual], ctx)).toEqual([
      { path: 'SecurityGroupIngress', kind: 'REMOVE', expected: otherAccount },
      { path: 'SecurityGroupIngress', kind: 'ADD', actual },
    ]);
  });

  test('a declared Description that differs is a change', () => {
    expect(diff(SG, 'SecurityGroupIngress', [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '10.0.0.0/8', Description: 'vpn' }], live({ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '10.0.0.0/8', Description: 'home' }))).toEqual([
      { path: 'SecurityGroupIngress', kind: 'REMOVE', expected: { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '10.0.0.0/8', Description: 'vpn' } },
      { path: 'SecurityGroupIngress', kind: 'ADD', actual: { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '10.0.0.0/8', Description: 'home' } },
    ]);
  });
});

describe('tags', () => {
  test('tags in another order, or as a map, are the same tags', () => {
    const declared = [{ Key: 'Name', Value: 'web' }, { Key: 'Owner', Value: 'platform' }];
    expect(diffTags(declared, [{ Key: 'Owner', Value: 'platform' }, { Key: 'Name', Value: 'web' }])).toEqual([]);
    expect(diffTags(declared, { Owner: 'platform', Name: 'web' })).toEqual([]);
  });

  test('a changed, a removed and an added tag each read as one difference at Tags.<Key>', () => {
    expect(diffTags(
      [{ Key: 'Name', Value: 'web' }, { Key: 'Owner', Value: 'platform' }, { Key: 'CostCenter', Value: 'CC-1' }],
      [{ Key: 'Name', Value: 'web' }, { Key: 'Owner', Value: 'someone' }, { Key: 'temp', Value: 'true' }],
    )).toEqual([
      { path: 'Tags.Owner', kind: 'NOT_EQUAL', expected: 'platform', actual: 'someone' },
      { path: 'Tags.CostCenter', kind: 'REMOVE', expected: 'CC-1' },
      { path: 'Tags.temp', kind: 'ADD', actual: 'true' },
    ]);
  });

  test('aws: tags that CloudFormation and AWS add are ignored, whatever their case', () => {
    expect(diffTags([{ Key: 'Name', Value: 'web' }], [
      { Key: 'Name', Value: 'web' },
      { Key: 'aws:cloudformation:stack-name', Value: 'shop' },
      { Key: 'AWS:autoscaling:groupName', Value: 'asg' },
    ])).toEqual([]);
  });

  test('a tag that only looks like an aws: tag is still compared', () => {
    expect(diffTags([{ Key: 'Name', Value: 'web' }], [{ Key: 'Name', Value: 'web' }, { Key: 'awsome', Value: 'yes' }])).toEqual([
      { path: 'Tags.awsome', kind: 'ADD', actual: 'yes' },
    ]);
  });

  test('tag values are compared as text', () => {
    expect(diffTags([{ Key: 'Replicas', Value: 2 }], [{ Key: 'Replicas', Value: '2' }])).toEqual([]);
    expect(diffTags([{ Key: 'Replicas', Value: 2 }], [{ Key: 'Replicas', Value: '3' }])).toEqual([
      { path: 'Tags.Replicas', kind: 'NOT_EQUAL', expected: '2', actual: '3' },
    ]);
  });
});

describe('case-insensitive RDS values', () => {
  test.each([
    [DB, 'DBInstanceIdentifier', 'MainDb', 'maindb'],
    [DB, 'Engine', 'Postgres', 'postgres'],
    [DB, 'DBSubnetGroupName', 'Shop-Prod-DB', 'shop-prod-db'],
    [DB, 'PreferredMaintenanceWindow', 'Mon:07:00-Mon:08:00', 'mon:07:00-mon:08:00'],
    ['AWS::RDS::DBCluster', 'DBClusterIdentifier', 'Main-Cluster', 'main-cluster'],
    ['AWS::RDS::DBSubnetGroup', 'DBSubnetGroupName', 'DB-Subnets', 'db-subnets'],
  ])('%s %s: %j and %j are the same value', (type, property, desired, live) => {
    expect(diff(type, property, desired, live)).toEqual([]);
  });

  test('a different engine is still a change', () => {
    expect(diff(DB, 'Engine', 'postgres', 'mysql')).toEqual([{ path: 'Engine', kind: 'NOT_EQUAL', expected: 'postgres', actual: 'mysql' }]);
  });

  test('case still matters where AWS keeps it', () => {
    expect(diff(DB, 'MasterUsername', 'Admin', 'admin')).toEqual([{ path: 'MasterUsername', kind: 'NOT_EQUAL', expected: 'Admin', actual: 'admin' }]);
  });
});

describe('equality-gated defaults', () => {
  // The spec documents PlatformVersion's default as LATEST and a DB cluster's BackupRetentionPeriod as 1.
  test.each([
    [ECS_SERVICE, 'PlatformVersion', 'LATEST'],
    ['AWS::RDS::DBCluster', 'BackupRetentionPeriod', 1],
    ['AWS::RDS::DBCluster', 'BackupRetentionPeriod', '1'],
  ])('%s %s declared as the default %j is no drift when AWS omits it', (type, property, value) => {
    expect(diff(type, property, value, undefined)).toEqual([]);
  });

  test('a declared ECS HealthCheckGracePeriodSeconds of 0, which DescribeServices omits, is no drift; 60 is', () => {
    expect(diffProperty('HealthCheckGracePeriodSeconds', 0, undefined, { resourceType: 'AWS::ECS::Service' })).toEqual([]);
    expect(diffProperty('HealthCheckGracePeriodSeconds', 60, undefined, { resourceType: 'AWS::ECS::Service' })).toEqual([
      { path: 'HealthCheckGracePeriodSeconds', kind: 'REMOVE', expected: 60 },
    ]);
  });

  test('a non-default value AWS does not report is REMOVE', () => {
    expect(diff(ECS_SERVICE, 'PlatformVersion', '1.4.0', undefined)).toEqual([{ path: 'PlatformVersion', kind: 'REMOVE', expected: '1.4.0' }]);
    expect(diff('AWS::RDS::DBCluster', 'BackupRetentionPeriod', 7, undefined)).toEqual([{ path: 'BackupRetentionPeriod', kind: 'REMOVE', expected: 7 }]);
  });

  test('the default is a gate on absence only: a different live value is still a change', () => {
    expect(diff(ECS_SERVICE, 'PlatformVersion', 'LATEST', '1.3.0')).toEqual([{ path: 'PlatformVersion', kind: 'NOT_EQUAL', expected: 'LATEST', actual: '1.3.0' }]);
  });

  test('a nested default (MetadataOptions.HttpPutResponseHopLimit = 1) is gated too', () => {
    expect(diff('AWS::EC2::Instance', 'MetadataOptions', { HttpTokens: 'required', HttpPutResponseHopLimit: 1 }, { HttpTokens: 'required' })).toEqual([]);
    expect(diff('AWS::EC2::Instance', 'MetadataOptions', { HttpTokens: 'required', HttpPutResponseHopLimit: 2 }, { HttpTokens: 'required' })).toEqual([
      { path: 'MetadataOptions.HttpPutResponseHopLimit', kind: 'REMOVE', expected: 2 },
    ]);
  });

  test('an empty declared list is no drift when AWS omits the property', () => {
    expect(diff(ECS_SERVICE, 'LoadBalancers', [], undefined)).toEqual([]);
  });
});

describe('names and ARNs', () => {
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
    '      TaskDefinition: shop-web:42',
  );

  test('Cluster: !Ref WebCluster (a name) matches the cluster ARN AWS returns, and family:revision matches the task definition ARN', () => {
    const live = liveState([
      liveCluster('shop-prod'),
      liveService('shop-prod', 'web', { TaskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/shop-web:42' }),
    ]);
    const result = compare(load(ecs).resources, live);
    expect(result.findings).toEqual([]);
    expect(result.propertiesCompared).toBe(4);
    expect(result.matches.get('WebService')?.physicalId).toBe(serviceArn('shop-prod', 'web'));
  });

  test('a task definition revision that changed is reported with both values as written', () => {
    const live = liveState([
      liveCluster('shop-prod'),
      liveService('shop-prod', 'web', { TaskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/shop-web:43' }),
    ]);
    expect(compare(load(ecs).resources, live).findings).toEqual([
      {
        type: 'configuration_drift', resourceType: ECS_SERVICE, logicalId: 'WebService', physicalId: serviceArn('shop-prod', 'web'),
        phase: '10-main', file: 'phases/10-main/01-main.yaml', line: 6,
        differences: [{ path: 'TaskDefinition', kind: 'NOT_EQUAL', expected: 'shop-web:42', actual: 'arn:aws:ecs:us-east-1:123456789012:task-definition/shop-web:43' }],
      },
    ]);
  });

  test('a cluster name does not equal the ARN of another cluster', () => {
    expect(diff(ECS_SERVICE, 'Cluster', 'shop-prod', clusterArn('shop-staging'))).toEqual([
      { path: 'Cluster', kind: 'NOT_EQUAL', expected: 'shop-prod', actual: clusterArn('shop-staging') },
    ]);
  });
});

describe('write-only properties', () => {
  const db = lines(
    'Resources:',
    '  MainDb:',
    '    Type: AWS::RDS::DBInstance',
    '    Properties:',
    '      DBInstanceIdentifier: rds-main-db',
    '      MasterUsername: shop_admin',
    '      MasterUserPassword: "{{resolve:secretsmanager:prod/db:SecretString:password}}"',
  );

  test('MasterUserPassword is never compared: not checked, with the reason, and no drift', () => {
    const result = compare(load(db).resources, liveState([liveDbInstance('rds-main-db', { MasterUsername: 'shop_admin' })]));
    expect(result.findings).toEqual([]);
    expect(result.notCheckedProperties).toEqual([
      {
        logicalId: 'MainDb', resourceType: DB, path: 'MasterUserPassword', reason: 'write-only: AWS never returns this value', code: 'write_only',
        file: 'phases/10-main/01-main.yaml', line: 7,
      },
    ]);
    expect(result.propertiesCompared).toBe(2);
  });

  test('even a live value (from a reader that should not have one) is not compared, while the user name still is', () => {
    const result = compare(load(db).resources, liveState([liveDbInstance('rds-main-db', { MasterUsername: 'root', MasterUserPassword: 'other' })]));
    expect(result.findings.map((f) => f.differences)).toEqual([[{ path: 'MasterUsername', kind: 'NOT_EQUAL', expected: 'shop_admin', actual: 'root' }]]);
  });
});

describe('keyed lists', () => {
  const settings = (value: string): Json => [{ Name: 'containerInsights', Value: value }];

  test('ClusterSettings with the same values in another order are equal', () => {
    const declared = [{ Name: 'containerInsights', Value: 'enabled' }, { Name: 'other', Value: 'x' }];
    expect(diff('AWS::ECS::Cluster', 'ClusterSettings', declared, [...declared].reverse())).toEqual([]);
  });

  test('a changed setting reads as ClusterSettings.<Name>.Value NOT_EQUAL', () => {
    expect(diff('AWS::ECS::Cluster', 'ClusterSettings', settings('enabled'), settings('disabled'))).toEqual([
      { path: 'ClusterSettings.containerInsights.Value', kind: 'NOT_EQUAL', expected: 'enabled', actual: 'disabled' },
    ]);
  });

  test('a declared setting AWS does not report reads as ClusterSettings.<Name> REMOVE', () => {
    expect(diff('AWS::ECS::Cluster', 'ClusterSettings', settings('enhanced'), [])).toEqual([
      { path: 'ClusterSettings.containerInsights', kind: 'REMOVE', expected: { Name: 'containerInsights', Value: 'enhanced' } },
    ]);
  });

  test('a key repeated on one side falls back to set comparison instead of comparing against the wrong element', () => {
    const doubled = [{ Name: 'containerInsights', Value: 'enabled' }, { Name: 'containerInsights', Value: 'disabled' }];
    expect(diff('AWS::ECS::Cluster', 'ClusterSettings', doubled, doubled)).toEqual([]);
    expect(diff('AWS::ECS::Cluster', 'ClusterSettings', settings('enabled'), doubled)).toEqual([
      { path: 'ClusterSettings', kind: 'ADD', actual: { Name: 'containerInsights', Value: 'disabled' } },
    ]);
  });
});

describe('nested objects', () => {
  test('undeclared nested fields AWS adds are not drift', () => {
    const declared = { DeploymentCircuitBreaker: { Enable: true, Rollback: true }, MaximumPercent: 200 };
    const live = { DeploymentCircuitBreaker: { Enable: true, Rollback: true }, MaximumPercent: 200, MinimumHealthyPercent: 100, Strategy: 'ROLLING' };
    expect(diff(ECS_SERVICE, 'DeploymentConfiguration', declared, live)).toEqual([]);
  });

  test('a changed nested value is reported at NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp', () => {
    const declared = { AwsvpcConfiguration: { AssignPublicIp: 'DISABLED', Subnets: ['subnet-a'] } };
    const live = { AwsvpcConfiguration: { AssignPublicIp: 'ENABLED', Subnets: ['subnet-a'] } };
    expect(diff(ECS_SERVICE, 'NetworkConfiguration', declared, live)).toEqual([
      { path: 'NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp', kind: 'NOT_EQUAL', expected: 'DISABLED', actual: 'ENABLED' },
    ]);
  });

  test('a declared nested field AWS does not report is REMOVE at its path', () => {
    expect(diff(ECS_SERVICE, 'DeploymentConfiguration', { DeploymentCircuitBreaker: { Enable: true } }, {})).toEqual([
      { path: 'DeploymentConfiguration.DeploymentCircuitBreaker', kind: 'REMOVE', expected: { Enable: true } },
    ]);
  });

  test('a shape change (object against scalar) is NOT_EQUAL', () => {
    expect(diff('AWS::EC2::VPC', 'Anything', { a: 1 }, 'a')).toEqual([{ path: 'Anything', kind: 'NOT_EQUAL', expected: { a: 1 }, actual: 'a' }]);
  });
});

describe('properties (fast-check)', () => {
  // Typed and untyped properties, including the special list handlings (rules, keyed, ordered).
  const properties: Array<[string, string]> = [
    ['AWS::EC2::VPC', 'Anything'],
    ['AWS::EC2::VPC', 'EnableDnsSupport'],
    [SG, 'SecurityGroupIngress'],
    ['AWS::ECS::Cluster', 'ClusterSettings'],
    [ECS_SERVICE, 'NetworkConfiguration'],
    [ECS_SERVICE, 'PlacementStrategies'],
    [ECS_SERVICE, 'DesiredCount'],
    [DB, 'Engine'],
    [DB, 'AllocatedStorage'],
  ];

  test('any JSON value compared with itself has no difference, on any property', () => {
    fc.assert(
      fc.property(fc.constantFrom(...properties), fc.jsonValue(), ([type, property], value) => {
        const v = value as Json;
        expect(diff(type, property, v, structuredClone(v))).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  test('a number and its text are the same Integer', () => {
    fc.assert(
      fc.property(fc.constantFrom<[string, string]>([ECS_SERVICE, 'DesiredCount'], ['AWS::RDS::DBCluster', 'Port']), fc.oneof(fc.integer(), fc.double()), ([type, property], n) => {
        expect(diff(type, property, String(n), n)).toEqual([]);
        expect(diff(type, property, n, String(n))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  const rule = fc.record(
    {
      IpProtocol: fc.constantFrom('tcp', 'udp', '6', 'TCP', '-1', -1),
      FromPort: fc.integer({ min: 0, max: 3 }),
      ToPort: fc.integer({ min: 0, max: 3 }),
      CidrIp: fc.constantFrom('10.0.0.0/8', '0.0.0.0/0'),
      Description: fc.constantFrom('', 'a', 'b'),
    },
    { requiredKeys: ['IpProtocol'] },
  );

  test('permuting a set-typed list (ids or rules, duplicates included) has no difference', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.array(fc.string(), { maxLength: 8 }).map((list) => ({ type: 'AWS::EC2::Instance', property: 'SecurityGroupIds', list: list as Json[] })),
          fc.array(rule, { maxLength: 6 }).map((list) => ({ type: SG, property: 'SecurityGroupIngress', list: list as Json[] })),
        ).chain(({ type, property, list }) =>
          fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length }).map((shuffled) => ({ type, property, list, shuffled })),
        ),
        ({ type, property, list, shuffled }) => {
          expect(diff(type, property, list, shuffled)).toEqual([]);
        },
      ),
      { numRuns: 500 },
    );
  });

  test('changing one element of a set-typed list is reported as that element removed and the new one added', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.stringMatching(/^sg-[0-9a-f]{4}$/), { minLength: 1, maxLength: 8 }).chain((list) =>
          fc.record({ list: fc.constant(list), index: fc.nat({ max: list.length - 1 }), replacement: fc.stringMatching(/^sg-[0-9a-f]{5}$/) }),
        ),
        ({ list, index, replacement }) => {
          const live = [...list];
          live[index] = replacement;
          const differences = diff('AWS::EC2::Instance', 'SecurityGroupIds', list, live);
          expect(differences.length).toBeGreaterThanOrEqual(1);
          expect(differences).toEqual([
            { path: 'SecurityGroupIds', kind: 'REMOVE', expected: list[index] },
            { path: 'SecurityGroupIds', kind: 'ADD', actual: replacement },
          ]);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('changing the port of a rule that declares its ports is always reported', () => {
    const portRule = fc.record({
      IpProtocol: fc.constantFrom('tcp', 'udp', '6', 'TCP', 17),
      FromPort: fc.integer({ min: 0, max: 3 }),
      ToPort: fc.integer({ min: 0, max: 3 }),
      CidrIp: fc.constantFrom('10.0.0.0/8', '0.0.0.0/0'),
    });
    fc.assert(
      fc.property(fc.array(portRule, { minLength: 1, maxLength: 5 }), fc.nat(), (rules, pick) => {
        const index = pick % rules.length;
        const live = rules.map((r, i) => (i === index ? { ...r, IpProtocol: 'tcp', FromPort: 9999, ToPort: 9999 } : r));
        expect(diff(SG, 'SecurityGroupIngress', rules as Json[], live as Json[]).length).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });
});

describe('live data the readers give', () => {
  test('a live resource shaped like the reader output compares cleanly against its declaration', () => {
    const text = lines(
      'Resources:',
      '  Db:',
      '    Type: AWS::RDS::DBInstance',
      '    Properties:',
      '      DBInstanceIdentifier: Rds-Main-Db',
      '      Engine: Postgres',
      '      AllocatedStorage: "100"',
      '      MultiAZ: "true"',
      '      Port: 5432',
      '      Tags: [{ Key: Owner, Value: data }]',
    );
    const live = liveState([
      makeLive({
        type: DB,
        physicalId: 'rds-main-db',
        properties: {
          DBInstanceIdentifier: 'rds-main-db', Engine: 'postgres', AllocatedStorage: 100, MultiAZ: true, Port: 5432,
          Tags: [{ Key: 'aws:cloudformation:stack-name', Value: 's' }, { Key: 'Owner', Value: 'data' }],
        },
      }),
    ]);
    const result = compare(load(text).resources, live);
    expect(result.findings).toEqual([]);
    expect(result.propertiesCompared).toBe(6);
  });
});
