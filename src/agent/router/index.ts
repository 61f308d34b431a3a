// The offline router: intent + resource names + language of one message, with no network and no
// model download. Trained from the corpora in `prompts/` on first use (tens of milliseconds).
import type { Lang } from '../../i18n/index.js';
import { IntentClassifier, type IntentGuess } from './classifier.js';
import { LANGS_WITH_CORPUS, loadAllUtterances } from './load.js';
import { LanguageDetector } from './language.js';

export { INTENTS, type Intent } from './corpus.js';
export type { IntentGuess } from './classifier.js';

export interface Routed extends IntentGuess {
  /** Undefined when the message does not say which language it is in. */
  language: Lang | undefined;
}

export interface Router {
  route(text: string, knownNames?: ReadonlySet<string>): Routed;
}

let shared: Router | undefined;

/** The router trained on every utterance of both corpora; built once per process. */
export function defaultRouter(): Router {
  if (shared === undefined) {
    const utterances = loadAllUtterances();
    shared = createRouter(IntentClassifier.train(utterances), LanguageDetector.train(utterances));
  }
  return shared;
}

export function createRouter(classifier: IntentClassifier, detector: LanguageDetector): Router {
  return {
    route(text, knownNames) {
      return { ...classifier.classify(text, knownNames), language: detector.detect(text).lang };
    },
  };
}

export { LANGS_WITH_CORPUS };
