// Property-level view of drift (`ialctl drift diff [RESOURCE]`), in the symbols of `cdk diff`:
// [~] changed, [+] only in AWS, [-] only in Git. Nested values are shown whole, pretty-printed.

import type { DriftItem, DriftReport, Json, LiveState, NotCheckedResource, PropertyDifference } from '../model.js';
import { severityRank } from '../model.js';
import { catalogue, type Catalogue, type Lang } from '../../i18n/index.js';
import { sanitizeInline } from './sanitize.js';
import { createTheme, type Style, type Theme } from './theme.js';
import { compactValue, isNested, prettyValue } from './values.js';
import { autoHealReason, severityReason } from '../../i18n/reasons.js';
import { badge, location, resourceLabel } from './items.js';
import { noDriftMessage } from './coverage.js';

export interface DiffOptions {
  lang: Lang;
  color: boolean;
  /** Logical or physical id (case-insensitive); every resource with drift when absent. */
  resource?: string;
  /** Every resource the check saw, so a resource without drift reads "in sync", not "unknown". */
  inventory?: ResourceInventory;
}

/** The names a check knows: logical ids declared in the phases, physical ids read from AWS. */
export interface ResourceInventory {
  declared: readonly string[];
  live: readonly string[];
}

/** The inventory of one check: what the phases declare and what was read live. */
export function inventoryOf(declared: readonly { logicalId: string }[], live: Pick<LiveState, 'resources'>): ResourceInventory {
  return { declared: declared.map((r) => r.logicalId), live: live.resources.map((r) => r.physicalId) };
}

export type DiffResult =
  | { found: true; text: string; inSync?: boolean }
  | { found: false; text: string; suggestions: string[] };

export interface ResourceMatch {
  items: DriftItem[];
  /** Closest resource names when nothing matched, best first. */
  suggestions: string[];
  /** Set when the name is a resource that was declared but could not be compared. */
  notChecked?: NotCheckedResource;
  /**
   * Known only with an inventory: true when the name is a checked resource without drift, false when
   * no resource has that name (neither in the phases nor in AWS).
   */
  exists?: boolean;
}

// Scalars in the diff are shown whole, but a single line still has to stay readable.
const INLINE_VALUE_WIDTH = 120;
const MAX_SUGGESTIONS = 3;

export function renderDiff(report: DriftReport, options: DiffOptions): DiffResult {
  const msg = catalogue(options.lang);
  const theme = createTheme(options.color);
  let items = report.items;
  if (options.resource !== undefined) {
    const match = findResourceItems(report, options.resource, options.inventory);
    if (match.exists === true && match.items.length === 0) {
      return { found: true, inSync: true, text: msg.diff.inSync(sanitizeInline(options.resource)) + '\n' };
    }
    if (match.items.length === 0) return notFound(options.resource, match, msg);
    items = match.items;
  } else if (items.length === 0) {
    return { found: true, text: noDriftMessage(report, msg).text + '\n' };
  }
  const blocks = groupByResource(items).map((group) => renderResource(group, msg, theme, options.lang));
  return { found: true, text: blocks.map((lines) => lines.join('\n')).join('\n\n') + '\n' };
}

export function findResourceItems(report: DriftReport, name: string, inventory?: ResourceInventory): ResourceMatch {
  const wanted = name.trim().toLowerCase();
  const items = report.items.filter(
    (i) => i.logicalId?.toLowerCase() === wanted || i.physicalId?.toLowerCase() === wanted,
  );
  if (items.length > 0) return { items, suggestions: [], ...(inventory ? { exists: true } : {}) };
  const notChecked = report.notChecked.resources.find((r) => r.logicalId.toLowerCase() === wanted);
  if (notChecked !== undefined) return { items, suggestions: [], notChecked, ...(inventory ? { exists: true } : {}) };
  const candidates = new Set<string>();
  for (const i of report.items) {
    if (i.logicalId !== null) candidates.add(i.logicalId);
    if (i.physicalId !== null) candidates.add(i.physicalId);
  }
  if (inventory === undefined) return { items, suggestions: closest(wanted, [...candidates]) };
  const known = [...inventory.declared, ...inventory.live];
  if (known.some((k) => k.toLowerCase() === wanted)) return { items, suggestions: [], exists: true };
  for (const k of known) candidates.add(k);
  return { items, suggestions: closest(wanted, [...candidates]), exists: false };
}

function notFound(name: string, match: ResourceMatch, msg: Catalogue): DiffResult {
  const shown = sanitizeInline(name);
  if (match.notChecked !== undefined) {
    return { found: false, text: msg.diff.notChecked(shown, sanitizeInline(match.notChecked.reason)) + '\n', suggestions: [] };
  }
  const hint =
    match.exists === false && match.suggestions.length === 0
      ? msg.diff.noSuchResourceHint
      : match.suggestions.length > 0
      ? msg.diff.suggestions(match.suggestions.map(sanitizeInline).join(msg.common.listSeparator))
      : msg.diff.noSuggestions;
  const head = match.exists === false ? msg.diff.noSuchResource(shown) : msg.diff.notFound(shown);
  return { found: false, text: `${head}\n${hint}\n`, suggestions: match.suggestions };
}

/** Names containing (or contained in) what was typed come first, then those a few typos away. */
function closest(wanted: string, candidates: string[]): string[] {
  const scored = candidates.map((name) => {
    const lower = name.toLowerCase();
    const contains = wanted.length > 0 && (lower.includes(wanted) || wanted.includes(lower));
    return { name, contains, distance: levenshtein(wanted, lower) };
  });
  const limit = Math.max(2, Math.floor(wanted.length / 3));
  return scored
    .filter((s) => s.contains || s.distance <= limit)
    .sort((a, b) => Number(b.contains) - Number(a.contains) || a.distance - b.distance || a.name.localeCompare(b.name))
    .slice(0, MAX_SUGGESTIONS)
    .map((s) => s.name);
}

function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** Config and tag drift of one resource are separate items; the diff shows them under one header. */
function groupByResource(items: readonly DriftItem[]): DriftItem[][] {
  const groups = new Map<string, DriftItem[]>();
  for (const item of items) {
    const key = JSON.stringify([item.resourceType, item.logicalId, item.physicalId]);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [item]);
    else group.push(item);
  }
  const worst = (group: DriftItem[]): number => Math.max(...group.map((i) => severityRank(i.severity)));
  return [...groups.values()].sort((a, b) => worst(b) - worst(a));
}

function renderResource(items: DriftItem[], msg: Catalogue, theme: Theme, lang: Lang): string[] {
  const first = items[0] as DriftItem;
  const lines = [theme.heading(`${sanitizeInline(first.resourceType)} ${resourceLabel(first)}`)];
  const where = location(first);
  lines.push(theme.muted(where ?? msg.report.notInGit));
  for (const item of items) {
    const autoHeal = item.autoHeal.eligible
      ? msg.report.autoHealEligible
      : msg.report.autoHealNotEligible(sanitizeInline(autoHealReason(item.autoHeal, lang)));
    // Tag drift usually points at the `Tags:` line, not the resource's first line.
    const own = location(item);
    const suffix = own !== null && own !== where ? ` · ${own}` : '';
    lines.push(
      ` ${theme.severity[item.severity](badge(msg.common.severity[item.severity]))} ` +
        `${msg.common.driftType[item.type]}${suffix} · ${theme.muted(autoHeal)}`,
    );
    if (item.severityReasons.length > 0) {
      lines.push(theme.muted(`   ${msg.report.reasons(item.severityReasons.map((r) => sanitizeInline(severityReason(r, lang))).join('; '))}`));
    }
    if (item.differences.length === 0 && item.type === 'missing_resource') {
      lines.push(`   ${theme.removed('[-]')} ${msg.report.missingResource}`);
    }
    if (item.differences.length === 0 && item.type === 'extra_resource') {
      lines.push(`   ${theme.added('[+]')} ${msg.report.extraResource}`);
    }
    for (const d of item.differences) lines.push(...renderDifference(d, msg, theme));
  }
  return lines;
}

function renderDifference(d: PropertyDifference, msg: Catalogue, theme: Theme): string[] {
  const path = sanitizeInline(d.path);
  switch (d.kind) {
    case 'NOT_EQUAL':
      if (!isNested(d.expected) && !isNested(d.actual)) {
        return [`   ${theme.changed('[~]')} ${path}  ${inline(d.expected)} → ${inline(d.actual)}`];
      }
      return [
        `   ${theme.changed('[~]')} ${path}`,
        `       ${msg.diff.expected}:`,
        ...block(d.expected, theme.removed),
        `       ${msg.diff.actual}:`,
        ...block(d.actual, theme.added),
      ];
    case 'ADD':
      return valueLines(theme.added('[+]'), path, d.actual, theme.added);
    case 'REMOVE':
      return valueLines(theme.removed('[-]'), path, d.expected, theme.removed);
  }
}

function valueLines(symbol: string, path: string, value: Json | undefined, style: Style): string[] {
  if (value === undefined) return [`   ${symbol} ${path}`];
  if (!isNested(value)) return [`   ${symbol} ${path}  ${style(inline(value))}`];
  return [`   ${symbol} ${path}`, ...block(value, style)];
}

function inline(value: Json | undefined): string {
  return compactValue(value, INLINE_VALUE_WIDTH);
}

function block(value: Json | undefined, style: Style): string[] {
  return prettyValue(value).map((line) => `         ${style(line)}`);
}
