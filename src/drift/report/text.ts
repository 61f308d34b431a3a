// The operator's report for a terminal: what was checked, what drifted (worst first), what to run next.

import { pendingText } from './pending.js';
import type { DriftItem, DriftReport, DriftType, PropertyDifference, ReadError } from '../model.js';
import { SEVERITIES } from '../model.js';
import { catalogue, type Catalogue, type Lang } from '../../i18n/index.js';
import { watchMessages, type WatchMessages } from '../../i18n/watch.js';
import { sanitizeInline } from './sanitize.js';
import { createTheme, type Theme } from './theme.js';
import { displayWidth, truncate } from './width.js';
import { compactValue } from './values.js';
import { healCounts } from '../heal-eligibility.js';
import { autoHealReason, severityReason } from '../../i18n/reasons.js';
import { checkCoverage, isFullyCompared, noDriftMessage, reasonList } from './coverage.js';
import { badge, bySeverityDesc, capitalize, groupBySeverity, location, resourceLabel, resourceName, shellQuote } from './items.js';

export interface TextOptions {
  lang: Lang;
  color: boolean;
  /** Terminal columns; values are cut to fit. */
  width?: number;
  /** Show severity reasons and the properties/resources that were not checked. */
  detail?: boolean;
  /** From the drift history, by item id: each item is marked new or known since its first sighting. */
  history?: ReadonlyMap<string, ItemSighting>;
  /** How the suggested commands start (`ialctl --demo` in the demo), so they run as printed. Default `ialctl`. */
  command?: string;
}

export interface ItemSighting {
  firstSeen: string;
  isNew: boolean;
}

const DEFAULT_WIDTH = 100;
// Below this, cutting values further would leave nothing readable; long lines wrap instead.
const MIN_WIDTH = 40;
const MIN_VALUE_WIDTH = 12;
const ITEM_INDENT = '    ';
const SEP = ' · ';
// A missing resource has nothing live to copy back into Git, so only these kinds suggest reverse sync.
const REVERSE_SYNCABLE: ReadonlySet<DriftType> = new Set(['configuration_drift', 'tag_drift', 'extra_resource']);

interface Ctx {
  lang: Lang;
  msg: Catalogue;
  theme: Theme;
  width: number;
  detail: boolean;
  history: ReadonlyMap<string, ItemSighting> | undefined;
  seen: WatchMessages['report'];
  command: string;
}

export function renderText(report: DriftReport, options: TextOptions): string {
  const ctx: Ctx = {
    lang: options.lang,
    msg: catalogue(options.lang),
    theme: createTheme(options.color),
    width: terminalWidth(options.width),
    detail: options.detail ?? false,
    history: options.history,
    seen: watchMessages(options.lang).report,
    command: options.command ?? 'ialctl',
  };
  const sections = [header(report, ctx), summary(report, ctx), ...findings(report, ctx)];
  if (ctx.detail) sections.push(notChecked(report, ctx));
  sections.push(pendingText(report, options.lang));
  sections.push(nextSteps(report, ctx));
  return (
    sections
      .filter((lines) => lines.length > 0)
      .map((lines) => lines.join('\n'))
      .join('\n\n') + '\n'
  );
}

// Callers pass `process.stdout.columns`, which is undefined when piped and can be 0 in some CI terminals.
function terminalWidth(columns: number | undefined): number {
  if (columns === undefined || !Number.isFinite(columns) || columns <= 0) return DEFAULT_WIDTH;
  return Math.max(MIN_WIDTH, Math.floor(columns));
}

function header(report: DriftReport, { msg, theme, width }: Ctx): string[] {
  const title = [msg.report.title, msg.report.region(sanitizeInline(report.region))];
  if (report.accountId !== null) title.push(msg.report.account(sanitizeInline(report.accountId)));
  const lines = [theme.heading(title.join(SEP)), theme.muted(msg.report.generatedAt(sanitizeInline(report.generatedAt)))];
  if (isFullyCompared(report)) {
    lines.push(theme.ok(msg.report.complete));
    return lines;
  }
  if (!report.complete) {
    lines.push(theme.error(msg.report.incomplete(report.errors.length)));
    for (const error of report.errors) lines.push(...readError(error, msg, theme, width));
    lines.push(theme.warning(`  ${msg.report.notCheckedWarning}`));
  }
  if (report.summary.notChecked > 0) lines.push(theme.warning(partialLine(report, msg)));
  return lines;
}

function partialLine(report: DriftReport, msg: Catalogue): string {
  const c = checkCoverage(report);
  return msg.report.partial(c.checked, c.declared, c.notChecked, reasonList(c.reasons, sanitizeInline, msg.report.moreReasons));
}

function readError(error: ReadError, msg: Catalogue, theme: Theme, width: number): string[] {
  const code = error.code === undefined ? '' : ` ${sanitizeInline(error.code)}`;
  // AWS messages can embed kilobytes of encoded authorization data; the JSON report keeps it whole.
  const text = truncate(`✖ ${sanitizeInline(error.service)}${code}: ${sanitizeInline(error.message)}`, width * 3);
  const lines = [`  ${theme.error(text)}`];
  if (error.types.length > 0) {
    lines.push(`    ${msg.report.errorTypes(error.types.map(sanitizeInline).join(msg.common.listSeparator))}`);
  }
  if (error.requiredAction !== undefined) {
    lines.push(`    ${msg.report.errorMissingPermission(sanitizeInline(error.requiredAction))}`);
  }
  const hint = error.code === undefined ? undefined : msg.report.errorHint(error.code);
  if (hint !== undefined) lines.push(`    ${hint}`);
  return lines;
}

function summary(report: DriftReport, { msg, theme }: Ctx): string[] {
  const s = report.summary;
  const r = msg.report;
  const counts = [`${r.resources}: ${s.resources}`, `${r.inSync}: ${s.inSync}`, `${r.drifted}: ${s.drifted}`, `${r.notChecked}: ${s.notChecked}`];
  // Only when it says something "Not checked: 0" does not.
  if (s.notChecked > 0) counts.splice(1, 0, `${r.comparedLabel}: ${r.comparedOf(s.checked, s.declared)}`);
  const severities = [...SEVERITIES].reverse().map((sev) => {
    const text = `${msg.common.severity[sev]} ${s.bySeverity[sev]}`;
    return s.bySeverity[sev] > 0 ? theme.severity[sev](text) : theme.muted(text);
  });
  const { propertiesCompared, propertiesNotChecked } = s.coverage;
  return [
    theme.heading(r.summaryTitle),
    `  ${counts.join(SEP)}`,
    `  ${r.severityLabel}: ${severities.join(SEP)}`,
    `  ${r.coverageLabel}: ${r.coverage(propertiesCompared, propertiesNotChecked)}`,
  ];
}

function findings(report: DriftReport, ctx: Ctx): string[][] {
  const { msg, theme } = ctx;
  if (report.items.length === 0) return [[noDriftLine(report, ctx)]];
  const groups = groupBySeverity(report.items).map(({ severity, items }) => {
    const lines = [theme.severity[severity](theme.heading(`${capitalize(msg.common.severity[severity])} (${items.length})`))];
    for (const item of items) lines.push(...renderItem(item, ctx));
    return lines;
  });
  // Reports read Git → AWS, plans current → target: the arrow is labelled where it is used.
  return [[theme.muted(msg.report.arrowLegend)], ...groups];
}

/** With no findings: "in sync" only when everything declared was compared, else what was not. */
function noDriftLine(report: DriftReport, { msg, theme }: Ctx): string {
  const { inSync, text } = noDriftMessage(report, msg);
  return inSync ? theme.ok(`✔ ${text}`) : theme.warning(text);
}

function renderItem(item: DriftItem, ctx: Ctx): string[] {
  const { msg, theme, width, detail } = ctx;
  const title = [msg.common.driftType[item.type], sanitizeInline(item.resourceType), resourceLabel(item)].join(SEP);
  const tag = badge(msg.common.severity[item.severity]);
  const lines = [`  ${theme.severity[item.severity](tag)} ${truncate(title, width - 3 - displayWidth(tag))}`];
  const room = width - ITEM_INDENT.length;
  const where = location(item) ?? msg.report.notInGit;
  const sighting = ctx.history?.get(item.id);
  if (sighting === undefined) {
    lines.push(theme.muted(ITEM_INDENT + truncate(where, room)));
  } else {
    const note = sighting.isNew ? ctx.seen.newBadge : ctx.seen.knownSince(sanitizeInline(sighting.firstSeen));
    const noteText = sighting.isNew ? theme.warning(note) : theme.muted(note);
    lines.push(ITEM_INDENT + theme.muted(truncate(where, Math.max(MIN_VALUE_WIDTH, room - displayWidth(SEP + note)))) + theme.muted(SEP) + noteText);
  }
  if (item.differences.length === 0) {
    if (item.type === 'missing_resource') lines.push(ITEM_INDENT + theme.removed(msg.report.missingResource));
    if (item.type === 'extra_resource') lines.push(ITEM_INDENT + theme.added(msg.report.extraResource));
  }
  for (const difference of item.differences) lines.push(ITEM_INDENT + renderDifference(difference, ctx));
  if (detail && item.severityReasons.length > 0) {
    const reasons = item.severityReasons.map((r) => sanitizeInline(severityReason(r, ctx.lang))).join('; ');
    lines.push(theme.muted(ITEM_INDENT + truncate(msg.report.reasons(reasons), room)));
  }
  const autoHeal = item.autoHeal.eligible
    ? theme.ok(msg.report.autoHealEligible)
    : theme.muted(truncate(msg.report.autoHealNotEligible(sanitizeInline(autoHealReason(item.autoHeal, ctx.lang))), room));
  lines.push(ITEM_INDENT + autoHeal);
  return lines;
}

function renderDifference(d: PropertyDifference, { lang, msg, theme, width }: Ctx): string {
  const shown = { path: d.path, lang };
  const room = width - ITEM_INDENT.length;
  // The path gets whatever the fixed text and the smallest readable values leave over.
  const overhead =
    d.kind === 'REMOVE'
      ? displayWidth(msg.report.removed(''))
      : d.kind === 'ADD'
        ? displayWidth(msg.report.added('', '')) + MIN_VALUE_WIDTH
        : ': '.length + ' → '.length + 2 * MIN_VALUE_WIDTH;
  const path = truncate(sanitizeInline(d.path), Math.max(MIN_VALUE_WIDTH, room - overhead));
  switch (d.kind) {
    case 'ADD': {
      const valueWidth = Math.max(MIN_VALUE_WIDTH, room - displayWidth(msg.report.added(path, '')));
      return theme.added(msg.report.added(path, compactValue(d.actual, valueWidth, shown)));
    }
    case 'REMOVE':
      return theme.removed(msg.report.removed(path));
    case 'NOT_EQUAL': {
      const valueWidth = Math.max(MIN_VALUE_WIDTH, Math.floor((room - displayWidth(path) - ': '.length - ' → '.length) / 2));
      return `${theme.changed(path)}: ${compactValue(d.expected, valueWidth, shown)} → ${compactValue(d.actual, valueWidth, shown)}`;
    }
  }
}

function notChecked(report: DriftReport, { msg, theme, width }: Ctx): string[] {
  const { resources, properties } = report.notChecked;
  if (resources.length === 0 && properties.length === 0) return [];
  const lines = [theme.heading(msg.report.notCheckedTitle)];
  for (const r of resources) {
    const text = `${sanitizeInline(r.logicalId)} (${sanitizeInline(r.resourceType)}) ${sanitizeInline(r.file)}:${r.line}: ${sanitizeInline(r.reason)}`;
    lines.push(`  ${truncate(text, width - 2)}`);
  }
  for (const p of properties) {
    const text = `${sanitizeInline(p.logicalId)}.${sanitizeInline(p.path)} ${sanitizeInline(p.file)}:${p.line}: ${sanitizeInline(p.reason)}`;
    lines.push(`  ${truncate(text, width - 2)}`);
  }
  return lines;
}

function nextSteps(report: DriftReport, { msg, theme, command, detail }: Ctx): string[] {
  const steps: Array<[command: string, why: string]> = [];
  if (!report.complete) steps.push([`${command} drift check`, msg.report.stepRecheck]);
  if (report.summary.notChecked > 0 && !detail) steps.push([`${command} drift check --detail`, msg.report.stepDetail]);
  const sorted = [...report.items].sort(bySeverityDesc);
  const first = sorted[0];
  if (first !== undefined) steps.push([`${command} drift diff ${shellQuote(resourceName(first))}`, msg.report.stepDiff]);
  const counts = healCounts(report.items);
  if (counts.withApproval > 0) {
    steps.push([`${command} drift heal`, msg.report.stepHeal(counts.unattendedEligible, counts.withApproval)]);
    steps.push([`${command} drift heal --apply`, msg.report.stepHealApply]);
  }
  const syncable = sorted.find((i) => REVERSE_SYNCABLE.has(i.type));
  if (syncable !== undefined) {
    steps.push([`${command} reverse-sync --dry-run`, msg.report.stepReverseSync]);
    steps.push([`${command} reverse-sync --resource ${shellQuote(resourceName(syncable))}`, msg.report.stepReverseSyncResource]);
  }
  if (steps.length === 0) return [];
  const column = Math.max(...steps.map(([command]) => displayWidth(command))) + 2;
  return [
    theme.heading(msg.report.nextStepsTitle),
    ...steps.map(([command, why]) => `  ${theme.command(command)}${' '.repeat(column - displayWidth(command))}${why}`),
  ];
}
