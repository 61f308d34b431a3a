// The unattended steps of `drift watch`, on the real engines: heal (drift/heal-plan + engine/heal,
// journaled and locked like `drift heal --apply`) and reverse sync (engine/reverse-sync, branch + PR).
// The watch gate has already chosen the items; these adapters never widen that choice.
import type { Config } from '../config/index.js';
import type { Lang } from '../i18n/index.js';
import type { StateDb } from '../state/db.js';
import type { LiveSource } from './check.js';
import type { HealTarget } from './heal-target.js';
import type { HealStatus, HealStep, HealSummary, ReverseSyncStep } from './watch.js';

/** Recorded in the heal journal as the approver of every unattended action. */
export const UNATTENDED_APPROVER = 'auto-heal policy (drift watch, unattended)';

export interface UnattendedHealContext {
  /** The configuration the check ran with (max_resources already applied by the watch gate). */
  config: Config;
  source: LiveSource;
  db: StateDb;
  now: () => Date;
  /** For tests: how the heal target is opened (default: the same as `drift heal`). */
  openTarget?: (source: LiveSource) => Promise<HealTarget>;
}

/**
 * Heals the items of the gated report, and only those: the plan is restricted to their ids, computed
 * from a fresh read under the account's heal lock, journaled before and after each action and verified
 * by re-reading AWS. A refusal (lock held, drift changed meanwhile) is an error, never "healed".
 */
export function unattendedHealStep(ctx: UnattendedHealContext): HealStep {
  return async (state) => {
    const [heal, { HealJournal }, { HealLock }] = await Promise.all([import('./heal.js'), import('./journal.js'), import('./lock.js')]);
    const target = await (ctx.openTarget ?? heal.openHealTarget)(ctx.source);
    try {
      const planner = heal.healPlanner({
        target,
        desired: state.desired,
        config: ctx.config,
        mode: 'unattended',
        only: state.report.items.map((i) => i.id),
        now: ctx.now,
      });
      const { plan } = await planner.observe();
      const skipped = plan.skipped.map((s) => ({ itemId: s.itemId, reason: s.reason }));
      if (plan.actions.length === 0) return { planId: null, results: [], skipped };
      const outcome = await heal.executeHeal({
        plan,
        approvedPlanId: plan.id,
        approvedBy: UNATTENDED_APPROVER,
        planner,
        target,
        journal: new HealJournal(ctx.db),
        lock: new HealLock(ctx.db),
        now: ctx.now,
      });
      if (outcome.refused) throw new Error(`${outcome.refused.code}: ${outcome.refused.message}`);
      return { planId: outcome.plan.id, results: byItem(outcome.results), skipped };
    } finally {
      target.close();
    }
  };
}

/** An item is healed when every action for it healed; one failure makes it failed. */
function byItem(results: ReadonlyArray<{ itemId: string; status: HealStatus; error: string | null }>): HealSummary['results'] {
  const items = new Map<string, { status: HealStatus; errors: string[] }>();
  const rank: Record<HealStatus, number> = { healed: 0, verify_failed: 1, failed: 2 };
  for (const r of results) {
    const entry = items.get(r.itemId) ?? { status: 'healed' as HealStatus, errors: [] };
    if (rank[r.status] > rank[entry.status]) entry.status = r.status;
    if (r.error) entry.errors.push(r.error);
    items.set(r.itemId, entry);
  }
  return [...items].map(([itemId, e]) => ({ itemId, status: e.status, error: e.errors.length > 0 ? e.errors.join('; ') : null }));
}

export interface AutomaticReverseSyncContext {
  cwd: string;
  phasesDir?: string;
  parameterOverrides: Record<string, string>;
  config: Config;
  source: LiveSource;
  env: NodeJS.ProcessEnv;
  lang: Lang;
  now: () => Date;
  note?: (line: string) => void;
}

/**
 * Writes the rest of the drift back into Git on a new branch and opens (or updates) the pull request.
 * `reverse_sync.auto` is the operator's standing consent; the change still goes through review.
 */
export function automaticReverseSyncStep(ctx: AutomaticReverseSyncContext): ReverseSyncStep {
  return async (state) => {
    const { runReverseSync } = await import('./reverse-sync.js');
    // Reverse sync selects by resource (logical or physical id). The watch hands over whole resources
    // (see syncStep), so their names select the given items, plus at most items of the same resources
    // that an earlier reverse sync already carries.
    const names = [...new Set(state.report.items.map((i) => i.logicalId ?? i.physicalId).filter((n): n is string => n !== null))];
    const requested = state.report.items.map((i) => i.id);
    const result = await runReverseSync({
      cwd: ctx.cwd,
      ...(ctx.phasesDir !== undefined ? { phasesDir: ctx.phasesDir } : {}),
      parameterOverrides: ctx.parameterOverrides,
      config: ctx.config,
      source: ctx.source,
      now: ctx.now(),
      env: ctx.env,
      lang: ctx.lang,
      dryRun: false,
      pullRequest: true,
      resources: names,
      confirm: async () => true,
      ...(ctx.note ? { note: ctx.note } : {}),
    });
    const unresolved = result.unresolved.map((u) => ({ itemId: u.itemId, reason: u.reason }));
    const left = new Set(result.unresolved.filter((u) => u.path === null).map((u) => u.itemId));
    const synced = result.commit === null ? [] : requested.filter((id) => !left.has(id));
    return {
      branch: result.branch,
      pullRequest: result.pullRequest ? { number: result.pullRequest.number, url: result.pullRequest.url } : null,
      synced,
      unresolved,
    };
  };
}
