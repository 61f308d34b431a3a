// The product promise: nothing in AWS changes without an approved plan id that matches the plan computed
// from a fresh read. Every attempt below is counted twice — by the product's own call counter and by a
// proxy in front of moto that sees every HTTP request — and must show zero write calls.
import { UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../src/aws/clients.js';
import { mutatingActions } from '../../src/aws/writers/index.js';
import { executeHeal } from '../../src/engine/heal.js';
import { startFaultProxy, type FaultProxy } from '../harness/fault-proxy.js';
import { motoEndpoint, useFreshMoto } from '../harness/moto.js';
import { healRig, healWorld, runHealCli, targetOpener, writeCalls, type HealWorld } from './heal-fixtures.js';
import { CLUSTER } from './scenario-estate.js';

useFreshMoto();

let proxy: FaultProxy;
beforeAll(async () => {
  proxy = await startFaultProxy(motoEndpoint());
});
afterAll(async () => {
  await proxy.close();
});

let world: HealWorld;
beforeEach(async () => {
  world = await healWorld();
  await world.sdk.ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: 'web', desiredCount: 5 }));
  proxy.setRules([]);
});

/** Write requests that reached the proxy (and so AWS), whatever client sent them. */
function proxiedWrites(): number {
  return mutatingActions().reduce((n, action) => n + proxy.requests(action), 0);
}

async function driftStillThere(): Promise<void> {
  const rig = await healRig(world);
  const { plan } = await rig.planner.observe();
  expect(plan.actions.map((a) => [a.operation, a.changes])).toEqual([['ecs:UpdateService', [{ path: 'DesiredCount', from: 5, to: 2 }]]]);
}

describe('no write without approval', () => {
  it('--apply with no terminal and no --yes refuses, says why, exits 1 and writes nothing', async () => {
    const opened: AwsClients[] = [];
    const run = await runHealCli(['drift', 'heal', '--apply'], { cwd: world.ws.cwd, openTarget: targetOpener(proxy.endpoint, opened) });

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--apply needs a confirmation and there is no terminal to ask on: nothing was changed.');
    expect(run.stderr).toContain('run again with --yes --plan-id <id>');
    expect(opened.map(writeCalls)).toEqual([{}]);
    expect(proxiedWrites()).toBe(0);
    await driftStillThere();
  });

  it('the JSON form of the same refusal says needs_confirmation and is a dry run', async () => {
    const opened: AwsClients[] = [];
    const run = await runHealCli(['drift', 'heal', '--apply', '--format', 'json'], { cwd: world.ws.cwd, openTarget: targetOpener(proxy.endpoint, opened) });

    expect(run.code).toBe(1);
    const out = JSON.parse(run.stdout) as { dryRun: boolean; results: unknown[]; refused: { code: string } };
    expect([out.dryRun, out.results, out.refused.code]).toEqual([true, [], 'needs_confirmation']);
    expect(proxiedWrites()).toBe(0);
  });

  it('a terminal answer other than yes writes nothing', async () => {
    const opened: AwsClients[] = [];
    const run = await runHealCli(['drift', 'heal', '--apply'], { cwd: world.ws.cwd, terminalInput: 'n\n', openTarget: targetOpener(proxy.endpoint, opened) });

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Apply these 1 action to AWS? [y/N]');
    expect(run.stderr).toContain('Not applied: nothing was changed.');
    expect(opened.map(writeCalls)).toEqual([{}]);
    expect(proxiedWrites()).toBe(0);
    await driftStillThere();
  });

  it('a --plan-id that is not the current plan refuses even with --yes', async () => {
    const opened: AwsClients[] = [];
    const run = await runHealCli(['drift', 'heal', '--apply', '--yes', '--plan-id', 'a'.repeat(64)], {
      cwd: world.ws.cwd,
      openTarget: targetOpener(proxy.endpoint, opened),
    });

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/--plan-id a{64} is not the current plan \([0-9a-f]{64}\): nothing was changed\./);
    expect(proxiedWrites()).toBe(0);
    await driftStillThere();
  });

  it('an approval of one plan does not execute another', async () => {
    const rig = await healRig(world, { endpoint: proxy.endpoint });
    const { plan } = await rig.planner.observe();

    const outcome = await executeHeal({
      plan, approvedPlanId: 'b'.repeat(64), approvedBy: 'tester', planner: rig.planner, target: rig.target, journal: rig.journal, lock: rig.lock, now: () => new Date(),
    });

    expect(outcome.refused?.code).toBe('not_approved');
    expect(outcome.results).toEqual([]);
    expect(writeCalls(rig.clients)).toEqual({});
    expect(proxiedWrites()).toBe(0);
    expect(rig.journal.runs()).toEqual([]);
  });

  it('a plan whose drift changed after approval is refused: the fresh plan differs, nothing runs', async () => {
    const rig = await healRig(world, { endpoint: proxy.endpoint });
    const { plan } = await rig.planner.observe();
    // Someone changes the service again between the review and the execution.
    await world.sdk.ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: 'web', desiredCount: 7 }));

    const outcome = await executeHeal({
      plan, approvedPlanId: plan.id, approvedBy: 'tester', planner: rig.planner, target: rig.target, journal: rig.journal, lock: rig.lock, now: () => new Date(),
    });

    expect(outcome.refused).toEqual({ code: 'plan_changed', message: expect.stringContaining('drift changed since the plan was shown; review the new plan') });
    expect(outcome.plan.id).not.toBe(plan.id);
    expect(outcome.plan.actions[0]!.changes).toEqual([{ path: 'DesiredCount', from: 7, to: 2 }]);
    expect(writeCalls(rig.clients)).toEqual({});
    expect(proxiedWrites()).toBe(0);
  });

  it('and the positive control: a terminal "y" executes the plan', async () => {
    const opened: AwsClients[] = [];
    const run = await runHealCli(['drift', 'heal', '--apply'], { cwd: world.ws.cwd, terminalInput: 'y\n', openTarget: targetOpener(proxy.endpoint, opened) });

    expect(run.stderr).toContain('[y/N]');
    expect(run.code).toBe(0);
    expect(opened.map(writeCalls)).toEqual([{ 'ecs:UpdateService': 1 }]);
    expect(proxy.requests('ecs:UpdateService')).toBe(1);
  });
});
