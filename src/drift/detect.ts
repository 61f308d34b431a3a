// The whole drift decision: compare, classify, filter, decide auto-heal eligibility, summarize.
// Pure: the clock and every policy arrive as arguments.
import { createHash } from 'node:crypto';
import type { DesiredResource } from './phases.js';
import {
  DRIFT_TYPES, SEVERITIES, severityRank, type DriftItem, type DriftReport, type DriftSummary, type Finding, type LiveState,
} from './model.js';
import { compare, type ExtraResourceScope } from './compare.js';
import {
  applyIgnore, applySensitivity, autoHealVerdict, capEligible, classifyFinding,
  type AutoHealPolicy, type IgnoreRule, type SensitivityConfig,
} from './classify.js';
import { DEFAULT_RULES, type SeverityRule } from './rules.js';
import { propertySpecAt } from './spec.js';

export interface DetectOptions {
  now: Date;
  /** Configured rules; the built-in table is appended after them. */
  rules?: readonly SeverityRule[];
  sensitivity?: SensitivityConfig;
  autoHeal?: AutoHealPolicy & { maxResources: number };
  ignore?: readonly IgnoreRule[];
  extraScope?: ExtraResourceScope;
  readableProperties?: (type: string) => ReadonlySet<string> | undefined;
}

const DEFAULT_SENSITIVITY: SensitivityConfig = { tags: 'low', configuration: 'low', resources: 'low' };
const DEFAULT_AUTO_HEAL = { enabled: true, severityLimit: 'medium' as const, maxResources: 10 };

const replacementLookup = {
  causesReplacement: (type: string, path: string) => propertySpecAt(type, path.split('.'))?.causesReplacement,
};

/**
 * Same finding → same id across runs: the item type and the resource it is about. A logical id declared
 * in one file only keeps the id it always had; one declared in several files (logical ids are per
 * stack) is told apart by `<phase>/<file>#<LogicalId>`.
 */
export function itemId(
  finding: Pick<Finding, 'type' | 'resourceType' | 'logicalId' | 'physicalId'> & { file?: string | null },
  sharedLogicalIds: ReadonlySet<string> = new Set(),
): string {
  const scoped = finding.logicalId !== null && finding.file && sharedLogicalIds.has(finding.logicalId);
  const subject = scoped ? `${finding.file}#${finding.logicalId}` : (finding.logicalId ?? finding.physicalId ?? '');
  return createHash('sha256').update(`${finding.type}|${finding.resourceType}|${subject}`).digest('hex').slice(0, 16);
}

/** Logical ids declared in more than one file. */
export function sharedLogicalIds(desired: readonly Pick<DesiredResource, 'logicalId' | 'file'>[]): Set<string> {
  const files = new Map<string, string>();
  const shared = new Set<string>();
  for (const d of desired) {
    const first = files.get(d.logicalId);
    if (first === undefined) files.set(d.logicalId, d.file);
    else if (first !== d.file) shared.add(d.logicalId);
  }
  return shared;
}

export function detectDrift(desired: readonly DesiredResource[], live: LiveState, options: DetectOptions): DriftReport {
  const comparison = compare(desired, live, {
    ...(options.readableProperties ? { readableProperties: options.readableProperties } : {}),
    ...(options.extraScope ? { extraScope: options.extraScope } : {}),
  });
  const rules = [...(options.rules ?? []), ...DEFAULT_RULES];
  const sensitivity = options.sensitivity ?? DEFAULT_SENSITIVITY;
  const policy = options.autoHeal ?? DEFAULT_AUTO_HEAL;

  let items: DriftItem[] = [];
  let suppressed = 0;
  const shared = sharedLogicalIds(desired);
  for (const raw of comparison.findings) {
    const finding = applyIgnore(raw, options.ignore ?? []);
    if (!finding) continue;
    const { severity, reasons } = classifyFinding(finding, rules);
    if (!applySensitivity(severity, finding.type, sensitivity)) {
      suppressed++;
      continue;
    }
    items.push({
      id: itemId(finding, shared),
      type: finding.type,
      severity,
      severityReasons: reasons,
      resourceType: finding.resourceType,
      logicalId: finding.logicalId,
      physicalId: finding.physicalId,
      phase: finding.phase,
      file: finding.file,
      line: finding.line,
      ...(finding.stack !== undefined ? { stack: finding.stack } : {}),
      differences: finding.differences,
      autoHeal: autoHealVerdict(finding, severity, policy, replacementLookup),
    });
  }
  items = capEligible(items, policy.maxResources);
  items.sort(
    (a, b) =>
      severityRank(b.severity) - severityRank(a.severity) ||
      DRIFT_TYPES.indexOf(a.type) - DRIFT_TYPES.indexOf(b.type) ||
      (a.file ?? '\uffff').localeCompare(b.file ?? '\uffff') ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.logicalId ?? a.physicalId ?? '').localeCompare(b.logicalId ?? b.physicalId ?? ''),
  );

  const driftedDesired = new Set(items.filter((i) => i.logicalId !== null).map((i) => `${i.file ?? ''}#${i.logicalId}`));
  const extras = items.filter((i) => i.type === 'extra_resource').length;
  // A declared, readable type that is absent from readTypes was not checked, with or without a ReadError
  // (e.g. a snapshot taken before the phases declared it): the check is incomplete either way.
  const readTypes = new Set(live.readTypes);
  const unreadTypes = [...new Set(desired.filter((d) => d.supported && !readTypes.has(d.type)).map((d) => d.type))];
  const summary: DriftSummary = {
    // Reported extras, not all extras found: an ignored or filtered extra is in no other count either,
    // and inSync + drifted + notChecked must add up to resources.
    resources: comparison.checkedResources + comparison.notCheckedResources.length + extras,
    inSync: comparison.checkedResources - driftedDesired.size,
    drifted: driftedDesired.size + extras,
    notChecked: comparison.notCheckedResources.length,
    declared: comparison.checkedResources + comparison.notCheckedResources.length,
    checked: comparison.checkedResources,
    bySeverity: Object.fromEntries(SEVERITIES.map((s) => [s, items.filter((i) => i.severity === s).length])) as DriftSummary['bySeverity'],
    byType: Object.fromEntries(DRIFT_TYPES.map((t) => [t, items.filter((i) => i.type === t).length])) as DriftSummary['byType'],
    coverage: {
      propertiesCompared: comparison.propertiesCompared,
      propertiesNotChecked: comparison.notCheckedProperties.length,
    },
  };
  return {
    schemaVersion: 1,
    generatedAt: options.now.toISOString(),
    region: live.region,
    accountId: live.accountId || null,
    complete: live.errors.length === 0 && unreadTypes.length === 0,
    errors: live.errors,
    summary: { ...summary, ...(suppressed > 0 ? { suppressed } : {}) },
    items,
    notChecked: { resources: comparison.notCheckedResources, properties: comparison.notCheckedProperties },
  };
}
