// Builders for AWS fixtures, created with the real SDK against moto.
import {
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeSecurityGroupsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { CreateClusterCommand, CreateServiceCommand, ECSClient, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { CreateDBSubnetGroupCommand, RDSClient } from '@aws-sdk/client-rds';
import { afterEach } from 'vitest';
import { createAwsClients, type AwsClientOptions, type AwsClients } from '../../src/aws/clients.js';
import type { LiveResource, LiveState } from '../../src/drift/model.js';
import { awsClientConfig, motoClientOptions, motoEndpoint } from '../harness/moto.js';

export interface Sdk {
  ec2: EC2Client;
  ecs: ECSClient;
  rds: RDSClient;
}

const open: { destroy(): void }[] = [];
afterEach(() => {
  for (const c of open.splice(0)) c.destroy();
});

/** Raw SDK clients for creating fixtures (closed after each test). */
export function sdk(): Sdk {
  const config = awsClientConfig();
  const clients = { ec2: new EC2Client(config), ecs: new ECSClient(config), rds: new RDSClient(config) };
  open.push(clients.ec2, clients.ecs, clients.rds);
  return clients;
}

/** The product's clients, pointed at moto (or at `endpoint`, e.g. a fault proxy). Closed after each test. */
export async function productClients(extra: AwsClientOptions = {}, endpoint: string = motoEndpoint()): Promise<AwsClients> {
  const clients = await createAwsClients(motoClientOptions(endpoint, extra));
  open.push(clients);
  return clients;
}

export function tagSpec(resourceType: 'vpc' | 'subnet' | 'security-group' | 'instance', tags: Record<string, string>) {
  return [{ ResourceType: resourceType, Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) }];
}

export interface Network {
  vpcId: string;
  subnetA: string;
  subnetB: string;
  securityGroupId: string;
  defaultSecurityGroupId: string;
}

/** A VPC with two subnets (us-east-1a/b) and one security group. */
export async function createNetwork(ec2: EC2Client, cidr = '10.0.0.0/16'): Promise<Network> {
  const prefix = cidr.split('.').slice(0, 2).join('.');
  const vpc = await ec2.send(new CreateVpcCommand({ CidrBlock: cidr }));
  const vpcId = vpc.Vpc!.VpcId!;
  const a = await ec2.send(
    new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: `${prefix}.1.0/24`, AvailabilityZone: 'us-east-1a' }),
  );
  const b = await ec2.send(
    new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: `${prefix}.2.0/24`, AvailabilityZone: 'us-east-1b' }),
  );
  const sg = await ec2.send(new CreateSecurityGroupCommand({ GroupName: `app-${prefix}`, Description: 'app', VpcId: vpcId }));
  const defaults = await ec2.send(
    new DescribeSecurityGroupsCommand({
      Filters: [
        { Name: 'vpc-id', Values: [vpcId] },
        { Name: 'group-name', Values: ['default'] },
      ],
    }),
  );
  return {
    vpcId,
    subnetA: a.Subnet!.SubnetId!,
    subnetB: b.Subnet!.SubnetId!,
    securityGroupId: sg.GroupId!,
    defaultSecurityGroupId: defaults.SecurityGroups![0]!.GroupId!,
  };
}

export async function createCluster(ecs: ECSClient, name: string): Promise<string> {
  const out = await ecs.send(new CreateClusterCommand({ clusterName: name }));
  return out.cluster!.clusterArn!;
}

export async function registerTaskDefinition(ecs: ECSClient, family = 'web'): Promise<string> {
  const out = await ecs.send(
    new RegisterTaskDefinitionCommand({
      family,
      containerDefinitions: [{ name: 'app', image: 'nginx:1.27', memory: 128 }],
    }),
  );
  return out.taskDefinition!.taskDefinitionArn!;
}

export async function createServices(
  ecs: ECSClient,
  cluster: string,
  count: number,
  taskDefinition: string,
  namePrefix = 'svc',
): Promise<void> {
  for (let i = 0; i < count; i++) {
    await ecs.send(
      new CreateServiceCommand({ cluster, serviceName: `${namePrefix}-${String(i).padStart(2, '0')}`, taskDefinition, desiredCount: 1 }),
    );
  }
}

export async function createDbSubnetGroup(rds: RDSClient, name: string, subnetIds: string[], tags: Record<string, string> = {}) {
  const out = await rds.send(
    new CreateDBSubnetGroupCommand({
      DBSubnetGroupName: name,
      DBSubnetGroupDescription: `${name} subnets`,
      SubnetIds: subnetIds,
      Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
    }),
  );
  return out.DBSubnetGroup!;
}

export function resourcesOf(state: LiveState, type: string): LiveResource[] {
  return state.resources.filter((r) => r.type === type);
}

export function resource(state: LiveState, type: string, physicalId: string): LiveResource {
  const found = state.resources.find((r) => r.type === type && r.physicalId === physicalId);
  if (!found) throw new Error(`no ${type} ${physicalId} in live state (have: ${resourcesOf(state, type).map((r) => r.physicalId).join(', ')})`);
  return found;
}
