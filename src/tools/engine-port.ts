// The boundary between the tools and the engine: what a tool may ask of it. The tools, the agent
// loop and the confirmation gate depend on this interface only; `engine-adapter.ts` implements it
// over the real engine modules, and tests can substitute a recording implementation.
import type { ProgressFn } from '../aws/read-live.js';
import type { DriftReport, Json } from '../drift/model.js';
import type { ResourceInventory } from '../drift/report/diff.js';

export type { ProgressFn, ServiceProgress } from '../aws/read-live.js';

/**
 * Who said yes to a plan: the human in the conversation, the `--yes` flag (for the mutation the user's
 * message asked for), or `--approve PLAN_ID` naming the plan.
 */
export type Approver = 'user' | 'flag:--yes' | 'flag:--approve';

/** A human's (or `--yes`'s) consent, bound to one exact plan id. */
export interface Approval {
  planId: string;
  approvedBy: Approver;
  approvedAt: string;
}

export interface CheckOutcome {
  report: DriftReport;
  /** Every resource the check saw (declared and live), so one without drift reads "in sync", not "unknown". */
  inventory?: ResourceInventory;
}

export interface HealPlanRequest {
  /** Drift item ids, logical ids or physical ids to heal; every healable item when absent. */
  only?: string[];
}

export interface HealActionView {
  itemId: string;
  resourceType: string;
  logicalId: string | null;
  physicalId: string;
  /** `service:Operation`, e.g. `ecs:UpdateService`. */
  operation: string;
  changes: { path: string; from: Json; to: Json }[];
  /** The resource is interrupted while the action runs. */
  disruptive: boolean;
  disruption?: string;
}

export interface PlanSkip {
  itemId: string;
  reason: string;
  path?: string;
  /** The resource's logical id (or physical id): what a person recognizes, where the item id is a hash. */
  subject?: string;
  /** The reason as a code and parameters, for the catalogues (src/i18n/reasons.ts). */
  code?: string;
  params?: Record<string, string>;
}

export interface HealPlanView {
  kind: 'heal';
  /** Bound to the exact actions: the engine executes only the plan with this id. */
  planId: string;
  actions: HealActionView[];
  skipped: PlanSkip[];
}

export type HealStatus = 'healed' | 'failed' | 'verify_failed';

export interface HealOutcome {
  planId: string;
  results: { itemId: string; status: HealStatus; error?: string }[];
}

export interface SyncPlanRequest {
  only?: string[];
  /** Open a pull request after pushing (needs GITHUB_TOKEN); a local branch only when false. */
  createPr: boolean;
}

/** One edit of a phase file, with the values: what Git declares now → what AWS has (and Git will say). */
export interface SyncChangeView {
  itemId: string;
  logicalId: string;
  /** Empty when the change adds or removes a whole resource. */
  path: string;
  kind: string;
  /** Git's value; null when the change adds something. */
  from: Json;
  /** AWS's value; null when the change removes something. */
  to: Json;
  line: number;
  parameter?: string;
}

export interface SyncPlanView {
  kind: 'sync';
  planId: string;
  base: string | null;
  branch: string | null;
  files: { path: string; changes: number; items: string[]; values: SyncChangeView[] }[];
  unresolved: PlanSkip[];
  createPr: boolean;
  /**
   * Why no pull request will be opened even though one was asked for (no GITHUB_TOKEN, no origin, an
   * origin not on GitHub; `disabled` when none was asked for); null when one will be. Absent: unknown.
   */
  pullRequestSkipped?: 'disabled' | 'no-token' | 'not-github' | 'no-origin' | null;
}

export interface SyncOutcome {
  planId: string;
  branch: string;
  base: string | null;
  commit: string | null;
  pullRequest: { number: number; url: string } | null;
  files: { path: string; changes: number }[];
  unresolved: PlanSkip[];
  /** Partial failures the user must act on (push refused, pull request not opened), with the hint. */
  problems: string[];
  /** The repository the branch was committed in (the demo's throwaway repository is worth showing). */
  repository: string | null;
  /** Whether the branch reached the remote. */
  pushed?: boolean;
  /** Why no pull request was opened (see SyncPlanView); null when one was (or an attempt failed: see problems). */
  pullRequestSkipped?: 'disabled' | 'no-token' | 'not-github' | 'no-origin' | null;
  /** Where a person opens the pull request when ialctl did not (the branch was pushed to GitHub). */
  manualPullRequestUrl?: string;
}

export type PlanView = HealPlanView | SyncPlanView;

/** One drift episode of a resource, from the local drift history (for "since when?"). */
export interface HistoryEntry {
  itemId: string;
  type: string;
  severity: string;
  firstSeen: string;
  lastSeen: string;
  /** Null while the drift is still open. */
  resolvedAt: string | null;
  resolution: string | null;
}

export interface EnginePort {
  /** `onProgress` hears each AWS service's reading state during a check of a live account. */
  checkDrift(signal?: AbortSignal, onProgress?: ProgressFn): Promise<CheckOutcome>;
  planHeal(request: HealPlanRequest, signal?: AbortSignal): Promise<HealPlanView>;
  /** Executes only if `planId` is still what the engine would do now (it re-plans and compares). */
  applyHeal(planId: string, approval: Approval, signal?: AbortSignal): Promise<HealOutcome>;
  planSync(request: SyncPlanRequest, signal?: AbortSignal): Promise<SyncPlanView>;
  applySync(planId: string, approval: Approval, signal?: AbortSignal): Promise<SyncOutcome>;
  /** Drift episodes of one resource (logical or physical id), oldest first; empty when none were recorded. Absent = open episodes of every resource. */
  history(resource: string | undefined, signal?: AbortSignal): Promise<HistoryEntry[]>;
  /** Releases what the engine opened (state database, AWS clients, the demo's scratch repository). */
  close(): void;
}

/** The engine was built without this feature: the tool reports it plainly, it never pretends. */
export class EngineUnavailableError extends Error {
  override name = 'EngineUnavailableError';
  constructor(
    readonly feature: 'heal' | 'sync' | 'history',
    message: string,
  ) {
    super(message);
  }
}

/** The engine refused to execute: what it would do now differs from the approved plan. */
export class PlanChangedError extends Error {
  override name = 'PlanChangedError';
  constructor(
    readonly approvedPlanId: string,
    readonly currentPlanId: string | null,
  ) {
    super(
      `the plan changed since it was approved (approved ${approvedPlanId.slice(0, 12)}, now ${currentPlanId ? currentPlanId.slice(0, 12) : 'nothing to do'}); nothing was executed`,
    );
  }
}
