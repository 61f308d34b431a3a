// AWS::ECS::Cluster and AWS::ECS::Service: SDK records (camelCase) → CloudFormation shape.
import { cfnTagsFromLowercase, pascalCaseKeys, pick } from './mapping.js';
import type { Cluster, Service } from './ecs-source.js';
import { defineReader } from './reader.js';

export const clusterReader = defineReader<Cluster>({
  type: 'AWS::ECS::Cluster',
  service: 'ecs',
  actions: ['ecs:ListClusters', 'ecs:DescribeClusters'],
  list: (ctx) => ctx.ecs.clusters(),
  physicalId: (c) => c.clusterName,
  properties: {
    ClusterName: (c) => c.clusterName,
    ClusterSettings: (c) => pascalCaseKeys(c.settings),
    CapacityProviders: (c) => c.capacityProviders,
    DefaultCapacityProviderStrategy: (c) => pascalCaseKeys(c.defaultCapacityProviderStrategy),
    Configuration: (c) => pascalCaseKeys(c.configuration),
    ServiceConnectDefaults: (c) => pick(c.serviceConnectDefaults, { Namespace: 'namespace' }),
    Tags: (c) => cfnTagsFromLowercase(c.tags),
  },
  attributes: {
    Arn: (c) => c.clusterArn,
  },
});

export const serviceReader = defineReader<Service>({
  type: 'AWS::ECS::Service',
  service: 'ecs',
  actions: ['ecs:ListClusters', 'ecs:DescribeClusters', 'ecs:ListServices', 'ecs:DescribeServices'],
  list: (ctx) => ctx.ecs.services(),
  physicalId: (s) => s.serviceArn,
  properties: {
    Cluster: (s) => s.clusterArn,
    ServiceName: (s) => s.serviceName,
    TaskDefinition: (s) => s.taskDefinition,
    DesiredCount: (s) => s.desiredCount,
    LaunchType: (s) => s.launchType,
    PlatformVersion: (s) => s.platformVersion,
    SchedulingStrategy: (s) => s.schedulingStrategy,
    CapacityProviderStrategy: (s) => pascalCaseKeys(s.capacityProviderStrategy),
    DeploymentConfiguration: (s) => pascalCaseKeys(s.deploymentConfiguration),
    DeploymentController: (s) => pascalCaseKeys(s.deploymentController),
    NetworkConfiguration: (s) => pascalCaseKeys(s.networkConfiguration),
    LoadBalancers: (s) => pascalCaseKeys(s.loadBalancers),
    ServiceRegistries: (s) => pascalCaseKeys(s.serviceRegistries),
    PlacementConstraints: (s) => pascalCaseKeys(s.placementConstraints),
    PlacementStrategies: (s) => pascalCaseKeys(s.placementStrategy),
    HealthCheckGracePeriodSeconds: (s) => s.healthCheckGracePeriodSeconds,
    EnableECSManagedTags: (s) => s.enableECSManagedTags,
    EnableExecuteCommand: (s) => s.enableExecuteCommand,
    PropagateTags: (s) => s.propagateTags,
    AvailabilityZoneRebalancing: (s) => s.availabilityZoneRebalancing,
    Role: (s) => s.roleArn,
    Tags: (s) => cfnTagsFromLowercase(s.tags),
  },
  attributes: {
    ServiceArn: (s) => s.serviceArn,
    Name: (s) => s.serviceName,
  },
});

export const ecsReaders = [clusterReader, serviceReader];
