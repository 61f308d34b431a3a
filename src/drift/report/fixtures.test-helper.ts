// Builders for DriftReport test data. The summary is derived from the items unless a test overrides
// it, so fixtures stay consistent the way the classifier's output is.

import { DRIFT_TYPES, SEVERITIES, type DriftItem, type DriftReport, type DriftSummary } from '../model.js';

export function makeItem(overrides: Partial<DriftItem> = {}): DriftItem {
  return {
    id: 'item-maindb-config',
    type: 'configuration_drift',
    severity: 'medium',
    severityReasons: ['backup window changed'],
    resourceType: 'AWS::RDS::DBInstance',
    logicalId: 'MainDb',
    physicalId: 'rds-main-db',
    phase: '40-data',
    file: 'phases/40-data/02-aurora-postgresql.yaml',
    line: 12,
    differences: [{ path: 'PreferredBackupWindow', kind: 'NOT_EQUAL', expected: '03:00-04:00', actual: '05:00-06:00' }],
    autoHeal: { eligible: true, reason: 'non-destructive configuration change' },
    ...overrides,
  };
}

type ReportOverrides = Partial<Omit<DriftReport, 'summary'>> & { summary?: Partial<DriftSummary> };

export function makeReport(overrides: ReportOverrides = {}): DriftReport {
  const { summary: summaryOverrides, ...rest } = overrides;
  const base: Omit<DriftReport, 'summary'> = {
    schemaVersion: 1,
    generatedAt: '2025-06-01T12:00:00.000Z',
    region: 'us-east-1',
    accountId: '123456789012',
    complete: true,
    errors: [],
    items: [],
    notChecked: { resources: [], properties: [] },
    ...rest,
  };
  return { ...base, summary: { ...deriveSummary(base), ...summaryOverrides } };
}

function deriveSummary(report: Omit<DriftReport, 'summary'>): DriftSummary {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as DriftSummary['bySeverity'];
  const byType = Object.fromEntries(DRIFT_TYPES.map((t) => [t, 0])) as DriftSummary['byType'];
  const resources = new Set<string>();
  const declaredDrifted = new Set(report.items.filter((i) => i.logicalId !== null).map((i) => `${i.resourceType}/${i.logicalId}`));
  for (const item of report.items) {
    bySeverity[item.severity] += 1;
    byType[item.type] += 1;
    resources.add(`${item.resourceType}/${item.logicalId ?? item.physicalId}`);
  }
  const inSync = 3;
  const notChecked = report.notChecked.resources.length;
  return {
    resources: resources.size + inSync + notChecked,
    inSync,
    drifted: resources.size,
    notChecked,
    // Extra resources are not declared: only desired ones count as declared/checked.
    declared: declaredDrifted.size + inSync + notChecked,
    checked: declaredDrifted.size + inSync,
    bySeverity,
    byType,
    coverage: { propertiesCompared: 20, propertiesNotChecked: report.notChecked.properties.length },
  };
}
