// Drift report for pull requests and chat tools: a summary table, then one table per severity.

import { pendingMarkdown } from './pending.js';
import type { DriftItem, DriftReport, PropertyDifference, ReadError } from '../model.js';
import { SEVERITIES } from '../model.js';
import { catalogue, type Catalogue, type Lang } from '../../i18n/index.js';
import { codeSpan, escapeMarkdown } from './markdown-escape.js';
import { compactValue } from './values.js';
import { capitalize, groupBySeverity, location } from './items.js';
import { checkCoverage, isFullyCompared, noDriftMessage, reasonList } from './coverage.js';

export interface MarkdownOptions {
  lang: Lang;
}

// Table cells have no width, but a cell with a whole task definition in it helps nobody.
const VALUE_WIDTH = 60;
const MAX_DIFFERENCES_PER_CELL = 5;

export function renderMarkdown(report: DriftReport, options: MarkdownOptions): string {
  const msg = catalogue(options.lang);
  const sections = [header(report, msg), summaryTable(report, msg)];
  if (report.items.length === 0) sections.push(noDriftLine(report, msg));
  for (const { severity, items } of groupBySeverity(report.items)) {
    sections.push(
      [
        `### ${capitalize(msg.common.severity[severity])} (${items.length})`,
        '',
        row([msg.report.columnResource, msg.report.columnType, msg.report.columnChange, msg.report.columnFile]),
        '|---|---|---|---|',
        ...items.map((item) => itemRow(item, msg, options.lang)),
      ].join('\n'),
    );
  }
  sections.push(...pendingMarkdown(report, options.lang));
  return sections.join('\n\n') + '\n';
}

function header(report: DriftReport, msg: Catalogue): string {
  const title = [msg.report.title, msg.report.region(escapeMarkdown(report.region))];
  if (report.accountId !== null) title.push(msg.report.account(escapeMarkdown(report.accountId)));
  const lines = [`## ${title.join(' · ')}`, '', msg.report.generatedAt(escapeMarkdown(report.generatedAt)), ''];
  if (isFullyCompared(report)) {
    lines.push(msg.report.complete);
  } else if (!report.complete) {
    lines.push(`> **${msg.report.incomplete(report.errors.length)}**`, '>');
    for (const error of report.errors) lines.push(`> - ${readError(error, msg)}`);
    lines.push('>', `> ${msg.report.notCheckedWarning}`);
    if (report.summary.notChecked > 0) lines.push('>', `> ${partialLine(report, msg)}`);
  } else {
    lines.push(`> **${partialLine(report, msg)}**`);
  }
  return lines.join('\n');
}

function partialLine(report: DriftReport, msg: Catalogue): string {
  const c = checkCoverage(report);
  return msg.report.partial(c.checked, c.declared, c.notChecked, reasonList(c.reasons, (t) => codeSpan(t), msg.report.moreReasons));
}

/** With no findings: "in sync" only when everything declared was compared. */
function noDriftLine(report: DriftReport, msg: Catalogue): string {
  const { inSync, text } = noDriftMessage(report, msg);
  return inSync ? `✅ ${text}` : report.complete ? `⚠️ ${text}` : text;
}

function readError(error: ReadError, msg: Catalogue): string {
  const parts = [`${escapeMarkdown(error.service)}${error.code === undefined ? '' : ` ${codeSpan(error.code)}`}: ${codeSpan(error.message)}`];
  if (error.types.length > 0) {
    parts.push(msg.report.errorTypes(error.types.map((t) => codeSpan(t)).join(msg.common.listSeparator)));
  }
  if (error.requiredAction !== undefined) parts.push(msg.report.errorMissingPermission(codeSpan(error.requiredAction)));
  const hint = error.code === undefined ? undefined : msg.report.errorHint(error.code);
  if (hint !== undefined) parts.push(escapeMarkdown(hint));
  return parts.join(' — ');
}

function summaryTable(report: DriftReport, msg: Catalogue): string {
  const s = report.summary;
  const r = msg.report;
  const rows: Array<[string, string | number]> = [
    [r.resources, s.resources],
    ...(s.notChecked > 0 ? [[r.comparedLabel, r.comparedOf(s.checked, s.declared)] as [string, string]] : []),
    [r.inSync, s.inSync],
    [r.drifted, s.drifted],
    [r.notChecked, s.notChecked],
    ...[...SEVERITIES].reverse().map((sev): [string, number] => [capitalize(msg.common.severity[sev]), s.bySeverity[sev]]),
    [r.coverageLabel, r.coverage(s.coverage.propertiesCompared, s.coverage.propertiesNotChecked)],
  ];
  return [row([r.metric, r.value]), '|---|---:|', ...rows.map(([label, value]) => row([label, String(value)]))].join('\n');
}

function itemRow(item: DriftItem, msg: Catalogue, lang: Lang): string {
  const resource =
    item.logicalId === null
      ? codeSpan(item.physicalId ?? '', { table: true })
      : item.physicalId === null
        ? codeSpan(item.logicalId, { table: true })
        : `${codeSpan(item.logicalId, { table: true })} (${codeSpan(item.physicalId, { table: true })})`;
  const changes = [`**${msg.common.driftType[item.type]}**`];
  for (const d of item.differences.slice(0, MAX_DIFFERENCES_PER_CELL)) changes.push(difference(d, msg, lang));
  if (item.differences.length > MAX_DIFFERENCES_PER_CELL) {
    changes.push(msg.report.moreDifferences(item.differences.length - MAX_DIFFERENCES_PER_CELL));
  }
  const where = location(item);
  return row([
    resource,
    escapeMarkdown(item.resourceType),
    changes.join('<br>'),
    where === null ? msg.report.notInGit : codeSpan(where, { table: true }),
  ]);
}

function difference(d: PropertyDifference, msg: Catalogue, lang: Lang): string {
  const path = codeSpan(d.path, { table: true });
  const value = (v: PropertyDifference['actual']): string => codeSpan(compactValue(v, VALUE_WIDTH, { path: d.path, lang }), { table: true });
  switch (d.kind) {
    case 'ADD':
      return msg.report.added(path, value(d.actual));
    case 'REMOVE':
      return msg.report.removed(path);
    case 'NOT_EQUAL':
      return `${path}: ${value(d.expected)} → ${value(d.actual)}`;
  }
}

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}
