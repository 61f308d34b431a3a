// Multinomial logistic regression over sparse vectors, trained by per-sample gradient descent with
// AdaGrad step sizes and L2 regularization. Deterministic: the sample order comes from a seeded
// generator, so the same corpus always gives the same model (and the same accuracy figure).

import type { SparseVector } from './features.js';

export interface TrainingOptions {
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
}

export const DEFAULT_TRAINING: TrainingOptions = { epochs: 30, learningRate: 0.5, l2: 1e-5, seed: 20240601 };

export interface LogisticModel {
  classes: string[];
  features: number;
  /** Row-major: weights[c * (features + 1) + f]; the last column is the bias. */
  weights: Float64Array;
}

/** mulberry32: a tiny seeded generator, good enough to shuffle training samples reproducibly. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function logits(model: LogisticModel, x: SparseVector): Float64Array {
  const stride = model.features + 1;
  const out = new Float64Array(model.classes.length);
  for (let c = 0; c < model.classes.length; c++) {
    const row = c * stride;
    let sum = model.weights[row + model.features] ?? 0;
    for (let k = 0; k < x.indices.length; k++) sum += (model.weights[row + (x.indices[k] as number)] ?? 0) * (x.values[k] as number);
    out[c] = sum;
  }
  return out;
}

function softmaxInPlace(values: Float64Array): Float64Array {
  let max = -Infinity;
  for (const v of values) if (v > max) max = v;
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    values[i] = Math.exp((values[i] as number) - max);
    total += values[i] as number;
  }
  for (let i = 0; i < values.length; i++) values[i] = (values[i] as number) / total;
  return values;
}

export function probabilities(model: LogisticModel, x: SparseVector): Float64Array {
  return softmaxInPlace(logits(model, x));
}

export function train(
  samples: readonly { x: SparseVector; label: string }[],
  classes: readonly string[],
  features: number,
  options: TrainingOptions = DEFAULT_TRAINING,
): LogisticModel {
  const stride = features + 1;
  const model: LogisticModel = { classes: [...classes], features, weights: new Float64Array(classes.length * stride) };
  const squaredGradients = new Float64Array(model.weights.length).fill(1e-8);
  const classIndex = new Map(classes.map((c, i) => [c, i]));
  const order = samples.map((_, i) => i);
  const random = seededRandom(options.seed);

  const step = (index: number, gradient: number): void => {
    squaredGradients[index] = (squaredGradients[index] as number) + gradient * gradient;
    model.weights[index] = (model.weights[index] as number) - (options.learningRate * gradient) / Math.sqrt(squaredGradients[index] as number);
  };

  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    for (const sampleIndex of order) {
      const sample = samples[sampleIndex] as { x: SparseVector; label: string };
      const target = classIndex.get(sample.label);
      if (target === undefined) throw new Error(`training label "${sample.label}" is not one of the classes`);
      const p = probabilities(model, sample.x);
      for (let c = 0; c < classes.length; c++) {
        const error = (p[c] as number) - (c === target ? 1 : 0);
        const row = c * stride;
        for (let k = 0; k < sample.x.indices.length; k++) {
          const index = row + (sample.x.indices[k] as number);
          step(index, error * (sample.x.values[k] as number) + options.l2 * (model.weights[index] as number));
        }
        step(row + features, error);
      }
    }
  }
  return model;
}
