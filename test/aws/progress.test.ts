// Per-service progress of a live read, against moto: what the chat's tool line shows while a check
// of a real account runs. Each service reports once when it starts and once when it ends, with the
// number of resources it read; a failing service ends `failed`, and the others still end `done`.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgentEvent } from '../../src/agent/events.js';
import { Conversation } from '../../src/agent/conversation.js';
import type { AwsService } from '../../src/aws/clients.js';
import { readLiveState, type ServiceProgress } from '../../src/aws/read-live.js';
import { loadConfig } from '../../src/config/index.js';
import { runCheck } from '../../src/engine/check.js';
import type { LiveState } from '../../src/drift/model.js';
import { createEngineAdapter } from '../../src/tools/engine-adapter.js';
import { startFaultProxy, type FaultProxy } from '../harness/fault-proxy.js';
import { motoEndpoint, useFreshMoto } from '../harness/moto.js';
import { createCluster, createDbSubnetGroup, createNetwork, createServices, productClients, registerTaskDefinition, sdk } from './fixtures.js';
import { TEST_CREDENTIALS_ENV, removeWorkspaces, writePhases } from './scenario-estate.js';

useFreshMoto();

let proxy: FaultProxy;
beforeAll(async () => {
  proxy = await startFaultProxy(motoEndpoint());
});
afterAll(async () => {
  await proxy.close();
  removeWorkspaces();
});
beforeEach(async () => {
  proxy.setRules([]);
  const { ec2, ecs, rds } = sdk();
  const net = await createNetwork(ec2);
  await createCluster(ecs, 'web');
  await createServices(ecs, 'web', 2, await registerTaskDefinition(ecs));
  await createDbSubnetGroup(rds, 'main', [net.subnetA, net.subnetB]);
});

// moto's default VPC and ours; one cluster and its two services; one subnet group.
const TYPES = ['AWS::EC2::VPC', 'AWS::ECS::Cluster', 'AWS::ECS::Service', 'AWS::RDS::DBSubnetGroup'];

function recorder(): { events: ServiceProgress[]; onProgress: (p: ServiceProgress) => void; of: (s: AwsService) => ServiceProgress[] } {
  const events: ServiceProgress[] = [];
  return { events, onProgress: (p) => events.push(p), of: (service) => events.filter((e) => e.service === service) };
}

const servicesOf = (state: LiveState, prefix: string) => state.resources.filter((r) => r.type.startsWith(prefix)).length;

describe('readLiveState progress', () => {
  it('reports the account lookup first, then each service from its first reader to its last, with its resource count', async () => {
    const progress = recorder();

    // One reader at a time: the whole sequence is deterministic.
    const state = await readLiveState(await productClients(), TYPES, { concurrency: 1, onProgress: progress.onProgress });

    expect(state.errors).toEqual([]);
    expect(progress.events).toEqual([
      { service: 'sts', state: 'reading' },
      { service: 'sts', state: 'done' },
      { service: 'ec2', state: 'reading' },
      { service: 'ec2', state: 'done', resources: 2 },
      { service: 'ecs', state: 'reading' },
      { service: 'ecs', state: 'done', resources: 3 },
      { service: 'rds', state: 'reading' },
      { service: 'rds', state: 'done', resources: 1 },
    ]);
    expect([servicesOf(state, 'AWS::EC2::'), servicesOf(state, 'AWS::ECS::'), servicesOf(state, 'AWS::RDS::')]).toEqual([2, 3, 1]);
  });

  it('gives each service exactly one start and one end when its readers run concurrently', async () => {
    const progress = recorder();

    await readLiveState(await productClients(), TYPES, { onProgress: progress.onProgress });

    expect(progress.events.slice(0, 2)).toEqual([
      { service: 'sts', state: 'reading' },
      { service: 'sts', state: 'done' },
    ]);
    expect(progress.of('ec2')).toEqual([{ service: 'ec2', state: 'reading' }, { service: 'ec2', state: 'done', resources: 2 }]);
    expect(progress.of('ecs')).toEqual([{ service: 'ecs', state: 'reading' }, { service: 'ecs', state: 'done', resources: 3 }]);
    expect(progress.of('rds')).toEqual([{ service: 'rds', state: 'reading' }, { service: 'rds', state: 'done', resources: 1 }]);
  });

  it('ends a service whose reader fails as failed, after its other readers, while the rest still end done', async () => {
    proxy.setRules([{ service: 'ecs', operation: 'DescribeServices', kind: 'access-denied' }]);
    const progress = recorder();

    const state = await readLiveState(await productClients({}, proxy.endpoint), TYPES, { onProgress: progress.onProgress });

    expect(state.readTypes).toEqual(['AWS::EC2::VPC', 'AWS::ECS::Cluster', 'AWS::RDS::DBSubnetGroup']);
    expect(progress.of('ecs')).toEqual([{ service: 'ecs', state: 'reading' }, { service: 'ecs', state: 'failed' }]);
    expect(progress.of('ec2')).toEqual([{ service: 'ec2', state: 'reading' }, { service: 'ec2', state: 'done', resources: 2 }]);
    expect(progress.of('rds')).toEqual([{ service: 'rds', state: 'reading' }, { service: 'rds', state: 'done', resources: 1 }]);
  });

  it('stops at a failed account lookup: no service starts without an identity', async () => {
    proxy.setRules([{ service: 'sts', operation: 'GetCallerIdentity', kind: 'access-denied' }]);
    const progress = recorder();

    const state = await readLiveState(await productClients({}, proxy.endpoint), TYPES, { onProgress: progress.onProgress });

    expect(state.readTypes).toEqual([]);
    expect(progress.events).toEqual([
      { service: 'sts', state: 'reading' },
      { service: 'sts', state: 'failed' },
    ]);
  });
});

describe('progress through the engine', () => {
  beforeAll(() => {
    for (const [key, value] of Object.entries(TEST_CREDENTIALS_ENV)) vi.stubEnv(key, value);
  });
  afterAll(() => {
    vi.unstubAllEnvs();
  });

  it('reaches the chat as tool_progress events of the running check_drift call, before it ends', async () => {
    const ws = writePhases({
      '00-network/vpc.yaml': 'Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n      Tags:\n        - { Key: Name, Value: app-vpc }\n',
      '10-compute/cluster.yaml': 'Resources:\n  Web:\n    Type: AWS::ECS::Cluster\n    Properties:\n      ClusterName: web\n',
    });
    const engine = createEngineAdapter({
      cwd: ws.cwd,
      phasesDir: 'phases',
      parameterOverrides: {},
      config: loadConfig({ env: {}, cwd: ws.cwd }),
      source: { kind: 'aws', endpointUrl: motoEndpoint(), region: 'us-east-1' },
      now: () => new Date('2026-11-20T12:00:00.000Z'),
      env: {},
      lang: 'en',
    });
    const events: AgentEvent[] = [];
    try {
      const chat = new Conversation({ engine, fallbackLang: 'en' });
      const result = await chat.send('check drift', { onEvent: (e) => events.push(e) });
      expect(result.toolCalls.map((c) => [c.name, c.status])).toEqual([['check_drift', 'done']]);
    } finally {
      engine.close();
    }

    const callId = events.find((e) => e.type === 'tool_proposed')?.callId;
    const progress = events.filter((e) => e.type === 'tool_progress');
    // Only the declared types are read: VPCs (moto's default and ours) and the one cluster. Both
    // readers start before either ends; which ends first is up to the network.
    const states = progress.map(({ type: _t, callId: _c, ...p }) => p);
    expect(states.slice(0, 4)).toEqual([
      { service: 'sts', state: 'reading' },
      { service: 'sts', state: 'done' },
      { service: 'ec2', state: 'reading' },
      { service: 'ecs', state: 'reading' },
    ]);
    expect(states.slice(4).sort((a, b) => a.service.localeCompare(b.service))).toEqual([
      { service: 'ec2', state: 'done', resources: 2 },
      { service: 'ecs', state: 'done', resources: 1 },
    ]);
    expect(progress.every((e) => e.callId === callId)).toBe(true);
    const types = events.map((e) => e.type);
    expect(types.lastIndexOf('tool_progress')).toBeLessThan(types.indexOf('tool_done'));
  });

  it('a check of the demo sandbox reads nothing from AWS and reports no progress', async () => {
    const events: ServiceProgress[] = [];
    const { report } = await runCheck({
      cwd: process.cwd(),
      parameterOverrides: {},
      config: loadConfig({ env: {}, cwd: process.cwd() }),
      source: { kind: 'demo' },
      now: new Date('2026-11-20T12:00:00.000Z'),
      onProgress: (p) => events.push(p),
    });
    expect(report.summary.resources).toBe(19);
    expect(events).toEqual([]);
  });
});
