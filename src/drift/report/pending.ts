// The "pending deploy" section of every report format (stack mode): Git changes that are not deployed
// yet. Its own section, never an item: it is not drift and it is never healed.
import type { Json, DriftReport } from '../model.js';
import type { Lang } from '../../i18n/index.js';
import { stackMessages } from '../../i18n/stacks.js';
import { codeSpan, escapeMarkdown } from './markdown-escape.js';
import { sanitizeInline } from './sanitize.js';

const show = (value: Json): string => (value === null ? '∅' : JSON.stringify(value));

function subject(p: NonNullable<DriftReport['pendingDeploy']>[number]): string {
  return `${p.logicalId} (${p.stack})`;
}

export function pendingText(report: DriftReport, lang: Lang): string[] {
  const pending = report.pendingDeploy ?? [];
  if (pending.length === 0) return [];
  const msg = stackMessages(lang);
  return [
    `${msg.pendingTitle} (${pending.length})`,
    `  ${msg.pendingIntro}`,
    ...pending.map((p) => `  • ${sanitizeInline(msg.pendingLine(subject(p), p.path || '—', show(p.git), show(p.deployed)))}  ${sanitizeInline(p.file)}:${p.line}`),
  ];
}

export function pendingMarkdown(report: DriftReport, lang: Lang): string[] {
  const pending = report.pendingDeploy ?? [];
  if (pending.length === 0) return [];
  const msg = stackMessages(lang);
  return [[
    `### ${msg.pendingTitle} (${pending.length})`,
    '',
    escapeMarkdown(msg.pendingIntro),
    '',
    ...pending.map((p) => `- ${escapeMarkdown(msg.pendingLine(subject(p), p.path || '—', show(p.git), show(p.deployed)))} (${codeSpan(`${p.file}:${p.line}`)})`),
  ].join('\n')];
}

/** SARIF: one note per pending change, as a tool notification (not a result: it is no finding). */
export function pendingSarifNotes(report: DriftReport, lang: Lang): object[] {
  const msg = stackMessages(lang);
  return (report.pendingDeploy ?? []).map((p) => ({
    level: 'note',
    message: { text: sanitizeInline(msg.pendingNote(subject(p), p.path || '—', p.stack)) },
    locations: [{ physicalLocation: { artifactLocation: { uri: p.file, uriBaseId: '%SRCROOT%' }, region: { startLine: Math.max(1, p.line) } } }],
    properties: { pendingDeploy: p },
  }));
}
