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
import { sanitizeInline } from '../../drift/report/sanitize.js';
import { fold } from '../router/text.js';
import {
  itemLine, renderCheck, renderCritical, renderDetail, renderExplain, renderHealOutcome, renderHealPlan, renderHistory, renderHistoryLines, renderNotFound,
  renderSyncOutcome, renderSyncPlan, type Texts,
} from './render.js';
import { resolveResource, resourceAliases } from './resolve.js';
import { assistantMessages, type ClarifyOption } from '../../i18n/assistant.js';
import { estateOf, globMatches, linkWords, TYPE_FAMILIES, type EstateResource } from '../router/entities.js';
import { understand, type Understanding } from '../router/understand.js';

export interface OfflineState {
  lastReport?: DriftReport;
  /** Set after a reply that offered reverse sync (first) or revert (second); `itemIds` scopes both. */
  offer?: { itemIds?: string[] };
  /** The resource the conversation is about (the last one detailed or explained). */
  focus?: string;
  /** Every resource in focus when the last turn was about a kind of resource ("o banco" = cluster + instance). */
  focusIds?: string[];
  /** A mutating request that ended waiting for confirmation: "sim" proposes it again, through the gate. */
  pending?: { tool: 'heal_drift' | 'reverse_sync'; itemIds?: string[] };
  /** The clarifying question asked last turn: its two readings and the message they are about. */
  clarify?: { options: [ClarifyOption, ClarifyOption]; text: string };
}

export interface OfflineDeps {
  state: OfflineState;
  texts: Texts;
  engine: EnginePort;
  signal: AbortSignal;
  /** Summaries only: the interface already shows the report's items. */
  brief?: boolean;
  /** The intent was chosen by the user answering a clarifying question: do not ask again. */
  forced?: boolean;
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

// One change spoken of in the singular ("a mudança", "that change"): which one matters.
const SINGULAR_CHANGE = /\b(a|essa|esta|aquela|the|that|this) (mudanca|alteracao|modificacao|change|edit|tweak)\b/;

const CONSOLE_CHANGES = /\b(do console|no console|pelo console|in the console|console changes?|manua(l|is)|by hand|na mao)\b/;

const CHOOSE_FIRST = /^\s*(1|um|one|o primeiro|a primeira|primeiro|primeira|the first( one)?|first( one)?|opcao 1|option 1)\s*[.!]?\s*$/;
const CHOOSE_SECOND = /^\s*(2|dois|two|o segundo|a segunda|segundo|segunda|the second( one)?|second( one)?|opcao 2|option 2)\s*[.!]?\s*$/;

/** Whether linking this message needs the estate (a report) before the intent is acted on. */
function needsEstate(text: string, routed: Routed): boolean {
  if (routed.resources.length > 0) return true;
  const words = linkWords(text);
  if (words.some((w) => TYPE_FAMILIES[w] !== undefined)) return true;
  if (routed.intent === 'check' || routed.intent === 'help') return words.length > 4;
  return !(['confirm_no', 'confirm_yes', 'choose_first', 'choose_second'].includes(routed.intent) && words.length <= 3);
}

// Names come from AWS data too: sanitized like every other value shown.
const labelOf = (r: EstateResource): string => sanitizeInline(r.logicalId && r.physicalId ? `${r.logicalId} (${r.physicalId})` : r.id);

export async function offlineReply(text: string, routed: Routed, deps: OfflineDeps): Promise<string> {
  const { state, texts: t } = deps;
  const talk = assistantMessages(t.lang);
  const folded0 = fold(text);

  // The answer to last turn's clarifying question: act on the reading chosen, for the message it was about.
  if (state.clarify) {
    const { options, text: asked } = state.clarify;
    const pick = CHOOSE_FIRST.test(folded0) || routed.intent === 'choose_first' ? 0 : CHOOSE_SECOND.test(folded0) || routed.intent === 'choose_second' ? 1 : -1;
    delete state.clarify;
    if (pick >= 0) {
      return offlineReply(asked, { ...routed, intent: options[pick === 0 ? 0 : 1], ranking: [], resources: routed.resources }, { ...deps, forced: true });
    }
  }

  // The router's own read, to link names to the estate: not a tool call of the turn, and not the
  // report the reply is built from (that one is read by a tool call the operator sees).
  const estate = state.lastReport ?? (needsEstate(text, routed) ? (await deps.engine.checkDrift(deps.signal)).report : undefined);
  const u: Understanding = understand(text, routed, estate);
  if (deps.forced === true) {
    u.intent = routed.intent;
    delete u.clarify;
  }

  // "ok" / "beleza" answering a question I asked is a yes; on its own it is just an acknowledgement.
  if (u.smallTalk === 'ack' && routed.intent === 'confirm_yes' && (state.offer !== undefined || state.pending !== undefined)) {
    delete u.smallTalk;
    u.intent = 'confirm_yes';
  }
  if (u.smallTalk !== undefined) {
    const replies = { greeting: talk.greeting, thanks: talk.thanks, laugh: talk.laugh, bye: talk.bye, ack: talk.ack, what_is_drift: talk.whatIsDrift };
    return replies[u.smallTalk];
  }
  if (u.outOfScope !== undefined) return `${talk.outOfScope(u.outOfScope)}\n${talk.canDo}`;
  if (u.clarify) {
    state.clarify = { options: u.clarify as [ClarifyOption, ClarifyOption], text };
    return talk.clarifyIntent(u.clarify[0] as ClarifyOption, u.clarify[1] as ClarifyOption);
  }
  routed = { ...routed, intent: u.intent };
  const aliases = resourceAliases(estate);
  // A name typed like an id that the estate does not know ("alb-web-prod") gets "not found" with suggestions, not "which one?".
  const unknownTyped = routed.resources.some((r) => !aliases.has(fold(r)));
  if (u.mention.kind === 'ambiguous' && unknownTyped) u.mention = { kind: 'none' };
  if (u.mention.kind === 'ambiguous' && ['detail', 'explain', 'since_when', 'heal', 'reverse_sync', 'check'].includes(u.intent)) {
    return talk.whichOne(u.mention.candidates.map(labelOf).join(', '));
  }

  // A resource named by an id keeps the id as typed ("rds-main-db"): the tools accept either.
  const asTyped = (r: EstateResource): string => routed.resources.find((typedName) => r.names.has(fold(typedName))) ?? r.id;
  const linked: string[] =
    u.mention.kind === 'one' ? [asTyped(u.mention.resource)] : u.mention.kind === 'several' ? u.mention.resources.map(asTyped) : [];
  const typed = routed.resources.map((r) => resolveResource(r, aliases)).filter((r) => !linked.some((l) => fold(l) === fold(r)));
  let mentioned = [...linked, ...(u.mention.kind === 'one' || u.mention.kind === 'several' ? [] : typed)];
  // "esse", "that one": the resource in focus. A change to it takes the items last shown for it (the offer).
  let focusOffer: { itemIds?: string[] } | undefined;
  if (mentioned.length === 0 && u.mention.kind === 'none' && u.refersToFocus && state.focusIds && state.focusIds.length > 0 && !u.slots.all) {
    if ((u.intent === 'heal' || u.intent === 'reverse_sync') && state.offer?.itemIds && state.offer.itemIds.length > 0) focusOffer = state.offer;
    else mentioned = [...state.focusIds];
  }

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
    // A property named ("a janela de backup", "port 22") scopes to the items that changed it.
    if (u.propertyItems.length > 0 && !u.slots.all) {
      const within = mentioned.length > 0 ? new Set(mentioned.map(fold)) : undefined;
      const items = (estate?.items ?? []).filter(
        (i) => u.propertyItems.includes(i.id) && (within === undefined || within.has(fold(i.logicalId ?? '')) || within.has(fold(i.physicalId ?? ''))),
      );
      if (items.length > 0 && !safe && !tags) return items.map((i) => i.id);
    }
    if (u.types && mentioned.length === 0 && !safe && !tags) {
      const types = u.types;
      return (estate?.items ?? []).filter((i) => types.some((g) => globMatches(g, i.resourceType))).map((i) => i.id);
    }
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

  const mutate = async (tool: 'heal_drift' | 'reverse_sync', fromOffer?: { itemIds?: string[] }, fixed?: { itemIds?: string[] }): Promise<string> => {
    delete state.offer;
    delete state.pending;
    const scope = fixed ? fixed.itemIds : await scopeFor(fromOffer);
    if (Array.isArray(scope) && scope.length === 0) return tool === 'heal_drift' ? t.msg.nothingToHeal : t.msg.nothingToSync;
    // "sem PR" / "without a PR": branch and commit only.
    const noPr = tool === 'reverse_sync' && NO_PR_WORDS.test(fold(text));
    const mode = u.planOnly === true ? 'plan' : 'apply';
    const outcome = await deps.callTool(tool, { mode, ...(scope ? { itemIds: scope } : {}), ...(noPr ? { createPr: false } : {}) });
    if (mode === 'plan') {
      if (outcome.status !== 'done') return failure(outcome);
      const plan = (outcome.result?.data as { plan?: HealPlanView | SyncPlanView } | undefined)?.plan;
      if (plan === undefined) return failure(outcome);
      return `${plan.kind === 'heal' ? renderHealPlan(plan, t) : renderSyncPlan(plan, t)}\n${talk.readOnlyNote}`;
    }
    const planText = (): string =>
      outcome.plan === undefined ? '' : outcome.plan.kind === 'heal' ? renderHealPlan(outcome.plan as HealPlanView, t) : renderSyncPlan(outcome.plan as SyncPlanView, t);
    switch (outcome.status) {
      case 'needs_confirmation':
        state.pending = { tool, ...(Array.isArray(scope) ? { itemIds: scope } : {}) };
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

  /** check_drift with the message's filters; the reply lists what passed them. */
  const filteredCheck = async (): Promise<string> => {
    const input = { ...(u.severity ? { severity: u.severity } : {}), ...(u.types ? { types: u.types } : {}) };
    const data = await check(input);
    if (typeof data === 'string') return data;
    const filter = [u.severity ? talk.filterSeverity(t.severityWord(u.severity)) : '', u.types ? talk.filterTypes(u.types.join(', ')) : ''].filter((x) => x !== '').join('; ');
    if (u.types) {
      const ids = [...new Set(data.items.map((i) => i.logicalId ?? i.physicalId).filter((x): x is string => x !== null))];
      state.focusIds = ids;
      if (ids.length === 1) state.focus = ids[0] as string;
    }
    if (data.items.length === 0) {
      delete state.offer;
      return talk.filteredNone(filter);
    }
    state.offer = { itemIds: data.items.map((i) => i.id) };
    const lines = [talk.filteredTitle(data.items.length, data.report.items.length, filter), ...data.items.map((i) => itemLine(i, t))];
    if (u.slots.readOnly) return [...lines, '', talk.readOnlyNote].join('\n');
    return [...lines, '', t.msg.offerWaysOut, t.msg.offerHint].join('\n');
  };

  const detailOf = async (name: string): Promise<string> => {
    const data = await check({ resource: name, detail: true });
    if (typeof data === 'string') return data;
    const found = data.resource?.found === true;
    if (!found) return renderNotFound(name, data.resource?.suggestions ?? [], data.resource?.notCheckedReason, t, data.resource?.exists);
    state.focus = name;
    state.focusIds = [name];
    state.offer = { itemIds: data.items.map((i) => i.id) };
    if (u.slots.readOnly) return `${renderDetail(data.items, t)}\n\n${talk.readOnlyNote}`;
    return `${renderDetail(data.items, t)}\n\n${t.msg.offerWaysOut}\n${t.msg.offerHint}`;
  };

  switch (routed.intent) {
    case 'check': {
      if (u.severity || u.types) return filteredCheck();
      const data = await check({});
      if (typeof data === 'string') return data;
      if (data.report.items.length > 0) state.offer = {};
      else delete state.offer;
      const body = renderCheck(data.report, t, data.report.items.length > 0 && !u.slots.readOnly, deps.brief === true);
      return u.slots.readOnly ? `${body}\n\n${talk.readOnlyNote}` : body;
    }
    case 'detail': {
      if (u.types && mentioned.length === 0) return filteredCheck();
      const name = mentioned[0] ?? (u.refersToFocus || mentioned.length === 0 ? state.focus : undefined);
      if (name === undefined) {
        // "mostra o drift" without a resource is a check.
        return offlineReply(text, { ...routed, intent: 'check' }, { ...deps, forced: true });
      }
      if (mentioned.length > 1) {
        const parts: string[] = [];
        for (const m of mentioned.slice(0, 3)) parts.push(await detailOf(m));
        state.focusIds = mentioned.slice(0, 3);
        return parts.join('\n\n');
      }
      return detailOf(name);
    }
    case 'critical_now': {
      const data = await check({ severity: u.severity ?? 'high', ...(u.types ? { types: u.types } : {}) });
      if (typeof data === 'string') return data;
      if (data.items.length === 0) return renderCritical(data.report, [], t);
      state.offer = { itemIds: data.items.map((i) => i.id) };
      return `${renderCritical(data.report, data.items, t)}\n\n${t.msg.offerWaysOut}\n${t.msg.offerHint}`;
    }
    case 'explain': {
      const name = mentioned[0] ?? state.focus;
      // About one resource: read it fresh, as a tool call the operator sees.
      // A kind of resource ("o drift do banco"): its items, read by a tool call.
      if (u.types && mentioned.length === 0) {
        const data = await check({ types: u.types });
        if (typeof data === 'string') return data;
        const ids = [...new Set(data.items.map((i) => i.logicalId ?? i.physicalId).filter((x): x is string => x !== null))];
        state.focusIds = ids;
        const explained = ids.slice(0, 3).map((id) => renderExplain(findResourceItems(data.report, id).items, t));
        state.offer = { itemIds: data.items.map((i) => i.id) };
        return explained.length > 0 ? explained.join('\n\n') : t.msg.explainNothing;
      }
      const fresh = mentioned[0] !== undefined && state.lastReport === undefined ? await check({ resource: mentioned[0], detail: true }) : undefined;
      if (typeof fresh === 'string') return fresh;
      const current = fresh?.report ?? (await report());
      if (typeof current === 'string') return current;
      const items = itemsAbout(current, name);
      if (items.length === 0 && name !== undefined) {
        const match = findResourceItems(current, name);
        return renderNotFound(name, match.suggestions, match.notChecked?.reason, t);
      }
      const first = items[0];
      if (first !== undefined) {
        state.focus = first.logicalId ?? first.physicalId ?? undefined;
        if (state.focus === undefined) delete state.focus;
        else state.focusIds = [state.focus];
        state.offer = { itemIds: items.map((i) => i.id) };
      }
      return renderExplain(items, t);
    }
    case 'since_when': {
      const name = mentioned[0] ?? (u.slots.since && mentioned.length === 0 && !u.refersToFocus ? undefined : state.focus);
      const outcome = await deps.callTool('drift_history', name === undefined ? {} : { resource: name });
      if (outcome.status !== 'done') return failure(outcome);
      const { entries } = outcome.result?.data as DriftHistoryData;
      if (name === undefined) {
        if (entries.length === 0) return `${talk.historySinceNone}\n${talk.historyHowRecorded}`;
        return [talk.historySinceTitle(entries.length), ...renderHistoryLines(entries, t)].join('\n');
      }
      const current = await report();
      state.focus = name;
      state.focusIds = [name];
      const body = renderHistory(name, entries, typeof current === 'string' ? [] : findResourceItems(current, name).items, t);
      return entries.length === 0 ? `${body}\n${talk.historyHowRecorded}` : body;
    }
    case 'heal':
    case 'reverse_sync': {
      // "reverte a mudança" — one change, not named, while several resources drifted: ask which, never take all.
      const scoped = focusOffer?.itemIds ?? state.offer?.itemIds;
      const drifted = estateOf(estate).filter((r) => r.itemIds.length > 0);
      // "a mudança do console" names the manual changes as a whole, not one of them.
      if (SINGULAR_CHANGE.test(folded0) && !CONSOLE_CHANGES.test(folded0) && !u.slots.all && !u.slots.safeOnly && mentioned.length === 0 && u.propertyItems.length === 0 && !u.types && scoped === undefined && drifted.length > 1) {
        return talk.whichOne(drifted.slice(0, 8).map(labelOf).join(', '));
      }
      if (routed.intent === 'reverse_sync') return mutate('reverse_sync', focusOffer ?? (state.offer && mentioned.length === 0 ? state.offer : undefined));
      return mutate('heal_drift', focusOffer ?? (state.offer && mentioned.length === 0 ? state.offer : undefined));
    }
    case 'confirm_yes':
    case 'choose_first':
      if (routed.intent === 'confirm_yes' && state.pending) {
        const { tool, itemIds } = state.pending;
        return mutate(tool, undefined, itemIds ? { itemIds } : {});
      }
      if (state.offer === undefined) return routed.intent === 'confirm_yes' ? t.msg.nothingPending : t.msg.noChoiceOffered;
      return mutate('reverse_sync', state.offer);
    case 'choose_second':
      if (state.offer === undefined) return t.msg.noChoiceOffered;
      return mutate('heal_drift', state.offer);
    case 'confirm_no':
      delete state.offer;
      delete state.pending;
      return t.msg.cancelled;
    case 'help':
      return t.msg.help;
    case 'none':
      return `${t.msg.notUnderstood}\n${talk.canDo}`;
  }
}
