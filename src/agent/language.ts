// The language of each message. `--lang` (or the config) forces one; otherwise the detector decides.
// Very short messages ("ok", "sync", "ajuda") carry too few characters for the n-gram model: they
// switch the conversation's language only when their words belong to one language alone, so loan
// words shared by both ("sync", "drift", "ok") keep the language the conversation already has.
import type { Lang } from '../i18n/index.js';
import { loadAllUtterances } from './router/load.js';
import { LanguageDetector } from './router/language.js';
import { isLaughterOrEmoji } from './router/slots.js';
import { fold, rawTokens } from './router/text.js';

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
const SHORT_MESSAGE_MARGIN = 8;

// Grammar words: loan words ("check", "drift", "deploy") travel between the languages, these do not.
// A Portuguese sentence with English nouns ("check o drift pls") is still Portuguese.
const FUNCTION_WORDS: Record<Lang, ReadonlySet<string>> = {
  pt: new Set(['o', 'os', 'as', 'da', 'dos', 'das', 'no', 'na', 'nos', 'nas', 'pro', 'pra', 'para', 'de', 'que', 'com', 'um', 'uma', 'esse', 'essa', 'isso', 'nao', 'ta', 'tá', 'esta', 'ele', 'ela', 'aí', 'ai', 'mas', 'porque', 'quando', 'qual', 'quais', 'como', 'onde', 'tem', 'so', 'também', 'tambem', 'ja', 'agora', 'voce', 'vc', 'meu', 'minha', 'nada', 'tudo', 'e', 'é', 'sim', 'pf', 'pfv', 'obrigado', 'obrigada', 'vlw', 'valeu', 'oi', 'ola', 'bom', 'boa', 'dia', 'tarde', 'noite', 'tchau', 'beleza', 'blz', 'esquece', 'cancela']),
  en: new Set(['the', 'is', 'are', 'was', 'of', 'to', 'on', 'in', 'it', 'this', 'that', 'what', 'whats', "what's", 'how', 'my', 'and', 'with', 'for', 'any', 'please', 'pls', 'plz', 'just', 'only', 'did', 'does', 'dont', "don't", 'be', 'has', 'have', 'why', 'when', 'which', 'there', 'yes', 'you', 'can', 'should', 'all', 'from', 'back', 'thanks', 'thank', 'hi', 'hello', 'hey', 'morning', 'bye', 'cool', 'nice', 'nvm', 'cancel', 'ok']),
};

function functionWordCounts(text: string): Record<Lang, number> {
  const counts: Record<Lang, number> = { pt: 0, en: 0 };
  for (const token of rawTokens(text)) {
    const w = token.text.toLowerCase();
    const f = fold(w);
    if (FUNCTION_WORDS.pt.has(w) || FUNCTION_WORDS.pt.has(f)) counts.pt++;
    // "do" is Portuguese ("diff do MainCluster") and English ("do a full check"): half a vote.
    else if (f === 'do') counts.pt += 0.5;
    if (FUNCTION_WORDS.en.has(w) || FUNCTION_WORDS.en.has(f)) counts.en++;
  }
  return counts;
}

// Brazilian laughter says Portuguese; "haha", "lol" and emoji say nothing.
const PT_LAUGH = /^(k{3,}|(rs)+|kkk\w*|huehue\w*)[!?. ]*$/i;

export function messageLanguage(text: string, choice: LanguageChoice, detect = defaultLanguageDetector()): Lang {
  if (choice.forced) return choice.forced;
  if (isLaughterOrEmoji(text)) return choice.previous ?? (PT_LAUGH.test(text.trim()) ? 'pt' : choice.fallback);
  if (choice.previous && rawTokens(text).length <= SHORT_MESSAGE_WORDS) return detect.exclusiveLanguage(text) ?? choice.previous;
  const words = functionWordCounts(text);
  // One or two words with no previous turn: too little for the n-gram model to outvote the locale.
  if (!choice.previous && rawTokens(text).length <= SHORT_MESSAGE_WORDS) {
    if (words.pt > words.en) return 'pt';
    if (words.en > words.pt) return 'en';
    const exclusive = detect.exclusiveLanguage(text);
    if (exclusive) return exclusive;
    // A clear n-gram verdict still counts ("vrificar drfit"); a weak one ("nvm") leaves the locale.
    const { logOdds } = detect.detect(text);
    return logOdds >= SHORT_MESSAGE_MARGIN ? 'pt' : logOdds <= -SHORT_MESSAGE_MARGIN ? 'en' : choice.fallback;
  }
  const guess = detect.detect(text).lang;
  // The session keeps its language unless the whole message is clearly the other one.
  if (choice.previous) {
    const other: Lang = choice.previous === 'pt' ? 'en' : 'pt';
    if (words[choice.previous] > 0) return choice.previous;
    return guess === other && words[other] > 0 ? other : guess === other && words[choice.previous] === 0 && rawTokens(text).length >= 4 ? other : choice.previous;
  }
  if (words.pt - words.en >= 1) return 'pt';
  if (words.en - words.pt >= 1) return 'en';
  return guess ?? (words.pt > words.en ? 'pt' : words.en > words.pt ? 'en' : choice.fallback);
}
