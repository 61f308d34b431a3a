import { en } from './en.js';
import { ptBR } from './pt-BR.js';
import type { Catalogue } from './types.js';

export type { Catalogue } from './types.js';

export const LANGS = ['pt', 'en'] as const;
export type Lang = (typeof LANGS)[number];

const CATALOGUES: Record<Lang, Catalogue> = { pt: ptBR, en };

export function catalogue(lang: Lang): Catalogue {
  return CATALOGUES[lang];
}

export interface LocaleEnv {
  LANG?: string;
  LC_ALL?: string;
  LC_MESSAGES?: string;
}

// POSIX locale names (`pt_BR.UTF-8`, `en_US@euro`) and BCP 47 tags (`pt-BR`): the language is the
// leading letters, whatever follows a `-`, `_`, `.` or `@`.
function languageOf(value: string): string | undefined {
  const match = /^([a-z]{2,3})(?:[-_.@]|$)/i.exec(value.trim());
  return match?.[1]?.toLowerCase();
}

/**
 * The interface language: the `--lang` flag when given, otherwise the first set of
 * LC_ALL, LC_MESSAGES, LANG (POSIX precedence). Portuguese locales give `pt`, anything else `en`.
 * Throws when the flag names a language ialctl does not speak.
 */
export function resolveLanguage(flag?: string, env: LocaleEnv = {}): Lang {
  if (flag !== undefined) {
    const lang = languageOf(flag);
    if (lang === 'pt' || lang === 'en') return lang;
    throw new Error(`Invalid value ${JSON.stringify(flag)} for --lang: allowed values are pt|en (for example --lang pt).`);
  }
  const locale = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v !== undefined && v.trim() !== '');
  return locale !== undefined && languageOf(locale) === 'pt' ? 'pt' : 'en';
}
