// `drift heal`: plan → approval gate → lock → fresh plan must match the approved id → for each action:
// journal, write, re-read and verify, journal → release. Also the undo of a journaled heal.
// Nothing is written unless the plan computed from a fresh read, under the lock, is the approved one.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { AwsClients } from '../aws/clients.js';
import { awsErrorCode, errorMessage, isClearRefusal, isLocalWriterError } from '../aws/errors.js';
import type { Config } from '../config/index.js';
import { actionState, differenceMatchesChange, changeHolds } from '../drift/heal-check.js';
import { serviceResourceId } from '../drift/heal-actions.js';
import { planHeal, planUndo, type HealAction, type HealMode, type HealPlan } from '../drift/heal-plan.js';
import { detectDrift } from '../drift/detect.js';
import type { DriftReport, LiveState, PropertyDifference } from '../drift/model.js';
import type { DesiredState } from '../drift/phases.js';
import { openStateDb, type StateDb } from '../state/db.js';
import { declaredTypes, detectOptionsFrom, type LiveSource } from './check.js';
import { UsageError } from './errors.js';
import type { HealHooks } from './heal-hooks.js';
import { healScope, readActionResource, readProblem, reconcileUnderLock, type ReconcileReport } from './heal-reconcile.js';
import type { HealTarget } from './heal-target.js';
import { HealJournal, type ActionStatus, type RunKind, type RunRecord } from './journal.js';
import { HealLock, LockBusyError } from './lock.js';

export interface Observation {
  plan: HealPlan;
  live: LiveState;
  /** The drift report the plan came from (heal only). */
  report?: DriftReport;
}

/** Computes a plan from a fresh read, and verifies one of its actions after it ran. */
export interface HealPlanner {
  kind: RunKind;
  /** For an undo: the plan being reversed. */
  undoOf: string | null;
  mode: HealMode;
  observe(): Promise<Observation>;
  /** Undefined when the action's changes are in effect; otherwise what still differs. */
  verify(action: HealAction, observation: Observation): Promise<string | undefined>;
}

export interface VerifyOptions {
  /** Waits before each re-read after the first fails: AWS reads are eventually consistent. Default [2000, 5000]. */
  retryDelaysMs?: readonly number[];
  sleep?: (ms: number) => Promise<void>;
}

const sleepFor = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function withRetries(check: () => Promise<string | undefined>, options: VerifyOptions): Promise<string | undefined> {
  const delays = options.retryDelaysMs ?? [2000, 5000];
  const sleep = options.sleep ?? sleepFor;
  let detail = await check();
  for (const delay of delays) {
    if (detail === undefined) return undefined;
    await sleep(delay);
    detail = await check();
  }
  return detail;
}

function describeDifference(d: PropertyDifference): string {
  const show = (v: unknown) => (v === undefined ? 'absent' : JSON.stringify(v));
  return `${d.path} (${d.kind}: expected ${show(d.expected)}, actual ${show(d.actual)})`;
}

export interface HealPlannerRequest {
  target: HealTarget;
  desired: DesiredState;
  config: Config;
  mode: HealMode;
  only?: readonly string[];
  now: () => Date;
  verify?: VerifyOptions;
}

export function healPlanner(request: HealPlannerRequest): HealPlanner {
  const { target, desired, config, mode } = request;
  const types = declaredTypes(desired);
  const detect = async (live: LiveState): Promise<DriftReport> => {
    const { readableProperties } = await import('../aws/readers/index.js');
    return detectDrift(desired.resources, live, {
      ...detectOptionsFrom(config, request.now()),
      readableProperties: (type) => {
        const list = readableProperties(type);
        return list ? new Set(list) : undefined;
      },
    });
  };
  return {
    kind: 'heal',
    undoOf: null,
    mode,
    async observe() {
      const live = await target.read(types);
      const report = await detect(live);
      // Asked only when a plan would set some DesiredCount: most heals never need the autoscaler.
      const serviceIds = report.items
        .filter((i) => i.resourceType === 'AWS::ECS::Service' && i.physicalId !== null && i.differences.some((d) => d.path === 'DesiredCount'))
        .flatMap((i) => live.resources.filter((r) => r.type === i.resourceType && r.physicalId === i.physicalId))
        .map(serviceResourceId);
      const facts = await target.facts(serviceIds);
      const plan = planHeal(report, live, config.autoHeal, mode, { facts, ...(request.only ? { only: request.only } : {}) });
      return { plan, live, report };
    },
    verify(action, observation) {
      return withRetries(async () => {
        const fresh = await target.read([action.resourceType]);
        const problem = readProblem(fresh, action.resourceType);
        if (problem) return problem;
        const merged: LiveState = {
          ...observation.live,
          resources: [...observation.live.resources.filter((r) => r.type !== action.resourceType), ...fresh.resources],
        };
        const item = (await detect(merged)).items.find((i) => i.id === action.itemId);
        const remaining = (item?.differences ?? []).filter((d) => action.changes.some((c) => differenceMatchesChange(d, c)));
        return remaining.length === 0 ? undefined : `still differs after the change: ${remaining.map(describeDifference).join('; ')}`;
      }, request.verify ?? {});
    },
  };
}

export interface UndoPlannerRequest {
  target: HealTarget;
  journal: HealJournal;
  /** The plan whose latest executed run is reversed. */
  planId: string;
  config: Config;
  verify?: VerifyOptions;
}

export function undoPlanner(request: UndoPlannerRequest): HealPlanner {
  const executed = request.journal.executedActions(request.planId);
  if (!executed) {
    throw new UsageError(`plan ${request.planId} has never been executed, so there is nothing to undo`, 'list executed plans with `ialctl drift heal --journal`');
  }
  const actions = executed.actions.map((a) => a.action);
  const types = [...new Set(actions.map((a) => a.resourceType))];
  const { target } = request;
  return {
    kind: 'undo',
    undoOf: request.planId,
    mode: 'attended',
    async observe() {
      const live = await target.read(types);
      return { plan: planUndo(actions, live, request.config.autoHeal), live };
    },
    verify(action) {
      return withRetries(async () => {
        const fresh = await target.read([action.resourceType]);
        const problem = readProblem(fresh, action.resourceType);
        if (problem) return problem;
        const resource = fresh.resources.find((r) => r.type === action.resourceType && r.physicalId === action.physicalId);
        const unmet = action.changes.filter((c) => !changeHolds(action.resourceType, resource, c));
        return unmet.length === 0 ? undefined : `not restored: ${unmet.map((c) => c.path).join(', ')}`;
      }, request.verify ?? {});
    },
  };
}

export interface ActionResult {
  itemId: string;
  operation: string;
  physicalId: string;
  status: ActionStatus;
  error: string | null;
  /**
   * How the status was established when the call gave no clear answer: the answer was lost (reset,
   * timeout, 5xx) and AWS was re-read to learn what it really has.
   */
  note?: string;
  /** Set with `note`: what the re-read found — the change in effect, the previous values, or neither. */
  outcome?: UnclearOutcome;
  durationMs: number;
}

export type UnclearOutcome = 'applied' | 'not_applied' | 'unknown';

export type RefusalCode = 'not_approved' | 'plan_changed' | 'locked';

/** Where AWS stood when the compare-and-set before a write failed. */
export type CasState = 'already_in_effect' | 'changed' | 'gone';

export interface Refusal {
  code: RefusalCode;
  message: string;
  /** plan_changed found right before a write (the compare-and-set): which action, and what AWS had. */
  action?: { index: number; operation: string; physicalId: string; state: CasState };
}

export interface HealOutcome {
  dryRun: false;
  /** The plan computed from the fresh read: the one that ran, or the new one a refusal asks to review. */
  plan: HealPlan;
  results: ActionResult[];
  refused: Refusal | null;
  runId: string | null;
  /**
   * False when the read the plan came from missed some types (a service could not be read): their
   * resources were not healed, and the run is not a success even if every action healed.
   */
  complete: boolean;
  /** Interrupted actions of earlier runs settled under the lock before this one started. */
  reconciled: ReconcileReport['actions'];
  durationMs: number;
}

export interface ExecuteHealRequest {
  /** The plan the approver saw. */
  plan: HealPlan;
  /** The id the approver approved: a human's confirmation, `--yes` with `--plan-id`, or the unattended policy. */
  approvedPlanId: string;
  /** Who or what approved, for the journal: `alice@laptop (terminal)`, `auto-heal policy (unattended)`. */
  approvedBy: string;
  planner: HealPlanner;
  target: HealTarget;
  journal: HealJournal;
  lock: HealLock;
  /** Wait this long for another heal of the same account/region instead of refusing at once. */
  waitForLockMs?: number;
  now: () => Date;
  /** Called after each action, for progress output. */
  onResult?: (result: ActionResult, action: HealAction, index: number) => void;
  /** Test hook (IAL_TEST_HEAL_HOOK): stops the run at a chosen point; absent in normal runs. */
  hooks?: HealHooks;
}

/** Why AWS no longer holds what an action was planned from (the compare-and-set before its write failed). */
function casMismatch(action: HealAction, index: number, state: ReturnType<typeof actionState>): string {
  const which = `action ${index + 1} (${action.operation} ${action.physicalId})`;
  switch (state) {
    case 'applied':
      return `${which} is already in effect in AWS: another run (another checkout or operator?) healed it after this plan was computed. Nothing more was written; check again to see what is left`;
    case 'absent':
      return `${which}: the resource no longer exists in AWS. Nothing more was written; check again`;
    default:
      return `${which}: AWS no longer has the values this plan was computed from (${action.changes.map((c) => c.path).join(', ')} changed meanwhile). Nothing more was written; review the new plan`;
  }
}

function describeError(e: unknown): string {
  const code = awsErrorCode(e);
  return `${code && !errorMessage(e).startsWith(code) ? `${code}: ` : ''}${errorMessage(e)}`;
}

export async function executeHeal(request: ExecuteHealRequest): Promise<HealOutcome> {
  const started = request.now().getTime();
  let complete = true;
  let reconciled: ReconcileReport['actions'] = [];
  const done = (plan: HealPlan, results: ActionResult[], refused: HealOutcome['refused'], runId: string | null): HealOutcome => ({
    dryRun: false, plan, results, refused, runId, complete, reconciled, durationMs: request.now().getTime() - started,
  });
  if (request.plan.id !== request.approvedPlanId) {
    return done(request.plan, [], {
      code: 'not_approved',
      message: `plan ${request.plan.id} was not approved (the approval names ${request.approvedPlanId || 'no plan'}): nothing was executed`,
    }, null);
  }

  const scope = await healScope(request.target);
  let lock;
  try {
    lock = await request.lock.acquire(scope, { planId: request.approvedPlanId, ...(request.waitForLockMs ? { waitMs: request.waitForLockMs } : {}) });
  } catch (error) {
    if (error instanceof LockBusyError) return done(request.plan, [], { code: 'locked', message: error.message }, null);
    throw error;
  }

  try {
    // An earlier run that died mid-call left `started` actions: settle them first, so this run's journal
    // and a later undo stand on what AWS really has.
    reconciled = (await reconcileUnderLock({ journal: request.journal, target: request.target, now: request.now }, scope)).actions;
    // Under the lock, from a fresh read: what runs is exactly what was approved, or nothing.
    const observation = await request.planner.observe();
    const plan = observation.plan;
    complete = observation.report?.complete ?? true;
    if (plan.id !== request.approvedPlanId) {
      return done(plan, [], {
        code: 'plan_changed',
        message: `drift changed since the plan was shown; review the new plan (${plan.id}): nothing was executed`,
      }, null);
    }
    const run: RunRecord = {
      runId: randomUUID(),
      planId: plan.id,
      kind: request.planner.kind,
      undoOf: request.planner.undoOf,
      mode: request.planner.mode,
      approvedBy: request.approvedBy,
      scope,
      startedAt: request.now().toISOString(),
    };
    const hooks = request.hooks;
    // The run is recorded with its first journaled action: a run refused before writing leaves no empty record.
    let runStarted = false;
    const before = (index: number, action: HealAction): void => {
      if (!runStarted) request.journal.startRun(run, plan);
      runStarted = true;
      request.journal.before(run, index, action, request.now());
    };

    const results: ActionResult[] = [];
    for (const [index, action] of plan.actions.entries()) {
      lock.refresh();
      const actionStarted = request.now().getTime();
      await hooks?.at('before-action', index);
      // Compare-and-set in spirit: the lock is per checkout, so another checkout may have healed (or
      // changed) this resource since the plan was read. Write only while AWS still has the planned "from".
      const current = await readActionResource(request.target, action);
      if ('problem' in current) {
        const error = `not written: ${current.problem}, so it is unknown whether AWS still has the values this plan was computed from`;
        before(index, action);
        request.journal.after(run, index, action, 'failed', error, request.now());
        const result: ActionResult = { itemId: action.itemId, operation: action.operation, physicalId: action.physicalId, status: 'failed', error, durationMs: request.now().getTime() - actionStarted };
        results.push(result);
        request.onResult?.(result, action, index);
        continue;
      }
      const state = actionState(action.resourceType, current.resource, action.changes);
      if (state !== 'pending') {
        const cas: CasState = state === 'applied' ? 'already_in_effect' : state === 'absent' ? 'gone' : 'changed';
        return done(plan, results, {
          code: 'plan_changed',
          message: casMismatch(action, index, state),
          action: { index, operation: action.operation, physicalId: action.physicalId, state: cas },
        }, runStarted ? run.runId : null);
      }

      before(index, action);
      await hooks?.at('before-write', index);
      let status: ActionStatus = 'failed';
      let error: string | null = null;
      let note: string | undefined;
      let outcome: UnclearOutcome | undefined;
      let written = false;
      try {
        await request.target.write(action);
        written = true;
      } catch (e) {
        // One failure does not stop the rest: each action is independent and journaled on its own.
        const message = describeError(e);
        if (isClearRefusal(e) || isLocalWriterError(e)) {
          status = 'failed';
          error = message;
        } else {
          // No clear answer (reset, timeout, 5xx, or a refusal after retries): AWS may have applied it.
          ({ status, error, note, outcome } = await settleUnclear(request, action, observation, message));
        }
      }
      if (written) {
        await hooks?.at('after-write', index);
        try {
          const unmet = await request.planner.verify(action, observation);
          status = unmet === undefined ? 'healed' : 'verify_failed';
          error = unmet ?? null;
        } catch (e) {
          // AWS accepted the write; only the check failed. Never `failed`: undo must still see it.
          status = 'verify_failed';
          error = `written, but re-reading AWS to verify it failed: ${describeError(e)}`;
        }
      }
      request.journal.after(run, index, action, status, error, request.now(), note ? { note } : {});
      const result: ActionResult = {
        itemId: action.itemId, operation: action.operation, physicalId: action.physicalId, status, error,
        ...(note ? { note } : {}),
        ...(outcome ? { outcome } : {}),
        durationMs: request.now().getTime() - actionStarted,
      };
      results.push(result);
      request.onResult?.(result, action, index);
      await hooks?.at('after-action', index);
    }
    return done(plan, results, null, plan.actions.length > 0 ? run.runId : null);
  } finally {
    lock.release();
  }
}

/** The real outcome of a write whose answer was lost, from re-reading AWS (with the verification's retries). */
async function settleUnclear(
  request: ExecuteHealRequest, action: HealAction, observation: Observation, message: string,
): Promise<{ status: ActionStatus; error: string | null; note: string; outcome: UnclearOutcome }> {
  let unmet: string | undefined;
  try {
    unmet = await request.planner.verify(action, observation);
  } catch (e) {
    unmet = `re-reading AWS failed: ${describeError(e)}`;
  }
  if (unmet === undefined) {
    return { status: 'healed', outcome: 'applied', error: null, note: `the call got no clear answer (${message}), but re-reading AWS shows the change in effect` };
  }
  const now = await readActionResource(request.target, action);
  if (!('problem' in now) && actionState(action.resourceType, now.resource, action.changes) === 'pending') {
    // Not "failed": an unanswered write can still land after the re-read, and undo skips failed actions.
    // As verify_failed, undo considers it (and skips it if its value does not hold).
    return {
      status: 'verify_failed',
      outcome: 'unknown',
      error: `${message}; outcome unknown: re-reading AWS still shows the previous values`,
      note: 'the call got no clear answer; re-reading AWS still shows the previous values, but the write may land later',
    };
  }
  return {
    status: 'verify_failed',
    outcome: 'unknown',
    error: `${message}; outcome unknown: ${unmet}`,
    note: 'the call got no clear answer and re-reading AWS did not show the change in effect: it may be applied in part, or later',
  };
}

/** The state database of a project: `<cwd>/<state_dir>/state.db`; the demo keeps its state in memory. */
export function openHealState(config: Config, cwd: string, demo: boolean): { db: StateDb; journal: HealJournal; lock: HealLock } {
  const db = openStateDb(demo ? ':memory:' : path.resolve(cwd, config.stateDir));
  return { db, journal: new HealJournal(db), lock: new HealLock(db) };
}

/** The target a CLI session heals: AWS from the session's options, or the demo sandbox. */
export async function openHealTarget(source: LiveSource): Promise<HealTarget> {
  switch (source.kind) {
    case 'demo': {
      const [{ DemoAccount }, { demoTarget }] = await Promise.all([import('./demo-account.js'), import('./heal-target.js')]);
      return demoTarget(DemoAccount.load());
    }
    case 'snapshot':
      throw new UsageError('a snapshot cannot be healed: it is a saved copy, not an account', 'drop --snapshot to heal the live account, or use --demo');
    case 'aws': {
      const [{ createAwsClients }, { createScalableTargetsSource }, { awsTarget }] = await Promise.all([
        import('../aws/clients.js'),
        import('../aws/writers/scalable-targets.js'),
        import('./heal-target.js'),
      ]);
      // Same client options as `drift check` (retries, timeouts, endpoint); the reader concurrency and
      // the clients hook are check-only.
      const { kind: _kind, ...rest } = source;
      const { concurrency: _concurrency, onClients, ...options } = rest as typeof rest & {
        concurrency?: number;
        onClients?: (clients: AwsClients) => void;
      };
      const clients = await createAwsClients(options);
      onClients?.(clients);
      return awsTarget(clients, createScalableTargetsSource({ ...options, region: clients.region }, clients.calls));
    }
  }
}
