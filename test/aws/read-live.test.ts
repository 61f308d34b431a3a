import { CreateSubnetCommand, CreateVpcCommand, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { CreateDBInstanceCommand } from '@aws-sdk/client-rds';
import { describe, expect, it } from 'vitest';
import { readOnlyPolicy } from '../../src/aws/iam-policy.js';
import { readLiveState } from '../../src/aws/read-live.js';
import { supportedTypes } from '../../src/aws/readers/index.js';
import { MOTO_ACCOUNT_ID, MOTO_REGION, useFreshMoto } from '../harness/moto.js';
import {
  createCluster,
  createDbSubnetGroup,
  createNetwork,
  createServices,
  productClients,
  registerTaskDefinition,
  resourcesOf,
  sdk,
} from './fixtures.js';

useFreshMoto();

/** A little of everything: every reader has something to read and every call is exercised. */
async function createEstate(counts: { vpcs: number; services: [number, number]; subnetGroups: number }) {
  const { ec2, ecs, rds } = sdk();
  const networks = [];
  for (let i = 0; i < counts.vpcs; i++) networks.push(await createNetwork(ec2, `10.${100 + i}.0.0/16`));
  const net = networks[0]!;
  await ec2.send(
    new RunInstancesCommand({ ImageId: 'ami-12c6146b', InstanceType: 't3.micro', MinCount: 2, MaxCount: 2, SubnetId: net.subnetA }),
  );
  const taskDefinition = await registerTaskDefinition(ecs);
  await createCluster(ecs, 'one');
  await createCluster(ecs, 'two');
  await createServices(ecs, 'one', counts.services[0], taskDefinition);
  await createServices(ecs, 'two', counts.services[1], taskDefinition);
  for (let i = 0; i < counts.subnetGroups; i++) await createDbSubnetGroup(rds, `group-${i}`, [net.subnetA, net.subnetB]);
  await rds.send(
    new CreateDBInstanceCommand({
      DBInstanceIdentifier: 'db-1',
      DBInstanceClass: 'db.t3.micro',
      Engine: 'postgres',
      AllocatedStorage: 20,
      MasterUsername: 'admin_user',
      MasterUserPassword: 'not-a-real-password',
      DBSubnetGroupName: 'group-0',
    }),
  );
  return networks;
}

describe('readLiveState', () => {
  it('reads every supported type with batched calls: the call count does not grow with resources except where AWS has no batch API', async () => {
    // 3 VPCs of ours + moto's default VPC; 23 services in one cluster, 4 in the other; 3 subnet groups.
    await createEstate({ vpcs: 3, services: [23, 4], subnetGroups: 3 });
    const clients = await productClients();

    const state = await readLiveState(clients, supportedTypes());

    expect(state.errors).toEqual([]);
    expect(state.readTypes).toEqual(supportedTypes());
    expect(state.region).toBe(MOTO_REGION);
    expect(state.accountId).toBe(MOTO_ACCOUNT_ID);
    expect(resourcesOf(state, 'AWS::EC2::VPC')).toHaveLength(4);
    expect(resourcesOf(state, 'AWS::ECS::Service')).toHaveLength(27);
    expect(resourcesOf(state, 'AWS::EC2::Instance')).toHaveLength(2);
    expect(clients.calls.byOperation()).toEqual({
      'ec2:DescribeInstances': 1,
      'ec2:DescribeSecurityGroups': 1,
      'ec2:DescribeSubnets': 1,
      // No batch form exists: two calls (DNS support, DNS hostnames) per VPC.
      'ec2:DescribeVpcAttribute': 8,
      'ec2:DescribeVpcs': 1,
      'ecs:DescribeClusters': 1,
      // ceil(23/10) + ceil(4/10)
      'ecs:DescribeServices': 4,
      'ecs:ListClusters': 1,
      'ecs:ListServices': 2,
      'rds:DescribeDBClusters': 1,
      'rds:DescribeDBInstances': 1,
      'rds:DescribeDBSubnetGroups': 1,
      // DB subnet groups carry no TagList: one call per group.
      'rds:ListTagsForResource': 3,
      'sts:GetCallerIdentity': 1,
    });
    // Every call succeeded first time.
    expect(clients.calls.attempts()).toBe(clients.calls.count());
  });

  it('only calls the APIs the requested types need, sharing calls between readers of a service', async () => {
    const { ec2 } = sdk();
    await createNetwork(ec2);
    const clients = await productClients();

    const state = await readLiveState(clients, ['AWS::EC2::SecurityGroup', 'AWS::EC2::VPC']);

    expect(state.readTypes).toEqual(['AWS::EC2::SecurityGroup', 'AWS::EC2::VPC']);
    expect(clients.calls.byOperation()).toEqual({
      'ec2:DescribeSecurityGroups': 1,
      'ec2:DescribeVpcAttribute': 4,
      'ec2:DescribeVpcs': 1,
      'sts:GetCallerIdentity': 1,
    });
  });

  it('reports a type without a reader as an error, never as read', async () => {
    const clients = await productClients();

    const state = await readLiveState(clients, ['AWS::S3::Bucket', 'AWS::EC2::Subnet']);

    expect(state.readTypes).toEqual(['AWS::EC2::Subnet']);
    expect(state.errors).toEqual([
      {
        service: 's3',
        types: ['AWS::S3::Bucket'],
        code: 'UnsupportedResourceType',
        message: expect.stringContaining('ialctl cannot read AWS::S3::Bucket from AWS'),
      },
    ]);
  });

  it('returns resources in a stable order (requested type order, then physical id)', async () => {
    const { ec2 } = sdk();
    const vpc = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.9.0.0/16' }));
    for (const n of [3, 1, 2]) {
      await ec2.send(new CreateSubnetCommand({ VpcId: vpc.Vpc!.VpcId!, CidrBlock: `10.9.${n}.0/24` }));
    }

    const state = await readLiveState(await productClients(), ['AWS::EC2::Subnet', 'AWS::EC2::VPC']);

    const types = state.resources.map((r) => r.type);
    expect(types.indexOf('AWS::EC2::VPC')).toBe(types.lastIndexOf('AWS::EC2::Subnet') + 1);
    const subnetIds = resourcesOf(state, 'AWS::EC2::Subnet').map((r) => r.physicalId);
    expect(subnetIds).toEqual([...subnetIds].sort());
  });
});

describe('readOnlyPolicy', () => {
  it('grants exactly the actions a full read calls', async () => {
    await createEstate({ vpcs: 1, services: [1, 1], subnetGroups: 1 });
    const clients = await productClients();

    await readLiveState(clients, supportedTypes());

    const policy = readOnlyPolicy();
    expect(policy.Statement).toHaveLength(1);
    expect(policy.Statement[0]!.Effect).toBe('Allow');
    expect(policy.Statement[0]!.Resource).toBe('*');
    expect(policy.Statement[0]!.Action).toEqual(Object.keys(clients.calls.byOperation()));
  });

  it('narrows to the types asked for', () => {
    expect(readOnlyPolicy(['AWS::RDS::DBSubnetGroup']).Statement[0]!.Action).toEqual([
      'rds:DescribeDBSubnetGroups',
      'rds:ListTagsForResource',
      'sts:GetCallerIdentity',
    ]);
    expect(() => readOnlyPolicy(['AWS::S3::Bucket'])).toThrow('No reader for AWS::S3::Bucket');
  });
});
