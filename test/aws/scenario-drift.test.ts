// Scenario suite: the whole `drift check` (phase files on disk → real SDK against moto → report) on a
// production-like estate, first in sync, then after each kind of change a console user makes.
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateTagsCommand,
  CreateVpcCommand,
  DeleteTagsCommand,
  ModifyInstanceAttributeCommand,
  RevokeSecurityGroupIngressCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DeleteServiceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateClusterCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import {
  AddTagsToResourceCommand,
  CreateDBInstanceCommand,
  DeleteDBInstanceCommand,
  ModifyDBClusterCommand,
  ModifyDBInstanceCommand,
  RemoveTagsFromResourceCommand,
} from '@aws-sdk/client-rds';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { supportedTypes } from '../../src/aws/readers/index.js';
import { exitCodeFor } from '../../src/cli/commands/check.js';
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
  declaredAt,
  itemView,
  removeWorkspaces,
  writePhases,
  type Estate,
  type PhaseWorkspace,
} from './scenario-estate.js';

useFreshMoto();

let ws: PhaseWorkspace;
let aws: Sdk;
let estate: Estate;

beforeAll(() => {
  for (const [key, value] of Object.entries(TEST_CREDENTIALS_ENV)) vi.stubEnv(key, value);
  ws = writePhases(ESTATE_PHASES);
});
afterAll(() => {
  vi.unstubAllEnvs();
  removeWorkspaces();
});
beforeEach(async () => {
  aws = sdk();
  estate = await createEstate(aws);
});

const check = () => checkWorkspace(ws, motoEndpoint());
const NETWORK = '00-network/01-vpc.yaml';
const SECURITY = '10-security/01-security-groups.yaml';
const BASTION = '20-compute/01-bastion.yaml';
const ECS = '20-compute/02-ecs.yaml';
const RDS = '30-data/01-rds.yaml';
const dbArn = `arn:aws:rds:us-east-1:${MOTO_ACCOUNT_ID}:db:${DB}`;

describe('an estate that matches its phase files', () => {
  it('is in sync: no items, complete, every declared resource checked, exit 0', async () => {
    const { report, live } = await check();

    expect(report.items).toEqual([]);
    expect(report.complete).toBe(true);
    expect(report.errors).toEqual([]);
    expect(report.accountId).toBe(MOTO_ACCOUNT_ID);
    expect(live.readTypes).toEqual(supportedTypes());
    expect(report.summary).toMatchObject({ resources: 12, inSync: 12, drifted: 0, notChecked: 0 });
    expect(report.notChecked.resources).toEqual([]);
    // The only declared values that are never compared: the write-only passwords.
    expect(report.notChecked.properties.map((p) => [p.logicalId, p.path, p.reason])).toEqual([
      ['AuroraCluster', 'MasterUserPassword', 'write-only: AWS never returns this value'],
      ['OrdersDb', 'MasterUserPassword', 'write-only: AWS never returns this value'],
    ]);
    expect(report.summary.coverage).toEqual({ propertiesCompared: 71, propertiesNotChecked: 2 });
    expect(exitCodeFor(report)).toBe(0);
  });
});

describe('changes made in the console are reported exactly', () => {
  it('instance type changed → one medium configuration drift on the instance', async () => {
    await aws.ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: estate.instanceId, InstanceType: { Value: 't3.large' } }));

    const { report } = await check();

    expect(report.items).toEqual([
      {
        id: expect.stringMatching(/^[0-9a-f]{16}$/),
        type: 'configuration_drift',
        severity: 'medium',
        severityReasons: ['capacity or availability changed (instance size, count, storage, Multi-AZ or engine version)'],
        resourceType: 'AWS::EC2::Instance',
        logicalId: 'Bastion',
        physicalId: estate.instanceId,
        ...declaredAt(BASTION, 'Bastion'),
        differences: [{ path: 'InstanceType', kind: 'NOT_EQUAL', expected: 't3.micro', actual: 't3.large' }],
        // CloudFormation may replace an instance whose type changes: a human decides.
        autoHeal: { eligible: false, reason: 'changing InstanceType may replace the resource', code: 'may_replace', params: { path: 'InstanceType' } },
      },
    ]);
    expect(report.complete).toBe(true);
    expect(exitCodeFor(report)).toBe(2);
  });

  it('ingress rule opened to the internet → high drift with the added rule', async () => {
    await aws.ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: estate.dbSg,
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'debug' }] }],
      }),
    );

    const { report } = await check();

    expect(report.items.map(itemView)).toEqual([
      {
        type: 'configuration_drift',
        severity: 'high',
        resourceType: 'AWS::EC2::SecurityGroup',
        logicalId: 'DbSecurityGroup',
        physicalId: estate.dbSg,
        ...declaredAt(SECURITY, 'DbSecurityGroup'),
        differences: [
          {
            path: 'SecurityGroupIngress',
            kind: 'ADD',
            actual: { IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, CidrIp: '0.0.0.0/0', Description: 'debug' },
          },
        ],
      },
    ]);
    expect(exitCodeFor(report)).toBe(2);
  });

  it('ingress rule from another security group revoked → REMOVE with the !Ref resolved to the live group id', async () => {
    await aws.ec2.send(
      new RevokeSecurityGroupIngressCommand({
        GroupId: estate.appSg,
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, UserIdGroupPairs: [{ GroupId: estate.webSg }] }],
      }),
    );

    const { report } = await check();

    expect(report.items.map(itemView)).toEqual([
      {
        type: 'configuration_drift',
        severity: 'high',
        resourceType: 'AWS::EC2::SecurityGroup',
        logicalId: 'AppSecurityGroup',
        physicalId: estate.appSg,
        ...declaredAt(SECURITY, 'AppSecurityGroup'),
        differences: [
          {
            path: 'SecurityGroupIngress',
            kind: 'REMOVE',
            expected: { IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, SourceSecurityGroupId: estate.webSg },
          },
        ],
      },
    ]);
  });

  it('RDS backup window changed → critical drift on the instance', async () => {
    await aws.rds.send(
      new ModifyDBInstanceCommand({ DBInstanceIdentifier: DB, PreferredBackupWindow: '05:00-06:00', ApplyImmediately: true }),
    );

    const { report } = await check();

    expect(report.items.map(itemView)).toEqual([
      {
        type: 'configuration_drift',
        severity: 'critical',
        resourceType: 'AWS::RDS::DBInstance',
        logicalId: 'OrdersDb',
        physicalId: DB,
        ...declaredAt(RDS, 'OrdersDb'),
        differences: [{ path: 'PreferredBackupWindow', kind: 'NOT_EQUAL', expected: '03:00-04:00', actual: '05:00-06:00' }],
      },
    ]);
    expect(report.items[0]!.autoHeal.eligible).toBe(false);
  });

  it('EC2 tags added, removed and changed → one low tag_drift item per resource', async () => {
    await aws.ec2.send(new CreateTagsCommand({ Resources: [estate.vpcId], Tags: [{ Key: 'Owner', Value: 'someone' }] }));
    await aws.ec2.send(new DeleteTagsCommand({ Resources: [estate.subnetA], Tags: [{ Key: 'Environment' }] }));
    await aws.ec2.send(new CreateTagsCommand({ Resources: [estate.instanceId], Tags: [{ Key: 'Environment', Value: 'staging' }] }));

    const { report } = await check();

    expect(report.items.map(itemView)).toEqual([
      {
        type: 'tag_drift',
        severity: 'low',
        resourceType: 'AWS::EC2::VPC',
        logicalId: 'Vpc',
        physicalId: estate.vpcId,
        ...declaredAt(NETWORK, 'Vpc'),
        differences: [{ path: 'Tags.Owner', kind: 'ADD', actual: 'someone' }],
      },
      {
        type: 'tag_drift',
        severity: 'low',
        resourceType: 'AWS::EC2::Subnet',
        logicalId: 'PrivateSubnetA',
        physicalId: estate.subnetA,
        ...declaredAt(NETWORK, 'PrivateSubnetA'),
        differences: [{ path: 'Tags.Environment', kind: 'REMOVE', expected: 'production' }],
      },
      {
        type: 'tag_drift',
        severity: 'low',
        resourceType: 'AWS::EC2::Instance',
        logicalId: 'Bastion',
        physicalId: estate.instanceId,
        ...declaredAt(BASTION, 'Bastion'),
        differences: [{ path: 'Tags.Environment', kind: 'NOT_EQUAL', expected: 'production', actual: 'staging' }],
      },
    ]);
    // Tag drift never replaces anything: within the default auto-heal limit, except an item that is only an
    // undeclared tag, which unattended healing leaves alone unless auto_heal.remove_undeclared_tags is set.
    expect(report.items.map((i) => [i.logicalId, i.autoHeal.eligible, i.autoHeal.code])).toEqual([
      ['Vpc', false, 'undeclared_tags'],
      ['PrivateSubnetA', true, 'eligible'],
      ['Bastion', true, 'eligible'],
    ]);
  });

  it('ECS and RDS tags added, removed and changed → tag_drift on each', async () => {
    await aws.ecs.send(new TagResourceCommand({ resourceArn: estate.serviceArn, tags: [{ key: 'Service', value: 'api' }] }));
    await aws.ecs.send(new UntagResourceCommand({ resourceArn: estate.clusterArn, tagKeys: ['Environment'] }));
    await aws.rds.send(new AddTagsToResourceCommand({ ResourceName: dbArn, Tags: [{ Key: 'CostCenter', Value: 'CC-1' }] }));
    await aws.rds.send(
      new RemoveTagsFromResourceCommand({
        ResourceName: `arn:aws:rds:us-east-1:${MOTO_ACCOUNT_ID}:subgrp:shop-db`,
        TagKeys: ['Environment'],
      }),
    );

    const { report } = await check();

    expect(report.items.map(itemView)).toEqual([
      {
        type: 'tag_drift',
        severity: 'low',
        resourceType: 'AWS::ECS::Cluster',
        logicalId: 'WebCluster',
        physicalId: CLUSTER,
        ...declaredAt(ECS, 'WebCluster'),
        differences: [{ path: 'Tags.Environment', kind: 'REMOVE', expected: 'production' }],
      },
      {
        type: 'tag_drift',
        severity: 'low',
        resourceType: 'AWS::ECS::Service',
        logicalId: 'WebService',
        physicalId: estate.serviceArn,
        ...declaredAt(ECS, 'WebService'),
        differences: [{ path: 'Tags.Service', kind: 'NOT_EQUAL', expected: 'web', actual: 'api' }],
      },
      {
        type: 'tag_drift',
        severity: 'low',
        resourceType: 'AWS::RDS::DBSubnetGroup',
        logicalId: 'DbSubnetGroup',
        physicalId: 'shop-db',
        ...declaredAt(RDS, 'DbSubnetGroup'),
        differences: [{ path: 'Tags.Environment', kind: 'REMOVE', expected: 'production' }],
      },
      {
        type: 'tag_drift',
        severity: 'low',
        resourceType: 'AWS::RDS::DBInstance',
        logicalId: 'OrdersDb',
        physicalId: DB,
        ...declaredAt(RDS, 'OrdersDb'),
        differences: [{ path: 'Tags.CostCenter', kind: 'ADD', actual: 'CC-1' }],
      },
    ]);
  });

  it('ECS service desired count and cluster settings changed → one medium item each', async () => {
    await aws.ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: 'web', desiredCount: 5 }));
    await aws.ecs.send(new UpdateClusterCommand({ cluster: CLUSTER, settings: [{ name: 'containerInsights', value: 'disabled' }] }));

    const { report } = await check();

    expect(report.items.map(itemView)).toEqual([
      {
        type: 'configuration_drift',
        severity: 'medium',
        resourceType: 'AWS::ECS::Cluster',
        logicalId: 'WebCluster',
        physicalId: CLUSTER,
        ...declaredAt(ECS, 'WebCluster'),
        differences: [{ path: 'ClusterSettings.containerInsights.Value', kind: 'NOT_EQUAL', expected: 'enabled', actual: 'disabled' }],
      },
      {
        type: 'configuration_drift',
        severity: 'medium',
        resourceType: 'AWS::ECS::Service',
        logicalId: 'WebService',
        physicalId: estate.serviceArn,
        ...declaredAt(ECS, 'WebService'),
        differences: [{ path: 'DesiredCount', kind: 'NOT_EQUAL', expected: 2, actual: 5 }],
      },
    ]);
    expect(exitCodeFor(report)).toBe(2);
  });

  it('ECS service deleted → missing_resource (high), nothing else', async () => {
    await aws.ecs.send(new DeleteServiceCommand({ cluster: CLUSTER, service: 'web', force: true }));

    const { report } = await check();

    expect(report.items.map(itemView)).toEqual([
      {
        type: 'missing_resource',
        severity: 'high',
        resourceType: 'AWS::ECS::Service',
        logicalId: 'WebService',
        physicalId: null,
        ...declaredAt(ECS, 'WebService'),
        differences: [],
      },
    ]);
    expect(report.summary).toMatchObject({ resources: 12, inSync: 11, drifted: 1 });
  });

  it('instance terminated → missing_resource (high): a terminated instance no longer counts as the declared one', async () => {
    await aws.ec2.send(new TerminateInstancesCommand({ InstanceIds: [estate.instanceId] }));

    const { report } = await check();

    expect(report.items.map(itemView)).toEqual([
      {
        type: 'missing_resource',
        severity: 'high',
        resourceType: 'AWS::EC2::Instance',
        logicalId: 'Bastion',
        physicalId: null,
        ...declaredAt(BASTION, 'Bastion'),
        differences: [],
      },
    ]);
  });

  it('DB instance deleted → missing_resource (critical: stateful)', async () => {
    await aws.rds.send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: DB, SkipFinalSnapshot: true }));

    const { report } = await check();

    expect(report.items.map(itemView)).toEqual([
      {
        type: 'missing_resource',
        severity: 'critical',
        resourceType: 'AWS::RDS::DBInstance',
        logicalId: 'OrdersDb',
        physicalId: null,
        ...declaredAt(RDS, 'OrdersDb'),
        differences: [],
      },
    ]);
    expect(report.items[0]!.autoHeal).toEqual({
      eligible: false, reason: 'missing_resource needs human approval: reverse sync or deploy', code: 'needs_approval', params: { type: 'missing_resource' },
    });
  });

  it('unmanaged resources → extra_resource (medium); groups and services outside the managed VPC and cluster are not', async () => {
    const sandbox = await aws.ec2.send(
      new CreateVpcCommand({ CidrBlock: '10.99.0.0/16', TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'Name', Value: 'sandbox' }] }] }),
    );
    const sandboxVpc = sandbox.Vpc!.VpcId!;
    // Someone else's group in someone else's VPC: not ours to report.
    await aws.ec2.send(new CreateSecurityGroupCommand({ GroupName: 'sandbox-sg', Description: 'x', VpcId: sandboxVpc }));
    const debug = await aws.ec2.send(new CreateSecurityGroupCommand({ GroupName: 'debug-ssh', Description: 'temp', VpcId: estate.vpcId }));
    const hotfix = await aws.ecs.send(
      new CreateServiceCommand({ cluster: CLUSTER, serviceName: 'hotfix', taskDefinition: estate.taskDefinitionArn, desiredCount: 1 }),
    );
    await aws.ecs.send(new CreateClusterCommand({ clusterName: 'other-team' }));
    await aws.ecs.send(
      new CreateServiceCommand({ cluster: 'other-team', serviceName: 'theirs', taskDefinition: estate.taskDefinitionArn, desiredCount: 1 }),
    );
    await aws.rds.send(
      new CreateDBInstanceCommand({
        DBInstanceIdentifier: 'Adhoc-Reporting',
        DBInstanceClass: 'db.t3.micro',
        Engine: 'postgres',
        AllocatedStorage: 20,
        MasterUsername: 'report',
        MasterUserPassword: 'adhoc-password-1',
      }),
    );

    const { report } = await check();

    const extra = { type: 'extra_resource', severity: 'medium', logicalId: null, phase: null, file: null, line: null } as const;
    expect(report.items.map(itemView)).toEqual([
      {
        ...extra,
        resourceType: 'AWS::RDS::DBInstance',
        physicalId: 'adhoc-reporting',
        differences: [{ path: 'DBInstanceIdentifier', kind: 'ADD', actual: 'adhoc-reporting' }],
      },
      // Extras have no file: ties are ordered by physical id.
      {
        ...extra,
        resourceType: 'AWS::ECS::Service',
        physicalId: hotfix.service!.serviceArn!,
        differences: [{ path: 'ServiceName', kind: 'ADD', actual: 'hotfix' }],
      },
      {
        ...extra,
        resourceType: 'AWS::EC2::SecurityGroup',
        physicalId: debug.GroupId!,
        differences: [{ path: 'GroupName', kind: 'ADD', actual: 'debug-ssh' }],
      },
      { ...extra, resourceType: 'AWS::EC2::VPC', physicalId: sandboxVpc, differences: [{ path: 'Tags.Name', kind: 'ADD', actual: 'sandbox' }] },
      // A VPC or a cluster of a declared type is extra wherever it is; what runs inside it is someone else's.
      { ...extra, resourceType: 'AWS::ECS::Cluster', physicalId: 'other-team', differences: [{ path: 'ClusterName', kind: 'ADD', actual: 'other-team' }] },
    ].sort((a, b) => a.physicalId.localeCompare(b.physicalId)));
    expect(report.summary).toMatchObject({ resources: 17, inSync: 12, drifted: 5 });
    expect(report.items.every((i) => !i.autoHeal.eligible)).toBe(true);
    expect(exitCodeFor(report)).toBe(2);
  });
});

describe('references follow the live estate', () => {
  it('a service moved to another cluster is missing where declared; the new cluster is extra, its service is not', async () => {
    // The phase file's `Cluster: !Ref WebCluster` names shop-prod; a same-named service in another cluster is not it.
    await aws.ecs.send(new DeleteServiceCommand({ cluster: CLUSTER, service: 'web', force: true }));
    await aws.ecs.send(new CreateClusterCommand({ clusterName: 'shop-staging' }));
    await aws.ecs.send(
      new CreateServiceCommand({ cluster: 'shop-staging', serviceName: 'web', taskDefinition: estate.taskDefinitionArn, desiredCount: 2 }),
    );

    const { report } = await check();

    expect(report.items.map((i) => [i.type, i.resourceType, i.logicalId ?? i.physicalId])).toEqual([
      ['missing_resource', 'AWS::ECS::Service', 'WebService'],
      ['extra_resource', 'AWS::ECS::Cluster', 'shop-staging'],
    ]);
  });

  it('the Aurora cluster is compared through its identifier; changing it in the console is seen on the cluster', async () => {
    await aws.rds.send(
      new ModifyDBClusterCommand({ DBClusterIdentifier: AURORA, BackupRetentionPeriod: 1, ApplyImmediately: true }),
    );

    const { report } = await check();

    expect(report.items.map(itemView)).toEqual([
      {
        type: 'configuration_drift',
        severity: 'critical',
        resourceType: 'AWS::RDS::DBCluster',
        logicalId: 'AuroraCluster',
        physicalId: AURORA,
        ...declaredAt(RDS, 'AuroraCluster'),
        differences: [{ path: 'BackupRetentionPeriod', kind: 'NOT_EQUAL', expected: 14, actual: 1 }],
      },
    ]);
  });
});
