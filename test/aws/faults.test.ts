import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readLiveState } from '../../src/aws/read-live.js';
import { supportedTypes } from '../../src/aws/readers/index.js';
import { startFaultProxy, type FaultProxy } from '../harness/fault-proxy.js';
import { freePort } from '../harness/moto-server.js';
import { motoEndpoint, useFreshMoto } from '../harness/moto.js';
import { createCluster, createDbSubnetGroup, createNetwork, createServices, productClients, registerTaskDefinition, resourcesOf, sdk } from './fixtures.js';

useFreshMoto();

let proxy: FaultProxy;
beforeAll(async () => {
  proxy = await startFaultProxy(motoEndpoint());
});
afterAll(async () => {
  await proxy.close();
});
beforeEach(async () => {
  proxy.setRules([]);
  const { ec2, ecs, rds } = sdk();
  const net = await createNetwork(ec2);
  const taskDefinition = await registerTaskDefinition(ecs);
  await createCluster(ecs, 'web');
  await createServices(ecs, 'web', 2, taskDefinition);
  await createDbSubnetGroup(rds, 'main', [net.subnetA, net.subnetB], { Env: 'prod' });
});

const ECS_TYPES = ['AWS::ECS::Cluster', 'AWS::ECS::Service'];
const notEcs = supportedTypes().filter((t) => !ECS_TYPES.includes(t));

describe('transient failures are retried', () => {
  it('recovers from throttling (EC2 query protocol)', async () => {
    proxy.setRules([{ service: 'ec2', operation: 'DescribeSecurityGroups', kind: 'throttle', times: 2 }]);
    const clients = await productClients({}, proxy.endpoint);

    const state = await readLiveState(clients, supportedTypes());

    expect(state.errors).toEqual([]);
    expect(state.readTypes).toEqual(supportedTypes());
    expect(proxy.faults('ec2:DescribeSecurityGroups')).toBe(2);
    expect(clients.calls.count('ec2:DescribeSecurityGroups')).toBe(1);
    expect(clients.calls.attempts('ec2:DescribeSecurityGroups')).toBe(3);
  });

  it('recovers from throttling (ECS JSON protocol) and a 500 (RDS query protocol)', async () => {
    proxy.setRules([
      { service: 'ecs', operation: 'DescribeServices', kind: 'throttle', times: 1 },
      { service: 'rds', operation: 'DescribeDBInstances', kind: 'server-error', times: 2 },
    ]);
    const clients = await productClients({}, proxy.endpoint);

    const state = await readLiveState(clients, supportedTypes());

    expect(state.errors).toEqual([]);
    expect(resourcesOf(state, 'AWS::ECS::Service')).toHaveLength(2);
    expect(clients.calls.attempts('ecs:DescribeServices')).toBe(2);
    expect(clients.calls.attempts('rds:DescribeDBInstances')).toBe(3);
  });

  it('retries a response slower than the request timeout', async () => {
    proxy.setRules([{ service: 'ec2', operation: 'DescribeSubnets', kind: 'slow', delayMs: 1500, times: 1 }]);
    const clients = await productClients({ requestTimeoutMs: 400 }, proxy.endpoint);

    const state = await readLiveState(clients, ['AWS::EC2::Subnet']);

    expect(state.errors).toEqual([]);
    expect(state.readTypes).toEqual(['AWS::EC2::Subnet']);
    expect(clients.calls.attempts('ec2:DescribeSubnets')).toBe(2);
  });
});

describe('persistent failures fail closed', () => {
  it('leaves both ECS types out when ListClusters stays throttled, and reads everything else', async () => {
    proxy.setRules([{ service: 'ecs', operation: 'ListClusters', kind: 'throttle' }]);
    const clients = await productClients({ maxAttempts: 3 }, proxy.endpoint);

    const state = await readLiveState(clients, supportedTypes());

    expect(state.errors).toEqual([
      {
        service: 'ecs',
        types: ECS_TYPES,
        code: 'ThrottlingException',
        message: 'ListClusters failed after 3 attempts: Rate exceeded',
      },
    ]);
    expect(state.readTypes).toEqual(notEcs);
    expect(state.resources.filter((r) => ECS_TYPES.includes(r.type))).toEqual([]);
    expect(resourcesOf(state, 'AWS::RDS::DBSubnetGroup')).toHaveLength(1);
    expect(proxy.requests('ecs:ListClusters')).toBe(3);
  });

  it('drops all services, not just the failed batch, when the second DescribeServices call keeps failing with 500s', async () => {
    const { ecs } = sdk();
    // 2 + 10 services: two DescribeServices batches; the first succeeds.
    await createServices(ecs, 'web', 10, await registerTaskDefinition(ecs, 'more'), 'more');
    proxy.setRules([{ service: 'ecs', operation: 'DescribeServices', kind: 'server-error', skip: 1 }]);
    const clients = await productClients({ maxAttempts: 2 }, proxy.endpoint);

    const state = await readLiveState(clients, ECS_TYPES);

    expect(proxy.requests('ecs:DescribeServices')).toBe(3);
    expect(proxy.faults('ecs:DescribeServices')).toBe(2);
    expect(state.readTypes).toEqual(['AWS::ECS::Cluster']);
    expect(resourcesOf(state, 'AWS::ECS::Cluster')).toHaveLength(1);
    expect(resourcesOf(state, 'AWS::ECS::Service')).toEqual([]);
    expect(state.errors).toEqual([
      {
        service: 'ecs',
        types: ['AWS::ECS::Service'],
        code: 'ServerException',
        message: 'DescribeServices failed after 2 attempts: An internal error has occurred',
      },
    ]);
  });

  it('names the missing IAM action on access denied, without retrying', async () => {
    proxy.setRules([{ service: 'ecs', operation: 'DescribeServices', kind: 'access-denied' }]);
    const clients = await productClients({}, proxy.endpoint);

    const state = await readLiveState(clients, ECS_TYPES);

    expect(state.errors).toEqual([
      {
        service: 'ecs',
        types: ['AWS::ECS::Service'],
        code: 'AccessDeniedException',
        message: 'DescribeServices failed: User: arn:aws:iam::123456789012:user/test is not authorized',
        requiredAction: 'ecs:DescribeServices',
      },
    ]);
    expect(proxy.requests('ecs:DescribeServices')).toBe(1);
  });

  it('fails the subnet group type when only its per-group tag call is denied (no tagless groups)', async () => {
    proxy.setRules([{ service: 'rds', operation: 'ListTagsForResource', kind: 'access-denied' }]);
    const clients = await productClients({}, proxy.endpoint);

    const state = await readLiveState(clients, ['AWS::RDS::DBSubnetGroup', 'AWS::RDS::DBInstance']);

    expect(state.readTypes).toEqual(['AWS::RDS::DBInstance']);
    expect(resourcesOf(state, 'AWS::RDS::DBSubnetGroup')).toEqual([]);
    expect(state.errors).toEqual([
      {
        service: 'rds',
        types: ['AWS::RDS::DBSubnetGroup'],
        code: 'AccessDenied',
        message: 'ListTagsForResource failed: User: arn:aws:iam::123456789012:user/test is not authorized',
        requiredAction: 'rds:ListTagsForResource',
      },
    ]);
  });

  it('fails every reader that shares a failed call, in one error (EC2 UnauthorizedOperation)', async () => {
    proxy.setRules([{ service: 'ec2', operation: 'DescribeSecurityGroups', kind: 'access-denied' }]);
    const clients = await productClients({}, proxy.endpoint);

    const state = await readLiveState(clients, ['AWS::EC2::VPC', 'AWS::EC2::Subnet', 'AWS::EC2::SecurityGroup']);

    expect(state.readTypes).toEqual(['AWS::EC2::Subnet']);
    expect(state.resources.every((r) => r.type === 'AWS::EC2::Subnet')).toBe(true);
    expect(state.errors).toEqual([
      {
        service: 'ec2',
        types: ['AWS::EC2::VPC', 'AWS::EC2::SecurityGroup'],
        code: 'UnauthorizedOperation',
        message: 'DescribeSecurityGroups failed: You are not authorized to perform this operation.',
        requiredAction: 'ec2:DescribeSecurityGroups',
      },
    ]);
    expect(proxy.requests('ec2:DescribeSecurityGroups')).toBe(1);
  });

  it('reports a response that never comes in time as a timeout for that type only', async () => {
    proxy.setRules([{ service: 'rds', operation: 'DescribeDBClusters', kind: 'slow', delayMs: 2000 }]);
    const clients = await productClients({ maxAttempts: 2, requestTimeoutMs: 300 }, proxy.endpoint);

    const state = await readLiveState(clients, ['AWS::RDS::DBCluster', 'AWS::RDS::DBSubnetGroup']);

    expect(state.readTypes).toEqual(['AWS::RDS::DBSubnetGroup']);
    expect(state.errors).toEqual([
      {
        service: 'rds',
        types: ['AWS::RDS::DBCluster'],
        code: 'ETIMEDOUT',
        message: expect.stringMatching(/^DescribeDBClusters failed after 2 attempts: .*exceeded the configured 300 ms requestTimeout/),
      },
    ]);
  });

  it('reads nothing when the account cannot be identified (STS throttled)', async () => {
    proxy.setRules([{ service: 'sts', operation: 'GetCallerIdentity', kind: 'throttle' }]);
    const clients = await productClients({ maxAttempts: 2 }, proxy.endpoint);

    const state = await readLiveState(clients, ['AWS::EC2::VPC', 'AWS::ECS::Cluster']);

    expect(state).toEqual({
      region: 'us-east-1',
      accountId: '',
      readTypes: [],
      resources: [],
      errors: [
        {
          service: 'sts',
          types: ['AWS::EC2::VPC', 'AWS::ECS::Cluster'],
          code: 'Throttling',
          message: 'GetCallerIdentity failed after 2 attempts: Rate exceeded',
        },
      ],
    });
  });

  it('reads nothing, with the network error, when the endpoint is down', async () => {
    const deadPort = await freePort();
    const clients = await productClients({ maxAttempts: 2 }, `http://127.0.0.1:${deadPort}`);

    const state = await readLiveState(clients, ['AWS::EC2::VPC']);

    expect(state.readTypes).toEqual([]);
    expect(state.resources).toEqual([]);
    expect(state.errors).toEqual([
      {
        service: 'sts',
        types: ['AWS::EC2::VPC'],
        code: 'ECONNREFUSED',
        message: expect.stringMatching(/^GetCallerIdentity failed after 2 attempts: .*ECONNREFUSED/),
      },
    ]);
  });
});
