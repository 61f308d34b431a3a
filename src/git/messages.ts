// What a reverse sync says about itself in Git: the commit message, the pull request body and the hash
// that identifies a set of changes. AWS-provided values are sanitized here (terminal and Markdown safe);
// the files themselves hold the exact values.
import { createHash } from 'node:crypto';
import type { DriftReport, Json } from '../drift/model.js';
import { renderMarkdown, sanitizeInline } from '../drift/report/index.js';
import { codeSpan, escapeMarkdown } from '../drift/report/markdown-escape.js';
import { compactValue } from '../drift/report/values.js';
import { allChanges, type SyncChange, type SyncPlan, type UnresolvedItem } from '../drift/sync-plan.js';
import type { Lang } from '../i18n/index.js';
import { syncMessages } from '../i18n/sync.js';
import { unresolvedReason } from '../i18n/reasons.js';
import { changesMarker } from './github.js';

const VALUE_WIDTH = 60;
// GitHub rejects bodies above 65536 characters; the report excerpt is what gives way.
const MAX_BODY = 60_000;

/** Same changes → same hash, whatever the run: how an open pull request for them is recognized. */
export function changesHash(plan: SyncPlan): string {
  const changes = allChanges(plan)
    .map((c) => [c.file, c.logicalId, c.path, c.kind, c.from, c.to, c.parameter ?? null] as Json[])
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  const files = plan.newFiles.map((f) => [f.file, f.text]).sort((a, b) => (a[0] as string).localeCompare(b[0] as string));
  return createHash('sha256').update(JSON.stringify({ changes, files })).digest('hex').slice(0, 16);
}

export function changeSubject(change: SyncChange): string {
  return sanitizeInline(change.path === '' ? change.logicalId : `${change.logicalId} ${change.path}`);
}

export function describeChange(change: SyncChange, lang: Lang): string {
  const m = syncMessages(lang);
  const value = (v: Json): string => (v === null ? '—' : compactValue(v, VALUE_WIDTH, { path: change.path, lang }));
  const to = change.kind === 'add-resource' ? sanitizeInline(String(change.to)) : value(change.to);
  return m.change(change.kind, changeSubject(change), value(change.from), to, change.parameter);
}

export function describeUnresolved(u: UnresolvedItem, lang: Lang = 'en'): string {
  const subject = sanitizeInline(u.logicalId ?? u.physicalId ?? u.itemId);
  return `${subject}${u.path ? ` ${sanitizeInline(u.path)}` : ''}: ${sanitizeInline(unresolvedReason(u, lang))}`;
}

export interface MessageContext {
  plan: SyncPlan;
  report: DriftReport;
  lang: Lang;
}

function files(plan: SyncPlan): number {
  return plan.edits.length + plan.newFiles.length;
}

export function commitMessage({ plan, report, lang }: MessageContext): string {
  const m = syncMessages(lang);
  const changes = allChanges(plan);
  const lines = [
    m.commitSubject(changes.length, files(plan)),
    '',
    m.commitBody(sanitizeInline(report.accountId ?? '?'), sanitizeInline(report.region), report.generatedAt),
    ...changes.map((c) => `- ${c.file}: ${describeChange(c, lang)}`),
    '',
    m.proofOk(plan.synced.length),
  ];
  if (plan.unresolved.length > 0) {
    lines.push('', m.commitUnresolved, ...plan.unresolved.map((u) => `- ${describeUnresolved(u, lang)}`));
  }
  return `${lines.join('\n')}\n`;
}

function cell(text: string): string {
  return codeSpan(text, { table: true });
}

function propertyCell(change: SyncChange & { file: string }, lang: Lang): string {
  if (change.kind === 'add-resource') return lang === 'pt' ? '(recurso novo)' : '(new resource)';
  if (change.kind === 'remove-resource') return lang === 'pt' ? '(recurso removido)' : '(resource removed)';
  const parameter = change.parameter ? ` (${lang === 'pt' ? 'parâmetro' : 'parameter'} ${cell(change.parameter)})` : '';
  return `${cell(change.path)}${parameter}`;
}

function valueCell(v: Json, path: string, lang: Lang): string {
  return v === null ? '—' : cell(compactValue(v, VALUE_WIDTH, { path, lang }));
}

export function pullRequestBody(context: MessageContext & { hash: string }): string {
  const { plan, report, lang } = context;
  const m = syncMessages(lang);
  const changes = allChanges(plan);
  const rows = changes.map((c) => {
    const oldNew = c.kind === 'add-resource' ? `— → ${cell(String(c.to))}` : `${valueCell(c.from, c.path, lang)} → ${valueCell(c.to, c.path, lang)}`;
    return `| ${cell(c.logicalId)} | ${propertyCell(c, lang)} | ${oldNew} | ${cell(c.line > 1 ? `${c.file}:${c.line}` : c.file)} |`;
  });
  const unresolved = plan.unresolved.length === 0
    ? [m.prNoUnresolved]
    : plan.unresolved.map((u) => `- ${cell(u.logicalId ?? u.physicalId ?? u.itemId)}${u.path ? ` ${cell(u.path)}` : ''}: ${escapeMarkdown(unresolvedReason(u, lang))}`);
  const head = [
    changesMarker(context.hash),
    `## ${m.title}`,
    '',
    escapeMarkdown(m.prIntro(report.accountId ?? '?', report.region, report.generatedAt)),
    '',
    `| ${m.prTableHeader.join(' | ')} |`,
    '|---|---|---|---|',
    ...rows,
    '',
    `### ${m.prProofTitle}`,
    '',
    m.prProofBody(plan.synced.length),
    '',
    `### ${m.prUnresolvedTitle}`,
    '',
    ...unresolved,
    '',
  ].join('\n');
  const syncedIds = new Set(plan.synced.map((s) => s.itemId));
  const excerpt = renderMarkdown({ ...report, items: report.items.filter((i) => syncedIds.has(i.id)) }, { lang });
  const footer = `\n${m.prFooter}\n`;
  const details = `<details><summary>${m.prReportTitle}</summary>\n\n${excerpt}\n</details>\n`;
  const room = MAX_BODY - head.length - footer.length;
  return `${head}\n${details.length <= room ? details : `${details.slice(0, Math.max(0, room - 40))}\n…\n</details>\n`}${footer}`;
}
