// The offline assistant: a routed intent becomes tool calls (through the same scheduler and
// confirmation gate as the LLM) and a reply from the i18n catalogues. It keeps a little state
// between messages: the last report (to resolve names and explain), the resource in focus, and the
// two ways out offered after a check, so "sim", "reverter" or "o primeiro" continue the thread.
import type { DriftItem, DriftReport } from '../../drift/model.js';
import { findResourceItems } from '../../drift/report/diff.js';
import { bySeverityDesc } from '../../drift/report/items.js';
import type { CheckDriftData } from '../../tools/check-drift.js';
import type { DriftHistoryData } from '../../tools/drift-history.js';
import { type EnginePort, type HealOutcome, type HealPlanView, type SyncOutcome, type SyncPlanView } from '../../tools/engine-port.js';
import type { CallOutcome } from '../policy.js';
import type { Routed } from '../router/index.js';
import { fold } from '../router/text.js';
import {
  renderCheck, renderCritical, renderDetail, renderExplain, renderHealOutcome, renderHealPlan, renderHistory, renderNotFound,
  renderSyncOutcome, renderSyncPlan, type Texts,
} from './render.js';
import { resolveResource, resourceAliases } from './resolve.js';

export interface OfflineState {
  lastReport?: DriftReport;
  /** Set after a reply that offered reverse sync (first) or revert (second); `itemIds` scopes both. */
  offer?: { itemIds?: string[] };
  /** The resource the conversation is about (the last one detailed or explained). */
  focus?: string;
}

export interface OfflineDeps {
  state: OfflineState;
  texts: Texts;
  engine: EnginePort;
  signal: AbortSignal;
  /** Summaries only: the interface already shows the report's items. */
  brief?: boolean;
  /** Runs one tool call through validation and the confirmation gate, and records it in the turn. */
  callTool(name: string, input: Record<string, unknown>): Promise<CallOutcome>;
}

/** Words that narrow a heal to what the auto-heal policy marks safe. */
const SAFE_WORDS = /\b(safe|safely|segur[oa]s?|elegive(l|is)|eligible|auto-?heal\w*|automatic\w*|auto)\b/;
const TAG_WORDS = /\btags?\b/;
const NO_PR_WORDS = /\b(sem|without|no)\s+(um\s+|a\s+)?(pr|pull request)\b|--no-pr\b/;

function checkData(outcome: CallOutcome): CheckDriftData | undefined {
  return outcome.status === 'done' ? (outcome.result?.data as CheckDriftData | undefined) : undefined;
}

export async function offlineReply(text: string, routed: Routed, deps: OfflineDeps): Promise<string> {
  const { state, texts: t } = deps;
  const aliases = resourceAliases(state.lastReport);
  const mentioned = routed.resources.map((r) => resolveResource(r, aliases));

  const failure = (outcome: CallOutcome): string => t.msg.toolFailed(outcome.detail ?? outcome.error ?? outcome.status);

  const check = async (input: Record<string, unknown>): Promise<CheckDriftData | string> => {
    const outcome = await deps.callTool('check_drift', input);
    const data = checkData(outcome);
    if (data === undefined) return failure(outcome);
    state.lastReport = data.report;
    return data;
  };

  /** The report to reason about: the last one, or a fresh check (shown as a tool call). */
  const report = async (): Promise<DriftReport | string> => {
    if (state.lastReport) return state.lastReport;
    const data = await check({});
    return typeof data === 'string' ? data : data.report;
  };

  const scopeFor = async (fromOffer: { itemIds?: string[] } | undefined): Promise<string[] | undefined | string> => {
    const folded = fold(text);
    const safe = SAFE_WORDS.test(folded);
    const tags = TAG_WORDS.test(folded);
    // "automaticamente"/"safe"/"tags" narrow even a thread the last reply offered: an auto-heal
    // request must never grow into the critical items of that offer.
    if (fromOffer && !safe && !tags) return fromOffer.itemIds;
    if (mentioned.length > 0 && !safe && !tags) return mentioned;
    if (!safe && !tags) return undefined;
    // Narrowing needs the items; this lookup is the router's own read, not a tool call of the turn.
    const current = state.lastReport ?? (await deps.engine.checkDrift(deps.signal)).report;
    state.lastReport = current;
    const names = new Set(mentioned.map(fold));
    const offered = fromOffer?.itemIds ? new Set(fromOffer.itemIds) : undefined;
    const items = current.items.filter(
      (i) =>
        (offered === undefined || offered.has(i.id)) &&
        (!safe || i.autoHeal.eligible) &&
        (!tags || i.type === 'tag_drift') &&
        (names.size === 0 || names.has(fold(i.logicalId ?? '')) || names.has(fold(i.physicalId ?? ''))),
    );
    return items.map((i) => i.id);
  };

  const mutate = async (tool: 'heal_drift' | 'reverse_sync', fromOffer?: { itemIds?: string[] }): Promise<string> => {
    delete state.offer;
    const scope = await scopeFor(fromOffer);
    if (Array.isArray(scope) && scope.length === 0) return tool === 'heal_drift' ? t.msg.nothingToHeal : t.msg.nothingToSync;
    // "sem PR" / "without a PR": branch and commit only.
    const noPr = tool === 'reverse_sync' && NO_PR_WORDS.test(fold(text));
    const outcome = await deps.callTool(tool, { mode: 'apply', ...(scope ? { itemIds: scope } : {}), ...(noPr ? { createPr: false } : {}) });
    const planText = (): string =>
      outcome.plan === undefined ? '' : outcome.plan.kind === 'heal' ? renderHealPlan(outcome.plan as HealPlanView, t) : renderSyncPlan(outcome.plan as SyncPlanView, t);
    switch (outcome.status) {
      case 'needs_confirmation':
        return `${planText()}\n${t.msg.needsConfirmation}`;
      case 'denied':
        if (outcome.denyReason === 'declined') return t.msg.declined;
        if (outcome.denyReason === 'plan_changed') return t.msg.planChanged;
        return failure(outcome);
      case 'failed':
        return failure(outcome);
      case 'done': {
        const data = outcome.result?.data as { outcome?: HealOutcome | SyncOutcome } | undefined;
        if (data?.outcome === undefined) return planText();
        // What AWS or Git looks like now is different: the next question re-reads.
        delete state.lastReport;
        return tool === 'heal_drift' ? renderHealOutcome(data.outcome as HealOutcome, outcome.plan as HealPlanView | undefined, t) : renderSyncOutcome(data.outcome as SyncOutcome, t);
      }
    }
  };

  const itemsAbout = (current: DriftReport, name: string | undefined): DriftItem[] => {
    if (name !== undefined) return findResourceItems(current, name).items;
    const worst = [...current.items].sort(bySeverityDesc)[0];
    return worst === undefined ? [] : findResourceItems(current, worst.logicalId ?? worst.physicalId ?? '').items;
  };

  switch (routed.intent) {
    case 'check': {
      const data = await check({});
      if (typeof data === 'string') return data;
      if (data.report.items.length > 0) state.offer = {};
      else delete state.offer;
      return renderCheck(data.report, t, data.report.items.length > 0, deps.brief === true);
    }
    case 'detail': {
      const name = mentioned[0] ?? state.focus;
      if (name === undefined) {
        // "mostra o drift" without a resource is a check.
        return offlineReply(text, { ...routed, intent: 'check' }, deps);
      }
      const data = await check({ resource: name, detail: true });
      if (typeof data === 'string') return data;
      const found = data.resource?.found === true;
      if (!found) return renderNotFound(name, data.resource?.suggestions ?? [], data.resource?.notCheckedReason, t, data.resource?.exists);
      state.focus = name;
      state.offer = { itemIds: data.items.map((i) => i.id) };
      return `${renderDetail(data.items, t)}\n\n${t.msg.offerWaysOut}\n${t.msg.offerHint}`;
    }
    case 'critical_now': {
      const data = await check({ severity: 'high' });
      if (typeof data === 'string') return data;
      if (data.items.length === 0) return renderCritical(data.report, [], t);
      state.offer = { itemIds: data.items.map((i) => i.id) };
      return `${renderCritical(data.report, data.items, t)}\n\n${t.msg.offerWaysOut}\n${t.msg.offerHint}`;
    }
    case 'explain': {
      const current = await report();
      if (typeof current === 'string') return current;
      const name = mentioned[0] ?? state.focus;
      const items = itemsAbout(current, name);
      if (items.length === 0 && name !== undefined) {
        const match = findResourceItems(current, name);
        return renderNotFound(name, match.suggestions, match.notChecked?.reason, t);
      }
      const first = items[0];
      if (first !== undefined) {
        state.focus = first.logicalId ?? first.physicalId ?? undefined;
        if (state.focus === undefined) delete state.focus;
        state.offer = { itemIds: items.map((i) => i.id) };
      }
      return renderExplain(items, t);
    }
    case 'since_when': {
      const name = mentioned[0] ?? state.focus;
      if (name === undefined) return t.msg.historyNoResource;
      const outcome = await deps.callTool('drift_history', { resource: name });
      if (outcome.status !== 'done') return failure(outcome);
      const { entries } = outcome.result?.data as DriftHistoryData;
      const current = await report();
      state.focus = name;
      return renderHistory(name, entries, typeof current === 'string' ? [] : findResourceItems(current, name).items, t);
    }
    case 'heal':
      return mutate('heal_drift', state.offer && mentioned.length === 0 ? state.offer : undefined);
    case 'reverse_sync':
      return mutate('reverse_sync', state.offer && mentioned.length === 0 ? state.offer : undefined);
    case 'confirm_yes':
    case 'choose_first':
      if (state.offer === undefined) return routed.intent === 'confirm_yes' ? t.msg.nothingPending : t.msg.noChoiceOffered;
      return mutate('reverse_sync', state.offer);
    case 'choose_second':
      if (state.offer === undefined) return t.msg.noChoiceOffered;
      return mutate('heal_drift', state.offer);
    case 'confirm_no':
      delete state.offer;
      return t.msg.cancelled;
    case 'help':
      return t.msg.help;
    case 'none':
      return t.msg.notUnderstood;
  }
}
