// What `--yes` may approve for one user message: the mutating tools that message asks for, as the
// deterministic offline intent router reads the user's own words. The model never takes part, so a
// model that decides to heal while answering "what is drifting?" cannot borrow the user's --yes.
import type { Intent, Router } from './router/index.js';

/** The intents that are a request for a mutation, and the tool each one asks for. */
const MUTATION_OF_INTENT: Partial<Record<Intent, string>> = {
  heal: 'heal_drift',
  reverse_sync: 'reverse_sync',
};

export function mutationsRequested(text: string, router: Router): ReadonlySet<string> {
  const tool = MUTATION_OF_INTENT[router.route(text).intent];
  return new Set(tool === undefined ? [] : [tool]);
}
