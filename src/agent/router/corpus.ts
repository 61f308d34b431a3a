// The router's training corpus: one JSON file per language in `prompts/`, intent → utterances.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { packageRoot } from '../../engine/package-root.js';
import type { Lang } from '../../i18n/index.js';

export const INTENTS = [
  'check',
  'detail',
  'heal',
  'reverse_sync',
  'confirm_yes',
  'confirm_no',
  'explain',
  'critical_now',
  'since_when',
  'help',
  'choose_first',
  'choose_second',
  /** Anything ialctl does not do (small talk, other topics): answered with the help hint. */
  'none',
] as const;
export type Intent = (typeof INTENTS)[number];

const corpusSchema = z.object({
  language: z.enum(['pt', 'en']),
  description: z.string().optional(),
  intents: z.partialRecord(z.enum(INTENTS), z.array(z.string().min(1)).min(5)),
});

export interface Utterance {
  text: string;
  intent: Intent;
  lang: Lang;
}

export interface Corpus {
  lang: Lang;
  utterances: Utterance[];
}

export function corpusPath(lang: Lang): string {
  return path.join(packageRoot(), 'prompts', `router-corpus.${lang}.json`);
}

export function parseCorpus(text: string, source: string): Corpus {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${source}: not valid JSON (${(error as Error).message}); the router corpus must be a JSON object`);
  }
  const parsed = corpusSchema.safeParse(json);
  if (!parsed.success) {
    throw new Error(`${source}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const missing = INTENTS.filter((intent) => parsed.data.intents[intent] === undefined);
  if (missing.length > 0) throw new Error(`${source}: no utterances for intent(s) ${missing.join(', ')}`);
  const utterances: Utterance[] = [];
  for (const intent of INTENTS) {
    for (const text of parsed.data.intents[intent] ?? []) utterances.push({ text, intent, lang: parsed.data.language });
  }
  return { lang: parsed.data.language, utterances };
}

export function loadCorpus(lang: Lang): Corpus {
  const file = corpusPath(lang);
  return parseCorpus(readFileSync(file, 'utf8'), file);
}

/**
 * The deterministic evaluation split: every 5th utterance of each intent (index % 5 == 4) is held
 * out, the rest train. Per intent, so every intent is both trained and measured.
 */
export function splitCorpus(corpus: Corpus): { train: Utterance[]; heldOut: Utterance[] } {
  const train: Utterance[] = [];
  const heldOut: Utterance[] = [];
  const seen = new Map<Intent, number>();
  for (const u of corpus.utterances) {
    const index = seen.get(u.intent) ?? 0;
    seen.set(u.intent, index + 1);
    (index % 5 === 4 ? heldOut : train).push(u);
  }
  return { train, heldOut };
}
