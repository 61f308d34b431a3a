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
