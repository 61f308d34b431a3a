// One small production-like estate, created in moto with the real SDK, and the phase files that
// describe it exactly. Scenario, CLI and fault suites start from it and change it the way a
// console user would. No vitest imports: a plain module any script can drive against moto.
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  ModifyVpcAttributeCommand,
  RunInstancesCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { CreateClusterCommand, CreateServiceCommand, RegisterTaskDefinitionCommand, type ECSClient } from '@aws-sdk/client-ecs';
import { CreateDBClusterCommand, CreateDBInstanceCommand, CreateDBSubnetGroupCommand, type RDSClient } from '@aws-sdk/client-rds';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/index.js';
import type { DriftItem } from '../../src/drift/model.js';
import { runCheck, type CheckResult, type LiveSource } from '../../src/engine/check.js';

export interface EstateSdk {
  ec2: EC2Client;
  ecs: ECSClient;
  rds: RDSClient;
}

/** Physical ids of everything the estate created. */
export interface Estate {
  vpcId: string;
  subnetA: string;
  subnetB: string;
  webSg: string;
  appSg: string;
  dbSg: string;
  instanceId: string;
  clusterArn: string;
  serviceArn: string;
  taskDefinitionArn: string;
}

/** moto ships this AMI id in every region. */
export const AMI = 'ami-12c6146b';
export const CLUSTER = 'shop-prod';
export const DB = 'shop-orders';
export const AURORA = 'shop-aurora';
export const DB_SUBNET_GROUP = 'shop-db';

const tags = (entries: Record<string, string>) => Object.entries(entries).map(([Key, Value]) => ({ Key, Value }));
const ec2Tags = (type: 'vpc' | 'subnet' | 'security-group' | 'instance', entries: Record<string, string>) => [
  { ResourceType: type, Tags: tags(entries) },
];

export async function createEstate({ ec2, ecs, rds }: EstateSdk): Promise<Estate> {
  const vpc = await ec2.send(
    new CreateVpcCommand({ CidrBlock: '10.40.0.0/16', TagSpecifications: ec2Tags('vpc', { Name: 'shop-vpc', Environment: 'production' }) }),
  );
  const vpcId = vpc.Vpc!.VpcId!;
  await ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsHostnames: { Value: true } }));
  const subnet = async (suffix: 'a' | 'b', cidr: string) =>
    (
      await ec2.send(
        new CreateSubnetCommand({
          VpcId: vpcId,
          CidrBlock: cidr,
          AvailabilityZone: `us-east-1${suffix}`,
          TagSpecifications: ec2Tags('subnet', { Name: `shop-private-${suffix}`, Environment: 'production' }),
        }),
      )
    ).Subnet!.SubnetId!;
  const subnetA = await subnet('a', '10.40.1.0/24');
  const subnetB = await subnet('b', '10.40.2.0/24');

  const group = async (name: string, description: string) =>
    (
      await ec2.send(
        new CreateSecurityGroupCommand({
          GroupName: name,
          Description: description,
          VpcId: vpcId,
          TagSpecifications: ec2Tags('security-group', { Environment: 'production' }),
        }),
      )
    ).GroupId!;
  const webSg = await group('shop-web', 'Public HTTPS');
  const appSg = await group('shop-app', 'ECS tasks');
  const dbSg = await group('shop-db', 'PostgreSQL from the app tier');
  await ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: webSg,
      IpPermissions: [
        { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'HTTPS' }] },
        { IpProtocol: '-1', IpRanges: [{ CidrIp: '10.40.0.0/16' }] },
      ],
    }),
  );
  await ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: appSg,
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, UserIdGroupPairs: [{ GroupId: webSg }] }],
    }),
  );
  await ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: dbSg,
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, UserIdGroupPairs: [{ GroupId: appSg }] }],
    }),
  );

  const run = await ec2.send(
    new RunInstancesCommand({
      ImageId: AMI,
      InstanceType: 't3.micro',
      MinCount: 1,
      MaxCount: 1,
      SubnetId: subnetA,
      SecurityGroupIds: [appSg],
      TagSpecifications: ec2Tags('instance', { Name: 'shop-bastion', Environment: 'production' }),
    }),
  );
  const instanceId = run.Instances![0]!.InstanceId!;

  const cluster = await ecs.send(
    new CreateClusterCommand({
      clusterName: CLUSTER,
      settings: [{ name: 'containerInsights', value: 'enabled' }],
      tags: [{ key: 'Environment', value: 'production' }],
    }),
  );
  const taskDefinition = await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'shop-web',
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: '256',
      memory: '512',
      containerDefinitions: [{ name: 'web', image: 'nginx:1.27' }],
    }),
  );
  const service = await ecs.send(
    new CreateServiceCommand({
      cluster: CLUSTER,
      serviceName: 'web',
      taskDefinition: taskDefinition.taskDefinition!.taskDefinitionArn!,
      desiredCount: 2,
      launchType: 'FARGATE',
      networkConfiguration: {
        awsvpcConfiguration: { subnets: [subnetA, subnetB], securityGroups: [appSg], assignPublicIp: 'DISABLED' },
      },
      propagateTags: 'SERVICE',
      tags: [
        { key: 'Environment', value: 'production' },
        { key: 'Service', value: 'web' },
      ],
    }),
  );

  await rds.send(
    new CreateDBSubnetGroupCommand({
      DBSubnetGroupName: DB_SUBNET_GROUP,
      DBSubnetGroupDescription: 'Private subnets of the shop databases',
      SubnetIds: [subnetA, subnetB],
      Tags: tags({ Environment: 'production' }),
    }),
  );
  await rds.send(
    new CreateDBInstanceCommand({
      DBInstanceIdentifier: DB,
      DBInstanceClass: 'db.t3.micro',
      Engine: 'postgres',
      EngineVersion: '16.3',
      AllocatedStorage: 20,
      MasterUsername: 'shop_admin',
      MasterUserPassword: 'estate-password-1',
      DBSubnetGroupName: DB_SUBNET_GROUP,
      VpcSecurityGroupIds: [dbSg],
      BackupRetentionPeriod: 7,
      PreferredBackupWindow: '03:00-04:00',
      StorageEncrypted: true,
      DeletionProtection: false,
      Tags: tags({ Environment: 'production', DataClassification: 'confidential' }),
    }),
  );
  await rds.send(
    new CreateDBClusterCommand({
      DBClusterIdentifier: AURORA,
      Engine: 'aurora-postgresql',
      EngineVersion: '15.4',
      MasterUsername: 'shop_admin',
      MasterUserPassword: 'estate-password-2',
      DatabaseName: 'shop',
      DBSubnetGroupName: DB_SUBNET_GROUP,
      VpcSecurityGroupIds: [dbSg],
      BackupRetentionPeriod: 14,
      PreferredBackupWindow: '04:00-05:00',
      StorageEncrypted: true,
      Tags: tags({ Environment: 'production' }),
    }),
  );

  return {
    vpcId,
    subnetA,
    subnetB,
    webSg,
    appSg,
    dbSg,
    instanceId,
    clusterArn: cluster.cluster!.clusterArn!,
    serviceArn: service.service!.serviceArn!,
    taskDefinitionArn: taskDefinition.taskDefinition!.taskDefinitionArn!,
  };
}

/** Phase files matching `createEstate` exactly: path under the phases folder → YAML text. */
export const ESTATE_PHASES: Readonly<Record<string, string>> = {
  'parameters.yaml': `ProjectName: shop
Environment: production
`,
  '00-network/01-vpc.yaml': `Description: Network of the shop
Parameters:
  ProjectName: { Type: String, Default: shop }
  Environment: { Type: String, Default: staging }
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.40.0.0/16
      EnableDnsSupport: true
      EnableDnsHostnames: true
      Tags:
        - { Key: Name, Value: !Sub "\${ProjectName}-vpc" }
        - { Key: Environment, Value: !Ref Environment }
  PrivateSubnetA:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: 10.40.1.0/24
      AvailabilityZone: !Sub "\${AWS::Region}a"
      Tags:
        - { Key: Name, Value: !Sub "\${ProjectName}-private-a" }
        - { Key: Environment, Value: !Ref Environment }
  PrivateSubnetB:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: 10.40.2.0/24
      AvailabilityZone: !Sub "\${AWS::Region}b"
      Tags:
        - { Key: Name, Value: !Sub "\${ProjectName}-private-b" }
        - { Key: Environment, Value: !Ref Environment }
`,
  '10-security/01-security-groups.yaml': `Description: Security groups of the web, app and database tiers
Parameters:
  ProjectName: { Type: String, Default: shop }
  Environment: { Type: String, Default: staging }
Resources:
  WebSecurityGroup:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupName: !Sub "\${ProjectName}-web"
      GroupDescription: Public HTTPS
      VpcId: !Ref Vpc
      SecurityGroupIngress:
        - { IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0, Description: HTTPS }
        - { IpProtocol: -1, CidrIp: 10.40.0.0/16 }
      Tags:
        - { Key: Environment, Value: !Ref Environment }
  AppSecurityGroup:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupName: !Sub "\${ProjectName}-app"
      GroupDescription: ECS tasks
      VpcId: !Ref Vpc
      SecurityGroupIngress:
        - IpProtocol: tcp
          FromPort: 8080
          ToPort: 8080
          SourceSecurityGroupId: !Ref WebSecurityGroup
      Tags:
        - { Key: Environment, Value: !Ref Environment }
  DbSecurityGroup:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupName: !Sub "\${ProjectName}-db"
      GroupDescription: PostgreSQL from the app tier
      VpcId: !Ref Vpc
      SecurityGroupIngress:
        - IpProtocol: tcp
          FromPort: 5432
          ToPort: 5432
          SourceSecurityGroupId: !GetAtt AppSecurityGroup.GroupId
      Tags:
        - { Key: Environment, Value: !Ref Environment }
`,
  '20-compute/01-bastion.yaml': `Description: Bastion host
Parameters:
  ProjectName: { Type: String, Default: shop }
  Environment: { Type: String, Default: staging }
Resources:
  Bastion:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ${AMI}
      InstanceType: t3.micro
      SubnetId: !Ref PrivateSubnetA
      SecurityGroupIds:
        - !Ref AppSecurityGroup
      Tags:
        - { Key: Name, Value: !Sub "\${ProjectName}-bastion" }
        - { Key: Environment, Value: !Ref Environment }
`,
  '20-compute/02-ecs.yaml': `Description: ECS cluster and the Fargate web service
Parameters:
  ProjectName: { Type: String, Default: shop }
  Environment: { Type: String, Default: staging }
Resources:
  WebCluster:
    Type: AWS::ECS::Cluster
    Properties:
      ClusterName: !Sub "\${ProjectName}-prod"
      ClusterSettings:
        - { Name: containerInsights, Value: enabled }
      Tags:
        - { Key: Environment, Value: !Ref Environment }
  WebService:
    Type: AWS::ECS::Service
    Properties:
      ServiceName: web
      Cluster: !Ref WebCluster
      LaunchType: FARGATE
      TaskDefinition: shop-web:1
      DesiredCount: 2
      PropagateTags: SERVICE
      NetworkConfiguration:
        AwsvpcConfiguration:
          AssignPublicIp: DISABLED
          Subnets:
            - !Ref PrivateSubnetA
            - !Ref PrivateSubnetB
          SecurityGroups:
            - !Ref AppSecurityGroup
      Tags:
        - { Key: Environment, Value: !Ref Environment }
        - { Key: Service, Value: web }
`,
  '30-data/01-rds.yaml': `Description: Databases of the shop
Parameters:
  ProjectName: { Type: String, Default: shop }
  Environment: { Type: String, Default: staging }
Resources:
  DbSubnetGroup:
    Type: AWS::RDS::DBSubnetGroup
    Properties:
      DBSubnetGroupName: !Sub "\${ProjectName}-db"
      DBSubnetGroupDescription: !Join [" ", [Private subnets of the, !Ref ProjectName, databases]]
      SubnetIds:
        - !Ref PrivateSubnetA
        - !Ref PrivateSubnetB
      Tags:
        - { Key: Environment, Value: !Ref Environment }
  OrdersDb:
    Type: AWS::RDS::DBInstance
    Properties:
      DBInstanceIdentifier: ${DB}
      DBInstanceClass: db.t3.micro
      Engine: postgres
      EngineVersion: "16.3"
      AllocatedStorage: "20"
      MasterUsername: shop_admin
      MasterUserPassword: "{{resolve:secretsmanager:shop/orders:SecretString:password}}"
      DBSubnetGroupName: !Ref DbSubnetGroup
      VPCSecurityGroups:
        - !Ref DbSecurityGroup
      BackupRetentionPeriod: 7
      PreferredBackupWindow: "03:00-04:00"
      StorageEncrypted: true
      DeletionProtection: false
      Tags:
        - { Key: Environment, Value: !Ref Environment }
        - { Key: DataClassification, Value: confidential }
  AuroraCluster:
    Type: AWS::RDS::DBCluster
    Properties:
      DBClusterIdentifier: ${AURORA}
      Engine: aurora-postgresql
      EngineVersion: "15.4"
      DatabaseName: shop
      MasterUsername: shop_admin
      MasterUserPassword: "{{resolve:secretsmanager:shop/aurora:SecretString:password}}"
      DBSubnetGroupName: !Ref DbSubnetGroup
      VpcSecurityGroupIds:
        - !Ref DbSecurityGroup
      BackupRetentionPeriod: 14
      PreferredBackupWindow: "04:00-05:00"
      StorageEncrypted: true
      Tags:
        - { Key: Environment, Value: !Ref Environment }
`,
};

export interface PhaseWorkspace {
  /** A fresh temp folder: the working directory of the check. */
  cwd: string;
  /** `<cwd>/phases`, so reports show files as `phases/<phase>/<file>.yaml`. */
  phasesDir: string;
}

const workspaces = new Set<string>();

/** Writes phase files (path under the phases folder → text) into `<fresh temp dir>/phases`. */
export function writePhases(files: Readonly<Record<string, string>>): PhaseWorkspace {
  const cwd = mkdtempSync(path.join(tmpdir(), 'ialctl-scenario-'));
  workspaces.add(cwd);
  const phasesDir = path.join(cwd, 'phases');
  for (const [relative, text] of Object.entries(files)) {
    const target = path.join(phasesDir, relative);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
  return { cwd, phasesDir };
}

/** Deletes every workspace `writePhases` created in this process. */
export function removeWorkspaces(): void {
  for (const cwd of workspaces) rmSync(cwd, { recursive: true, force: true });
  workspaces.clear();
}

/** 1-based line of the first line of `text` containing `needle` (to assert the `line` of an item). */
export function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((l) => l.includes(needle));
  if (index < 0) throw new Error(`"${needle}" not found`);
  return index + 1;
}

/** Where an item of the estate's phase files points: `{phase, file, line}` of its logical id. */
export function declaredAt(file: string, logicalId: string): { phase: string; file: string; line: number } {
  const text = ESTATE_PHASES[file];
  if (text === undefined) throw new Error(`no estate phase file ${file}`);
  return { phase: file.slice(0, file.indexOf('/')), file: `phases/${file}`, line: lineOf(text, `  ${logicalId}:`) };
}

/**
 * The estate's phase files with textual edits applied (`[file, from, to]`). Every `from` must occur
 * exactly once, so a variant cannot silently stop testing what it claims when the base text changes.
 */
export function phaseVariant(edits: ReadonlyArray<readonly [file: string, from: string, to: string]>): Record<string, string> {
  const files: Record<string, string> = { ...ESTATE_PHASES };
  for (const [file, from, to] of edits) {
    const text = files[file];
    if (text === undefined) throw new Error(`no estate phase file ${file}`);
    const count = text.split(from).length - 1;
    if (count !== 1) throw new Error(`${file}: expected exactly one "${from}", found ${count}`);
    files[file] = text.replace(from, to);
  }
  return files;
}

/**
 * The credentials the checks use, through the SDK's default chain like a real run (moto accepts any
 * key). Tests stub these into the environment; the benchmark sets them on its own process.
 */
export const TEST_CREDENTIALS_ENV = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' } as const;

export const CHECK_TIME = new Date('2026-11-20T12:00:00.000Z');

export type AwsSourceExtras = Omit<Extract<LiveSource, { kind: 'aws' }>, 'kind'>;

/** `drift check` of the workspace against `endpoint` (moto or a fault proxy), with the default configuration. */
export function checkWorkspace(ws: PhaseWorkspace, endpoint: string, extra: AwsSourceExtras = {}): Promise<CheckResult> {
  return runCheck({
    cwd: ws.cwd,
    phasesDir: 'phases',
    parameterOverrides: {},
    // No config file in the workspace and no environment: the documented defaults, whatever the runner's env.
    config: loadConfig({ env: {}, cwd: ws.cwd }),
    source: { kind: 'aws', endpointUrl: endpoint, region: 'us-east-1', ...extra },
    now: CHECK_TIME,
  });
}

/** An item without its derived fields (id hash, reason texts), for exact comparisons. */
export function itemView(item: DriftItem): Omit<DriftItem, 'id' | 'severityReasons' | 'autoHeal'> {
  const { id: _id, severityReasons: _reasons, autoHeal: _autoHeal, ...rest } = item;
  return rest;
}
