// What `--yes` may approve for one user message: the mutating tools that message asks for, as the
// deterministic offline intent router reads the user's own words. The model never takes part, so a
// model that decides to heal while answering "what is drifting?" cannot borrow the user's --yes.
//
// The router tells what a message is about, not whether it is an order: "is it safe to heal?",
// "show the heal plan" and "don't heal the database" are all about healing. --yes stands in for a
// human's yes, so it is deny-by-default: only a clearly imperative request approves anything. A
// question, a negation, a condition or a request to preview approves nothing (the user can still
// name the plan they saw with --approve).
import type { Intent, Router } from './router/index.js';

/** The intents that are a request for a mutation, and the tool each one asks for. */
const MUTATION_OF_INTENT: Partial<Record<Intent, string>> = {
  heal: 'heal_drift',
  reverse_sync: 'reverse_sync',
};

// Every pattern below runs on folded text: lower case, no accents, ASCII apostrophes, and every
// Unicode question mark (？ ﹖ ؟ ¿ ‽ ⁇ …) written as '?'.

// Words of politeness that may come before the verb: "please heal", "ok, heal", "pode corrigir".
const COURTESY = /^(please|pls|kindly|ok|okay|alright|now|go ahead and|por favor|pode|podes|voce pode|agora|bora|vamos)\b[\s,:;!.-]*/;

// The request must open with an imperative (or, in Portuguese, the infinitive used as one).
const IMPERATIVE_OPENING = new RegExp(
  '^(' +
    [
      'heal', 'auto-?heal', 'self-?heal', 'fix', 'repair', 'revert', 'restore', 'apply', 'sync', 'resync',
      'reverse[ -]?sync', 'remediate', 'correct', 'run', 'execute',
      'corrigir', 'corrija', 'corrige', 'corrijam', 'consertar', 'conserte', 'conserta', 'arrumar', 'arrume', 'arruma',
      'reverter', 'reverta', 'reverte', 'restaurar', 'restaure', 'restaura', 'aplicar', 'aplique', 'aplica',
      'sincronizar', 'sincronize', 'sincroniza', 'leva', 'levar', 'leve', 'remediar', 'remedie',
      'executar', 'execute', 'executa', 'rodar', 'rode', 'roda', 'fazer', 'faca', 'faz',
    ].join('|') +
    ')\\b',
);

// A question anywhere: "so, is it safe to heal", "hey should we heal", "tell me if healing is safe".
const QUESTION_WORD =
  /\b(what|which|why|how|when|where|who|whom|whether|if|is|are|was|were|should|shall|would|could|can|may|might|does|did|will|o que|qual|quais|por que|porque|como|quando|onde|quem|sera|seria|devo|deveria|devemos|posso|podemos|vale a pena|se)\b/;

// A negation, a restriction the router cannot express, or a request to wait.
const NEGATION =
  /(\b(not|no|never|nothing|none|nobody|dont|don't|doesnt|doesn't|do not|won't|wont|wouldn't|shouldn't|can't|cant|cannot|without|except|but|avoid|stop|cancel|abort|wait|hold off|hold on|nao|nunca|nem|nada|nenhum|nenhuma|sem|exceto|menos|evite|evitar|pare|parar|cancela|cancelar|espere|espera|aguarde|segura)\b|n't\b)/;

// A request to see what would happen, not to make it happen: "show the heal plan", "simular a correção".
const PREVIEW =
  /\b(preview|previews|plan|plans|planned|planning|dry|dry-?run|simulate|simulated|simulation|pretend|show|display|list|see|view|explain|describe|tell|check|diff|estimate|report|test|plano|planos|planejar|planeje|simular|simule|simula|simulacao|previa|ensaio|mostre|mostrar|mostra|exiba|exibir|exibe|veja|ver|explique|explicar|descreva|diga|liste|listar|verificar|verifique|checar|teste|testar)\b/;

// "reverse sync without a PR" is a request with an option, not a negation.
const NO_PR_OPTION = /\b(sem|without|no)\s+(a\s+|o\s+|um\s+|any\s+|nenhum\s+)?(pr|pull request)s?\b/g;

// Unicode's question marks (General Punctuation "Po"): ？ ﹖ ؟ ¿ ‽ ⁇ ⁈ ⁉ ⸮, the Greek one (U+037E, which NFKD
// would turn into a semicolon, so it is replaced before normalising) and the emoji ones.
const QUESTION_MARKS = /[?？﹖؟¿‽⁇⁈⁉⸮\u037e❓❔⍰]/gu;

const fold = (text: string): string =>
  text
    .replace(QUESTION_MARKS, '?')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[‘’ʼ`´]/gu, "'")
    .replace(QUESTION_MARKS, '?')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();

function withoutCourtesy(folded: string): string {
  let rest = folded.replace(/^[\s,.!:;-]+/, '');
  for (let previous = ''; previous !== rest; ) {
    previous = rest;
    rest = rest.replace(COURTESY, '');
  }
  return rest;
}

/** A clearly imperative request: an order to mutate, not a question, a negation or a preview. */
export function isPlainRequest(text: string): boolean {
  const folded = fold(text);
  if (folded.includes('?')) return false;
  const words = folded.replace(NO_PR_OPTION, ' ');
  if (QUESTION_WORD.test(words) || NEGATION.test(words) || PREVIEW.test(words)) return false;
  return IMPERATIVE_OPENING.test(withoutCourtesy(folded));
}

export function mutationsRequested(text: string, router: Router): ReadonlySet<string> {
  if (!isPlainRequest(text)) return new Set();
  const tool = MUTATION_OF_INTENT[router.route(text).intent];
  return new Set(tool === undefined ? [] : [tool]);
}

/**
 * What the user's words name, beyond the tool: --yes approves a plan only within it. "heal the tag on
 * Bastion" names Bastion and tags, so a plan that also heals DesiredCount is not what they asked for.
 * No resource and no narrowing word ("heal the drift") means every healable item, as before.
 */
export interface YesScope {
  tools: ReadonlySet<string>;
  /** Resource names as typed; resolved against the report at approval time (resolveResource). */
  resources: readonly string[];
  /** "safe"/"automatically": only items the auto-heal policy marks eligible. */
  safe: boolean;
  /** "tags": only tag changes. */
  tags: boolean;
  /** "without a PR"/"sem PR": a reverse sync that opens no pull request. */
  noPr: boolean;
}

// The same narrowing words the offline assistant reads (src/agent/offline/dialog.ts).
const SAFE_WORDS = /\b(safe|safely|segur[oa]s?|elegive(l|is)|eligible|auto-?heal\w*|automatic\w*|auto)\b/;
const TAG_WORDS = /\btags?\b/;
const NO_PR_WORDS = /\b(sem|without|no)\s+(um\s+|a\s+)?(pr|pull request)\b|--no-pr\b/;

export function requestedScope(text: string, router: Router, knownNames?: ReadonlySet<string>): YesScope {
  const folded = fold(text);
  const routed = router.route(text, knownNames);
  return {
    tools: mutationsRequested(text, router),
    resources: routed.resources,
    safe: SAFE_WORDS.test(folded),
    tags: TAG_WORDS.test(folded),
    noPr: NO_PR_WORDS.test(folded),
  };
}
