// `drift check --format json`: the ARCHITECTURE §5 contract. Contract fields are listed explicitly and
// in contract order so a rename in the model cannot silently change the output; other fields follow.
// Values are not sanitized: consumers need the exact data. `safeJson` writes every control, bidi and
// zero-width character as a \u escape, so the same bytes are also inert on a terminal.

import { safeJson } from './sanitize.js';
import type { DriftItem, DriftReport, DriftSummary, PropertyDifference } from '../model.js';

export interface JsonOptions {
  /** From the drift history, by item id: adds `firstSeen` and `new` to each item. */
  history?: ReadonlyMap<string, { firstSeen: string; isNew: boolean }>;
}

export function renderJson(report: DriftReport, options: JsonOptions = {}): string {
  return safeJson(contractReport(report, options), 2) + '\n';
}

function contractReport(report: DriftReport, options: JsonOptions): object {
  const { schemaVersion, generatedAt, region, complete, errors, summary, items, ...rest } = report;
  // A stack-aware check (it lists pendingDeploy) names every item's stack: null for standalone files.
  const stackAware = report.pendingDeploy !== undefined;
  const withHistory = (item: DriftItem): object => {
    const sighting = options.history?.get(item.id);
    const base = contractItem(stackAware && item.stack === undefined ? { ...item, stack: null } : item);
    return sighting ? { ...base, firstSeen: sighting.firstSeen, new: sighting.isNew } : base;
  };
  return { schemaVersion, generatedAt, region, complete, errors, summary: contractSummary(summary), items: items.map(withHistory), ...rest };
}

function contractSummary(summary: DriftSummary): object {
  const { resources, inSync, drifted, bySeverity, byType, coverage, ...rest } = summary;
  return {
    resources,
    inSync,
    drifted,
    bySeverity: { low: bySeverity.low, medium: bySeverity.medium, high: bySeverity.high, critical: bySeverity.critical },
    byType: {
      missing_resource: byType.missing_resource,
      extra_resource: byType.extra_resource,
      configuration_drift: byType.configuration_drift,
      tag_drift: byType.tag_drift,
    },
    coverage: { propertiesCompared: coverage.propertiesCompared, propertiesNotChecked: coverage.propertiesNotChecked },
    ...rest,
  };
}

function contractItem(item: DriftItem): object {
  const { id, type, severity, resourceType, logicalId, physicalId, phase, file, line, differences, autoHeal, stack, ...rest } = item;
  return {
    id,
    type,
    severity,
    resourceType,
    logicalId,
    physicalId,
    phase,
    file,
    line,
    differences: differences.map(contractDifference),
    autoHeal: {
      eligible: autoHeal.eligible, reason: autoHeal.reason,
      ...(autoHeal.code !== undefined ? { code: autoHeal.code, params: autoHeal.params ?? {} } : {}),
    },
    ...(stack !== undefined ? { stack } : {}),
    ...rest,
  };
}

function contractDifference(difference: PropertyDifference): object {
  const { path, kind, expected, actual, ...rest } = difference;
  return { path, kind, expected, actual, ...rest };
}
