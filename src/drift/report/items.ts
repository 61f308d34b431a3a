// Ordering and labelling of drift items, shared by the text, diff and markdown renderers.

import { SEVERITIES, severityRank, type DriftItem, type Severity } from '../model.js';
import { sanitizeInline } from './sanitize.js';

export interface SeverityGroup {
  severity: Severity;
  items: DriftItem[];
}

/** Non-empty groups, most severe first; items keep the report's order inside a group. */
export function groupBySeverity(items: readonly DriftItem[]): SeverityGroup[] {
  return [...SEVERITIES]
    .reverse()
    .map((severity) => ({ severity, items: items.filter((i) => i.severity === severity) }))
    .filter((g) => g.items.length > 0);
}

/** The name an operator types to refer to the resource: the logical id, or the physical id of an extra resource. */
export function resourceName(item: DriftItem): string {
  return sanitizeInline(item.logicalId ?? item.physicalId ?? item.resourceType);
}

/** `MainDb (rds-main-db)`, `MainDb` for a missing resource, `vpc-0abc` for an extra one. */
export function resourceLabel(item: DriftItem): string {
  if (item.logicalId !== null && item.physicalId !== null) {
    return `${sanitizeInline(item.logicalId)} (${sanitizeInline(item.physicalId)})`;
  }
  return resourceName(item);
}

/** `file:line`, or null for resources that are not in any phase file. */
export function location(item: DriftItem): string | null {
  if (item.file === null) return null;
  const file = sanitizeInline(item.file);
  return item.line === null ? file : `${file}:${item.line}`;
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function badge(label: string): string {
  return `[${label.toUpperCase()}]`;
}

/** The worst severity first, so the operator reads what matters before scrolling. */
export function bySeverityDesc(a: DriftItem, b: DriftItem): number {
  return severityRank(b.severity) - severityRank(a.severity);
}

/** Quotes an argument for a POSIX shell when it is not a plain word, so suggested commands paste safely. */
export function shellQuote(arg: string): string {
  if (/^[A-Za-z0-9_./:@%+=,-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}
