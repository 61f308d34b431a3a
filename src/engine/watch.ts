// `drift watch`: a check on a schedule. Each run: check → record history → publish metrics →
// notify → heal the eligible items unattended → open a reverse-sync PR for the rest. Every step is
// injected, so the loop is tested with fakes of the outside world and run for real by the CLI.
// A run that failed or did not read everything never counts as "no drift": it resolves nothing,
// publishes no DriftCount, and neither heals nor syncs.
import { checkFailedDatum, driftCountData, healedCountDatum, type MetricDatum } from '../aws/metrics.js';
import type { FreezeWindow } from '../config/schema.js';
import type { DriftItem, DriftReport, DriftType } from '../drift/model.js';
import type { CheckResult } from './check.js';
import { activeFreeze, type ActiveFreeze } from './freeze-windows.js';
import { scopeOf, type CheckOutcome, type DriftHistory, type RunRecord } from './history.js';
import { gateUnattended, pauseCovers, type Pause } from './pauses.js';
import type { LeaseResult } from './run-lease.js';

export type HealStatus = 'healed' | 'failed' | 'verify_failed';

/** What an unattended heal reports back (the `results`/`skipped` of the `drift heal` JSON contract). */
export interface HealSummary {
  planId: string | null;
  results: Array<{ itemId: string; status: HealStatus; error: string | null }>;
  skipped: Array<{ itemId: string; reason: string }>;
}

/** What an automatic reverse sync reports back (the `reverse-sync` JSON contract, trimmed). */
export interface ReverseSyncSummary {
  branch: string | null;
  pullRequest: { number: number; url: string } | null;
  /** Items that were written to Git. */
  synced: string[];
  unresolved: Array<{ itemId: string; reason: string }>;
}

/**
 * Heals the eligible items of `state.report` unattended. The report holds only the items the watch
 * gate allowed (policy, pauses, freeze windows, max_resources): nothing else may be touched.
 */
export type HealStep = (state: CheckResult, signal: AbortSignal) => Promise<HealSummary>;
/** Writes the drift of `state.report`'s items back into Git and opens (or updates) a pull request. */
export type ReverseSyncStep = (state: CheckResult, signal: AbortSignal) => Promise<ReverseSyncSummary>;

export interface Notification {
  kind: 'drift' | 'failure' | 'actions';
  subject: string;
  body: string;
}

/** Composes notification texts (language, sanitizing); null means "nothing worth telling". */
export interface NotificationComposer {
  drift(report: DriftReport, outcome: CheckOutcome): Notification | null;
  failure(input: { error: string; report: DriftReport | null; outcome: CheckOutcome | null }): Notification;
  actions(report: DriftReport, heal: HealSummary | null, sync: ReverseSyncSummary | null): Notification | null;
}

export interface WatchCycleDeps {
  /** Runs the check. Its report's auto-heal verdicts must not be capped by max_resources yet. */
  check: (now: Date) => Promise<CheckResult>;
  history: DriftHistory;
  pauses: (now: Date) => Pause[];
  freezeWindows: readonly FreezeWindow[];
  autoHeal: { enabled: boolean; maxResources: number };
  reverseSyncAuto: boolean;
  /** Undefined: metrics are off (and why is `metricsOff`). */
  publishMetrics?: (data: MetricDatum[]) => Promise<void>;
  /** Undefined: notifications are off. */
  notify?: (notification: Notification) => Promise<void>;
  compose: NotificationComposer;
  /** Undefined: this build cannot heal unattended; the run says so instead of pretending. */
  heal?: HealStep;
  reverseSync?: ReverseSyncStep;
  /** Guards against overlapping runs across processes; undefined: no guard. */
  acquireLease?: (now: Date) => LeaseResult;
  now: () => Date;
}

export type StepOutcome = { status: 'done' } | { status: 'off' } | { status: 'failed'; error: string };

export type HealOutcome =
  | { status: 'disabled' }
  | { status: 'not_run'; reason: 'incomplete' | 'stopping' }
  | { status: 'frozen'; freeze: ActiveFreeze; held: number }
  | { status: 'nothing' }
  | { status: 'unavailable'; eligible: number }
  | { status: 'done'; summary: HealSummary }
  | { status: 'failed'; error: string };

export type SyncOutcome =
  | { status: 'off' }
  | { status: 'not_run'; reason: 'incomplete' | 'stopping' }
  | { status: 'nothing' }
  | { status: 'unavailable'; items: number }
  | { status: 'done'; summary: ReverseSyncSummary }
  | { status: 'failed'; error: string };

export interface CycleResult {
  status: 'complete' | 'incomplete' | 'failed' | 'skipped';
  startedAt: Date;
  finishedAt: Date;
  run: RunRecord | null;
  /** The report as gated for unattended healing (null when the check failed or the run was skipped). */
  report: DriftReport | null;
  error: string | null;
  /** Who holds the lease when the run was skipped. */
  heldBy: string | null;
  newItems: number;
  escalated: number;
  resolved: number;
  metrics: StepOutcome;
  notifications: Array<{ kind: Notification['kind']; outcome: StepOutcome }>;
  heal: HealOutcome;
  reverseSync: SyncOutcome;
  healed: number;
}

// Only these kinds have a live value to write back into Git.
const SYNCABLE: ReadonlySet<DriftType> = new Set(['configuration_drift', 'tag_drift', 'extra_resource']);

export function errorMessage(error: unknown): string {
  if (error instanceof Error) {
    const name = (error as { name?: string }).name;
    return name && name !== 'Error' && !error.message.startsWith(name) ? `${name}: ${error.message}` : error.message;
  }
  return String(error);
}

/** The read errors of an incomplete report, as one line (also what history stores as the run's error). */
export function readErrorsText(report: DriftReport): string {
  const errors = report.errors.map((e) => `${e.service}${e.code ? ` ${e.code}` : ''}: ${e.message}`);
  return errors.length > 0 ? errors.join('; ') : 'declared resource types were not read';
}

export async function runWatchCycle(deps: WatchCycleDeps, signal: AbortSignal): Promise<CycleResult> {
  const startedAt = deps.now();
  const lease = deps.acquireLease?.(startedAt);
  if (lease && !lease.acquired) {
    const { host, pid, acquiredAt } = lease.holder;
    return skipped(startedAt, deps.now(), `${host} pid ${pid} since ${acquiredAt}`);
  }
  try {
    return await cycle(deps, signal, startedAt);
  } finally {
    if (lease?.acquired) lease.release();
  }
}

async function cycle(deps: WatchCycleDeps, signal: AbortSignal, startedAt: Date): Promise<CycleResult> {
  const previous = deps.history.runs(1)[0];
  let checked: CheckResult;
  try {
    checked = await deps.check(startedAt);
  } catch (error) {
    return failedCheck(deps, startedAt, errorMessage(error), previous);
  }
  const checkedAt = deps.now();
  const { report: policyReport } = checked;
  const complete = policyReport.complete;
  const pauses = deps.pauses(startedAt);
  const freeze = activeFreeze(deps.freezeWindows, startedAt);
  const report = gateUnattended(policyReport, { pauses, freeze, maxResources: deps.autoHeal.maxResources });
  const error = complete ? null : readErrorsText(report);
  const outcome = deps.history.recordCheck({ startedAt, finishedAt: checkedAt, report, error });
  const result: CycleResult = {
    status: complete ? 'complete' : 'incomplete',
    startedAt,
    finishedAt: checkedAt,
    run: outcome.run,
    report,
    error,
    heldBy: null,
    newItems: outcome.newItems.length,
    escalated: outcome.escalated.length,
    resolved: outcome.resolved.length,
    metrics: { status: 'off' },
    notifications: [],
    heal: { status: 'not_run', reason: 'incomplete' },
    reverseSync: { status: 'not_run', reason: 'incomplete' },
    healed: 0,
  };

  result.metrics = await publish(deps, [...driftCountData(report, checkedAt), checkFailedDatum(!complete, checkedAt)]);
  if (complete) {
    const drift = deps.compose.drift(report, outcome);
    if (drift) result.notifications.push({ kind: 'drift', outcome: await send(deps, drift) });
  } else if (previous?.error !== error || outcome.newItems.length > 0 || outcome.escalated.length > 0) {
    // A failure that persists is told once; new drift found by a partial check is still news.
    result.notifications.push({ kind: 'failure', outcome: await send(deps, deps.compose.failure({ error: error ?? '', report, outcome })) });
  }
  if (!complete) {
    result.finishedAt = deps.now();
    return result;
  }

  const scope = scopeOf(report);
  let healSummary: HealSummary | null = null;
  result.heal = await healStep(deps, checked, report, freeze, signal);
  if (result.heal.status === 'done') {
    healSummary = result.heal.summary;
    const allowed = new Set(report.items.filter((i) => i.autoHeal.eligible).map((i) => i.id));
    // Only what the gate allowed counts as healed, whatever a heal step might claim.
    const healedIds = healSummary.results.filter((r) => r.status === 'healed' && allowed.has(r.itemId)).map((r) => r.itemId);
    result.healed = deps.history.markHealed(outcome.run.id, scope, healedIds, deps.now());
  }
  const healedMetric = await publish(deps, [healedCountDatum(result.healed, deps.now())]);
  if (result.metrics.status === 'done') result.metrics = healedMetric;

  let syncSummary: ReverseSyncSummary | null = null;
  result.reverseSync = await syncStep(deps, checked, policyReport, pauses, scope, signal);
  if (result.reverseSync.status === 'done') {
    syncSummary = result.reverseSync.summary;
    const ref = syncSummary.pullRequest?.url ?? syncSummary.branch;
    if (ref) deps.history.markSynced(scope, syncSummary.synced, ref);
  }

  const actions = deps.compose.actions(report, healSummary, syncSummary);
  if (actions) result.notifications.push({ kind: 'actions', outcome: await send(deps, actions) });
  result.finishedAt = deps.now();
  result.run = deps.history.run(outcome.run.id);
  return result;
}

async function failedCheck(deps: WatchCycleDeps, startedAt: Date, error: string, previous: RunRecord | undefined): Promise<CycleResult> {
  const finishedAt = deps.now();
  const run = deps.history.recordFailure({ startedAt, finishedAt, error });
  const result: CycleResult = {
    status: 'failed',
    startedAt,
    finishedAt,
    run,
    report: null,
    error,
    heldBy: null,
    newItems: 0,
    escalated: 0,
    resolved: 0,
    metrics: await publish(deps, [checkFailedDatum(true, finishedAt)]),
    notifications: [],
    heal: { status: 'not_run', reason: 'incomplete' },
    reverseSync: { status: 'not_run', reason: 'incomplete' },
    healed: 0,
  };
  if (previous?.error !== error) {
    result.notifications.push({ kind: 'failure', outcome: await send(deps, deps.compose.failure({ error, report: null, outcome: null })) });
  }
  result.finishedAt = deps.now();
  return result;
}

function skipped(startedAt: Date, finishedAt: Date, heldBy: string): CycleResult {
  return {
    status: 'skipped',
    startedAt,
    finishedAt,
    run: null,
    report: null,
    error: null,
    heldBy,
    newItems: 0,
    escalated: 0,
    resolved: 0,
    metrics: { status: 'off' },
    notifications: [],
    heal: { status: 'not_run', reason: 'incomplete' },
    reverseSync: { status: 'not_run', reason: 'incomplete' },
    healed: 0,
  };
}

async function healStep(
  deps: WatchCycleDeps,
  checked: CheckResult,
  report: DriftReport,
  freeze: ActiveFreeze | undefined,
  signal: AbortSignal,
): Promise<HealOutcome> {
  if (!deps.autoHeal.enabled) return { status: 'disabled' };
  if (freeze) return { status: 'frozen', freeze, held: checked.report.items.filter((i) => i.autoHeal.eligible).length };
  const eligible = report.items.filter((i) => i.autoHeal.eligible);
  if (eligible.length === 0) return { status: 'nothing' };
  if (!deps.heal) return { status: 'unavailable', eligible: eligible.length };
  // Healing is never started once a stop was asked for; one in progress finishes its actions.
  if (signal.aborted) return { status: 'not_run', reason: 'stopping' };
  try {
    return { status: 'done', summary: await deps.heal({ ...checked, report: { ...report, items: eligible } }, signal) };
  } catch (error) {
    return { status: 'failed', error: errorMessage(error) };
  }
}

/**
 * Reverse sync takes "the rest": syncable items the policy would never heal unattended (eligible ones
 * held back by a freeze window or the cap are healed by a later run, not written into Git), outside
 * any pause, and not already carried by an earlier reverse-sync pull request. A resource that still
 * has drift to heal waits: writing its live values into Git while a heal reverts them would race.
 */
async function syncStep(
  deps: WatchCycleDeps,
  checked: CheckResult,
  policyReport: DriftReport,
  pauses: readonly Pause[],
  scope: string,
  signal: AbortSignal,
): Promise<SyncOutcome> {
  if (!deps.reverseSyncAuto) return { status: 'off' };
  const alreadySynced = deps.history.syncedItemIds(scope);
  const toHeal = (i: DriftItem) => deps.autoHeal.enabled && i.autoHeal.eligible;
  const healing = new Set(policyReport.items.filter(toHeal).map(resourceKey));
  const rest = policyReport.items.filter(
    (i: DriftItem) =>
      SYNCABLE.has(i.type) &&
      !toHeal(i) &&
      !healing.has(resourceKey(i)) &&
      !pauses.some((p) => pauseCovers(p, i)) &&
      !alreadySynced.has(i.id),
  );
  if (rest.length === 0) return { status: 'nothing' };
  if (!deps.reverseSync) return { status: 'unavailable', items: rest.length };
  if (signal.aborted) return { status: 'not_run', reason: 'stopping' };
  try {
    return { status: 'done', summary: await deps.reverseSync({ ...checked, report: { ...policyReport, items: rest } }, signal) };
  } catch (error) {
    return { status: 'failed', error: errorMessage(error) };
  }
}

function resourceKey(item: DriftItem): string {
  return `${item.resourceType}|${item.logicalId ?? item.physicalId ?? ''}`;
}

async function publish(deps: WatchCycleDeps, data: MetricDatum[]): Promise<StepOutcome> {
  if (!deps.publishMetrics) return { status: 'off' };
  try {
    await deps.publishMetrics(data);
    return { status: 'done' };
  } catch (error) {
    return { status: 'failed', error: errorMessage(error) };
  }
}

async function send(deps: WatchCycleDeps, notification: Notification): Promise<StepOutcome> {
  if (!deps.notify) return { status: 'off' };
  try {
    await deps.notify(notification);
    return { status: 'done' };
  } catch (error) {
    return { status: 'failed', error: errorMessage(error) };
  }
}

// ---------------------------------------------------------------------------------------------
// The schedule

export interface WatchLoopOptions {
  intervalMs: number;
  /** Fraction of the interval each start may move earlier or later (0.1 = ±10%). */
  jitter: number;
  once: boolean;
  /** Aborting ends the loop: at once while waiting, after the current step while running. */
  signal: AbortSignal;
  runCycle: (signal: AbortSignal) => Promise<CycleResult>;
  /** Called after each run with the wait before the next one (null when none follows). */
  onCycle?: (result: CycleResult, nextInMs: number | null) => void;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  random?: () => number;
  /** Monotonic milliseconds; default performance.now. */
  clock?: () => number;
}

export interface WatchLoopResult {
  runs: number;
  last: CycleResult | undefined;
}

/** The wait between two starts: the interval moved by up to ±jitter of itself. */
export function jitteredInterval(intervalMs: number, jitter: number, random: () => number): number {
  return Math.max(0, Math.round(intervalMs * (1 + jitter * (2 * random() - 1))));
}

// setTimeout fires at once (with a TimeoutOverflowWarning) for delays past 2^31-1 ms (~24.8 days):
// longer waits are taken in slices no longer than that.
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Resolves after `ms`, or as soon as `signal` aborts. */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    let remaining = Math.max(0, ms);
    let timer: ReturnType<typeof setTimeout>;
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const next = () => {
      const slice = Math.min(remaining, MAX_TIMER_MS);
      remaining -= slice;
      timer = setTimeout(remaining > 0 ? next : done, slice);
    };
    signal.addEventListener('abort', done, { once: true });
    next();
  });
}

/**
 * Runs cycles one after the other, never two at once: the next starts one (jittered) interval after
 * the previous one started, or right after it ends when it took longer than that.
 */
export async function watchLoop(options: WatchLoopOptions): Promise<WatchLoopResult> {
  const sleep = options.sleep ?? abortableSleep;
  const random = options.random ?? Math.random;
  const clock = options.clock ?? (() => performance.now());
  let runs = 0;
  let last: CycleResult | undefined;
  while (!options.signal.aborted) {
    const started = clock();
    last = await options.runCycle(options.signal);
    runs++;
    if (options.once || options.signal.aborted) {
      options.onCycle?.(last, null);
      break;
    }
    const wait = Math.max(0, jitteredInterval(options.intervalMs, options.jitter, random) - (clock() - started));
    options.onCycle?.(last, wait);
    await sleep(wait, options.signal);
  }
  return { runs, last };
}
