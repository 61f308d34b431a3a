import {
  CreateClusterCommand,
  CreateServiceCommand,
  DeleteClusterCommand,
  DeleteServiceCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { readLiveState } from '../../src/aws/read-live.js';
import { MOTO_ACCOUNT_ID, useFreshMoto } from '../harness/moto.js';
import { createCluster, createNetwork, productClients, registerTaskDefinition, resource, resourcesOf, sdk } from './fixtures.js';

useFreshMoto();

const ECS_TYPES = ['AWS::ECS::Cluster', 'AWS::ECS::Service'];

describe('AWS::ECS::Cluster reader', () => {
  it('maps settings, capacity providers, configuration and lowercase tags; physical id is the name', async () => {
    const { ecs } = sdk();
    await ecs.send(
      new CreateClusterCommand({
        clusterName: 'web-prod',
        settings: [{ name: 'containerInsights', value: 'enabled' }],
        capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
        defaultCapacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1, base: 1 }],
        configuration: { executeCommandConfiguration: { logging: 'DEFAULT' } },
        tags: [
          { key: 'Team', value: 'web' },
          { key: 'Environment', value: 'production' },
        ],
      }),
    );
    await createCluster(ecs, 'deleted');
    await ecs.send(new DeleteClusterCommand({ cluster: 'deleted' }));

    const state = await readLiveState(await productClients(), ['AWS::ECS::Cluster']);

    expect(state.errors).toEqual([]);
    expect(resourcesOf(state, 'AWS::ECS::Cluster').map((c) => c.physicalId)).toEqual(['web-prod']);
    expect(resource(state, 'AWS::ECS::Cluster', 'web-prod')).toStrictEqual({
      type: 'AWS::ECS::Cluster',
      physicalId: 'web-prod',
      properties: {
        ClusterName: 'web-prod',
        ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }],
        CapacityProviders: ['FARGATE', 'FARGATE_SPOT'],
        DefaultCapacityProviderStrategy: [{ CapacityProvider: 'FARGATE', Weight: 1, Base: 1 }],
        Configuration: { ExecuteCommandConfiguration: { Logging: 'DEFAULT' } },
        Tags: [
          { Key: 'Environment', Value: 'production' },
          { Key: 'Team', Value: 'web' },
        ],
      },
      attributes: { Arn: `arn:aws:ecs:us-east-1:${MOTO_ACCOUNT_ID}:cluster/web-prod` },
    });
  });
});

describe('AWS::ECS::Service reader', () => {
  it('maps a Fargate service with its cluster ARN, network configuration and tags; physical id is the ARN', async () => {
    const { ec2, ecs } = sdk();
    const net = await createNetwork(ec2);
    const clusterArn = await createCluster(ecs, 'web-prod');
    const taskDefinition = await registerTaskDefinition(ecs);
    const created = await ecs.send(
      new CreateServiceCommand({
        cluster: 'web-prod',
        serviceName: 'api',
        taskDefinition: 'web',
        desiredCount: 3,
        launchType: 'FARGATE',
        platformVersion: 'LATEST',
        networkConfiguration: {
          awsvpcConfiguration: { subnets: [net.subnetA, net.subnetB], securityGroups: [net.securityGroupId], assignPublicIp: 'DISABLED' },
        },
        propagateTags: 'SERVICE',
        tags: [{ key: 'Service', value: 'api' }],
      }),
    );
    const serviceArn = created.service!.serviceArn!;

    const state = await readLiveState(await productClients(), ECS_TYPES);

    expect(state.readTypes).toEqual(ECS_TYPES);
    expect(resource(state, 'AWS::ECS::Service', serviceArn)).toStrictEqual({
      type: 'AWS::ECS::Service',
      physicalId: serviceArn,
      properties: {
        Cluster: clusterArn,
        ServiceName: 'api',
        TaskDefinition: taskDefinition,
        DesiredCount: 3,
        LaunchType: 'FARGATE',
        PlatformVersion: 'LATEST',
        SchedulingStrategy: 'REPLICA',
        DeploymentController: { Type: 'ECS' },
        NetworkConfiguration: {
          AwsvpcConfiguration: {
            Subnets: [net.subnetA, net.subnetB],
            SecurityGroups: [net.securityGroupId],
            AssignPublicIp: 'DISABLED',
          },
        },
        LoadBalancers: [],
        ServiceRegistries: [],
        PropagateTags: 'SERVICE',
        Tags: [{ Key: 'Service', Value: 'api' }],
      },
      attributes: { ServiceArn: serviceArn, Name: 'api' },
    });
  });

  it('reads DeploymentConfiguration in CloudFormation shape once the service reports it', async () => {
    const { ecs } = sdk();
    await createCluster(ecs, 'batch');
    await registerTaskDefinition(ecs);
    const created = await ecs.send(new CreateServiceCommand({ cluster: 'batch', serviceName: 'worker', taskDefinition: 'web', desiredCount: 1 }));
    // moto drops deploymentConfiguration on CreateService but keeps it from UpdateService.
    await ecs.send(
      new UpdateServiceCommand({
        cluster: 'batch',
        service: 'worker',
        deploymentConfiguration: {
          maximumPercent: 200,
          minimumHealthyPercent: 50,
          deploymentCircuitBreaker: { enable: true, rollback: true },
        },
      }),
    );

    const state = await readLiveState(await productClients(), ['AWS::ECS::Service']);

    expect(resource(state, 'AWS::ECS::Service', created.service!.serviceArn!).properties.DeploymentConfiguration).toStrictEqual({
      MaximumPercent: 200,
      MinimumHealthyPercent: 50,
      DeploymentCircuitBreaker: { Enable: true, Rollback: true },
    });
  });

  it('reads services of every cluster, batching DescribeServices ten at a time', async () => {
    const { ecs } = sdk();
    await createCluster(ecs, 'a');
    await createCluster(ecs, 'b');
    await registerTaskDefinition(ecs);
    for (let i = 0; i < 12; i++) {
      await ecs.send(new CreateServiceCommand({ cluster: 'a', serviceName: `a-${i}`, taskDefinition: 'web', desiredCount: 1 }));
    }
    await ecs.send(new CreateServiceCommand({ cluster: 'b', serviceName: 'b-0', taskDefinition: 'web', desiredCount: 0 }));
    const clients = await productClients();

    const state = await readLiveState(clients, ['AWS::ECS::Service']);

    const services = resourcesOf(state, 'AWS::ECS::Service');
    expect(services).toHaveLength(13);
    expect(services.filter((s) => s.properties.Cluster === `arn:aws:ecs:us-east-1:${MOTO_ACCOUNT_ID}:cluster/a`)).toHaveLength(12);
    expect(clients.calls.count('ecs:ListServices')).toBe(2);
    expect(clients.calls.count('ecs:DescribeServices')).toBe(3);
  });

  it('leaves out deleted (INACTIVE) services that List/Describe still return', async () => {
    const { ecs } = sdk();
    await createCluster(ecs, 'web');
    await registerTaskDefinition(ecs);
    await ecs.send(new CreateServiceCommand({ cluster: 'web', serviceName: 'keep', taskDefinition: 'web', desiredCount: 1 }));
    await ecs.send(new CreateServiceCommand({ cluster: 'web', serviceName: 'gone', taskDefinition: 'web', desiredCount: 1 }));
    await ecs.send(new DeleteServiceCommand({ cluster: 'web', service: 'gone', force: true }));

    const state = await readLiveState(await productClients(), ['AWS::ECS::Service']);

    expect(resourcesOf(state, 'AWS::ECS::Service').map((s) => s.attributes.Name)).toEqual(['keep']);
  });
});
