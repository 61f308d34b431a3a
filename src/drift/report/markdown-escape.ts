// Markdown output lands in PR comments and chat tools, where AWS-provided text must not become
// formatting, links, HTML or broken table cells. Plain text is escaped; identifiers and values go in
// code spans, where GitHub renders neither HTML, autolinks nor @mentions.

import { sanitizeInline } from './sanitize.js';

/** Plain text safe for Markdown prose and table cells. */
export function escapeMarkdown(text: string): string {
  return sanitizeInline(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~]/g, (char) => `\\${char}`);
}

/**
 * A code span holding `text` verbatim. The fence is longer than any backtick run inside, with padding
 * when the text starts or ends with a backtick (CommonMark). In a GFM table a pipe ends the cell even
 * inside a code span, so `table: true` escapes it (GitHub renders `\|` there as `|`).
 */
export function codeSpan(text: string, { table = false }: { table?: boolean } = {}): string {
  let content = sanitizeInline(text);
  if (content === '') return '';
  if (table) content = content.replace(/\|/g, '\\|');
  const longestRun = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const stripsSpaces = content.startsWith(' ') && content.endsWith(' ') && content.trim() !== '';
  const pad = content.startsWith('`') || content.endsWith('`') || stripsSpaces ? ' ' : '';
  return `${fence}${pad}${content}${pad}${fence}`;
}
