// What `--yes` may approve for one user message: the mutating tools that message asks for, as the
// deterministic offline intent router reads the user's own words. The model never takes part, so a
// model that decides to heal while answering "what is drifting?" cannot borrow the user's --yes.
//
// The router tells what a message is about, not whether it is an order: "is it safe to heal?" and
// "don't heal the database" are about healing. --yes stands in for a human's yes, so it needs a plain
// request: a question or a negation approves nothing (the user can still name the plan: --approve).
import type { Intent, Router } from './router/index.js';

/** The intents that are a request for a mutation, and the tool each one asks for. */
const MUTATION_OF_INTENT: Partial<Record<Intent, string>> = {
  heal: 'heal_drift',
  reverse_sync: 'reverse_sync',
};

// Folded (lower case, no accents). English and Portuguese openings of a question.
const QUESTION_OPENING =
  /^(what|which|why|how|when|where|who|is|are|was|were|should|shall|would|could|can|may|might|does|do|did|will|o que|que|qual|quais|por que|porque|como|quando|onde|quem|e|esta|sera|seria|devo|deveria|posso|pode|podemos|vale)\b/;
const NEGATION = /\b(not|no|never|dont|don't|doesnt|doesn't|without|stop|cancel|nao|nunca|sem|nem|pare|cancela|cancelar)\b/;

// "reverse sync without a PR" is a request with an option, not a negation.
const NO_PR_OPTION = /\b(sem|without|no)\s+(a\s+|o\s+|um\s+)?(pr|pull request)\b/g;

const fold = (text: string): string => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();

/** A question or a negation is not an order, whatever it is about. */
export function isPlainRequest(text: string): boolean {
  const folded = fold(text);
  return !folded.includes('?') && !QUESTION_OPENING.test(folded) && !NEGATION.test(folded.replace(NO_PR_OPTION, ''));
}

export function mutationsRequested(text: string, router: Router): ReadonlySet<string> {
  if (!isPlainRequest(text)) return new Set();
  const tool = MUTATION_OF_INTENT[router.route(text).intent];
  return new Set(tool === undefined ? [] : [tool]);
}
