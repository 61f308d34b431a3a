// A port implementation for gate and loop tests: plans derive from a small mutable "account", plan ids
// hash the actions (as the real engine's do), apply re-plans and refuses a changed plan (as the real
// engine does), and every call is recorded so tests can assert what ran and what did not.
import { createHash } from 'node:crypto';
import type { DriftReport } from '../../../src/drift/model.js';
import {
  PlanChangedError,
  type Approval,
  type EnginePort,
  type HealOutcome,
  type HealPlanRequest,
  type HealPlanView,
  type HistoryEntry,
  type SyncOutcome,
  type SyncPlanRequest,
  type SyncPlanView,
} from '../../../src/tools/engine-port.js';

export interface FakeAction {
  itemId: string;
  path: string;
  from: string;
  to: string;
}

export class RecordingEngine implements EnginePort {
  readonly calls: string[] = [];
  readonly applied: { planId: string; approval: Approval }[] = [];
  /** What a heal would change; tests edit it to make the plan change. */
  actions: FakeAction[] = [
    { itemId: 'item-tags', path: 'Tags.Owner', from: 'intruder', to: 'platform-team' },
    { itemId: 'item-count', path: 'DesiredCount', from: '2', to: '4' },
  ];
  history_: HistoryEntry[] = [];
  /** The selection each plan was made for, so apply re-plans the same selection (as the engine does). */
  private readonly selections = new Map<string, string[] | undefined>();

  constructor(private readonly report: DriftReport) {}

  private healPlan(only?: string[]): HealPlanView {
    const actions = this.actions.filter((a) => only === undefined || only.includes(a.itemId));
    const planId = createHash('sha256').update(JSON.stringify(actions)).digest('hex');
    return {
      kind: 'heal',
      planId,
      actions: actions.map((a) => ({
        itemId: a.itemId,
        resourceType: 'AWS::ECS::Service',
        logicalId: 'WebService',
        physicalId: 'web',
        operation: 'ecs:UpdateService',
        changes: [{ path: a.path, from: a.from, to: a.to }],
        disruptive: false,
      })),
      skipped: [],
    };
  }

  async checkDrift() {
    this.calls.push('checkDrift');
    return { report: this.report };
  }

  async planHeal(request: HealPlanRequest): Promise<HealPlanView> {
    this.calls.push(`planHeal${request.only ? `(${request.only.join(',')})` : ''}`);
    const plan = this.healPlan(request.only);
    this.selections.set(plan.planId, request.only);
    return plan;
  }

  async applyHeal(planId: string, approval: Approval): Promise<HealOutcome> {
    this.calls.push(`applyHeal(${planId.slice(0, 8)})`);
    const current = this.healPlan(this.selections.get(planId));
    if (current.planId !== planId) throw new PlanChangedError(planId, current.planId);
    this.applied.push({ planId, approval });
    return { planId, results: current.actions.map((a) => ({ itemId: a.itemId, status: 'healed' as const })) };
  }

  async planSync(request: SyncPlanRequest): Promise<SyncPlanView> {
    this.calls.push('planSync');
    return {
      kind: 'sync',
      planId: 'abcdef0123456789',
      base: 'main',
      branch: 'reverse-sync-test',
      files: [{
        path: 'phases/30-compute/02-ecs.yaml', changes: 1, items: ['item-count'],
        values: [{ itemId: 'item-count', logicalId: 'WebService', path: 'DesiredCount', kind: 'set', from: 4, to: 2, line: 20 }],
      }],
      unresolved: [],
      createPr: request.createPr,
    };
  }

  async applySync(planId: string, approval: Approval): Promise<SyncOutcome> {
    this.calls.push(`applySync(${planId.slice(0, 8)})`);
    this.applied.push({ planId, approval });
    return {
      planId, branch: 'reverse-sync-test', base: 'main', commit: '0123456789abcdef', pullRequest: { number: 7, url: 'https://github.example/pr/7' },
      files: [{ path: 'phases/30-compute/02-ecs.yaml', changes: 1 }], unresolved: [], problems: [], repository: null,
    };
  }

  async history(resource: string): Promise<HistoryEntry[]> {
    this.calls.push(`history(${resource})`);
    return this.history_;
  }

  close(): void {}
}
