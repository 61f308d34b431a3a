// Intent classification: prepared words → TF-IDF features → logistic regression. Trained on both
// languages at once, so mixed messages ("faz o reverse sync") land where they should.
import { fitVectorizer, vectorize, type VectorizerState } from './features.js';
import { INTENTS, type Intent, type Utterance } from './corpus.js';
import { DEFAULT_TRAINING, probabilities, train, type LogisticModel, type TrainingOptions } from './logistic.js';
import { prepare } from './text.js';

export interface IntentGuess {
  intent: Intent;
  /** Probability of the chosen intent (0–1). */
  confidence: number;
  /** Resource names as typed in the message, in order. */
  resources: string[];
  /** The two likeliest intents with their probabilities, best first (for a clarifying question). */
  ranking?: { intent: Intent; p: number }[];
}

/**
 * Below this probability the router does not guess: the message is answered as `none` (help hint).
 * Thirteen classes share the probability mass, so a real match scores well above it.
 */
export const MIN_CONFIDENCE = 0.3;

export class IntentClassifier {
  private constructor(
    private readonly vectorizer: VectorizerState,
    private readonly model: LogisticModel,
  ) {}

  static train(utterances: readonly Utterance[], options: TrainingOptions = DEFAULT_TRAINING): IntentClassifier {
    const documents = utterances.map((u) => prepare(u.text).words);
    const vectorizer = fitVectorizer(documents);
    const samples = documents.map((words, i) => ({ x: vectorize(words, vectorizer), label: (utterances[i] as Utterance).intent }));
    const model = train(samples, INTENTS, vectorizer.vocabulary.size, options);
    return new IntentClassifier(vectorizer, model);
  }

  /** `knownNames`: folded resource names of the last report, so plain-word names ("worker") are recognised. */
  classify(text: string, knownNames?: ReadonlySet<string>): IntentGuess {
    const prepared = prepare(text, knownNames);
    const p = probabilities(this.model, vectorize(prepared.words, this.vectorizer));
    let best = 0;
    for (let c = 1; c < p.length; c++) if ((p[c] as number) > (p[best] as number)) best = c;
    const confidence = p[best] as number;
    const intent = confidence >= MIN_CONFIDENCE ? (this.model.classes[best] as Intent) : 'none';
    const ranking = [...p]
      .map((prob, c) => ({ intent: this.model.classes[c] as Intent, p: prob }))
      .sort((a, b) => b.p - a.p)
      .slice(0, 2);
    return { intent, confidence, resources: prepared.resources, ranking };
  }
}
