// The language of each message. `--lang` (or the config) forces one; otherwise the detector decides.
// Very short messages ("ok", "sync", "ajuda") carry too few characters for the n-gram model: they
// switch the conversation's language only when their words belong to one language alone, so loan
// words shared by both ("sync", "drift", "ok") keep the language the conversation already has.
import type { Lang } from '../i18n/index.js';
import { loadAllUtterances } from './router/load.js';
import { LanguageDetector } from './router/language.js';
import { rawTokens } from './router/text.js';

let detector: LanguageDetector | undefined;

export function defaultLanguageDetector(): LanguageDetector {
  detector ??= LanguageDetector.train(loadAllUtterances());
  return detector;
}

export interface LanguageChoice {
  /** From --lang or the config: always wins. */
  forced?: Lang;
  /** The language of the conversation so far, if any. */
  previous?: Lang;
  /** When nothing else decides (first message, ambiguous): from the locale. */
  fallback: Lang;
}

const SHORT_MESSAGE_WORDS = 2;

export function messageLanguage(text: string, choice: LanguageChoice, detect = defaultLanguageDetector()): Lang {
  if (choice.forced) return choice.forced;
  if (choice.previous && rawTokens(text).length <= SHORT_MESSAGE_WORDS) return detect.exclusiveLanguage(text) ?? choice.previous;
  return detect.detect(text).lang ?? choice.previous ?? choice.fallback;
}
