// The heal engine against the demo sandbox: outcomes, refusals, journal and undo, with no AWS.
import { describe, expect, it } from 'vitest';
import { defaultConfig, type Config } from '../config/index.js';
import type { HealAction } from '../drift/heal-model.js';
import { openStateDb } from '../state/db.js';
import { loadDesired } from './check.js';
import { DemoAccount } from './demo-account.js';
import { executeHeal, healPlanner, undoPlanner, type HealPlanner } from './heal.js';
import { demoTarget, type HealTarget } from './heal-target.js';
import { HealJournal } from './journal.js';
import { HealLock } from './lock.js';

const NOW = () => new Date('2026-11-20T10:00:00Z');

function rig(options: { config?: Config; wrap?: (t: HealTarget) => HealTarget } = {}) {
  const config = options.config ?? defaultConfig();
  const account = DemoAccount.load();
  const target = (options.wrap ?? ((t) => t))(demoTarget(account));
  const desired = loadDesired({ cwd: process.cwd(), parameterOverrides: {}, source: { kind: 'demo' } });
  const planner = healPlanner({ target, desired, config, mode: 'attended', now: NOW, verify: { retryDelaysMs: [] } });
  const db = openStateDb(':memory:');
  return { account, target, planner, journal: new HealJournal(db), lock: new HealLock(db), db, config };
}

type Rig = ReturnType<typeof rig>;

async function approveAndRun(r: Rig, planner: HealPlanner = r.planner) {
  const { plan } = await planner.observe();
  return executeHeal({ plan, approvedPlanId: plan.id, approvedBy: 'tester', planner, target: r.target, journal: r.journal, lock: r.lock, now: NOW });
}

describe('executeHeal on the demo sandbox', () => {
  it('heals every planned action and journals each twice, before and after', async () => {
    const r = rig();

    const outcome = await approveAndRun(r);

    expect(outcome.refused).toBeNull();
    expect(outcome.results.map((x) => [x.operation, x.status])).toEqual([
      ['rds:ModifyDBCluster', 'healed'],
      ['rds:ModifyDBInstance', 'healed'],
      ['ec2:RevokeSecurityGroupIngress', 'healed'],
      ['ecs:UpdateCluster', 'healed'],
      ['ecs:UpdateService', 'healed'],
      ['ec2:CreateTags', 'healed'],
    ]);
    expect(r.account.calls).toEqual(outcome.results.map((x) => x.operation));
    expect(r.journal.entries().map((e) => `${e.actionIndex}:${e.phase}:${e.status}`)).toEqual(
      [0, 1, 2, 3, 4, 5].flatMap((i) => [`${i}:before:started`, `${i}:after:healed`]),
    );
    const after = await r.planner.observe();
    expect(after.plan.actions).toEqual([]);
    expect(after.report!.items.map((i) => i.type).sort()).toEqual(['extra_resource', 'extra_resource', 'missing_resource', 'tag_drift']);
  });

  it('an error in one action fails that action with its message; the others still run', async () => {
    const r = rig({
      wrap: (t) => ({
        ...t,
        write: async (a: HealAction) => {
          if (a.operation === 'ecs:UpdateCluster') throw Object.assign(new Error('User is not authorized to perform ecs:UpdateCluster'), { name: 'AccessDeniedException' });
          await t.write(a);
        },
      }),
    });

    const outcome = await approveAndRun(r);

    expect(outcome.results.filter((x) => x.status !== 'healed')).toEqual([
      expect.objectContaining({ operation: 'ecs:UpdateCluster', status: 'failed', error: 'AccessDeniedException: User is not authorized to perform ecs:UpdateCluster' }),
    ]);
    expect(outcome.results.filter((x) => x.status === 'healed')).toHaveLength(5);
  });

  it('a write AWS accepts but that does not take effect is verify_failed, never healed', async () => {
    const r = rig({ wrap: (t) => ({ ...t, write: async (a: HealAction) => (a.operation === 'ecs:UpdateService' ? undefined : t.write(a)) }) });

    const outcome = await approveAndRun(r);

    expect(outcome.results.find((x) => x.operation === 'ecs:UpdateService')).toEqual(
      expect.objectContaining({ status: 'verify_failed', error: 'still differs after the change: DesiredCount (NOT_EQUAL: expected 4, actual 2)' }),
    );
    expect(r.journal.runs()[0]).toEqual(expect.objectContaining({ healed: 5, verifyFailed: 1, failed: 0, interrupted: 0 }));
  });

  it('an answer lost after AWS applied the write is healed, with a note; lost before it applied, failed', async () => {
    const reset = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET', $metadata: { attempts: 3 } });
    const applied = rig({
      wrap: (t) => ({ ...t, write: async (a: HealAction) => { await t.write(a); if (a.operation === 'ecs:UpdateService') throw reset(); } }),
    });
    const lost = rig({
      wrap: (t) => ({ ...t, write: async (a: HealAction) => { if (a.operation === 'ecs:UpdateService') throw reset(); await t.write(a); } }),
    });

    const [a, b] = [await approveAndRun(applied), await approveAndRun(lost)];

    const view = (o: typeof a) => o.results.filter((x) => x.operation === 'ecs:UpdateService').map((x) => [x.status, x.error, x.note]);
    expect(view(a)).toEqual([['healed', null, 'the call got no clear answer (ECONNRESET: socket hang up), but re-reading AWS shows the change in effect']]);
    // Still the previous values, but an unanswered write may land later: verify_failed, so undo considers it.
    expect(view(b)).toEqual([
      ['verify_failed', 'ECONNRESET: socket hang up; outcome unknown: re-reading AWS still shows the previous values',
        'the call got no clear answer; re-reading AWS still shows the previous values, but the write may land later'],
    ]);
    expect(b.results.find((x) => x.operation === 'ecs:UpdateService')?.outcome).toBe('unknown');
    expect(lost.journal.entries().filter((e) => e.operation === 'ecs:UpdateService').map((e) => [e.phase, e.status])).toEqual([
      ['before', 'started'],
      ['after', 'verify_failed'],
    ]);
    expect(applied.journal.entries().filter((e) => e.operation === 'ecs:UpdateService').map((e) => [e.phase, e.status, e.note])).toEqual([
      ['before', 'started', null],
      ['after', 'healed', view(a)[0]![2]],
    ]);
  });

  it('a write AWS accepted whose verification read throws is verify_failed (undo still sees it), never failed', async () => {
    let failNextRead = false;
    const r = rig({
      wrap: (t) => ({
        ...t,
        read: async (types) => {
          if (failNextRead) {
            failNextRead = false;
            throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
          }
          return t.read(types);
        },
        write: async (a: HealAction) => {
          await t.write(a);
          if (a.operation === 'ecs:UpdateService') failNextRead = true;
        },
      }),
    });

    const outcome = await approveAndRun(r);

    expect(outcome.results.find((x) => x.operation === 'ecs:UpdateService')).toEqual(
      expect.objectContaining({ status: 'verify_failed', error: 'written, but re-reading AWS to verify it failed: ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:1' }),
    );
    expect(r.journal.executedActions(outcome.plan.id)?.actions.map((a) => a.action.operation)).toContain('ecs:UpdateService');
  });

  it('a concurrent change to a resource before its write stops the run there: nothing more is written (compare-and-set)', async () => {
    for (const [desiredCount, state] of [[3, 'changed'], [4, 'already_in_effect']] as const) {
      const r = rig({
        wrap: (t) => ({
          ...t,
          write: async (a: HealAction) => {
            await t.write(a);
            // Another checkout, with its own lock, changes the service while this run is on action 1.
            if (a.operation === 'rds:ModifyDBCluster') r.account.write('ecs:UpdateService', { cluster: 'shop-prod', service: 'web', desiredCount });
          },
        }),
      });

      const outcome = await approveAndRun(r);

      expect(outcome.results.map((x) => [x.operation, x.status])).toEqual([
        ['rds:ModifyDBCluster', 'healed'],
        ['rds:ModifyDBInstance', 'healed'],
        ['ec2:RevokeSecurityGroupIngress', 'healed'],
        ['ecs:UpdateCluster', 'healed'],
      ]);
      expect(outcome.refused).toEqual(expect.objectContaining({ code: 'plan_changed', action: expect.objectContaining({ index: 4, operation: 'ecs:UpdateService', state }) }));
      expect(r.account.calls).toEqual(['rds:ModifyDBCluster', 'ecs:UpdateService', 'rds:ModifyDBInstance', 'ec2:RevokeSecurityGroupIngress', 'ecs:UpdateCluster']);
      expect(r.journal.entries().map((e) => e.actionIndex)).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
    }
  });

  it('refuses an approval for another plan, and a plan whose drift changed, writing nothing', async () => {
    const r = rig();
    const { plan } = await r.planner.observe();
    const base = { plan, approvedBy: 'tester', planner: r.planner, target: r.target, journal: r.journal, lock: r.lock, now: NOW };

    const wrongId = await executeHeal({ ...base, approvedPlanId: 'f'.repeat(64) });
    r.account.write('ecs:UpdateService', { cluster: 'shop-prod', service: 'web', desiredCount: 3 });
    const changed = await executeHeal({ ...base, approvedPlanId: plan.id });

    expect(wrongId.refused?.code).toBe('not_approved');
    expect(changed.refused?.code).toBe('plan_changed');
    expect(changed.plan.id).not.toBe(plan.id);
    expect(r.account.calls).toEqual(['ecs:UpdateService']);
    expect(r.journal.entries()).toEqual([]);
  });

  it('refuses while another process holds the account lock, naming it', async () => {
    const r = rig();
    const other = new HealLock(r.db, { pid: 4242, host: 'other-host' });
    await other.acquire('demo:123456789012:us-east-1', { planId: 'c'.repeat(64) });

    const outcome = await approveAndRun(r);

    expect(outcome.refused?.code).toBe('locked');
    expect(outcome.refused?.message).toContain(`another heal is running on demo:123456789012:us-east-1: plan cccccccccccc by pid 4242 on other-host`);
    expect(r.account.calls).toEqual([]);
  });

  it('undo writes the previous values back and verifies them', async () => {
    const r = rig();
    const { plan } = await r.planner.observe();
    await executeHeal({ plan, approvedPlanId: plan.id, approvedBy: 'tester', planner: r.planner, target: r.target, journal: r.journal, lock: r.lock, now: NOW });

    const undo = undoPlanner({ target: r.target, journal: r.journal, planId: plan.id, config: r.config, verify: { retryDelaysMs: [] } });
    const outcome = await approveAndRun(r, undo);

    // Last healed first; the bastion's tag action splits in two: restore Owner, delete the re-added CostCenter.
    expect(outcome.results.map((x) => [x.operation, x.status])).toEqual([
      ['ec2:CreateTags', 'healed'],
      ['ec2:DeleteTags', 'healed'],
      ['ecs:UpdateService', 'healed'],
      ['ecs:UpdateCluster', 'healed'],
      ['ec2:AuthorizeSecurityGroupIngress', 'healed'],
      ['rds:ModifyDBInstance', 'healed'],
      ['rds:ModifyDBCluster', 'healed'],
    ]);
    const back = await r.planner.observe();
    expect(back.plan.id).toBe(plan.id);
    expect(r.journal.runs().map((run) => [run.kind, run.undoOf])).toEqual([['undo', plan.id], ['heal', null]]);
  });

  it('undo of a plan never executed is a usage error', () => {
    const r = rig();
    expect(() => undoPlanner({ target: r.target, journal: r.journal, planId: 'nope', config: r.config })).toThrow(
      'plan nope has never been executed, so there is nothing to undo',
    );
  });
});

describe('the IAL_TEST_HEAL_HOOK test hook', () => {
  it('is inert unless set, and a malformed value is a usage error naming the variable', async () => {
    const { healHooksFromEnv } = await import('./heal-hooks.js');
    expect(healHooksFromEnv({})).toBeUndefined();
    expect(healHooksFromEnv({ IAL_TEST_HEAL_HOOK: '' })).toBeUndefined();
    for (const bad of ['after-write', 'mid-write:0:kill', 'after-write:x:kill', 'after-write:0:wait', 'after-write:0:explode']) {
      expect(() => healHooksFromEnv({ IAL_TEST_HEAL_HOOK: bad })).toThrow(`IAL_TEST_HEAL_HOOK="${bad}" is not <point>:<index>:kill or <point>:<index>:wait:<file>`);
    }
    const hooks = healHooksFromEnv({ IAL_TEST_HEAL_HOOK: 'after-write:3:kill' });
    // Another point or index passes straight through (the process is still here to say so).
    await hooks!.at('after-write', 2);
    await hooks!.at('before-write', 3);
  });
});
