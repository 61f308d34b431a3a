// From a routed message to what the assistant should do: the classifier's intent corrected by the
// slots (out of scope and small talk first, then read-only, direction, time), the resources the
// words link to in the estate, and a clarifying question when the router is unsure. Pure: the
// estate comes from the last report, the previous turn's focus from the caller.
import type { DriftReport, Severity } from '../../drift/model.js';
import type { Intent } from './corpus.js';
import type { IntentGuess } from './classifier.js';
import { estateOf, linkWords, resolveMention, TYPE_FAMILIES, type EstateResource, type Resolution } from './entities.js';
import { isCancel, isStateQuestion, slotsOf, type OutOfScope, type Slots, type SmallTalk } from './slots.js';
import { fold } from './text.js';

export interface Understanding {
  intent: Intent;
  slots: Slots;
  mention: Resolution;
  /** Resource type filter ("só RDS", "the databases"). */
  types?: string[];
  severity?: Severity;
  outOfScope?: OutOfScope;
  smallTalk?: SmallTalk;
  /** The router is unsure between these two: ask instead of guessing. */
  clarify?: [Intent, Intent];
  /** "esse", "ele", "that one": the resource in focus from the previous turn. */
  refersToFocus: boolean;
  /** "mostra o plano sem aplicar", "dry run the heal": the plan only (mode "plan"), nothing to confirm. */
  planOnly?: boolean;
  /** Drift items whose changed property the message names ("a janela de backup", "port 22"). */
  propertyItems: string[];
}

/** Below this probability a request is confirmed with a question naming the two likeliest readings. */
export const CLARIFY_BELOW = 0.42;

const ACTIONABLE: ReadonlySet<Intent> = new Set(['check', 'detail', 'heal', 'reverse_sync', 'explain', 'since_when', 'critical_now']);
const MUTATING: ReadonlySet<Intent> = new Set(['heal', 'reverse_sync', 'confirm_yes', 'choose_first', 'choose_second']);
const FOCUS_WORDS = /\b(esse|essa|este|esta|esses|essas|ele|ela|eles|elas|isso|isto|dele|dela|nele|nela|aquele|aquela|that one|this one|it|that|this|them|those|these)\b/;

/** Items whose drifted property the message names by two of its words, or one distinctive word. */
function propertyItemsOf(text: string, report: DriftReport | undefined): string[] {
  if (report === undefined) return [];
  const words = new Set(
    fold(text)
      .replace(/\bjanela\b/g, 'window')
      .replace(/\bportas?\b/g, 'port')
      .replace(/\bprotecao\b/g, 'protection')
      .replace(/\b(exclusao|delecao)\b/g, 'deletion')
      .replace(/\bcontagem\b/g, 'count')
      .replace(/\bdesejad[oa]\b/g, 'desired')
      .split(/[^a-z0-9]+/),
  );
  const out: string[] = [];
  for (const item of report.items) {
    if (item.type === 'missing_resource' || item.type === 'extra_resource') continue;
    const named = item.differences.some((d) => {
      const parts = d.path
        .split('.')
        .flatMap((p) => p.replace(/([a-z0-9])([A-Z])/g, '$1 $2').split(/[^A-Za-z0-9]+/))
        .map(fold)
        .filter((p) => p.length > 2 && !['tags', 'value', 'settings', 'preferred', 'security', 'group', 'cluster'].includes(p));
      const hits = parts.filter((p) => words.has(p)).length;
      const rule = /Ingress|Egress/.test(d.path) && words.has('port') && [...words].some((w) => /^\d+$/.test(w));
      return hits >= Math.min(2, parts.length) || rule || (item.type === 'tag_drift' && d.path.startsWith('Tags.') && words.has(fold(d.path.slice(5))));
    });
    if (named) out.push(item.id);
  }
  return out;
}

export function understand(text: string, guess: IntentGuess, report: DriftReport | undefined): Understanding {
  const slots = slotsOf(text);
  const estate: EstateResource[] = estateOf(report);
  const mention = resolveMention(text, estate);
  const folded = fold(text);
  let intent: Intent = guess.intent;
  const u: Understanding = {
    intent,
    slots,
    mention,
    refersToFocus: FOCUS_WORDS.test(folded) && mention.kind === 'none',
    propertyItems: propertyItemsOf(text, report),
  };
  if (slots.severity !== undefined) u.severity = slots.severity;
  if (mention.kind === 'type') u.types = mention.types;
  // A kind the report has no drift for ("a vpc tá ok?"): still a type filter, answered "nothing drifted there".
  if (mention.kind === 'none' && guess.resources.length === 0) {
    const noun = linkWords(text).find((w) => TYPE_FAMILIES[w] !== undefined && w !== 'service' && w !== 'cluster');
    if (noun !== undefined) u.types = TYPE_FAMILIES[noun];
  }

  if (slots.smallTalk !== undefined && mention.kind === 'none' && !['heal', 'reverse_sync', 'check', 'detail'].includes(intent)) {
    u.smallTalk = slots.smallTalk;
    u.intent = 'none';
    return u;
  }
  if (slots.smallTalk === 'laugh' || slots.smallTalk === 'what_is_drift') {
    u.smallTalk = slots.smallTalk;
    u.intent = 'none';
    return u;
  }
  if (slots.outOfScope !== undefined) {
    u.outOfScope = slots.outOfScope;
    u.intent = 'none';
    return u;
  }
  if (isCancel(text)) {
    u.intent = 'confirm_no';
    return u;
  }
  if (isStateQuestion(text) && mention.kind === 'none' && ['none', 'help', 'confirm_yes', 'confirm_no', 'check'].includes(intent)) intent = 'check';
  const asksForPlan = /\b(plano|plan|dry[ -]?run|simul\w*|would (do|change)|vai (fazer|mudar)|faria|mudaria)\b/.test(folded);
  if (slots.readOnly && asksForPlan && (intent === 'heal' || intent === 'reverse_sync' || slots.direction !== undefined || /\b(heal|sync|revert\w*|reverse)\b/.test(folded))) {
    // A dry run is read only: the plan is computed and shown, nothing is proposed for execution.
    u.planOnly = true;
    u.intent = slots.direction === 'sync' || intent === 'reverse_sync' || /\b(sync|reverse|git|pr)\b/.test(folded) ? 'reverse_sync' : 'heal';
    return u;
  }
  if (slots.readOnly) {
    if (MUTATING.has(intent) || intent === 'confirm_no' || intent === 'none' || intent === 'help') intent = mention.kind === 'none' ? 'check' : 'detail';
  } else if (slots.direction !== undefined && !(intent === 'since_when' && slots.since) && intent !== 'explain') {
    const wanted: Intent = slots.direction === 'heal' ? 'heal' : 'reverse_sync';
    if (slots.directionFromNegation || slots.imperative === true || !['check', 'detail', 'critical_now'].includes(intent) || guess.confidence < 0.6) intent = wanted;
  }
  // A change needs a verb asking for it: a question about a resource is a read ("o worker tá rodando?").
  if ((intent === 'heal' || intent === 'reverse_sync') && !slots.asksForChange) intent = mention.kind === 'none' ? 'check' : 'detail';
  // "o cluster aurora tá ok?" is a question about a resource, not a yes.
  if (['confirm_yes', 'confirm_no', 'choose_first', 'choose_second'].includes(intent) && (mention.kind !== 'none' || u.types !== undefined) && folded.split(/\s+/).length > 3) intent = 'detail';
  if (slots.since && ['check', 'detail', 'none', 'critical_now', 'explain', 'help'].includes(intent)) intent = 'since_when';
  // Triage needs words of urgency; "só RDS" is a filtered check.
  if (intent === 'critical_now' && slots.severity === undefined && !/\b(priori\w*|urgen\w*|importa\w*|primeiro|first|fire|fogo|agora|now)\b/.test(folded)) intent = 'check';
  // "o que é crítico agora?" is triage (critical and high); "só os críticos" is critical only.
  if (intent === 'critical_now' && (u.severity === undefined || (u.severity === 'critical' && !/\b(so|apenas|somente|only|just)\b|\b(os|as|the) critic|\bcritic[oa]s\b|\bcritical (ones|items|findings|stuff|issues|drifts?)\b/.test(folded)))) u.severity = 'high';
  if (intent === 'check' && (mention.kind === 'one' || mention.kind === 'several')) intent = 'detail';
  if ((intent === 'none' || intent === 'help') && (mention.kind !== 'none' || u.severity !== undefined) && !/\b(ajuda|help)\b/.test(folded)) {
    intent = 'detail';
  }

  // Unsure between two readings: ask, unless the slots already said what the message is.
  const ranking = guess.ranking ?? [];
  const [first, second] = ranking;
  const decidedBySlots = slots.readOnly || slots.direction !== undefined || slots.since || u.severity !== undefined || u.types !== undefined;
  if (
    !decidedBySlots &&
    intent === guess.intent &&
    first !== undefined &&
    second !== undefined &&
    first.p < CLARIFY_BELOW &&
    ACTIONABLE.has(first.intent) &&
    ACTIONABLE.has(second.intent) &&
    (MUTATING.has(first.intent) || MUTATING.has(second.intent)) &&
    // Without a word asking for a change the mutating reading is not on the table.
    slots.asksForChange
  ) {
    u.clarify = [first.intent, second.intent];
  }
  u.intent = intent;
  return u;
}
