// Turns prepared words into a sparse TF-IDF vector. Word unigrams and bigrams carry the phrasing;
// character n-grams inside each word carry the spelling, so a typo ("verifcar", "sincornizar")
// still shares most of its n-grams with the word it meant.

import { RESOURCE_TOKEN } from './text.js';

export interface SparseVector {
  indices: number[];
  values: number[];
}

const CHAR_NGRAM_SIZES = [3, 4, 5];

// A word yields one unigram but a dozen character n-grams: at equal weight the spelling features
// would drown the words. Halving them keeps typo tolerance without letting it dominate.
const GROUP_WEIGHT: Record<string, number> = { w: 1, b: 1, c: 0.5 };

/** Feature names of one message (with repeats: a repeated word is counted once by the vectorizer). */
export function featureNames(words: readonly string[]): string[] {
  const names: string[] = [];
  const padded = ['^', ...words, '$'];
  for (const word of words) names.push(`w:${word}`);
  for (let i = 0; i + 1 < padded.length; i++) names.push(`b:${padded[i]} ${padded[i + 1]}`);
  for (const word of words) {
    if (word === RESOURCE_TOKEN) continue;
    const marked = `<${word}>`;
    for (const n of CHAR_NGRAM_SIZES) {
      for (let i = 0; i + n <= marked.length; i++) names.push(`c:${marked.slice(i, i + n)}`);
    }
  }
  return names;
}

export interface VectorizerState {
  vocabulary: Map<string, number>;
  /** Inverse document frequency times the feature group's weight. */
  idf: Float64Array;
}

/** Learns the vocabulary and inverse document frequencies of a training set. */
export function fitVectorizer(documents: readonly (readonly string[])[]): VectorizerState {
  const vocabulary = new Map<string, number>();
  const documentFrequency: number[] = [];
  for (const words of documents) {
    for (const name of new Set(featureNames(words))) {
      let index = vocabulary.get(name);
      if (index === undefined) {
        index = vocabulary.size;
        vocabulary.set(name, index);
        documentFrequency.push(0);
      }
      documentFrequency[index] = (documentFrequency[index] ?? 0) + 1;
    }
  }
  const n = documents.length;
  // Smoothed idf (as scikit-learn's default): never zero, rarer features weigh more.
  const idf = Float64Array.from(documentFrequency, (df) => Math.log((1 + n) / (1 + df)) + 1);
  for (const [name, index] of vocabulary) idf[index] = (idf[index] as number) * (GROUP_WEIGHT[name.charAt(0)] ?? 1);
  return { vocabulary, idf };
}

/** Binary term weights times idf, L2-normalized; features unseen in training are dropped. */
export function vectorize(words: readonly string[], state: VectorizerState): SparseVector {
  const indices: number[] = [];
  for (const name of new Set(featureNames(words))) {
    const index = state.vocabulary.get(name);
    if (index !== undefined) indices.push(index);
  }
  indices.sort((a, b) => a - b);
  const values = indices.map((i) => state.idf[i] ?? 0);
  const norm = Math.sqrt(values.reduce((sum, v) => sum + v * v, 0));
  return { indices, values: norm === 0 ? values : values.map((v) => v / norm) };
}
