// The confirmation gate: the only path from a mutating tool call to the engine's apply.
//
//  - A call with mode "plan" is a dry run: the engine plans, nothing changes, the plan is remembered.
//  - A call with mode "apply" first re-plans (dry run) and, when the model named a plan, refuses if the
//    engine would now do something else. Then it asks the human through `confirm` (supplied by the UI),
//    showing that exact plan. Only "yes" executes, and only that plan id; the engine re-verifies it.
//  - The model's text, the user's chat text and data from AWS never reach `confirm`: approval is a
//    separate channel. A plan the human declined stays declined for the rest of the conversation.
//  - With no `confirm` (headless), nothing runs: the call ends as needs_confirmation, unless the user
//    approved on the command line. `--approve PLAN_ID` approves that one plan and denies any other.
//    `--yes` (`autoApprove`) approves a plan only when the user's own message asked for that mutation,
//    as the deterministic intent router reads it (`beginTurn`): a model that decides on its own to heal
//    while answering "what is drifting?" gets needs_confirmation, whatever --yes says.
import { PlanChangedError, type Approval, type PlanView } from '../tools/engine-port.js';
import type { MutateTool, ToolContext, ToolResult } from '../tools/types.js';
import type { DriftReport } from '../drift/model.js';
import { fold } from './router/text.js';
import { resolveResource, resourceAliases } from './offline/resolve.js';
import type { ConfirmFn, DenyReason, EmitFn, FinalToolStatus } from './events.js';
import type { YesScope } from './yes-scope.js';

export interface GateOptions {
  confirm?: ConfirmFn;
  /** The user passed --yes: plans of the mutations their own message asked for are approved on their behalf. */
  autoApprove?: boolean;
  /** --approve: the plan ids (full, or the 12-digit short form shown) the user approved by name. */
  approvedPlanIds?: readonly string[];
  now?: () => Date;
}

/** The shortest prefix of a plan id `--approve` accepts: the short form every plan view shows. */
export const MIN_APPROVE_ID_LENGTH = 12;

/** `--approve ID` names `planId`: the full id, or a prefix at least as long as the short form shown. */
export function namesPlan(approved: string, planId: string): boolean {
  const id = approved.toLowerCase();
  return id.length >= MIN_APPROVE_ID_LENGTH && planId.startsWith(id);
}

/** `stale`: approved, but the engine refused it at execution because the state had changed. */
type PlanState = 'proposed' | 'approved' | 'declined' | 'executed' | 'stale';

interface KnownPlan {
  tool: string;
  plan: PlanView;
  state: PlanState;
}

/** How a tool call ended, with what goes back to the model. */
export interface CallOutcome {
  status: FinalToolStatus;
  /** The tool_result content for the model. */
  content: string;
  isError: boolean;
  result?: ToolResult;
  plan?: PlanView;
  error?: string;
  /** The failure in the user's terms, without the tool-name prefix the model gets. */
  detail?: string;
  denyReason?: DenyReason;
  /** needs_confirmation under --yes: the user's message did not ask for this mutation. */
  notRequested?: boolean;
}

export function isEmptyPlan(plan: PlanView): boolean {
  return plan.kind === 'heal' ? plan.actions.length === 0 : plan.files.length === 0;
}

const short = (id: string): string => id.slice(0, 12);

export class ConfirmationGate {
  private readonly plans = new Map<string, KnownPlan>();
  private readonly now: () => Date;
  /** The mutating tools the user's current message asked for (what --yes may approve in this turn). */
  private requested: ReadonlySet<string> = new Set();
  /** What the user's words named (resources, "safe", "tags", no PR); undefined: the whole tool. */
  private scope: YesScope | undefined;
  /** The report the names resolve against: the latest check of this conversation. */
  private reportOf: () => DriftReport | undefined = () => undefined;

  constructor(private readonly options: GateOptions = {}) {
    this.now = options.now ?? (() => new Date());
  }

  /** The state of a plan this conversation produced, for the UI and tests. */
  planState(planId: string): PlanState | undefined {
    return this.plans.get(planId)?.state;
  }

  /**
   * A new user message: `requestedTools` are the mutating tools its words ask for, decided by code
   * (the intent router), never by the model. Approval under --yes lasts for this message only.
   */
  beginTurn(requestedTools: ReadonlySet<string>, scope?: YesScope, reportOf?: () => DriftReport | undefined): void {
    this.requested = requestedTools;
    this.scope = scope;
    this.reportOf = reportOf ?? (() => undefined);
  }

  /** The plan does only what the user's words named: their resources, their narrowing, their PR choice. */
  private withinScope(plan: PlanView): boolean {
    const scope = this.scope;
    if (scope === undefined) return true;
    const report = this.reportOf();
    const byId = new Map((report?.items ?? []).map((item) => [item.id, item]));
    const aliases = resourceAliases(report);
    const named = new Set(scope.resources.map((typed) => fold(resolveResource(typed, aliases))));
    const namesResource = (itemId: string, logicalId: string | null, physicalId: string | null): boolean =>
      named.size === 0 || named.has(fold(itemId)) || (logicalId !== null && named.has(fold(logicalId))) || (physicalId !== null && named.has(fold(physicalId)));
    if (plan.kind === 'heal') {
      return plan.actions.every((action) => {
        const item = byId.get(action.itemId);
        if (!namesResource(action.itemId, action.logicalId, action.physicalId)) return false;
        // Unknown item: the eligibility the user asked for cannot be shown, so it is not approved.
        if (scope.safe && item?.autoHeal.eligible !== true) return false;
        if (scope.tags && !action.changes.every((change) => change.path === 'Tags' || change.path.startsWith('Tags.'))) return false;
        return true;
      });
    }
    if (plan.createPr === scope.noPr) return false;
    if (named.size === 0 && !scope.tags) return true;
    return plan.files.every((file) =>
      file.items.every((itemId) => {
        const item = byId.get(itemId);
        if (item === undefined) return false;
        if (scope.tags && item.type !== 'tag_drift') return false;
        return namesResource(item.id, item.logicalId, item.physicalId);
      }),
    );
  }

  private remember(tool: string, plan: PlanView): void {
    const known = this.plans.get(plan.planId);
    // A re-plan with the same id keeps what the human already said about it.
    if (known === undefined) this.plans.set(plan.planId, { tool, plan, state: 'proposed' });
    else known.plan = plan;
  }

  private setState(planId: string, state: PlanState): void {
    const known = this.plans.get(planId);
    if (known) known.state = state;
  }

  /**
   * No human to ask: only what the user said on the command line approves. `--approve` names plans
   * (any other is denied); `--yes` covers the mutation the user's message asked for (see beginTurn).
   */
  private approveHeadless(
    tool: MutateTool,
    plan: PlanView,
    callId: string,
    emit: EmitFn,
    deny: (reason: DenyReason, message: string, extra?: Partial<CallOutcome>) => CallOutcome,
  ): { approval: Approval } | { outcome: CallOutcome } {
    const at = this.now().toISOString();
    const named = this.options.approvedPlanIds ?? [];
    if (named.length > 0) {
      if (named.some((id) => namesPlan(id, plan.planId))) return { approval: { planId: plan.planId, approvedBy: 'flag:--approve', approvedAt: at } };
      const result = tool.planResult(plan, `not approved: --approve names ${named.map(short).join(', ')}, not this plan`);
      return {
        outcome: deny(
          'not_approved',
          `Refused: the user approved plan ${named.map(short).join(', ')} with --approve, and this plan is ${short(plan.planId)}. ` +
            `Nothing was executed. Show the plan to the user; they can approve it with --approve ${short(plan.planId)}.\n${result.content}`,
          { result, plan },
        ),
      };
    }
    const yes = this.options.autoApprove === true;
    if (yes && this.requested.has(tool.name) && this.withinScope(plan)) return { approval: { planId: plan.planId, approvedBy: 'flag:--yes', approvedAt: at } };
    const why = yes && this.requested.has(tool.name)
      ? `needs_confirmation: --yes approves only what the user's message named, and this plan goes beyond it (other resources, unsafe or non-tag changes, or a different pull request choice), so nothing was executed. ` +
        `Tell the user the plan id; they can approve exactly this plan with --approve ${short(plan.planId)}.`
      : yes
      ? `needs_confirmation: --yes approves only what the user's message asked for, and it did not ask for ${tool.name}, so nothing was executed. ` +
        `Tell the user the plan id; they can approve exactly this plan with --approve ${short(plan.planId)}.`
      : 'needs_confirmation: no human is available to confirm this plan, so nothing was executed. ' +
        'Tell the user to confirm it in the interactive chat (`ialctl`) or to repeat the request with --yes.';
    const result = tool.planResult(plan, why);
    emit({ type: 'tool_needs_confirmation', callId, name: tool.name, plan });
    return { outcome: { status: 'needs_confirmation', content: result.content, isError: false, result, plan, ...(yes ? { notRequested: true } : {}) } };
  }

  async run(tool: MutateTool, input: unknown, callId: string, ctx: ToolContext, emit: EmitFn): Promise<CallOutcome> {
    const request = tool.request(input);
    const deny = (reason: DenyReason, message: string, extra: Partial<CallOutcome> = {}): CallOutcome => {
      emit({ type: 'tool_denied', callId, name: tool.name, reason, message });
      return { status: 'denied', content: message, isError: true, error: message, denyReason: reason, ...extra };
    };

    if (request.mode === 'plan') {
      emit({ type: 'tool_executing', callId, name: tool.name });
      const plan = await tool.plan(input, ctx);
      this.remember(tool.name, plan);
      const result = tool.planResult(plan);
      emit({ type: 'tool_done', callId, name: tool.name, result });
      return { status: 'done', content: result.content, isError: false, result, plan };
    }

    if (request.planId !== undefined) {
      const named = this.plans.get(request.planId);
      if (named === undefined || named.tool !== tool.name) {
        return deny(
          'unknown_plan',
          `Refused: plan ${short(request.planId)} was not produced by ${tool.name} in this conversation. ` +
            `Call ${tool.name} with mode "plan" first and show the plan to the user. Nothing was changed.`,
        );
      }
      if (named.state === 'declined') {
        return deny('previously_declined', `Refused: the user already declined plan ${short(request.planId)}. Nothing was changed. Ask the user what they want instead.`);
      }
      if (named.state === 'stale') {
        return deny('plan_changed', `Refused: plan ${short(request.planId)} no longer matches AWS or Git. Plan again and ask the user to confirm the new plan.`);
      }
      if (named.state === 'executed') {
        return deny('already_executed', `Refused: plan ${short(request.planId)} was already executed. Run check_drift to see the current state.`);
      }
    }

    // The dry run the human will see: what the engine would do now, not what it would have done earlier.
    emit({ type: 'tool_executing', callId, name: tool.name });
    const plan = await tool.plan(input, ctx);
    this.remember(tool.name, plan);
    if (request.planId !== undefined && plan.planId !== request.planId) {
      const result = tool.planResult(plan, `plan_changed: the state changed since plan ${short(request.planId)}; this is the new plan`);
      return deny(
        'plan_changed',
        `Refused: the plan changed since ${short(request.planId)} was proposed (AWS or Git changed). Nothing was executed. ` +
          `The new plan is ${short(plan.planId)}: show it to the user before applying it.\n${result.content}`,
        { result, plan },
      );
    }
    if (isEmptyPlan(plan)) {
      const result = tool.planResult(plan, 'nothing to execute');
      emit({ type: 'tool_done', callId, name: tool.name, result });
      return { status: 'done', content: result.content, isError: false, result, plan };
    }

    let approval: Approval;
    if (this.options.confirm) {
      emit({ type: 'tool_awaiting_approval', callId, name: tool.name, plan });
      const answer = await this.options.confirm({ callId, tool: tool.name, plan }, ctx.signal);
      if (answer !== 'yes') {
        this.setState(plan.planId, 'declined');
        return deny('declined', `The user declined plan ${short(plan.planId)}. Nothing was changed. Ask the user what they want to do instead.`, { plan });
      }
      approval = { planId: plan.planId, approvedBy: 'user', approvedAt: this.now().toISOString() };
    } else {
      const headless = this.approveHeadless(tool, plan, callId, emit, deny);
      if ('outcome' in headless) return headless.outcome;
      approval = headless.approval;
    }

    this.setState(plan.planId, 'approved');
    emit({ type: 'tool_executing', callId, name: tool.name });
    try {
      const result = await tool.execute(plan, approval, ctx);
      this.setState(plan.planId, 'executed');
      emit({ type: 'tool_done', callId, name: tool.name, result });
      return { status: 'done', content: result.content, isError: false, result, plan };
    } catch (error) {
      if (error instanceof PlanChangedError) {
        // The approval was for a plan that no longer describes what would run: it is spent.
        this.setState(plan.planId, 'stale');
        return deny('plan_changed', `Refused by the engine: ${error.message}. Run the plan again and ask the user to confirm the new one.`, { plan });
      }
      throw error;
    }
  }
}
