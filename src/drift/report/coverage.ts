// How much of what the phase files declare was really compared with AWS. Every renderer and the exit
// code ask this one module, so no output can call a resource "in sync" that nobody compared.

import type { DriftReport } from '../model.js';
import type { Catalogue } from '../../i18n/index.js';

export interface NotCheckedReason {
  reason: string;
  count: number;
}

export interface CheckCoverage {
  /** Resources the phase files declare. */
  declared: number;
  /** Declared resources compared with AWS. */
  checked: number;
  /** Declared resources not compared (no identity, type not read, read failed). */
  notChecked: number;
  /** Why, most frequent first (ties by text, so the output is stable). */
  reasons: NotCheckedReason[];
}

export function checkCoverage(report: DriftReport): CheckCoverage {
  const counts = new Map<string, number>();
  for (const r of report.notChecked.resources) counts.set(r.reason, (counts.get(r.reason) ?? 0) + 1);
  const reasons = [...counts]
    .map(([reason, count]) => ({ reason, count }))
    .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
  const { declared, checked, notChecked } = report.summary;
  return { declared, checked, notChecked, reasons };
}

/** True only when every declared resource was compared and every reader answered. */
export function isFullyCompared(report: DriftReport): boolean {
  return report.complete && report.summary.notChecked === 0;
}

const REASONS_SHOWN = 3;

/**
 * `reason A (×2); reason B` — the first few reasons, each passed through `show` (sanitize or escape
 * for the output at hand), then `more(n)` for the rest.
 */
export function reasonList(reasons: readonly NotCheckedReason[], show: (text: string) => string, more: (n: number) => string): string {
  const parts = reasons.slice(0, REASONS_SHOWN).map((r) => (r.count > 1 ? `${show(r.reason)} (×${r.count})` : show(r.reason)));
  if (reasons.length > REASONS_SHOWN) parts.push(more(reasons.length - REASONS_SHOWN));
  return parts.join('; ');
}

/** What to say when a report has no findings: "in sync" only when everything declared was compared. */
export function noDriftMessage(report: DriftReport, msg: Catalogue): { inSync: boolean; text: string } {
  if (isFullyCompared(report)) return { inSync: true, text: msg.report.inSyncAll(report.summary.resources) };
  if (report.summary.checked === 0 && report.summary.declared > 0) return { inSync: false, text: msg.report.nothingCompared };
  if (!report.complete) return { inSync: false, text: msg.report.noDriftButIncomplete };
  return { inSync: false, text: msg.report.noDriftButNotChecked(report.summary.checked) };
}
