// Slots: what a message says beyond its intent. Severity ("só os críticos"), read-only ("não corrige
// nada"), "safe only", time ("desde ontem"), the direction of a change once negation is read ("não
// reverte, leva pro git" is a reverse sync), requests ialctl does not do (delete, restart, scale,
// access) and small talk. Rules over folded text (no accents, lower case): each one is a phrase family
// operators use, in both languages, not a memorised sentence.
import type { Severity } from '../../drift/model.js';
import { fold } from './text.js';

export type OutOfScope = 'delete' | 'restart' | 'scale' | 'access' | 'create' | 'deploy' | 'other';
export type SmallTalk = 'greeting' | 'thanks' | 'laugh' | 'what_is_drift' | 'bye' | 'ack';
export type Direction = 'heal' | 'sync';

export interface Slots {
  severity?: Severity;
  /** The message forbids changes ("não corrige nada", "read only", "don't touch anything"). */
  readOnly: boolean;
  safeOnly: boolean;
  tagsOnly: boolean;
  /** A time reference ("desde ontem", "since yesterday", "há quanto tempo"): a history question. */
  since: boolean;
  /** "tudo", "everything", "all of it": every item, never a guess at one. */
  all: boolean;
  /** The direction the words ask for, negations read: heal = AWS back to Git, sync = Git takes AWS. */
  direction?: Direction;
  /** The direction came from reading a negation ("não reverte, leva pro git"): it outranks the classifier. */
  directionFromNegation: boolean;
  /** The message opens with a heal or sync verb: an order, whatever the classifier thought. */
  imperative?: boolean;
  /** Any word asking for a change (a heal or a sync verb): a mutation needs one. */
  asksForChange: boolean;
  outOfScope?: OutOfScope;
  smallTalk?: SmallTalk;
  noPr: boolean;
}

const CRITICAL = /\b(critic[oa]s?|critical|criticals|crit|sev ?1|p0)\b/;
const HIGH = /\b(grave|graves|serio|serios|serious|urgent[e]?s?|high|alta|altas|alto|altos|important[e]?s?|on fire|pegando fogo|em chamas|worst|piores?|mais graves?)\b/;
const MEDIUM = /\b(medium|medi[ao]s?|moderad[ao]s?)\b/;

// Verbs of each direction (stems, folded). Heal: AWS goes back to what Git declares.
const HEAL_VERB = String.raw`(revert\w*|rever\w*|desfaz\w*|desfa[cz]\w*|undo\w*|roll ?back\w*|rollback|volt\w*|restor\w*|restaur\w*|(put|set|change|turn|bring|switch) [\w ]{0,40}?back|corrig\w*|corrij\w*|conserta\w*|fix\w*|heal\w*|arrum\w*|repar\w*|religa\w*|reativ\w*|turn (it )?back on|fecha\w*|close\w*|remedia\w*|resolv\w*|reaplic\w*|reappl\w*|enforc\w*|sobrescrev\w*|overwrit\w*|realinh\w*|realign\w*|bota (de )?volta|desmanch\w*|tira\w*|remov\w*)`;
const SYNC_VERB = String.raw`(reverse[ -]?sync\w*|sincroniz\w*|sync\w*|codif\w*|codify|commit\w*|keep\w*|mant(er|em|enha|ém)\w*|aceit\w*|accept\w*|grav\w*|escrev\w*|write\w*|record\w*|registr\w*|atualiz\w* o (git|repo\w*)|update (the )?(git|repo\w*)|leva\w* (isso |isto |pro |para o |pra o |ao )?git|take (it |them )?(to|into) git|bring (it |them )?(to|into) git|push (it |them )?(to|into) git)`;
const SYNC_CUE = new RegExp(String.raw`\b(reverse[ -]?sync|pro git|pra git|para o git|ao git|into git|to git|back to git|pro repo\w*|pra repo\w*|para o repo\w*|into the repo\w*|to the repo\w*|(um |a |the |o )(pr|pull request)|codif\w*|codify|commit\w*|manter|mantem|keep|aceit\w*|accept\w*|(e|eh|esta|ta|is|it'?s|looks) (a |o )?(cert[oa]|right|correct|intended|intencional|proposital|aprovad[oa]|approved)|foi aprovad[oa]|was approved|approved)\b`);
const HEAL_CUE = new RegExp(String.raw`\b${HEAL_VERB}\b`);
const NEGATION = String.raw`(nao|n|nunca|never|dont|don'?t|do not|doesn'?t|not|no|sem|without|nem)`;

const READ_ONLY = new RegExp(
  String.raw`\b(read[ -]?only|somente leitura|so leitura|apenas leitura|no changes|sem mudancas|sem alteracoes|sem aplicar|sem mexer|nao (mexe|mexa|mexer|toca|toque|muda|mude|altera|altere|aplica|aplique|corrige|corrija|conserta|faz nada|execut\w*)|(don'?t|do not|dont) (touch|change|fix|apply|modify|heal|execute|run)\w*|just (look|show|list|tell|report)|only (look|show|report)|so (quero )?(ver|olhar|mostra\w*|lista\w*)|apenas (ver|mostra\w*|olhar)|dry[ -]?run)\b`,
);

const OUT_OF_SCOPE: [OutOfScope, RegExp][] = [
  ['delete', /\b(delet\w*|apag\w*|exclu\w*|remov\w*|drop\w*|destr[oó]i\w*|destroy\w*|termin\w*|encerr\w*|kill\w*|mata\w*|derrub\w*|tear down|nuke\w*|wipe\w*)\b/],
  ['restart', /\b(restart\w*|reinici\w*|reboot\w*|stop (the|it)\b|shut ?down|bounce)\b|^(para|pare|parar|desliga|liga|start) (o|a|the) /],
  ['scale', /\b(scal\w*|escal\w*|aument\w* .*\b(pra|para|to)\s+\d+|diminu\w* .*\b(pra|para|to)\s+\d+|bump\w* .*\b(to|pra|para)\s+\d+|resiz\w*|redimension\w*|set .* to \d+ (tasks?|tarefas?|instances?)|coloca .* (pra|para|em) \d+ (tasks?|tarefas?|instancias?))\b/],
  ['access', /\b(grant\w*|give .*\b(access|permission|admin)|da(r)? acesso|libera\w* acesso|acesso (de )?admin|permissao|permissoes|permission\w*|iam user|cria\w* (um )?usuario|create (a |an )?(user|role)|add .* to (the )?(group|role)|senha|password)\b/],
  ['create', /\b(cria\w* (um|uma|o|a|novo|nova)\b|create (a|an|new|the)\b|provision\w*|provisiona\w*|launch\w*|sobe (um|uma)\b|spin up)\b/],
  ['deploy', /\b(deploy\w*|implanta\w*|cdk|terraform apply|rollout)\b/],
];

// Objects a heal legitimately removes: a tag, a rule, a port, a setting. "remove the temp-debug tag" heals.
const HEALABLE_OBJECT = /\b(tags?|etiquetas?|regras?|rules?|portas?|ports?|ingress|entrada|setting\w*|configurac\w*|cidr|0\.0\.0\.0|22|drift|mudanc\w*|alterac\w*|changes?|hand|mao)\b/;

const GREETING = /^(oi+|ola|ol[aá]+|opa|eai|e ai|eae|fala|salve|bom dia|boa tarde|boa noite|hi+|hello|hey+|yo|good (morning|afternoon|evening)|hiya|howdy|hello there|hi there)\b/;
const THANKS = /\b(obrigad[oa]|brigad[oa]|vlw|valeu|valew|thanks?|thank you|thx|ty|tks|agradec\w*|cheers)\b/;
const BYE = /^(tchau|ate mais|ate logo|falou|flw|bye|see you|cya|later)\b/;
const ACK = /^(ok|okay|blz|beleza|certo|entendi|show|top|massa|legal|cool|nice|great|got it|perfeito|perfect)[.! ]*$/;
const LAUGH = /^(k{3,}|(ha){2,}h?|(he){2,}|(rs){1,}|lol|lmao|rofl|kkk\w*|huehue\w*)$/;
const WHAT_IS_DRIFT = /\b(o que (e|eh|significa|quer dizer)|que e|what (is|'?s|does)|whats|define|explica o que e|explain what)\b.*\bdrift\b|\bdrift\b.*\b(mean|means|significa)\b/;

/** Emoji and laughter carry no language and no request. */
export function isLaughterOrEmoji(text: string): boolean {
  const stripped = text.replace(/[\p{Extended_Pictographic}\p{Emoji_Modifier}\u200d\ufe0f\s!?.,]/gu, '');
  if (stripped === '') return text.trim() !== '';
  return LAUGH.test(fold(stripped));
}

function smallTalkOf(folded: string, text: string): SmallTalk | undefined {
  if (isLaughterOrEmoji(text)) return 'laugh';
  const words = folded.split(/[^a-z0-9']+/).filter((w) => w !== '');
  if (WHAT_IS_DRIFT.test(folded) && words.length <= 8 && !/\b(no|na|do|da|on|of|in)\s+[a-z]+-/.test(folded)) return 'what_is_drift';
  // Small talk only when that is all the message says ("vlw, agora reverte" is a request).
  if (words.length > 5) return undefined;
  if (THANKS.test(folded) && words.length <= 4) return 'thanks';
  if (GREETING.test(folded) && words.length <= 4) return 'greeting';
  if (BYE.test(folded)) return 'bye';
  if (ACK.test(folded)) return 'ack';
  return undefined;
}

/** The direction the words ask for. A negated verb flips to the other direction when that one is named. */
function directionOf(folded: string): { direction: Direction; negated: boolean } | undefined {
  const negatedHeal = new RegExp(String.raw`\b${NEGATION}\s+(\w+\s+){0,3}?${HEAL_VERB}`).test(folded);
  const negatedSync = new RegExp(String.raw`\b${NEGATION}\s+(\w+\s+){0,3}?(${SYNC_VERB}|quero (essas|as|isso)|want (these|those|this|it|them))`).test(folded);
  const syncSaid = SYNC_CUE.test(folded) || new RegExp(String.raw`\b${SYNC_VERB}\b`).test(folded);
  // Strip the negated clause before looking for the direction that remains.
  const rest = folded.replace(new RegExp(String.raw`\b${NEGATION}\s+(\w+\s+){0,3}?(${HEAL_VERB}|${SYNC_VERB})\w*`, 'g'), ' ');
  const healSaid = HEAL_CUE.test(rest);
  const syncInRest = SYNC_CUE.test(rest) || new RegExp(String.raw`\b${SYNC_VERB}\b`).test(rest);
  if (negatedHeal && syncInRest) return { direction: 'sync', negated: true };
  if (negatedSync && healSaid) return { direction: 'heal', negated: true };
  if (negatedSync || negatedHeal) return undefined;
  if (syncSaid && !healSaid) return { direction: 'sync', negated: false };
  if (healSaid && !syncSaid) return { direction: 'heal', negated: false };
  return undefined;
}

const CANCEL = /^(nvm|never ?mind|forget (it|that)|esquece( isso)?|deixa( pra la| quieto)?|deixa pra depois|cancel\w*|cancela\w*|aborta\w*|abort)[.! ]*$/;
const STATE_QUESTION = /^(e ai,? )?(ta |esta )?(tudo|todo mundo|all|everything) (certo|ok|bem|em ordem|em dia|good|ok|fine|in order|in sync|sincronizado)\b|\b(como (ta|esta|estao|tao) as coisas|how are things|how does it look|hows it looking|estado geral|overall status)\b/;

export function isCancel(text: string): boolean {
  return CANCEL.test(fold(text).trim());
}

export function isStateQuestion(text: string): boolean {
  return STATE_QUESTION.test(fold(text).trim());
}

export function slotsOf(text: string): Slots {
  const folded = fold(text).replace(/[’`]/g, "'");
  const slots: Slots = {
    readOnly: READ_ONLY.test(folded),
    safeOnly: /\b(safe|safely|segur[oa]s?|elegive(l|is)|eligible|auto-?heal\w*|sem risco|low[- ]risk)\b/.test(folded),
    tagsOnly: /\b(so|apenas|only|just)\s+(as |the )?(tags?|etiquetas?)\b/.test(folded),
    since: /\b(desde|since|ontem|yesterday|anteontem|semana passada|last (week|night|month)|this morning|hoje cedo|de madrugada|faz quanto tempo|ha quanto tempo|quanto tempo|how long|when did|quando (comecou|foi|mudou|aconteceu)|historico|history|ultim[oa]s? \d+ (dias|horas)|last \d+ (days|hours))\b/.test(folded),
    all: /\b(tudo|todos|todas|everything|all of (it|them)|all the|all drift|everything else|geral)\b/.test(folded),
    directionFromNegation: false,
    asksForChange: HEAL_CUE.test(folded) || SYNC_CUE.test(folded) || new RegExp(String.raw`\b${SYNC_VERB}\b`).test(folded) || /\b(pr|pull request|git)\b/.test(folded),
    noPr: /\b(sem|without|no)\s+(um\s+|a\s+)?(pr|pull request)\b|--no-pr\b/.test(folded),
  };
  if (CRITICAL.test(folded)) slots.severity = 'critical';
  else if (HIGH.test(folded)) slots.severity = 'high';
  else if (MEDIUM.test(folded)) slots.severity = 'medium';
  const talk = smallTalkOf(folded, text);
  if (talk !== undefined) slots.smallTalk = talk;
  const direction = directionOf(folded);
  if (direction !== undefined) {
    slots.direction = direction.direction;
    slots.directionFromNegation = direction.negated;
  }
  // An imperative at the start of the message ("corrije o drift do cluster") is the request itself.
  const opening = folded.replace(/^(ok|beleza|blz|entao|agora|pode|por favor|pls|please|so|just|then|now)[, ]+/, '');
  slots.imperative = new RegExp(String.raw`^${HEAL_VERB}`).test(opening) || new RegExp(String.raw`^${SYNC_VERB}`).test(opening);
  for (const [kind, pattern] of OUT_OF_SCOPE) {
    if (!pattern.test(folded)) continue;
    if (kind === 'delete' && HEALABLE_OBJECT.test(folded)) {
      // "apaga a tag temp-debug": removing what drift added puts AWS back to Git.
      if (slots.direction === undefined && /\b(tags?|etiquetas?|regras?|rules?|portas?|ports?|ingress|cidr|0\.0\.0\.0|22)\b/.test(folded)) {
        slots.direction = 'heal';
        slots.asksForChange = true;
        if (/^(apag|delet|exclu|remov|tira|drop)/.test(opening)) slots.imperative = true;
      }
      continue;
    }
    if (kind === 'create' && /\b(pr|pull request|branch|commit)\b/.test(folded)) continue;
    slots.outOfScope = kind;
    break;
  }
  return slots;
}
