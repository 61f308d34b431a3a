// Evaluation cases for the offline assistant: one operator message and what a right answer does
// (which tool, about which resource, with which filters, in which language). The splits live in
// prompts/eval/: `tuning.*` may be looked at while improving the router; `untouched.*` never is.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { packageRoot } from '../../engine/package-root.js';
import type { Lang } from '../../i18n/index.js';

export const EXPECTED_TOOLS = ['check_drift', 'heal_drift', 'reverse_sync', 'drift_history', 'none'] as const;
export type ExpectedTool = (typeof EXPECTED_TOOLS)[number];

const caseSchema = z
  .object({
    text: z.string().min(1),
    tool: z.enum(EXPECTED_TOOLS),
    resource: z.string().min(1).optional(),
    severity: z.enum(['low', 'medium', 'high', 'critical']).optional(),
    types: z.array(z.string().min(1)).min(1).optional(),
    readOnly: z.boolean().optional(),
    safeOnly: z.boolean().optional(),
    outOfScope: z.boolean().optional(),
    smallTalk: z.boolean().optional(),
  })
  .strict();

const fileSchema = z.object({ language: z.enum(['pt', 'en']), description: z.string().optional(), cases: z.array(caseSchema).min(1) }).strict();

export type EvalCase = z.output<typeof caseSchema> & { lang: Lang; source: string };

export const SPLITS = ['tuning', 'untouched'] as const;
export type Split = (typeof SPLITS)[number];

export function splitPath(split: Split, lang: Lang): string {
  return path.join(packageRoot(), 'prompts', 'eval', `${split}.${lang}.json`);
}

export function parseCases(text: string, source: string): EvalCase[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${source}: not valid JSON (${(error as Error).message})`);
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) throw new Error(`${source}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data.cases.map((c, i) => ({ ...c, lang: parsed.data.language, source: `${source}#${i + 1}` }));
}

export function loadSplit(split: Split, langs: readonly Lang[] = ['pt', 'en']): EvalCase[] {
  return langs.flatMap((lang) => {
    const file = splitPath(split, lang);
    return parseCases(readFileSync(file, 'utf8'), path.relative(packageRoot(), file));
  });
}
