// Which language a message is written in: a naive Bayes model over character n-grams, trained on
// the router corpora. Accents stay in (ã, ç and é say "Portuguese" loudly); resource names are left
// out (they belong to no language). Short or mixed messages ("ok", "sync") are ambiguous: the
// caller keeps the language the conversation already had.
import type { Lang } from '../../i18n/index.js';
import type { Utterance } from './corpus.js';
import { fold, looksLikeResourceName, rawTokens } from './text.js';

const NGRAM_SIZES = [1, 2, 3];

/** Below this log-odds margin the detector abstains. */
export const MIN_MARGIN = 2.5;

function ngrams(text: string): string[] {
  const words = rawTokens(text)
    .map((t) => t.text)
    .filter((t) => !looksLikeResourceName(t))
    .map((t) => t.toLowerCase());
  const out: string[] = [];
  for (const word of words) {
    const marked = ` ${word} `;
    for (const n of NGRAM_SIZES) for (let i = 0; i + n <= marked.length; i++) out.push(marked.slice(i, i + n));
  }
  return out;
}

export interface LanguageGuess {
  /** Undefined when the message does not say (too short, or shared vocabulary only). */
  lang: Lang | undefined;
  /** log P(text | pt) − log P(text | en). */
  logOdds: number;
}

function words(text: string): string[] {
  return rawTokens(text)
    .map((t) => t.text)
    .filter((t) => !looksLikeResourceName(t))
    .map(fold);
}

export class LanguageDetector {
  private constructor(
    private readonly counts: Record<Lang, Map<string, number>>,
    private readonly totals: Record<Lang, number>,
    private readonly vocabularySize: number,
    private readonly words: Record<Lang, Set<string>>,
  ) {}

  static train(utterances: readonly Utterance[]): LanguageDetector {
    const counts: Record<Lang, Map<string, number>> = { pt: new Map(), en: new Map() };
    const totals: Record<Lang, number> = { pt: 0, en: 0 };
    const vocabulary = new Set<string>();
    const wordSets: Record<Lang, Set<string>> = { pt: new Set(), en: new Set() };
    for (const u of utterances) {
      for (const w of words(u.text)) wordSets[u.lang].add(w);
      for (const g of ngrams(u.text)) {
        counts[u.lang].set(g, (counts[u.lang].get(g) ?? 0) + 1);
        totals[u.lang]++;
        vocabulary.add(g);
      }
    }
    return new LanguageDetector(counts, totals, vocabulary.size, wordSets);
  }

  /**
   * For short messages: the language whose corpus alone uses the message's words ("ajuda" → pt,
   * "yes" → en), or undefined when the words are shared ("ok", "sync", "drift") or unknown.
   */
  exclusiveLanguage(text: string): Lang | undefined {
    let pt = 0;
    let en = 0;
    for (const w of words(text)) {
      const inPt = this.words.pt.has(w);
      const inEn = this.words.en.has(w);
      if (inPt && !inEn) pt++;
      if (inEn && !inPt) en++;
    }
    if (pt > 0 && en === 0) return 'pt';
    if (en > 0 && pt === 0) return 'en';
    return undefined;
  }

  detect(text: string): LanguageGuess {
    let logOdds = 0;
    for (const g of ngrams(text)) {
      // Laplace smoothing: an n-gram seen in one language only still leaves the other possible.
      const pt = ((this.counts.pt.get(g) ?? 0) + 1) / (this.totals.pt + this.vocabularySize);
      const en = ((this.counts.en.get(g) ?? 0) + 1) / (this.totals.en + this.vocabularySize);
      logOdds += Math.log(pt) - Math.log(en);
    }
    const lang = logOdds >= MIN_MARGIN ? 'pt' : logOdds <= -MIN_MARGIN ? 'en' : undefined;
    return { lang, logOdds };
  }
}
