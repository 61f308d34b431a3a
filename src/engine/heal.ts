// `drift heal`: plan → approval gate → lock → fresh plan must match the approved id → for each action:
// journal, write, re-read and verify, journal → release. Also the undo of a journaled heal.
// Nothing is written unless the plan computed from a fresh read, under the lock, is the approved one.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { AwsClients } from '../aws/clients.js';
import { awsErrorCode, errorMessage } from '../aws/errors.js';
import type { Config } from '../config/index.js';
import { differenceMatchesChange, changeHolds } from '../drift/heal-check.js';
import { serviceResourceId } from '../drift/heal-actions.js';
import { planHeal, planUndo, type HealAction, type HealMode, type HealPlan } from '../drift/heal-plan.js';
import { detectDrift } from '../drift/detect.js';
import type { DriftReport, LiveState, PropertyDifference } from '../drift/model.js';
import type { DesiredState } from '../drift/phases.js';
import { openStateDb, type StateDb } from '../state/db.js';
import { declaredTypes, detectOptionsFrom, type LiveSource } from './check.js';
import { UsageError } from './errors.js';
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

function readProblem(live: LiveState, type: string): string | undefined {
  if (live.readTypes.includes(type)) return undefined;
  const error = live.errors.find((e) => e.types.includes(type));
  return `could not re-read ${type}${error ? `: ${error.code ? `${error.code}: ` : ''}${error.message}` : ''}`;
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
  durationMs: number;
}

export type RefusalCode = 'not_approved' | 'plan_changed' | 'locked';

export interface HealOutcome {
  dryRun: false;
  /** The plan computed from the fresh read: the one that ran, or the new one a refusal asks to review. */
  plan: HealPlan;
  results: ActionResult[];
  refused: { code: RefusalCode; message: string } | null;
  runId: string | null;
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
}

export async function executeHeal(request: ExecuteHealRequest): Promise<HealOutcome> {
  const started = request.now().getTime();
  const done = (plan: HealPlan, results: ActionResult[], refused: HealOutcome['refused'], runId: string | null): HealOutcome => ({
    dryRun: false, plan, results, refused, runId, durationMs: request.now().getTime() - started,
  });
  if (request.plan.id !== request.approvedPlanId) {
    return done(request.plan, [], {
      code: 'not_approved',
      message: `plan ${request.plan.id} was not approved (the approval names ${request.approvedPlanId || 'no plan'}): nothing was executed`,
    }, null);
  }

  const scope = `${request.target.kind}:${await request.target.accountId()}:${request.target.region}`;
  let lock;
  try {
    lock = await request.lock.acquire(scope, { planId: request.approvedPlanId, ...(request.waitForLockMs ? { waitMs: request.waitForLockMs } : {}) });
  } catch (error) {
    if (error instanceof LockBusyError) return done(request.plan, [], { code: 'locked', message: error.message }, null);
    throw error;
  }

  try {
    // Under the lock, from a fresh read: what runs is exactly what was approved, or nothing.
    const observation = await request.planner.observe();
    const plan = observation.plan;
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
    if (plan.actions.length > 0) request.journal.startRun(run, plan);

    const results: ActionResult[] = [];
    for (const [index, action] of plan.actions.entries()) {
      lock.refresh();
      const actionStarted = request.now().getTime();
      request.journal.before(run, index, action, request.now());
      let status: ActionStatus;
      let error: string | null = null;
      try {
        await request.target.write(action);
        const unmet = await request.planner.verify(action, observation);
        status = unmet === undefined ? 'healed' : 'verify_failed';
        error = unmet ?? null;
      } catch (e) {
        // One failure does not stop the rest: each action is independent and journaled on its own.
        status = 'failed';
        const code = awsErrorCode(e);
        error = `${code && !errorMessage(e).startsWith(code) ? `${code}: ` : ''}${errorMessage(e)}`;
      }
      request.journal.after(run, index, action, status, error, request.now());
      const result: ActionResult = {
        itemId: action.itemId, operation: action.operation, physicalId: action.physicalId, status, error,
        durationMs: request.now().getTime() - actionStarted,
      };
      results.push(result);
      request.onResult?.(result, action, index);
    }
    return done(plan, results, null, plan.actions.length > 0 ? run.runId : null);
  } finally {
    lock.release();
  }
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
