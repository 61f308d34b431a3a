// An AWS error in the middle of a plan: that action is reported and journaled as failed with AWS's
// message, the others still run and are verified, and the command exits 1.
import { CreateTagsCommand } from '@aws-sdk/client-ec2';
import { UpdateClusterCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../src/aws/clients.js';
import { openHealState } from '../../src/engine/heal.js';
import { startFaultProxy, type FaultProxy } from '../harness/fault-proxy.js';
import { motoEndpoint, useFreshMoto } from '../harness/moto.js';
import { healRig, healWorld, runHealCli, targetOpener, writeCalls } from './heal-fixtures.js';
import { CLUSTER } from './scenario-estate.js';

useFreshMoto();

let proxy: FaultProxy;
beforeAll(async () => {
  proxy = await startFaultProxy(motoEndpoint());
});
afterAll(async () => {
  await proxy.close();
});

describe('an AWS error mid-plan', () => {
  it('fails that action with the AWS message, completes the others, journals all of it and exits 1', async () => {
    const world = await healWorld();
    const { ec2, ecs } = world.sdk;
    await ecs.send(new UpdateClusterCommand({ cluster: CLUSTER, settings: [{ name: 'containerInsights', value: 'disabled' }] }));
    await ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: 'web', desiredCount: 5 }));
    await ec2.send(new CreateTagsCommand({ Resources: [world.estate.instanceId], Tags: [{ Key: 'Environment', Value: 'staging' }] }));
    proxy.setRules([{ service: 'ecs', operation: 'UpdateService', kind: 'access-denied' }]);
    const opened: AwsClients[] = [];

    const run = await runHealCli(['drift', 'heal', '--apply', '--yes', '--format', 'json'], { cwd: world.ws.cwd, openTarget: targetOpener(proxy.endpoint, opened) });

    expect(run.code).toBe(1);
    const out = JSON.parse(run.stdout) as { dryRun: boolean; plan: { id: string }; results: Array<{ operation: string; status: string; error: string | null }> };
    expect(out.dryRun).toBe(false);
    expect(out.results.map((r) => [r.operation, r.status, r.error])).toEqual([
      ['ecs:UpdateCluster', 'healed', null],
      ['ecs:UpdateService', 'failed', 'AccessDeniedException: User: arn:aws:iam::123456789012:user/test is not authorized'],
      ['ec2:CreateTags', 'healed', null],
    ]);
    expect(proxy.faults('ecs:UpdateService')).toBe(1);
    expect(opened.map(writeCalls)).toEqual([{ 'ec2:CreateTags': 1, 'ecs:UpdateCluster': 1, 'ecs:UpdateService': 1 }]);

    const state = openHealState(world.config, world.ws.cwd, false);
    try {
      expect(state.journal.entries(out.plan.id).filter((e) => e.phase === 'after').map((e) => [e.operation, e.status, e.error])).toEqual([
        ['ecs:UpdateCluster', 'healed', null],
        ['ecs:UpdateService', 'failed', 'AccessDeniedException: User: arn:aws:iam::123456789012:user/test is not authorized'],
        ['ec2:CreateTags', 'healed', null],
      ]);
    } finally {
      state.db.close();
    }
    // Only the failed action's drift is left.
    proxy.setRules([]);
    const { report } = await (await healRig(world)).planner.observe();
    expect(report!.items.map((i) => [i.logicalId, i.differences.map((d) => d.path)])).toEqual([['WebService', ['DesiredCount']]]);
  });

  it('a throttled write is retried by the SDK and heals', async () => {
    const world = await healWorld();
    await world.sdk.ec2.send(new CreateTagsCommand({ Resources: [world.estate.instanceId], Tags: [{ Key: 'Environment', Value: 'staging' }] }));
    proxy.setRules([{ service: 'ec2', operation: 'CreateTags', kind: 'throttle', times: 1 }]);
    const opened: AwsClients[] = [];

    const run = await runHealCli(['drift', 'heal', '--apply', '--yes'], { cwd: world.ws.cwd, openTarget: targetOpener(proxy.endpoint, opened) });

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('1 healed, 0 failed, 0 not verified');
    expect(opened[0]!.calls.attempts('ec2:CreateTags')).toBe(2);
  });
});
