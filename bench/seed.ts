// Seeds an AWS-compatible endpoint (moto) with N resources across every supported type, writes the
// phase files that describe them exactly, then drifts ~10% of them out of band. The drift is
// recorded so the benchmark can check the report is exactly right at scale, not only fast.
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateTagsCommand,
  CreateVpcCommand,
  DeleteTagsCommand,
  EC2Client,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DeleteServiceCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  UpdateClusterCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import {
  AddTagsToResourceCommand,
  CreateDBClusterCommand,
  CreateDBInstanceCommand,
  CreateDBSubnetGroupCommand,
  ModifyDBInstanceCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { mapWithLimit } from '../src/aws/concurrency.js';
import type { DriftType } from '../src/drift/model.js';

/** How many of each type; `planFor(1000)` is the issue's mix, larger totals scale it. */
export interface SeedPlan {
  vpcs: number;
  subnetsPerVpc: number;
  groupsPerVpc: number;
  instances: number;
  clusters: number;
  servicesPerCluster: number;
  dbSubnetGroups: number;
  dbInstances: number;
  dbClusters: number;
}

/**
 * Per 1,000 resources: 10 VPCs, 200 subnets, 250 security groups, 100 instances, 20 ECS clusters,
 * 240 services, 50 DB subnet groups, 80 DB instances, 50 Aurora clusters. Few VPCs and subnet
 * groups per resource, as in real accounts: they are the types AWS reads one call per resource.
 */
export function planFor(total: number): SeedPlan {
  const k = total / 1000;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`resources must be a positive multiple of 1000, got ${total}`);
  return {
    vpcs: 10 * k,
    subnetsPerVpc: 20,
    groupsPerVpc: 25,
    instances: 100 * k,
    clusters: 20 * k,
    servicesPerCluster: 12,
    dbSubnetGroups: 50 * k,
    dbInstances: 80 * k,
    dbClusters: 50 * k,
  };
}

export function plannedResources(plan: SeedPlan): number {
  return (
    plan.vpcs * (1 + plan.subnetsPerVpc + plan.groupsPerVpc) +
    plan.instances +
    plan.clusters * (1 + plan.servicesPerCluster) +
    plan.dbSubnetGroups +
    plan.dbInstances +
    plan.dbClusters
  );
}

export interface SeedSdk {
  ec2: EC2Client;
  ecs: ECSClient;
  rds: RDSClient;
}

export function seedClients(endpoint: string): SeedSdk & { destroy(): void } {
  const config = {
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    // Seeding is not what is measured: retry generously if moto hiccups under load.
    maxAttempts: 8,
  };
  const ec2 = new EC2Client(config);
  const ecs = new ECSClient(config);
  const rds = new RDSClient(config);
  return { ec2, ecs, rds, destroy: () => [ec2, ecs, rds].forEach((c) => c.destroy()) };
}

interface SeededVpc {
  index: number;
  id: string;
  subnets: string[];
  groups: string[];
}

export interface SeededEstate {
  plan: SeedPlan;
  vpcs: SeededVpc[];
  /** Instance index → id. */
  instances: string[];
  clusterArns: string[];
  /** services[cluster][service] → ARN. */
  services: string[][];
  taskDefinitionArn: string;
}

const pad = (n: number, width = 4) => String(n).padStart(width, '0');
const vpcName = (v: number) => `bench-vpc-${pad(v)}`;
const subnetName = (v: number, s: number) => `bench-subnet-${pad(v)}-${pad(s, 2)}`;
const groupName = (v: number, g: number) => `bench-sg-${pad(v)}-${pad(g, 2)}`;
const instanceName = (i: number) => `bench-instance-${pad(i, 5)}`;
const clusterName = (c: number) => `bench-cluster-${pad(c)}`;
const serviceName = (s: number) => `svc-${pad(s, 2)}`;
const subnetGroupName = (g: number) => `bench-dbsubnets-${pad(g)}`;
const dbInstanceId = (d: number) => `bench-db-${pad(d, 5)}`;
const dbClusterId = (d: number) => `bench-aurora-${pad(d)}`;
/** One /16 per VPC: 10.0-255.0.0 for the first 256 VPCs, then 101.x, 102.x… (moto accepts any range). */
function vpcCidr(v: number): { cidr: string; prefix: string } {
  const second = v % 256;
  const first = v < 256 ? 10 : 100 + Math.floor(v / 256);
  return { cidr: `${first}.${second}.0.0/16`, prefix: `${first}.${second}` };
}
const AZS = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
const ENVIRONMENT = [{ Key: 'Environment', Value: 'production' }];
const tagSpec = (type: 'vpc' | 'subnet' | 'security-group' | 'instance', name?: string) => [
  { ResourceType: type, Tags: [...(name ? [{ Key: 'Name', Value: name }] : []), ...ENVIRONMENT] },
];

/** Creates every resource of the plan with at most `concurrency` calls in flight. */
export async function seed(sdk: SeedSdk, plan: SeedPlan, concurrency: number): Promise<SeededEstate> {
  const { ec2, ecs, rds } = sdk;
  const range = (n: number) => Array.from({ length: n }, (_, i) => i);

  const vpcs = await mapWithLimit(range(plan.vpcs), concurrency, async (v): Promise<SeededVpc> => {
    const out = await ec2.send(new CreateVpcCommand({ CidrBlock: vpcCidr(v).cidr, TagSpecifications: tagSpec('vpc', vpcName(v)) }));
    return { index: v, id: out.Vpc!.VpcId!, subnets: [], groups: [] };
  });
  await mapWithLimit(
    vpcs.flatMap((vpc) => range(plan.subnetsPerVpc).map((s) => ({ vpc, s }))),
    concurrency,
    async ({ vpc, s }) => {
      const out = await ec2.send(
        new CreateSubnetCommand({
          VpcId: vpc.id,
          CidrBlock: `${vpcCidr(vpc.index).prefix}.${s}.0/24`,
          AvailabilityZone: AZS[s % AZS.length],
          TagSpecifications: tagSpec('subnet', subnetName(vpc.index, s)),
        }),
      );
      vpc.subnets[s] = out.Subnet!.SubnetId!;
    },
  );
  await mapWithLimit(
    vpcs.flatMap((vpc) => range(plan.groupsPerVpc).map((g) => ({ vpc, g }))),
    concurrency,
    async ({ vpc, g }) => {
      const out = await ec2.send(
        new CreateSecurityGroupCommand({
          GroupName: groupName(vpc.index, g),
          Description: `bench group ${g}`,
          VpcId: vpc.id,
          TagSpecifications: tagSpec('security-group'),
        }),
      );
      vpc.groups[g] = out.GroupId!;
    },
  );
  // Rules after all groups exist: every fifth group also admits the group before it.
  await mapWithLimit(
    vpcs.flatMap((vpc) => range(plan.groupsPerVpc).map((g) => ({ vpc, g }))),
    concurrency,
    async ({ vpc, g }) => {
      const peer = g % 5 === 4 ? vpc.groups[g - 1] : undefined;
      await ec2.send(
        new AuthorizeSecurityGroupIngressCommand({
          GroupId: vpc.groups[g],
          IpPermissions: [
            { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: `${vpcCidr(vpc.index).cidr}` }] },
            ...(peer ? [{ IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, UserIdGroupPairs: [{ GroupId: peer }] }] : []),
          ],
        }),
      );
    },
  );

  const instances = await mapWithLimit(range(plan.instances), concurrency, async (i) => {
    const vpc = vpcs[i % vpcs.length]!;
    const out = await ec2.send(
      new RunInstancesCommand({
        ImageId: 'ami-12c6146b',
        InstanceType: 't3.micro',
        MinCount: 1,
        MaxCount: 1,
        SubnetId: vpc.subnets[i % plan.subnetsPerVpc],
        SecurityGroupIds: [vpc.groups[i % plan.groupsPerVpc]!],
        TagSpecifications: tagSpec('instance', instanceName(i)),
      }),
    );
    return out.Instances![0]!.InstanceId!;
  });

  const taskDefinition = await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'bench-web',
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: '256',
      memory: '512',
      containerDefinitions: [{ name: 'web', image: 'nginx:1.27' }],
    }),
  );
  const taskDefinitionArn = taskDefinition.taskDefinition!.taskDefinitionArn!;
  const clusterArns = await mapWithLimit(range(plan.clusters), concurrency, async (c) => {
    const out = await ecs.send(
      new CreateClusterCommand({
        clusterName: clusterName(c),
        settings: [{ name: 'containerInsights', value: 'enabled' }],
        tags: [{ key: 'Environment', value: 'production' }],
      }),
    );
    return out.cluster!.clusterArn!;
  });
  const services: string[][] = clusterArns.map(() => []);
  await mapWithLimit(
    range(plan.clusters).flatMap((c) => range(plan.servicesPerCluster).map((s) => ({ c, s }))),
    concurrency,
    async ({ c, s }) => {
      const vpc = vpcs[c % vpcs.length]!;
      const out = await ecs.send(
        new CreateServiceCommand({
          cluster: clusterName(c),
          serviceName: serviceName(s),
          taskDefinition: taskDefinitionArn,
          desiredCount: 2,
          launchType: 'FARGATE',
          networkConfiguration: {
            awsvpcConfiguration: { subnets: [vpc.subnets[0]!, vpc.subnets[1]!], securityGroups: [vpc.groups[0]!], assignPublicIp: 'DISABLED' },
          },
          tags: [{ key: 'Environment', value: 'production' }],
        }),
      );
      services[c]![s] = out.service!.serviceArn!;
    },
  );

  await mapWithLimit(range(plan.dbSubnetGroups), concurrency, async (g) => {
    const vpc = vpcs[g % vpcs.length]!;
    await rds.send(
      new CreateDBSubnetGroupCommand({
        DBSubnetGroupName: subnetGroupName(g),
        DBSubnetGroupDescription: `bench subnet group ${g}`,
        SubnetIds: [vpc.subnets[0]!, vpc.subnets[1]!],
        Tags: ENVIRONMENT,
      }),
    );
  });
  await mapWithLimit(range(plan.dbInstances), concurrency, async (d) => {
    const g = d % plan.dbSubnetGroups;
    const vpc = vpcs[g % vpcs.length]!;
    await rds.send(
      new CreateDBInstanceCommand({
        DBInstanceIdentifier: dbInstanceId(d),
        DBInstanceClass: 'db.t3.micro',
        Engine: 'postgres',
        EngineVersion: '16.3',
        AllocatedStorage: 20,
        MasterUsername: 'bench',
        MasterUserPassword: 'bench-password-1',
        DBSubnetGroupName: subnetGroupName(g),
        VpcSecurityGroupIds: [vpc.groups[1]!],
        BackupRetentionPeriod: 7,
        PreferredBackupWindow: '03:00-04:00',
        Tags: ENVIRONMENT,
      }),
    );
  });
  await mapWithLimit(range(plan.dbClusters), concurrency, async (d) => {
    const g = d % plan.dbSubnetGroups;
    await rds.send(
      new CreateDBClusterCommand({
        DBClusterIdentifier: dbClusterId(d),
        Engine: 'aurora-postgresql',
        EngineVersion: '15.4',
        MasterUsername: 'bench',
        MasterUserPassword: 'bench-password-2',
        DBSubnetGroupName: subnetGroupName(g),
        BackupRetentionPeriod: 14,
        StorageEncrypted: true,
        Tags: ENVIRONMENT,
      }),
    );
  });

  return { plan, vpcs, instances, clusterArns, services, taskDefinitionArn };
}

const yamlTags = (indent: string, name?: string) =>
  `${indent}Tags:\n${name ? `${indent}  - { Key: Name, Value: ${name} }\n` : ''}${indent}  - { Key: Environment, Value: !Ref Environment }\n`;
const PARAMETERS = 'Parameters:\n  Environment: { Type: String, Default: production }\n';

/** Phase files (path under the phases folder → YAML) describing the seeded estate exactly. */
export function phaseFiles(estate: SeededEstate): Record<string, string> {
  const { plan } = estate;
  const files: Record<string, string> = {};
  const vpcId = (v: number) => `Vpc${pad(v)}`;
  const subnetId = (v: number, s: number) => `Subnet${pad(v)}x${pad(s, 2)}`;
  const groupId = (v: number, g: number) => `Sg${pad(v)}x${pad(g, 2)}`;

  for (const vpc of estate.vpcs) {
    const v = vpc.index;
    const { cidr, prefix } = vpcCidr(v);
    let text = `${PARAMETERS}Resources:\n  ${vpcId(v)}:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: ${cidr}\n      EnableDnsSupport: true\n${yamlTags('      ', vpcName(v))}`;
    for (let s = 0; s < plan.subnetsPerVpc; s++) {
      text += `  ${subnetId(v, s)}:\n    Type: AWS::EC2::Subnet\n    Properties:\n      VpcId: !Ref ${vpcId(v)}\n      CidrBlock: ${prefix}.${s}.0/24\n      AvailabilityZone: !Sub "\${AWS::Region}${AZS[s % AZS.length]!.slice(-1)}"\n${yamlTags('      ', subnetName(v, s))}`;
    }
    for (let g = 0; g < plan.groupsPerVpc; g++) {
      const peer = g % 5 === 4 ? `        - { IpProtocol: tcp, FromPort: 8080, ToPort: 8080, SourceSecurityGroupId: !Ref ${groupId(v, g - 1)} }\n` : '';
      text += `  ${groupId(v, g)}:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupName: ${groupName(v, g)}\n      GroupDescription: bench group ${g}\n      VpcId: !Ref ${vpcId(v)}\n      SecurityGroupIngress:\n        - { IpProtocol: tcp, FromPort: "443", ToPort: "443", CidrIp: ${cidr} }\n${peer}${yamlTags('      ')}`;
    }
    files[`00-network/vpc-${pad(v)}.yaml`] = text;
  }

  const instancesPerFile = 100;
  for (let start = 0; start < plan.instances; start += instancesPerFile) {
    let text = `${PARAMETERS}Resources:\n`;
    for (let i = start; i < Math.min(plan.instances, start + instancesPerFile); i++) {
      const v = i % plan.vpcs;
      text += `  Instance${pad(i, 5)}:\n    Type: AWS::EC2::Instance\n    Properties:\n      ImageId: ami-12c6146b\n      InstanceType: t3.micro\n      SubnetId: !Ref ${subnetId(v, i % plan.subnetsPerVpc)}\n      SecurityGroupIds: [!Ref ${groupId(v, i % plan.groupsPerVpc)}]\n${yamlTags('      ', instanceName(i))}`;
    }
    files[`10-compute/instances-${pad(start / instancesPerFile)}.yaml`] = text;
  }

  for (let c = 0; c < plan.clusters; c++) {
    const v = c % plan.vpcs;
    let text = `${PARAMETERS}Resources:\n  Cluster${pad(c)}:\n    Type: AWS::ECS::Cluster\n    Properties:\n      ClusterName: ${clusterName(c)}\n      ClusterSettings:\n        - { Name: containerInsights, Value: enabled }\n${yamlTags('      ')}`;
    for (let s = 0; s < plan.servicesPerCluster; s++) {
      text += `  Service${pad(c)}x${pad(s, 2)}:\n    Type: AWS::ECS::Service\n    Properties:\n      ServiceName: ${serviceName(s)}\n      Cluster: !Ref Cluster${pad(c)}\n      LaunchType: FARGATE\n      TaskDefinition: bench-web:1\n      DesiredCount: 2\n      NetworkConfiguration:\n        AwsvpcConfiguration:\n          AssignPublicIp: DISABLED\n          Subnets: [!Ref ${subnetId(v, 1)}, !Ref ${subnetId(v, 0)}]\n          SecurityGroups: [!Ref ${groupId(v, 0)}]\n${yamlTags('      ')}`;
    }
    files[`20-ecs/cluster-${pad(c)}.yaml`] = text;
  }

  let rdsText = `${PARAMETERS}Resources:\n`;
  for (let g = 0; g < plan.dbSubnetGroups; g++) {
    const v = g % plan.vpcs;
    rdsText += `  DbSubnets${pad(g)}:\n    Type: AWS::RDS::DBSubnetGroup\n    Properties:\n      DBSubnetGroupName: ${subnetGroupName(g)}\n      DBSubnetGroupDescription: bench subnet group ${g}\n      SubnetIds: [!Ref ${subnetId(v, 0)}, !Ref ${subnetId(v, 1)}]\n${yamlTags('      ')}`;
  }
  files['30-data/subnet-groups.yaml'] = rdsText;
  const dbPerFile = 100;
  for (let start = 0; start < plan.dbInstances; start += dbPerFile) {
    let text = `${PARAMETERS}Resources:\n`;
    for (let d = start; d < Math.min(plan.dbInstances, start + dbPerFile); d++) {
      const g = d % plan.dbSubnetGroups;
      text += `  Db${pad(d, 5)}:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      DBInstanceIdentifier: ${dbInstanceId(d)}\n      DBInstanceClass: db.t3.micro\n      Engine: postgres\n      EngineVersion: "16.3"\n      AllocatedStorage: "20"\n      MasterUsername: bench\n      MasterUserPassword: "{{resolve:secretsmanager:bench:SecretString:password}}"\n      DBSubnetGroupName: !Ref DbSubnets${pad(g)}\n      VPCSecurityGroups: [!Ref ${groupId(g % plan.vpcs, 1)}]\n      BackupRetentionPeriod: 7\n      PreferredBackupWindow: "03:00-04:00"\n${yamlTags('      ')}`;
    }
    files[`30-data/instances-${pad(start / dbPerFile)}.yaml`] = text;
  }
  let clusterText = `${PARAMETERS}Resources:\n`;
  for (let d = 0; d < plan.dbClusters; d++) {
    clusterText += `  Aurora${pad(d)}:\n    Type: AWS::RDS::DBCluster\n    Properties:\n      DBClusterIdentifier: ${dbClusterId(d)}\n      Engine: aurora-postgresql\n      EngineVersion: "15.4"\n      MasterUsername: bench\n      DBSubnetGroupName: !Ref DbSubnets${pad(d % plan.dbSubnetGroups)}\n      BackupRetentionPeriod: 14\n      StorageEncrypted: true\n${yamlTags('      ')}`;
  }
  files['30-data/clusters.yaml'] = clusterText;
  return files;
}

export function writePhaseFiles(phasesDir: string, files: Readonly<Record<string, string>>): void {
  for (const [relative, text] of Object.entries(files)) {
    const target = path.join(phasesDir, relative);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
}

/** What `applyDrift` changed: the items a correct check must report, by type. */
export interface AppliedDrift {
  resources: number;
  byType: Record<DriftType, number>;
}

/**
 * Drifts 10% of the resources out of band, one change per resource, so a correct report has
 * exactly one item per drifted resource: per 1,000 resources 20 security groups gain a rule,
 * 20 instances and 10 subnets have a tag changed/removed, 25 services change desired count and
 * 3 are deleted, 10 databases change backup window, 5 clusters change settings, 5 subnet groups
 * gain a tag, and 2 unmanaged security groups appear in managed VPCs.
 */
export async function applyDrift(sdk: SeedSdk, estate: SeededEstate, concurrency: number): Promise<AppliedDrift> {
  const { ec2, ecs, rds } = sdk;
  const k = plannedResources(estate.plan) / 1000;
  const count = (n: number) => Math.round(n * k);
  const every = <T>(items: readonly T[], n: number): T[] => {
    const step = Math.max(1, Math.floor(items.length / n));
    return items.filter((_, i) => i % step === 0).slice(0, n);
  };
  const groups = estate.vpcs.flatMap((v) => v.groups);
  const subnets = estate.vpcs.flatMap((v) => v.subnets);
  const services = estate.services.flatMap((list, c) => list.map((arn, s) => ({ c, s, arn })));
  const changes: Array<() => Promise<unknown>> = [];
  const byType: Record<DriftType, number> = { missing_resource: 0, extra_resource: 0, configuration_drift: 0, tag_drift: 0 };
  const add = (type: DriftType, work: Array<() => Promise<unknown>>) => {
    byType[type] += work.length;
    changes.push(...work);
  };

  add('configuration_drift', every(groups, count(20)).map((id) => () =>
    ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: id, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] })),
  ));
  add('tag_drift', every(estate.instances, count(20)).map((id) => () =>
    ec2.send(new CreateTagsCommand({ Resources: [id], Tags: [{ Key: 'Environment', Value: 'staging' }] })),
  ));
  add('tag_drift', every(subnets, count(10)).map((id) => () => ec2.send(new DeleteTagsCommand({ Resources: [id], Tags: [{ Key: 'Environment' }] }))));
  // Services: the first ones change desired count, a few others (from the other end) are deleted.
  const drifted = every(services, count(28));
  add('configuration_drift', drifted.slice(0, count(25)).map(({ c, s }) => () =>
    ecs.send(new UpdateServiceCommand({ cluster: clusterName(c), service: serviceName(s), desiredCount: 5 })),
  ));
  add('missing_resource', drifted.slice(count(25)).map(({ c, s }) => () =>
    ecs.send(new DeleteServiceCommand({ cluster: clusterName(c), service: serviceName(s), force: true })),
  ));
  add('configuration_drift', every(estate.clusterArns, count(5)).map((arn) => () =>
    ecs.send(new UpdateClusterCommand({ cluster: arn, settings: [{ name: 'containerInsights', value: 'disabled' }] })),
  ));
  add('configuration_drift', every([...Array(estate.plan.dbInstances).keys()], count(10)).map((d) => () =>
    rds.send(new ModifyDBInstanceCommand({ DBInstanceIdentifier: dbInstanceId(d), PreferredBackupWindow: '05:00-06:00', ApplyImmediately: true })),
  ));
  add('tag_drift', every([...Array(estate.plan.dbSubnetGroups).keys()], count(5)).map((g) => () =>
    rds.send(
      new AddTagsToResourceCommand({ ResourceName: `arn:aws:rds:us-east-1:123456789012:subgrp:${subnetGroupName(g)}`, Tags: [{ Key: 'Owner', Value: 'someone' }] }),
    ),
  ));
  add('extra_resource', every(estate.vpcs, count(2)).map((vpc) => () =>
    ec2.send(new CreateSecurityGroupCommand({ GroupName: `bench-unmanaged-${pad(vpc.index)}`, Description: 'created by hand', VpcId: vpc.id })),
  ));

  await mapWithLimit(changes, concurrency, (change) => change());
  return { resources: changes.length, byType };
}
