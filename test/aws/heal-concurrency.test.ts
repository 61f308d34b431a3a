// Two heals of the same account and region at once: one runs, the other is refused naming the holder
// (or waits, then finds the drift gone and refuses the stale plan). Nothing is applied twice.
import { UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { executeHeal, type HealOutcome } from '../../src/engine/heal.js';
import type { HealTarget } from '../../src/engine/heal-target.js';
import { MOTO_ACCOUNT_ID, useFreshMoto } from '../harness/moto.js';
import { healRig, healWorld, writeCalls, type HealRig } from './heal-fixtures.js';
import { CLUSTER } from './scenario-estate.js';

useFreshMoto();

/** A target whose first write waits until `release` is called: the heal holds its lock meanwhile. */
function paused(target: HealTarget): { target: HealTarget; release: () => void; writing: Promise<void> } {
  let release!: () => void;
  let started!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const writing = new Promise<void>((r) => (started = r));
  return {
    target: { ...target, write: async (action) => { started(); await gate; await target.write(action); } },
    release,
    writing,
  };
}

function heal(rig: HealRig, target: HealTarget, planId: string, plan: HealOutcome['plan'], waitForLockMs?: number): Promise<HealOutcome> {
  return executeHeal({
    plan, approvedPlanId: planId, approvedBy: 'tester', planner: rig.planner, target, journal: rig.journal, lock: rig.lock, now: () => new Date(),
    ...(waitForLockMs ? { waitForLockMs } : {}),
  });
}

describe('two concurrent heals of one account/region', () => {
  it('the second is refused at once, naming the holder; the change is applied once', async () => {
    const world = await healWorld();
    await world.sdk.ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: 'web', desiredCount: 5 }));
    const first = await healRig(world);
    const second = await healRig(world);
    const { plan } = await first.planner.observe();
    const gate = paused(first.target);

    const running = heal(first, gate.target, plan.id, plan);
    await gate.writing;
    const refused = await heal(second, second.target, plan.id, plan);
    gate.release();
    const done = await running;

    expect(refused.refused?.code).toBe('locked');
    expect(refused.refused?.message).toMatch(
      new RegExp(`^another heal is running on aws:${MOTO_ACCOUNT_ID}:us-east-1: plan ${plan.id.slice(0, 12)} by pid ${process.pid} on .+ since .+Run again with --wait`),
    );
    expect(done.results.map((r) => r.status)).toEqual(['healed']);
    expect(writeCalls(first.clients)).toEqual({ 'ecs:UpdateService': 1 });
    expect(writeCalls(second.clients)).toEqual({});
  });

  it('with --wait the second waits for the lock, re-reads, and refuses the plan the first already healed', async () => {
    const world = await healWorld();
    await world.sdk.ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: 'web', desiredCount: 5 }));
    const first = await healRig(world);
    const second = await healRig(world);
    const { plan } = await first.planner.observe();
    const gate = paused(first.target);

    const running = heal(first, gate.target, plan.id, plan);
    await gate.writing;
    const waiting = heal(second, second.target, plan.id, plan, 30_000);
    await new Promise((r) => setTimeout(r, 700));
    gate.release();
    const [done, waited] = await Promise.all([running, waiting]);

    expect(done.results.map((r) => r.status)).toEqual(['healed']);
    expect(waited.refused?.code).toBe('plan_changed');
    expect(waited.plan.actions).toEqual([]);
    expect(writeCalls(first.clients)).toEqual({ 'ecs:UpdateService': 1 });
    expect(writeCalls(second.clients)).toEqual({});
  });
});
