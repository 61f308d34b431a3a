// Fault suite for the whole `drift check`: a loopback proxy between the SDK and moto answers chosen
// operations with throttling, access denied, 500s or nothing in time. The check must come back
// correct after retries, or incomplete with the right error: never with invented missing items.
import { ModifyInstanceAttributeCommand } from '@aws-sdk/client-ec2';
import { DeleteServiceCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { DeleteDBInstanceCommand } from '@aws-sdk/client-rds';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { exitCodeFor } from '../../src/cli/commands/check.js';
import type { ApiCallCounter } from '../../src/aws/clients.js';
import type { DriftReport } from '../../src/drift/model.js';
import { startFaultProxy, type FaultProxy } from '../harness/fault-proxy.js';
import { motoEndpoint, useFreshMoto } from '../harness/moto.js';
import { sdk, type Sdk } from './fixtures.js';
import {
  CLUSTER,
  DB,
  ESTATE_PHASES,
  TEST_CREDENTIALS_ENV,
  checkWorkspace,
  createEstate,
  itemView,
  removeWorkspaces,
  writePhases,
  type AwsSourceExtras,
  type Estate,
  type PhaseWorkspace,
} from './scenario-estate.js';

useFreshMoto();

let ws: PhaseWorkspace;
let proxy: FaultProxy;
let aws: Sdk;
let estate: Estate;

beforeAll(async () => {
  for (const [key, value] of Object.entries(TEST_CREDENTIALS_ENV)) vi.stubEnv(key, value);
  ws = writePhases(ESTATE_PHASES);
  proxy = await startFaultProxy(motoEndpoint());
});
afterAll(async () => {
  vi.unstubAllEnvs();
  removeWorkspaces();
  await proxy.close();
});
beforeEach(async () => {
  proxy.setRules([]);
  aws = sdk();
  estate = await createEstate(aws);
});

const throughProxy = (extra: AwsSourceExtras = {}) => checkWorkspace(ws, proxy.endpoint, extra);
const direct = () => checkWorkspace(ws, motoEndpoint());

const RDS_TYPES = ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster', 'AWS::RDS::DBSubnetGroup'];

function expectNoMissing(report: DriftReport): void {
  expect(report.items.filter((i) => i.type === 'missing_resource')).toEqual([]);
}

describe('transient faults: retried, and the report is exactly the fault-free one', () => {
  it('throttling on every service for a few attempts, then success', async () => {
    await aws.ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: 'web', desiredCount: 4 }));
    await aws.ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: estate.instanceId, InstanceType: { Value: 't3.small' } }));
    const expected = (await direct()).report;
    proxy.setRules([
      { service: 'sts', operation: 'GetCallerIdentity', kind: 'throttle', times: 1 },
      { service: 'ec2', operation: 'DescribeSecurityGroups', kind: 'throttle', times: 2 },
      { service: 'ecs', operation: 'DescribeServices', kind: 'throttle', times: 2 },
      { service: 'rds', operation: 'DescribeDBInstances', kind: 'throttle', times: 2 },
      { service: 'rds', operation: 'ListTagsForResource', kind: 'server-error', times: 1 },
    ]);
    let calls: ApiCallCounter | undefined;

    const { report } = await throughProxy({ onClients: (c) => (calls = c.calls) });

    expect(report.complete).toBe(true);
    expect(report.errors).toEqual([]);
    expect(report.items).toEqual(expected.items);
    expect(report.items.map((i) => [i.logicalId, i.differences.map((d) => d.path)])).toEqual([
      ['Bastion', ['InstanceType']],
      ['WebService', ['DesiredCount']],
    ]);
    expect(report.summary).toEqual(expected.summary);
    expect(exitCodeFor(report)).toBe(2);
    // Every injected fault was hit and retried: one logical call each, more attempts.
    expect(proxy.faults('ec2:DescribeSecurityGroups')).toBe(2);
    expect(calls!.count('ec2:DescribeSecurityGroups')).toBe(1);
    expect(calls!.attempts('ec2:DescribeSecurityGroups')).toBe(3);
    expect(calls!.attempts('ecs:DescribeServices')).toBe(3);
    expect(calls!.attempts('rds:DescribeDBInstances')).toBe(3);
    expect(proxy.faults('sts:GetCallerIdentity')).toBe(1);
    expect(proxy.faults('rds:ListTagsForResource')).toBe(1);
  });
});

describe('persistent faults: incomplete, the failing types not checked, never missing', () => {
  it('AccessDenied on ecs:DescribeServices: services not checked (even a deleted one), the rest still checked, exit 1', async () => {
    await aws.ecs.send(new DeleteServiceCommand({ cluster: CLUSTER, service: 'web', force: true }));
    await aws.ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: estate.instanceId, InstanceType: { Value: 't3.small' } }));
    proxy.setRules([{ service: 'ecs', operation: 'DescribeServices', kind: 'access-denied' }]);

    const { report } = await throughProxy();

    expect(report.complete).toBe(false);
    expect(report.errors).toEqual([
      {
        service: 'ecs',
        types: ['AWS::ECS::Service'],
        code: 'AccessDeniedException',
        message: 'DescribeServices failed: User: arn:aws:iam::123456789012:user/test is not authorized',
        requiredAction: 'ecs:DescribeServices',
      },
    ]);
    expect(report.notChecked.resources).toEqual([
      {
        logicalId: 'WebService',
        resourceType: 'AWS::ECS::Service',
        reason:
          'ecs could not be read: AccessDeniedException: DescribeServices failed: User: arn:aws:iam::123456789012:user/test is not authorized',
        code: 'read_failed',
        file: 'phases/20-compute/02-ecs.yaml',
        line: 14,
      },
    ]);
    expectNoMissing(report);
    // The readable part of the account is still checked and its drift reported.
    expect(report.items.map(itemView)).toEqual([
      expect.objectContaining({
        type: 'configuration_drift',
        logicalId: 'Bastion',
        differences: [{ path: 'InstanceType', kind: 'NOT_EQUAL', expected: 't3.micro', actual: 't3.small' }],
      }),
    ]);
    expect(report.summary).toMatchObject({ resources: 12, inSync: 10, drifted: 1, notChecked: 1 });
    expect(exitCodeFor(report)).toBe(1);
    expect(proxy.requests('ecs:DescribeServices')).toBe(1);
  });

  it('500s on every RDS call: the three RDS types not checked (a deleted DB included), exit 1', async () => {
    await aws.rds.send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: DB, SkipFinalSnapshot: true }));
    proxy.setRules(
      ['DescribeDBInstances', 'DescribeDBClusters', 'DescribeDBSubnetGroups'].map((operation) => ({
        service: 'rds' as const,
        operation,
        kind: 'server-error' as const,
      })),
    );

    const { report } = await throughProxy({ maxAttempts: 2 });

    expect(report.complete).toBe(false);
    expect(report.errors.map((e) => [e.service, e.types, e.code, e.message])).toEqual(
      expect.arrayContaining(
        [
          ['AWS::RDS::DBInstance', 'DescribeDBInstances'],
          ['AWS::RDS::DBCluster', 'DescribeDBClusters'],
          ['AWS::RDS::DBSubnetGroup', 'DescribeDBSubnetGroups'],
        ].map(([type, op]) => ['rds', [type], 'InternalFailure', `${op} failed after 2 attempts: An internal error has occurred`]),
      ),
    );
    expect(report.errors).toHaveLength(3);
    expect(report.errors.every((e) => e.requiredAction === undefined)).toBe(true);
    expect(report.notChecked.resources.map((r) => [r.logicalId, r.resourceType]).sort()).toEqual([
      ['AuroraCluster', 'AWS::RDS::DBCluster'],
      ['DbSubnetGroup', 'AWS::RDS::DBSubnetGroup'],
      ['OrdersDb', 'AWS::RDS::DBInstance'],
    ]);
    expect(report.items).toEqual([]);
    expect(report.summary).toMatchObject({ resources: 12, inSync: 9, drifted: 0, notChecked: 3 });
    expect(exitCodeFor(report)).toBe(1);
    expect(report.errors.flatMap((e) => e.types).sort()).toEqual([...RDS_TYPES].sort());
  });

  it('AccessDenied on ec2:DescribeSecurityGroups: VPCs and groups not checked; properties that !Ref them are not checked, not drift', async () => {
    proxy.setRules([{ service: 'ec2', operation: 'DescribeSecurityGroups', kind: 'access-denied' }]);

    const { report } = await throughProxy();

    expect(report.complete).toBe(false);
    expect(report.errors).toEqual([
      {
        service: 'ec2',
        types: ['AWS::EC2::VPC', 'AWS::EC2::SecurityGroup'],
        code: 'UnauthorizedOperation',
        message: 'DescribeSecurityGroups failed: You are not authorized to perform this operation.',
        requiredAction: 'ec2:DescribeSecurityGroups',
      },
    ]);
    expect(report.items).toEqual([]);
    expect(report.notChecked.resources.map((r) => r.logicalId).sort()).toEqual([
      'AppSecurityGroup',
      'DbSecurityGroup',
      'Vpc',
      'WebSecurityGroup',
    ]);
    // Every property whose value needs the unread VPC or groups is skipped with the reason.
    const skipped = report.notChecked.properties
      .filter((p) => p.path !== 'MasterUserPassword')
      .map((p) => [p.logicalId, p.path, p.reason]);
    expect(skipped).toEqual(
      expect.arrayContaining([
        ['PrivateSubnetA', 'VpcId', 'references Vpc, whose type could not be read'],
        ['Bastion', 'SecurityGroupIds', 'references AppSecurityGroup, whose type could not be read'],
        ['WebService', 'NetworkConfiguration', 'references AppSecurityGroup, whose type could not be read'],
        ['OrdersDb', 'VPCSecurityGroups', 'references DbSecurityGroup, whose type could not be read'],
        ['AuroraCluster', 'VpcSecurityGroupIds', 'references DbSecurityGroup, whose type could not be read'],
      ]),
    );
    expect(skipped).toHaveLength(6);
    expect(exitCodeFor(report)).toBe(1);
  });

  it('responses slower than the request timeout: ETIMEDOUT, the instance type not checked, the rest checked', async () => {
    proxy.setRules([{ service: 'ec2', operation: 'DescribeInstances', kind: 'slow', delayMs: 1500 }]);

    const { report } = await throughProxy({ maxAttempts: 2, requestTimeoutMs: 250 });

    // Bounded by attempts, not by a wall-time limit: exactly the two configured attempts were made.
    expect(proxy.requests('ec2:DescribeInstances')).toBe(2);
    expect(report.complete).toBe(false);
    expect(report.errors).toEqual([
      {
        service: 'ec2',
        types: ['AWS::EC2::Instance'],
        code: 'ETIMEDOUT',
        message: expect.stringMatching(/^DescribeInstances failed after 2 attempts: .*exceeded the configured 250 ms requestTimeout/),
      },
    ]);
    expect(report.notChecked.resources.map((r) => r.logicalId)).toEqual(['Bastion']);
    expect(report.items).toEqual([]);
    expect(report.summary).toMatchObject({ resources: 12, inSync: 11, notChecked: 1 });
    expect(exitCodeFor(report)).toBe(1);
  });
});
