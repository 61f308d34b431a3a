// Text preparation shared by the intent classifier, the language detector and resource resolution.
// Operators type fast, in two languages, with or without accents: everything downstream compares
// folded text (no accents, lower case) so "não", "nao" and "NÃO" are the same word.

/** Lower case without diacritics: "Não É" → "nao e". */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The stand-in for a resource name, so "diff do rds-main-db" and "diff do web-sg" train the same pattern. */
export const RESOURCE_TOKEN = 'xres';

// Hyphenated words that are vocabulary, not resource names.
const HYPHEN_WORDS = new Set([
  'auto-heal', 'auto-healing', 'self-heal', 'reverse-sync', 'dry-run', 'on-call', 'follow-up', 'e-mail', 're-check',
  'drift-check', 'auto-fix', 'sync-back', 'pull-request', 'git-ops', 'gitops', 'check-up', 'tete-a-tete',
]);
// Portuguese verbs take hyphenated clitic pronouns ("mostre-me", "corrija-os"): still words.
const CLITICS = new Set(['me', 'te', 'se', 'lo', 'la', 'los', 'las', 'o', 'a', 'os', 'as', 'nos', 'vos', 'lhe', 'lhes', 'no', 'na']);

/** A raw token (original case) that names a resource rather than being a word. */
export function looksLikeResourceName(token: string): boolean {
  if (token.length < 2) return false;
  if (/[a-z][A-Z]/.test(token)) return true; // MainDb, WebSecurityGroup
  const lower = fold(token);
  if (/^(sg|i|vpc|subnet|db|arn)-[0-9a-f]+/.test(lower)) return true;
  if (/^arn:/.test(lower)) return true;
  if (/\d/.test(lower) && /[a-z]/.test(lower)) return !/^\d+(st|nd|rd|th|o|a|º|ª)$/.test(lower); // "1st", "2o" are ordinals
  if (!/[-_]/.test(lower)) return false;
  if (HYPHEN_WORDS.has(lower)) return false;
  const parts = lower.split(/[-_]/).filter((p) => p !== '');
  if (parts.length === 2 && CLITICS.has(parts[1] as string)) return false;
  return parts.length >= 2;
}

// Raw tokens: runs of letters, digits and the characters resource names use. Punctuation splits.
const RAW_TOKEN = /[\p{L}\p{N}][\p{L}\p{N}\-_.:/]*[\p{L}\p{N}]|[\p{L}\p{N}]/gu;

export interface RawToken {
  text: string;
  start: number;
}

export function rawTokens(text: string): RawToken[] {
  return [...text.matchAll(RAW_TOKEN)].map((m) => ({ text: m[0], start: m.index ?? 0 }));
}

export interface PreparedText {
  /** Folded words with resource names replaced by RESOURCE_TOKEN. */
  words: string[];
  /** Resource names found, as typed, in order. */
  resources: string[];
}

/**
 * Splits a message into folded words, replacing resource names by a placeholder.
 * `knownNames` (folded) are the names of the last report: plain words such as "worker" only count
 * as resource names when the report has a resource called that.
 */
export function prepare(text: string, knownNames: ReadonlySet<string> = new Set()): PreparedText {
  const words: string[] = [];
  const resources: string[] = [];
  for (const token of rawTokens(text)) {
    // A trailing dot or colon belongs to the sentence, not the name ("diff do rds-main-db.").
    const raw = token.text.replace(/[.:/]+$/, '');
    const folded = fold(raw);
    if (looksLikeResourceName(raw) || (folded.length >= 3 && knownNames.has(folded))) {
      words.push(RESOURCE_TOKEN);
      resources.push(raw);
      continue;
    }
    for (const word of folded.split(/[.:/]+/)) if (word !== '') words.push(word);
  }
  return { words, resources };
}
