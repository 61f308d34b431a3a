// The engine port over the real engine modules: drift check, heal (plan → approval → execute under the
// lock, journaled and verified), reverse sync (worktree branch, commit, push, pull request) and the
// drift history. Heavy modules load on first use, so a one-shot question that needs no engine is fast.
//
// The demo heals its in-memory sandbox account (checks read that same account afterwards, so a heal
// shows up in the next check), and reverse-syncs into a throwaway Git repository holding a copy of the
// bundled phases: nothing outside the temp directory is ever written.
import { createHash } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import path from 'node:path';
import type { Config } from '../config/index.js';
import type { HealPlan } from '../drift/heal-model.js';
import type { DriftReport } from '../drift/model.js';
import type { DesiredState } from '../drift/phases.js';
import type { SyncPlan } from '../drift/sync-plan.js';
import type { LiveSource } from '../engine/check.js';
import type { HealPlanner } from '../engine/heal.js';
import type { HealTarget } from '../engine/heal-target.js';
import type { HealJournal } from '../engine/journal.js';
import type { HealLock } from '../engine/lock.js';
import type { StateDb } from '../state/db.js';
import type { Lang } from '../i18n/index.js';
import {
  PlanChangedError,
  type Approval,
  type CheckOutcome,
  type EnginePort,
  type HealOutcome,
  type HealPlanRequest,
  type HealPlanView,
  type HistoryEntry,
  type PlanSkip,
  type ProgressFn,
  type SyncOutcome,
  type SyncPlanRequest,
  type SyncPlanView,
} from './engine-port.js';

export interface EngineAdapterOptions {
  cwd: string;
  phasesDir?: string;
  parameterOverrides: Record<string, string>;
  config: Config;
  source: LiveSource;
  now: () => Date;
  env: NodeJS.ProcessEnv;
  /** Language of commit messages and pull request bodies. */
  lang: Lang;
}

interface HealSession {
  target: HealTarget;
  db: StateDb;
  journal: HealJournal;
  lock: HealLock;
  desired: DesiredState;
}

interface SyncWorkspace {
  cwd: string;
  phasesDir?: string;
  /** Set for the demo's throwaway repository. */
  scratch?: string;
}

const APPROVER_LABELS: Record<Approval['approvedBy'], string> = {
  user: 'chat confirmation',
  'flag:--yes': 'chat, --yes',
  'flag:--approve': 'chat, --approve',
};

/** The journal records who approved: the person at this terminal, through the chat or through --yes. */
export function approverLabel(approval: Approval): string {
  let user: string;
  try {
    user = userInfo().username;
  } catch {
    user = process.env['USER'] ?? 'unknown';
  }
  return `${user}@${hostname()} (${APPROVER_LABELS[approval.approvedBy]})`;
}

/**
 * A reverse-sync plan id covers what the user approves: the changes, whether a pull request is opened,
 * and the commit the branch starts from. The changes hash alone stays the PR's marker.
 */
export function syncPlanId(changes: string, createPr: boolean, baseCommit: string): string {
  return createHash('sha256').update(`${changes}\n${createPr ? 'pr' : 'no-pr'}\n${baseCommit}`).digest('hex');
}

function healView(plan: HealPlan): HealPlanView {
  return {
    kind: 'heal',
    planId: plan.id,
    actions: plan.actions.map((a) => ({
      itemId: a.itemId,
      resourceType: a.resourceType,
      logicalId: a.logicalId,
      physicalId: a.physicalId,
      operation: a.operation,
      changes: a.changes.map((c) => ({ path: c.path, from: c.from, to: c.to })),
      disruptive: a.disruptive,
      ...(a.disruption ? { disruption: a.disruption } : {}),
    })),
    skipped: plan.skipped.map((s) => ({
      itemId: s.itemId, reason: s.reason, ...(s.path ? { path: s.path } : {}),
      ...(s.logicalId ?? s.physicalId ? { subject: (s.logicalId ?? s.physicalId) as string } : {}),
      ...(s.code !== undefined ? { code: s.code, params: s.params ?? {} } : {}),
    })),
  };
}

export function createEngineAdapter(options: EngineAdapterOptions): EnginePort {
  const demo = options.source.kind === 'demo';
  let healSession: Promise<HealSession> | undefined;
  let syncWorkspace: Promise<SyncWorkspace> | undefined;
  // The demo's throwaway repository is removed on close unless a sync committed to it (the reply names it).
  let committedToScratch = false;
  const healPlans = new Map<string, { plan: HealPlan; planner: HealPlanner }>();
  // Applying re-runs the sync with the request the plan came from, so the confirmation compares like with
  // like, and commits on the branch the dialog named.
  const syncRequests = new Map<string, { request: SyncPlanRequest; branch: string }>();

  const openHeal = (): Promise<HealSession> => {
    healSession ??= (async () => {
      const [{ loadStackAwareDesired }, heal] = await Promise.all([import('../engine/check.js'), import('../engine/heal.js')]);
      // Phase errors surface before the state database or AWS clients are opened. Stack-backed files
      // carry their deployed values: a heal restores what was deployed, never an undeployed Git edit.
      const desired = await loadStackAwareDesired({
        cwd: options.cwd,
        ...(options.phasesDir !== undefined ? { phasesDir: options.phasesDir } : {}),
        parameterOverrides: options.parameterOverrides,
        source: options.source,
        config: options.config,
      }, undefined, { requireStacks: true });
      const target = await heal.openHealTarget(options.source);
      const state = heal.openHealState(options.config, options.cwd, demo);
      return { target, ...state, desired };
    })();
    return healSession;
  };

  const planner = async (only?: readonly string[]): Promise<HealPlanner> => {
    const [session, { healPlanner }] = await Promise.all([openHeal(), import('../engine/heal.js')]);
    return healPlanner({
      target: session.target,
      desired: session.desired,
      config: options.config,
      mode: 'attended',
      ...(only && only.length > 0 ? { only } : {}),
      now: options.now,
    });
  };

  const openSyncWorkspace = (): Promise<SyncWorkspace> => {
    syncWorkspace ??= (async () => {
      if (!demo) return { cwd: options.cwd, ...(options.phasesDir !== undefined ? { phasesDir: options.phasesDir } : {}) };
      const { createDemoRepository } = await import('../engine/demo-repository.js');
      const scratch = await createDemoRepository();
      return { cwd: scratch, phasesDir: 'phases', scratch };
    })();
    return syncWorkspace;
  };

  /** Runs reverse sync up to its confirmation; `decide` sees the exact plan and says whether to write. */
  const reverseSync = async (
    request: SyncPlanRequest,
    decide: (plan: SyncPlan, id: string, preview: { branch: string; base: string }) => boolean,
    branch?: string,
  ) => {
    const [{ runReverseSync }, { changesHash }, workspace] = await Promise.all([
      import('../engine/reverse-sync.js'),
      import('../git/messages.js'),
      openSyncWorkspace(),
    ]);
    let seen: { plan: SyncPlan; id: string; branch: string; base: string } | undefined;
    const result = await runReverseSync({
      cwd: workspace.cwd,
      ...(workspace.phasesDir !== undefined ? { phasesDir: workspace.phasesDir } : {}),
      parameterOverrides: options.parameterOverrides,
      config: options.config,
      source: options.source,
      now: options.now(),
      env: options.env,
      lang: options.lang,
      dryRun: false,
      pullRequest: request.createPr,
      ...(branch !== undefined ? { branch } : {}),
      ...(request.only && request.only.length > 0 ? { resources: request.only } : {}),
      // The demo's sandbox is the one the heals of this session wrote to: the sync reads it as it is now.
      ...(demo ? { readLive: async (types: string[]) => (await openHeal()).target.read(types) } : {}),
      confirm: async (preview) => {
        const id = syncPlanId(changesHash(preview.plan), request.createPr, preview.baseRef.commit);
        seen = { plan: preview.plan, id, branch: preview.branch, base: preview.base };
        return decide(preview.plan, id, preview);
      },
    });
    return { result, seen, workspace };
  };

  return {
    async checkDrift(_signal?: AbortSignal, onProgress?: ProgressFn): Promise<CheckOutcome> {
      if (demo) {
        // The sandbox the heals write to: a check after a heal shows what is left.
        const [observation, session, { inventoryOf }] = await Promise.all([
          (await planner()).observe(), openHeal(), import('../drift/report/diff.js'),
        ]);
        return { report: observation.report as DriftReport, inventory: inventoryOf(session.desired.resources, observation.live) };
      }
      const [{ runCheck }, { inventoryOf }] = await Promise.all([import('../engine/check.js'), import('../drift/report/diff.js')]);
      const { report, desired, live } = await runCheck({
        cwd: options.cwd,
        ...(options.phasesDir !== undefined ? { phasesDir: options.phasesDir } : {}),
        parameterOverrides: options.parameterOverrides,
        config: options.config,
        source: options.source,
        now: options.now(),
        onProgress,
      });
      return { report, inventory: inventoryOf(desired.resources, live) };
    },

    async planHeal(request: HealPlanRequest): Promise<HealPlanView> {
      const p = await planner(request.only);
      const { plan } = await p.observe();
      healPlans.set(plan.id, { plan, planner: p });
      return healView(plan);
    },

    async applyHeal(planId: string, approval: Approval): Promise<HealOutcome> {
      const planned = healPlans.get(planId);
      if (planned === undefined || approval.planId !== planId) {
        throw new Error(`plan ${planId.slice(0, 12)} was not planned in this session: plan again, then approve the plan shown`);
      }
      const [session, { executeHeal }, { UsageError }] = await Promise.all([openHeal(), import('../engine/heal.js'), import('../engine/errors.js')]);
      const outcome = await executeHeal({
        plan: planned.plan,
        approvedPlanId: approval.planId,
        approvedBy: approverLabel(approval),
        planner: planned.planner,
        target: session.target,
        journal: session.journal,
        lock: session.lock,
        now: options.now,
      });
      if (outcome.refused) {
        switch (outcome.refused.code) {
          case 'plan_changed':
            healPlans.set(outcome.plan.id, { plan: outcome.plan, planner: planned.planner });
            throw new PlanChangedError(planId, outcome.plan.actions.length > 0 ? outcome.plan.id : null);
          case 'locked':
            throw new UsageError(outcome.refused.message, 'another heal of this account is running: wait for it to finish, then ask again');
          case 'not_approved':
            throw new Error(outcome.refused.message);
        }
      }
      return {
        planId: outcome.plan.id,
        results: outcome.results.map((r) => ({ itemId: r.itemId, status: r.status, ...(r.error ? { error: r.error } : {}) })),
      };
    },

    async planSync(request: SyncPlanRequest): Promise<SyncPlanView> {
      // The real run up to its confirmation, answered "no": the plan shown is the one apply would write.
      const { result, seen } = await reverseSync(request, () => false);
      if (seen === undefined) {
        return {
          kind: 'sync', planId: '0'.repeat(16), base: result.base, branch: null, files: [], unresolved: unresolvedOf(result.unresolved),
          createPr: request.createPr, pullRequestSkipped: result.pullRequestSkipped,
        };
      }
      syncRequests.set(seen.id, { request, branch: seen.branch });
      const files = [
        ...seen.plan.edits.map((e) => ({ path: e.file, changes: e.changes })),
        ...seen.plan.newFiles.map((f) => ({ path: f.file, changes: f.changes })),
      ].sort((a, b) => a.path.localeCompare(b.path));
      return {
        kind: 'sync',
        planId: seen.id,
        base: seen.base,
        branch: seen.branch,
        files: files.map((f) => ({
          path: f.path,
          changes: f.changes.length,
          items: [...new Set(f.changes.map((c) => c.itemId))],
          values: f.changes.map((c) => ({
            itemId: c.itemId, logicalId: c.logicalId, path: c.path, kind: c.kind, from: c.from, to: c.to, line: c.line,
            ...(c.parameter !== undefined ? { parameter: c.parameter } : {}),
          })),
        })),
        unresolved: unresolvedOf(seen.plan.unresolved),
        createPr: request.createPr,
        pullRequestSkipped: result.pullRequestSkipped,
      };
    },

    async applySync(planId: string, approval: Approval): Promise<SyncOutcome> {
      const planned = syncRequests.get(planId);
      if (planned === undefined || approval.planId !== planId) {
        throw new Error(`plan ${planId.slice(0, 12)} was not planned in this session: plan again, then approve the plan shown`);
      }
      let current: string | undefined;
      const { manualPullRequestUrl } = await import('../engine/reverse-sync.js');
      const { result, seen, workspace } = await reverseSync(planned.request, (_plan, id) => {
        current = id;
        return id === planId;
      }, planned.branch);
      if (seen === undefined || current !== planId) throw new PlanChangedError(planId, current ?? null);
      const problems = [result.pushError, result.pullRequestError].flatMap((p) => (p ? [`${p.message} (hint: ${p.hint})`] : []));
      if (workspace.scratch !== undefined && result.commit !== null) committedToScratch = true;
      return {
        planId,
        branch: result.branch ?? seen.branch,
        base: result.base,
        commit: result.commit,
        pullRequest: result.pullRequest ? { number: result.pullRequest.number, url: result.pullRequest.url } : null,
        files: result.files.map((f) => ({ path: f.path, changes: f.changes.length })),
        unresolved: unresolvedOf(result.unresolved),
        problems,
        repository: workspace.scratch ?? result.repository,
        pushed: result.pushed,
        pullRequestSkipped: result.pullRequestSkipped,
        ...(manualPullRequestUrl(result) ? { manualPullRequestUrl: manualPullRequestUrl(result) as string } : {}),
      };
    },

    async history(resource: string | undefined): Promise<HistoryEntry[]> {
      const [{ openStateDb, STATE_DB_FILE }, { DriftHistory }] = await Promise.all([import('../state/db.js'), import('../engine/history.js')]);
      let db: StateDb;
      let owned = false;
      if (demo) {
        db = (await openHeal()).db;
      } else {
        const dir = path.resolve(options.cwd, options.config.stateDir);
        // Asking about history must not create a state directory where there is none.
        if (!existsSync(path.join(dir, STATE_DB_FILE))) return [];
        db = openStateDb(dir);
        owned = true;
      }
      try {
        return new DriftHistory(db)
          .findings(resource === undefined ? {} : { resource })
          .map((f) => ({
            itemId: f.itemId,
            type: f.type,
            severity: f.severity,
            firstSeen: f.firstSeen,
            lastSeen: f.lastSeen,
            resolvedAt: f.resolvedAt,
            resolution: f.resolution,
          }))
          .sort((a, b) => a.firstSeen.localeCompare(b.firstSeen));
      } finally {
        if (owned) db.close();
      }
    },

    close(): void {
      void syncWorkspace?.then(
        (w) => {
          if (w.scratch !== undefined && !committedToScratch) rmSync(w.scratch, { recursive: true, force: true });
        },
        () => undefined,
      );
      void healSession?.then(
        (s) => {
          s.target.close();
          s.db.close();
        },
        () => undefined,
      );
    },
  };
}

function unresolvedOf(
  items: readonly { itemId: string; reason: string; path: string | null; logicalId: string | null; physicalId: string | null; code: string }[],
): PlanSkip[] {
  return items.map((u) => ({
    itemId: u.itemId, reason: u.reason, ...(u.path ? { path: u.path } : {}), code: u.code,
    ...(u.logicalId ?? u.physicalId ? { subject: (u.logicalId ?? u.physicalId) as string } : {}),
  }));
}
