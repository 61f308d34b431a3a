// Outcomes the heal loop could not see itself, established by re-reading AWS: an action left `started` by a
// process that died during its call (kill -9, power loss) is settled on the next run, so the journal and
// undo match what AWS really has. Runs under the account lock: an action of a heal still in progress is
// never mistaken for an interrupted one.
import { actionState, type ActionState } from '../drift/heal-check.js';
import type { HealAction } from '../drift/heal-model.js';
import type { LiveResource, LiveState } from '../drift/model.js';
import type { HealTarget } from './heal-target.js';
import type { ActionStatus, HealJournal, InterruptedAction } from './journal.js';
import { LockBusyError, type HealLock } from './lock.js';

/** The lock scope of a target: one heal at a time per account and region. */
export async function healScope(target: HealTarget): Promise<string> {
  return `${target.kind}:${await target.accountId()}:${target.region}`;
}

/** Why a type is missing from a read, or undefined when it was read. */
export function readProblem(live: LiveState, type: string): string | undefined {
  if (live.readTypes.includes(type)) return undefined;
  const error = live.errors.find((e) => e.types.includes(type));
  return `could not re-read ${type}${error ? `: ${error.code ? `${error.code}: ` : ''}${error.message}` : ''}`;
}

/** The action's resource as AWS has it now: `resource` undefined when it no longer exists. */
export async function readActionResource(
  target: HealTarget, action: Pick<HealAction, 'resourceType' | 'physicalId'>,
): Promise<{ resource: LiveResource | undefined } | { problem: string }> {
  let live: LiveState;
  try {
    live = await target.read([action.resourceType]);
  } catch (error) {
    return { problem: `could not re-read ${action.resourceType}: ${(error as Error).message}` };
  }
  const problem = readProblem(live, action.resourceType);
  if (problem) return { problem };
  return { resource: live.resources.find((r) => r.type === action.resourceType && r.physicalId === action.physicalId) };
}

/** The journal status an action whose outcome was learned by re-reading gets: never healed unless AWS has it all. */
export function statusOfState(state: ActionState): ActionStatus {
  switch (state) {
    case 'applied':
      return 'healed';
    case 'pending':
      return 'failed';
    case 'mixed':
    case 'absent':
      return 'verify_failed';
  }
}

const STATE_NOTE: Record<ActionState, string> = {
  applied: 'AWS has every change of the action in effect',
  pending: 'AWS still has the previous values: the write never landed',
  mixed: 'AWS has only part of the change, or other values: written in part or changed since',
  absent: 'the resource no longer exists',
};

export interface ReconciledAction {
  runId: string;
  planId: string;
  index: number;
  operation: string;
  physicalId: string;
  /** Undefined when AWS could not be re-read: the action stays `started`, for a later run to settle. */
  status?: ActionStatus;
  note: string;
}

export interface ReconcileReport {
  actions: ReconciledAction[];
  /** Set when nothing was reconciled because another heal of this account/region holds the lock. */
  busy?: string;
}

export interface ReconcileRequest {
  journal: HealJournal;
  target: HealTarget;
  now: () => Date;
}

/** Settles the interrupted actions of the target's scope. The caller holds the scope's lock. */
export async function reconcileUnderLock(request: ReconcileRequest, scope: string): Promise<ReconcileReport> {
  const pending = request.journal.interrupted(scope);
  const actions: ReconciledAction[] = [];
  for (const type of [...new Set(pending.map((p) => p.action.resourceType))]) {
    const mine = pending.filter((p) => p.action.resourceType === type);
    let live: LiveState | undefined;
    let problem: string | undefined;
    try {
      live = await request.target.read([type]);
      problem = readProblem(live, type);
    } catch (error) {
      problem = `could not re-read ${type}: ${(error as Error).message}`;
    }
    for (const p of mine) actions.push(settle(request, p, problem === undefined ? live : undefined, problem));
  }
  return { actions };
}

function settle(request: ReconcileRequest, p: InterruptedAction, live: LiveState | undefined, problem: string | undefined): ReconciledAction {
  const base = { runId: p.run.runId, planId: p.run.planId, index: p.index, operation: p.action.operation, physicalId: p.action.physicalId };
  if (!live) return { ...base, note: `interrupted at ${p.startedAt}; not reconciled: ${problem ?? 'AWS could not be re-read'}` };
  const resource = live.resources.find((r) => r.type === p.action.resourceType && r.physicalId === p.action.physicalId);
  const state = actionState(p.action.resourceType, resource, p.action.changes);
  const status = statusOfState(state);
  const note = `reconciled: the run was interrupted at ${p.startedAt} with no outcome; re-reading AWS at ${request.now().toISOString()}: ${STATE_NOTE[state]}`;
  request.journal.after(p.run, p.index, p.action, status, null, request.now(), { note, reconciled: true });
  return { ...base, status, note };
}

/**
 * Takes the scope's lock for the time of the reconciliation (without waiting). When another heal holds it,
 * its `started` action may be in flight right now: nothing is touched and `busy` says why.
 */
export async function reconcileInterrupted(request: ReconcileRequest & { lock: HealLock }): Promise<ReconcileReport> {
  // The journal first: with nothing interrupted (the usual case) AWS is not even asked who it is.
  if (request.journal.interrupted().length === 0) return { actions: [] };
  const scope = await healScope(request.target);
  if (request.journal.interrupted(scope).length === 0) return { actions: [] };
  let held;
  try {
    held = await request.lock.acquire(scope, { planId: 'reconcile' });
  } catch (error) {
    if (error instanceof LockBusyError) return { actions: [], busy: error.message };
    throw error;
  }
  try {
    return await reconcileUnderLock(request, scope);
  } finally {
    held.release();
  }
}
