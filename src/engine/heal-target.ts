// Where a heal reads and writes: AWS itself (the SDK clients and writers) or the demo's in-memory
// sandbox. The engine treats both alike, so the demo runs the exact loop that production runs.
import type { AwsClients } from '../aws/clients.js';
import { readLiveState } from '../aws/read-live.js';
import { writerFor } from '../aws/writers/index.js';
import { describeScalableTargetsError, type ScalableTargetsSource } from '../aws/writers/scalable-targets.js';
import type { HealAction, HealFacts } from '../drift/heal-model.js';
import type { LiveState } from '../drift/model.js';
import type { DemoAccount } from './demo-account.js';

export interface HealTarget {
  kind: 'aws' | 'demo';
  region: string;
  accountId(): Promise<string>;
  read(types: readonly string[]): Promise<LiveState>;
  write(action: HealAction): Promise<void>;
  /** Who else owns values of these ECS services (`service/<cluster>/<service>`). */
  facts(serviceIds: readonly string[]): Promise<HealFacts>;
  close(): void;
  /** The AWS clients of an AWS target: the stack reads that bind phase files to stacks reuse them. */
  clients?: AwsClients;
}

export function awsTarget(clients: AwsClients, scalableTargets?: ScalableTargetsSource): HealTarget {
  return {
    kind: 'aws',
    clients,
    region: clients.region,
    accountId: () => clients.accountId(),
    read: (types) => readLiveState(clients, types),
    async write(action) {
      const writer = writerFor(action.operation);
      if (!writer) throw new Error(`no writer for ${action.operation}`);
      await writer.run(clients, action.parameters);
    },
    async facts(serviceIds) {
      if (serviceIds.length === 0) return { scalableTargets: new Map() };
      if (!scalableTargets) return { scalableTargetsError: 'Application Auto Scaling was not queried' };
      try {
        return { scalableTargets: await scalableTargets.read(serviceIds) };
      } catch (error) {
        return { scalableTargetsError: describeScalableTargetsError(error) };
      }
    },
    close() {
      scalableTargets?.destroy();
      clients.destroy();
    },
  };
}

/** The sandbox has no autoscaling: every DesiredCount in it is the phase file's to heal. */
export function demoTarget(account: DemoAccount): HealTarget {
  return {
    kind: 'demo',
    region: account.region,
    accountId: async () => account.accountId,
    read: async (types) => account.read(types),
    write: async (action) => account.write(action.operation, action.parameters),
    facts: async () => ({ scalableTargets: new Map() }),
    close() {},
  };
}
