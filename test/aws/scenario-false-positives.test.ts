// False-positive suite: an unchanged estate described in every equivalent way a phase file may use
// must report NO drift. Each test proves first that the live state really differs in form (so the
// test is not vacuous), then that the check sees no change.
import { CreateTagsCommand } from '@aws-sdk/client-ec2';
import { TagResourceCommand } from '@aws-sdk/client-ecs';
import { AddTagsToResourceCommand, CreateDBInstanceCommand } from '@aws-sdk/client-rds';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CheckResult } from '../../src/engine/check.js';
import type { LiveResource } from '../../src/drift/model.js';
import { MOTO_ACCOUNT_ID, motoEndpoint, useFreshMoto } from '../harness/moto.js';
import { sdk, type Sdk } from './fixtures.js';
import {
  AURORA,
  CLUSTER,
  DB,
  ESTATE_PHASES,
  TEST_CREDENTIALS_ENV,
  checkWorkspace,
  createEstate,
  phaseVariant,
  removeWorkspaces,
  writePhases,
  type Estate,
} from './scenario-estate.js';

useFreshMoto();

let aws: Sdk;
let estate: Estate;

beforeAll(() => {
  for (const [key, value] of Object.entries(TEST_CREDENTIALS_ENV)) vi.stubEnv(key, value);
});
afterAll(() => {
  vi.unstubAllEnvs();
  removeWorkspaces();
});
beforeEach(async () => {
  aws = sdk();
  estate = await createEstate(aws);
});

const NETWORK = '00-network/01-vpc.yaml';
const SECURITY = '10-security/01-security-groups.yaml';
const ECS = '20-compute/02-ecs.yaml';
const RDS = '30-data/01-rds.yaml';

function checkFiles(files: Readonly<Record<string, string>>): Promise<CheckResult> {
  return checkWorkspace(writePhases(files), motoEndpoint());
}

function expectInSync({ report }: CheckResult): void {
  expect(report.items).toEqual([]);
  expect(report.complete).toBe(true);
  expect(report.notChecked.resources).toEqual([]);
}

function live(result: CheckResult, type: string, physicalId: string): LiveResource {
  const found = result.live.resources.find((r) => r.type === type && r.physicalId === physicalId);
  if (!found) throw new Error(`${type} ${physicalId} not in the live state`);
  return found;
}

describe('AWS defaults are never extra resources', () => {
  it('the default VPC, its subnets and every VPC’s default security group, with the VPC type declared', async () => {
    const result = await checkFiles(ESTATE_PHASES);

    const defaults = result.live.resources.filter((r) => r.awsDefault);
    // moto's default VPC, its six default subnets, and the default groups of both VPCs.
    expect(defaults.map((r) => r.type).sort()).toEqual([
      'AWS::EC2::SecurityGroup',
      'AWS::EC2::SecurityGroup',
      'AWS::EC2::Subnet',
      'AWS::EC2::Subnet',
      'AWS::EC2::Subnet',
      'AWS::EC2::Subnet',
      'AWS::EC2::Subnet',
      'AWS::EC2::Subnet',
      'AWS::EC2::VPC',
    ]);
    expect(defaults.find((r) => r.type === 'AWS::EC2::SecurityGroup' && r.properties.VpcId === estate.vpcId)?.properties.GroupName).toBe(
      'default',
    );
    expectInSync(result);
  });

  it('default subnets and groups stay out even when the phases declare subnets and groups but no VPC (no parent scope to hide them)', async () => {
    const files = phaseVariant([
      [NETWORK, 'VpcId: !Ref Vpc\n      CidrBlock: 10.40.1.0/24', `VpcId: ${estate.vpcId}\n      CidrBlock: 10.40.1.0/24`],
      [NETWORK, 'VpcId: !Ref Vpc\n      CidrBlock: 10.40.2.0/24', `VpcId: ${estate.vpcId}\n      CidrBlock: 10.40.2.0/24`],
    ]);
    const network = files[NETWORK]!;
    files[NETWORK] = network.slice(0, network.indexOf('  Vpc:')) + network.slice(network.indexOf('  PrivateSubnetA:'));
    files[SECURITY] = files[SECURITY]!.replaceAll('VpcId: !Ref Vpc', `VpcId: ${estate.vpcId}`);
    const only = { [NETWORK]: files[NETWORK], [SECURITY]: files[SECURITY], 'parameters.yaml': files['parameters.yaml']! };

    const result = await checkFiles(only);

    expect(result.desired.resources.map((r) => r.type)).not.toContain('AWS::EC2::VPC');
    expectInSync(result);
  });
});

describe('undeclared properties are AWS’s business', () => {
  it('RDS values left to AWS (maintenance window, parameter group, engine version, backups) are not compared', async () => {
    const files = phaseVariant([
      [RDS, '      EngineVersion: "15.4"\n', ''],
      [RDS, '      BackupRetentionPeriod: 14\n      PreferredBackupWindow: "04:00-05:00"\n', ''],
    ]);

    const result = await checkFiles(files);

    const aurora = live(result, 'AWS::RDS::DBCluster', AURORA).properties;
    expect(aurora).toMatchObject({ EngineVersion: '15.4', BackupRetentionPeriod: 14, PreferredBackupWindow: '04:00-05:00' });
    expect(aurora.PreferredMaintenanceWindow).toEqual(expect.any(String));
    expect(live(result, 'AWS::RDS::DBInstance', DB).properties.DBParameterGroupName).toBe('default.postgres16');
    expectInSync(result);
  });
});

describe('equivalent forms are equal', () => {
  it('list order: subnets, security group rules, subnet group members and tags in another order', async () => {
    const files = phaseVariant([
      [ECS, '            - !Ref PrivateSubnetA\n            - !Ref PrivateSubnetB', '            - !Ref PrivateSubnetB\n            - !Ref PrivateSubnetA'],
      [RDS, '        - !Ref PrivateSubnetA\n        - !Ref PrivateSubnetB', '        - !Ref PrivateSubnetB\n        - !Ref PrivateSubnetA'],
      [
        SECURITY,
        '        - { IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0, Description: HTTPS }\n        - { IpProtocol: -1, CidrIp: 10.40.0.0/16 }',
        '        - { IpProtocol: -1, CidrIp: 10.40.0.0/16 }\n        - { IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0, Description: HTTPS }',
      ],
      [
        NETWORK,
        '        - { Key: Name, Value: !Sub "${ProjectName}-vpc" }\n        - { Key: Environment, Value: !Ref Environment }',
        '        - { Key: Environment, Value: !Ref Environment }\n        - { Key: Name, Value: !Sub "${ProjectName}-vpc" }',
      ],
    ]);

    const result = await checkFiles(files);

    // AWS reports the subnets in creation order: the variant declares them the other way round.
    expect(live(result, 'AWS::ECS::Service', estate.serviceArn).properties.NetworkConfiguration).toMatchObject({
      AwsvpcConfiguration: { Subnets: [estate.subnetA, estate.subnetB] },
    });
    expectInSync(result);
  });

  it('numbers and booleans written as strings, as CloudFormation templates often do', async () => {
    const files = phaseVariant([
      [SECURITY, 'FromPort: 443, ToPort: 443', 'FromPort: "443", ToPort: "443"'],
      [ECS, 'DesiredCount: 2', 'DesiredCount: "2"'],
      [RDS, '      BackupRetentionPeriod: 7\n', '      BackupRetentionPeriod: "7"\n      Port: "5432"\n'],
      [RDS, '      BackupRetentionPeriod: 14\n', '      BackupRetentionPeriod: "14"\n      Port: 5432\n'],
      [NETWORK, 'EnableDnsSupport: true', 'EnableDnsSupport: "true"'],
    ]);

    const result = await checkFiles(files);

    // AllocatedStorage and Port are strings in CloudFormation; the cluster's Port an integer.
    expect(live(result, 'AWS::RDS::DBInstance', DB).properties).toMatchObject({ AllocatedStorage: '20', Port: '5432', BackupRetentionPeriod: 7 });
    expect(live(result, 'AWS::RDS::DBCluster', AURORA).properties.Port).toBe(5432);
    expectInSync(result);
    expect(result.report.summary.coverage.propertiesCompared).toBe(73);
  });

  it('security group protocols: "-1" and -1 (with its -1 ports), "6" and 6 for tcp, upper case', async () => {
    const files = phaseVariant([
      [SECURITY, '{ IpProtocol: -1, CidrIp: 10.40.0.0/16 }', '{ IpProtocol: "-1", FromPort: -1, ToPort: -1, CidrIp: 10.40.0.0/16 }'],
      [SECURITY, 'IpProtocol: tcp, FromPort: 443', 'IpProtocol: "6", FromPort: 443'],
      [SECURITY, '        - IpProtocol: tcp\n          FromPort: 8080', '        - IpProtocol: 6\n          FromPort: 8080'],
      [SECURITY, '        - IpProtocol: tcp\n          FromPort: 5432', '        - IpProtocol: TCP\n          FromPort: 5432'],
    ]);

    const result = await checkFiles(files);

    expect(live(result, 'AWS::EC2::SecurityGroup', estate.webSg).properties.SecurityGroupIngress).toEqual([
      { IpProtocol: '-1', CidrIp: '10.40.0.0/16' },
      { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0', Description: 'HTTPS' },
    ]);
    expectInSync(result);
  });

  it('name vs ARN: an ECS service’s Cluster as a !Ref (name) or a literal ARN, its task definition as family:revision or ARN', async () => {
    const byRef = await checkFiles(ESTATE_PHASES);
    expect(live(byRef, 'AWS::ECS::Service', estate.serviceArn).properties).toMatchObject({
      Cluster: estate.clusterArn,
      TaskDefinition: estate.taskDefinitionArn,
    });
    expectInSync(byRef);

    const byArn = await checkFiles(
      phaseVariant([
        [ECS, 'Cluster: !Ref WebCluster', `Cluster: arn:aws:ecs:us-east-1:${MOTO_ACCOUNT_ID}:cluster/${CLUSTER}`],
        [ECS, 'TaskDefinition: shop-web:1', `TaskDefinition: ${estate.taskDefinitionArn}`],
      ]),
    );
    expectInSync(byArn);
  });

  it('RDS identifiers in mixed case in the phase file match the lower-case names RDS stores', async () => {
    const files = phaseVariant([
      [RDS, `DBInstanceIdentifier: ${DB}`, 'DBInstanceIdentifier: Shop-Orders'],
      [RDS, `DBClusterIdentifier: ${AURORA}`, 'DBClusterIdentifier: SHOP-Aurora'],
      [RDS, 'DBSubnetGroupName: !Sub "${ProjectName}-db"', 'DBSubnetGroupName: !Sub "${ProjectName}-DB"'],
    ]);

    const result = await checkFiles(files);

    expect(live(result, 'AWS::RDS::DBInstance', DB).properties.DBInstanceIdentifier).toBe('shop-orders');
    expectInSync(result);
    expect(result.report.summary).toMatchObject({ resources: 12, inSync: 12 });
  });
});

describe('values declared the way AWS fills them in', () => {
  it('an explicit allow-all egress rule and the VPC defaults (tenancy, DNS support) equal what AWS created by itself', async () => {
    const files = phaseVariant([
      [
        SECURITY,
        '      Tags:\n        - { Key: Environment, Value: !Ref Environment }\n  AppSecurityGroup:',
        '      SecurityGroupEgress:\n        - { IpProtocol: "-1", CidrIp: 0.0.0.0/0 }\n      Tags:\n        - { Key: Environment, Value: !Ref Environment }\n  AppSecurityGroup:',
      ],
      [NETWORK, '      EnableDnsSupport: true\n', '      EnableDnsSupport: true\n      InstanceTenancy: default\n'],
    ]);

    const result = await checkFiles(files);

    expect(live(result, 'AWS::EC2::SecurityGroup', estate.webSg).properties.SecurityGroupEgress).toEqual([
      { IpProtocol: '-1', CidrIp: '0.0.0.0/0' },
    ]);
    expectInSync(result);
  });
});

describe('values AWS keeps in another form', () => {
  it('SourceSecurityGroupOwnerId naming the checked account (!Ref AWS::AccountId): AWS reports no owner for same-account peers', async () => {
    const files = phaseVariant([
      [
        SECURITY,
        '          SourceSecurityGroupId: !Ref WebSecurityGroup\n',
        '          SourceSecurityGroupId: !Ref WebSecurityGroup\n          SourceSecurityGroupOwnerId: !Ref AWS::AccountId\n',
      ],
      [
        SECURITY,
        '          SourceSecurityGroupId: !GetAtt AppSecurityGroup.GroupId\n',
        `          SourceSecurityGroupId: !GetAtt AppSecurityGroup.GroupId\n          SourceSecurityGroupOwnerId: "${MOTO_ACCOUNT_ID}"\n`,
      ],
    ]);

    const result = await checkFiles(files);

    expect(live(result, 'AWS::EC2::SecurityGroup', estate.appSg).properties.SecurityGroupIngress).toEqual([
      { IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, SourceSecurityGroupId: estate.webSg },
    ]);
    expectInSync(result);
  });

  it('…but an owner naming another account is still a difference', async () => {
    const files = phaseVariant([
      [
        SECURITY,
        '          SourceSecurityGroupId: !Ref WebSecurityGroup\n',
        '          SourceSecurityGroupId: !Ref WebSecurityGroup\n          SourceSecurityGroupOwnerId: "210987654321"\n',
      ],
    ]);

    const { report } = await checkFiles(files);

    expect(report.items.map((i) => [i.logicalId, i.differences.map((d) => d.kind)])).toEqual([['AppSecurityGroup', ['REMOVE', 'ADD']]]);
  });

  it('an Aurora member instance declared with identity, class and cluster only', async () => {
    await aws.rds.send(
      new CreateDBInstanceCommand({
        DBInstanceIdentifier: 'shop-aurora-writer',
        DBClusterIdentifier: AURORA,
        Engine: 'aurora-postgresql',
        DBInstanceClass: 'db.r6g.large',
        PubliclyAccessible: false,
        Tags: [{ Key: 'Environment', Value: 'production' }, { Key: 'Note', Value: '' }],
      }),
    );
    const files = { ...ESTATE_PHASES };
    files[RDS] += `  AuroraWriter:
    Type: AWS::RDS::DBInstance
    Properties:
      DBInstanceIdentifier: shop-aurora-writer
      DBClusterIdentifier: !Ref AuroraCluster
      Engine: aurora-postgresql
      DBInstanceClass: db.r6g.large
      PubliclyAccessible: false
      Tags:
        - { Key: Environment, Value: !Ref Environment }
        - { Key: Note, Value: "" }
`;

    const result = await checkFiles(files);

    // Aurora members report storage the cluster owns; the phase file rightly leaves it out.
    expect(live(result, 'AWS::RDS::DBInstance', 'shop-aurora-writer').properties).toMatchObject({ AllocatedStorage: '1', StorageType: 'aurora' });
    expectInSync(result);
    expect(result.report.summary).toMatchObject({ resources: 13, inSync: 13 });
  });
});

describe('values AWS owns or never returns', () => {
  it('aws:-prefixed tags (added by CloudFormation and other AWS services) are not tag drift', async () => {
    // AWS refuses aws: tags from users; moto does not, which lets the test put them where AWS would.
    const stackTag = { Key: 'aws:cloudformation:stack-name', Value: 'shop-network' };
    await aws.ec2.send(new CreateTagsCommand({ Resources: [estate.vpcId, estate.subnetA, estate.webSg, estate.instanceId], Tags: [stackTag] }));
    await aws.ecs.send(
      new TagResourceCommand({ resourceArn: estate.serviceArn, tags: [{ key: 'aws:cloudformation:stack-name', value: 'shop-ecs' }] }),
    );

    const result = await checkFiles(ESTATE_PHASES);

    expect(live(result, 'AWS::EC2::VPC', estate.vpcId).properties.Tags).toContainEqual(stackTag);
    expect(live(result, 'AWS::ECS::Service', estate.serviceArn).properties.Tags).toContainEqual({
      Key: 'aws:cloudformation:stack-name',
      Value: 'shop-ecs',
    });
    expectInSync(result);
  });

  it('aws:-prefixed tags on RDS resources are not tag drift either', async () => {
    await aws.rds.send(
      new AddTagsToResourceCommand({
        ResourceName: `arn:aws:rds:us-east-1:${MOTO_ACCOUNT_ID}:db:${DB}`,
        Tags: [{ Key: 'aws:cloudformation:logical-id', Value: 'OrdersDb' }],
      }),
    );

    const result = await checkFiles(ESTATE_PHASES);

    expect(live(result, 'AWS::RDS::DBInstance', DB).properties.Tags).toContainEqual({ Key: 'aws:cloudformation:logical-id', Value: 'OrdersDb' });
    expectInSync(result);
  });

  it('write-only MasterUserPassword: any declared value is not checked, never drift, never in the live state', async () => {
    const files = phaseVariant([
      [RDS, '"{{resolve:secretsmanager:shop/orders:SecretString:password}}"', 'a-completely-different-password'],
    ]);

    const result = await checkFiles(files);

    expectInSync(result);
    expect(result.report.notChecked.properties.filter((p) => p.path === 'MasterUserPassword').map((p) => p.logicalId)).toEqual([
      'AuroraCluster',
      'OrdersDb',
    ]);
    expect(JSON.stringify(result.live)).not.toContain('estate-password');
  });
});
