// Severity, reporting floor and auto-heal eligibility of a finding. Pure: rules, policy and the
// CloudFormation spec lookup are all passed in, so every decision is testable without AWS or files.

import {
  SEVERITIES,
  severityRank,
  type AutoHealCode,
  type AutoHealVerdict,
  type DriftType,
  type Finding,
  type PropertyDifference,
  type Severity,
} from './model.js';
import { globMatch, type SeverityRule } from './rules.js';

export const SENSITIVITY_LEVELS = ['off', ...SEVERITIES] as const;
/** A reporting floor: items below it are dropped; `off` drops the whole category. */
export type Sensitivity = (typeof SENSITIVITY_LEVELS)[number];

export interface SensitivityConfig {
  /** tag_drift */
  tags: Sensitivity;
  /** configuration_drift */
  configuration: Sensitivity;
  /** missing_resource and extra_resource */
  resources: Sensitivity;
}

export interface Classification {
  severity: Severity;
  /** Reasons of the matched rules, most severe first, without duplicates. */
  reasons: string[];
}

/** Used when no rule matches at all (only possible with a rule list that lacks the defaults). */
export const UNMATCHED_SEVERITY: Severity = 'medium';
export const UNMATCHED_REASON = 'no severity rule matched; medium by default';

export function topLevelProperty(path: string): string {
  const end = path.search(/[.[]/);
  return end === -1 ? path : path.slice(0, end);
}

function propertyMatches(glob: string, path: string): boolean {
  return globMatch(glob, path) || globMatch(glob, topLevelProperty(path));
}

function ruleMatches(rule: SeverityRule, driftType: DriftType, resourceType: string, path: string | undefined): boolean {
  if (rule.driftType !== undefined && rule.driftType !== driftType) return false;
  if (rule.type !== undefined && !globMatch(rule.type, resourceType)) return false;
  if (rule.property !== undefined && (path === undefined || !propertyMatches(rule.property, path))) return false;
  return true;
}

/** The first rule matching one difference (or the resource itself when `path` is undefined). */
export function matchRule(
  rules: readonly SeverityRule[],
  driftType: DriftType,
  resourceType: string,
  path: string | undefined,
): SeverityRule | undefined {
  return rules.find((rule) => ruleMatches(rule, driftType, resourceType, path));
}

/**
 * Severity = the worst severity over the finding's differences, each difference classified by the
 * first matching rule. Pass configured rules first, then `DEFAULT_RULES`.
 */
export function classifyFinding(finding: Finding, rules: readonly SeverityRule[]): Classification {
  const paths: Array<string | undefined> =
    finding.differences.length === 0 ? [undefined] : finding.differences.map((d) => d.path);
  const matched = paths.map((path): { severity: Severity; reason: string } => {
    const rule = matchRule(rules, finding.type, finding.resourceType, path);
    return rule ?? { severity: UNMATCHED_SEVERITY, reason: UNMATCHED_REASON };
  });
  // Stable sort keeps difference order among reasons of equal severity.
  const ordered = [...matched].sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
  const first = ordered[0];
  if (first === undefined) throw new Error('unreachable: a finding always yields at least one match');
  return { severity: first.severity, reasons: [...new Set(ordered.map((m) => m.reason))] };
}

export function sensitivityCategory(type: DriftType): keyof SensitivityConfig {
  switch (type) {
    case 'tag_drift':
      return 'tags';
    case 'configuration_drift':
      return 'configuration';
    case 'missing_resource':
    case 'extra_resource':
      return 'resources';
  }
}

/** True when an item of this type and severity is reported under the configured floors. */
export function applySensitivity(severity: Severity, findingType: DriftType, sensitivity: SensitivityConfig): boolean {
  const floor = sensitivity[sensitivityCategory(findingType)];
  if (floor === 'off') return false;
  return severityRank(severity) >= severityRank(floor);
}

export interface AutoHealPolicy {
  enabled: boolean;
  severityLimit: Severity;
  /** Undeclared tags are removed only when true: an item with nothing else to heal is then not eligible. */
  removeUndeclaredTags?: boolean;
}

export type ReplacementAnswer = 'yes' | 'no' | 'maybe';

export interface ReplacementLookup {
  /** Whether changing the property at `path` of `type` replaces the resource; undefined when the spec does not know it. */
  causesReplacement(type: string, path: string): ReplacementAnswer | undefined;
}

function replacementOf(spec: ReplacementLookup, type: string, difference: PropertyDifference): ReplacementAnswer | undefined {
  // Nested paths (`Tags.Owner`, `NetworkConfiguration.AwsvpcConfiguration.Subnets`) may be unknown to the
  // spec while their top-level property is known; the top-level answer covers the whole value.
  return (
    spec.causesReplacement(type, difference.path) ?? spec.causesReplacement(type, topLevelProperty(difference.path))
  );
}

function verdict(eligible: boolean, code: AutoHealCode, reason: string, params: Record<string, string> = {}): AutoHealVerdict {
  return { eligible, reason, code, params };
}

/** A tag present in AWS but not declared: healing it means deleting it, which the policy must allow. */
export function isUndeclaredTag(difference: PropertyDifference): boolean {
  return difference.kind === 'ADD' && difference.path.startsWith('Tags.');
}

/**
 * Whether unattended healing may fix this item. Only tag and configuration drift at or below the
 * severity limit whose every property is known not to replace the resource. A property the spec does
 * not know is treated as unsafe: healing must be provably non-replacing.
 */
export function autoHealVerdict(
  finding: Finding,
  severity: Severity,
  policy: AutoHealPolicy,
  spec: ReplacementLookup,
): AutoHealVerdict {
  if (finding.type === 'missing_resource' || finding.type === 'extra_resource') {
    return verdict(false, 'needs_approval', `${finding.type} needs human approval: reverse sync or deploy`, { type: finding.type });
  }
  if (!policy.enabled) return verdict(false, 'disabled', 'auto_heal.enabled is false');
  if (severityRank(severity) > severityRank(policy.severityLimit)) {
    return verdict(false, 'above_severity_limit', `severity ${severity} is above auto_heal.severity_limit (${policy.severityLimit})`,
      { severity, limit: policy.severityLimit });
  }
  if (finding.differences.length === 0) return verdict(false, 'no_differences', 'no property differences to heal');
  // The heal plan leaves undeclared tags alone unless the policy removes them: nothing would be healed.
  if (policy.removeUndeclaredTags !== true && finding.differences.every(isUndeclaredTag)) {
    return verdict(false, 'undeclared_tags', 'undeclared tags are removed only when auto_heal.remove_undeclared_tags is true',
      { tags: finding.differences.map((d) => d.path.slice('Tags.'.length)).join(', ') });
  }
  for (const difference of finding.differences) {
    const answer = replacementOf(spec, finding.resourceType, difference);
    if (answer === 'yes') {
      return verdict(false, 'replaces', `changing ${difference.path} replaces the resource`, { path: difference.path });
    }
    if (answer === 'maybe') {
      return verdict(false, 'may_replace', `changing ${difference.path} may replace the resource`, { path: difference.path });
    }
    if (answer === undefined) {
      return verdict(false, 'not_in_spec',
        `${difference.path} is not in the CloudFormation spec for ${finding.resourceType}: cannot prove the change keeps the resource`,
        { path: difference.path, type: finding.resourceType });
    }
  }
  return verdict(true, 'eligible',
    `severity ${severity} is within auto_heal.severity_limit (${policy.severityLimit}) and no change replaces the resource`,
    { severity, limit: policy.severityLimit });
}

export interface CappableItem {
  id: string;
  severity: Severity;
  autoHeal: AutoHealVerdict;
}

/**
 * Keeps at most `max` items eligible for one unattended run: the most severe first, ties by id, so the
 * choice is deterministic. Returns the items in their original order; capped items are copies.
 */
export function capEligible<T extends CappableItem>(items: readonly T[], max: number): T[] {
  const eligible = items
    .filter((item) => item.autoHeal.eligible)
    .sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const kept = new Set(eligible.slice(0, Math.max(0, max)));
  return items.map((item) =>
    item.autoHeal.eligible && !kept.has(item)
      ? { ...item, autoHeal: verdict(false, 'over_max_resources', `over auto_heal.max_resources (${max})`, { max: String(max) }) }
      : item,
  );
}

export interface IgnoreRule {
  /** Glob over the resource type. */
  type?: string;
  /** Glob over the logical id; never matches extra resources, which have none. */
  logicalId?: string;
  /** Glob over a difference path or its top-level property; without it the whole item is ignored. */
  property?: string;
}

/**
 * Applies `drift.ignore`: returns the finding without its ignored differences, or null when nothing
 * of it is left to report.
 */
export function applyIgnore(finding: Finding, ignore: readonly IgnoreRule[]): Finding | null {
  const applicable = ignore.filter(
    (rule) =>
      (rule.type === undefined || globMatch(rule.type, finding.resourceType)) &&
      (rule.logicalId === undefined || (finding.logicalId !== null && globMatch(rule.logicalId, finding.logicalId))),
  );
  if (applicable.length === 0) return finding;
  if (applicable.some((rule) => rule.property === undefined)) return null;
  if (finding.differences.length === 0) return finding;
  const differences = finding.differences.filter(
    (d) => !applicable.some((rule) => rule.property !== undefined && propertyMatches(rule.property, d.path)),
  );
  if (differences.length === finding.differences.length) return finding;
  return differences.length === 0 ? null : { ...finding, differences };
}
