// System prompts live in `prompts/` as Markdown, one per language, so they can be read and reviewed as text.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../engine/package-root.js';
import type { Lang } from '../i18n/index.js';

const FILES: Record<Lang, string> = { pt: 'system.pt-BR.md', en: 'system.en.md' };
const LANGUAGE_NAMES: Record<Lang, string> = { pt: 'Portuguese (pt-BR)', en: 'English' };

const cache = new Map<Lang, string>();

export function systemPromptPath(lang: Lang): string {
  return path.join(packageRoot(), 'prompts', FILES[lang]);
}

export function loadSystemPrompt(lang: Lang): string {
  let text = cache.get(lang);
  if (text === undefined) {
    text = readFileSync(systemPromptPath(lang), 'utf8').trim();
    cache.set(lang, text);
  }
  return text;
}

/** The prompt for one turn: the language's prompt plus the facts of this turn. */
export function systemPromptFor(lang: Lang, now: Date): string {
  return `${loadSystemPrompt(lang)}\n\nThe user's latest message is in ${LANGUAGE_NAMES[lang]}: reply in ${LANGUAGE_NAMES[lang]}. Current time: ${now.toISOString()}.`;
}
