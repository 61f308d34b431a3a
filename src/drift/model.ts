// The data shapes shared by the drift core, the AWS readers, the reports and the engine.
// Pure types and a few constants: no I/O, no clock.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const DRIFT_TYPES = ['missing_resource', 'extra_resource', 'configuration_drift', 'tag_drift'] as const;
export type DriftType = (typeof DRIFT_TYPES)[number];

export type DifferenceKind = 'NOT_EQUAL' | 'ADD' | 'REMOVE';

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export function worstSeverity(severities: Iterable<Severity>): Severity | undefined {
  let worst: Severity | undefined;
  for (const s of severities) if (worst === undefined || severityRank(s) > severityRank(worst)) worst = s;
  return worst;
}

export interface SourceLocation {
  /** Path shown to users, e.g. `phases/40-data/01-rds.yaml`. */
  file: string;
  line: number;
  column: number;
}

/** A live resource in CloudFormation shape, as a reader (or a snapshot) produces it. */
export interface LiveResource {
  type: string;
  /** The id `Ref` returns for this type (VPC id, cluster name, DB identifier, service ARN…). */
  physicalId: string;
  /** CloudFormation property names and shapes; `Tags` as `[{Key, Value}]` where the type has tags. */
  properties: JsonObject;
  /** Values `Fn::GetAtt` can return (Arn, Endpoint.Address, GroupId…). */
  attributes: JsonObject;
  /** Created by AWS itself (default VPC, its subnets, `default` security groups): never an extra resource. */
  awsDefault?: boolean;
}

export interface ReadError {
  /** AWS service name: `ec2`, `ecs`, `rds`, `sts`. */
  service: string;
  /** Resource types left unread because of this error. */
  types: string[];
  /** AWS error code when there is one (`AccessDeniedException`, `ThrottlingException`…). */
  code?: string;
  message: string;
  /** IAM action the caller lacks, when the error is an access denial. */
  requiredAction?: string;
}

/** Everything read from one account/region: the input of a comparison. */
export interface LiveState {
  region: string;
  accountId: string;
  /** Types whose reader finished: only these can produce missing/extra/config findings. */
  readTypes: string[];
  resources: LiveResource[];
  errors: ReadError[];
  /** CloudFormation exports of the account (ListExports), for `Fn::ImportValue`. */
  exports?: Record<string, string>;
  /** Stack name → stack id, for `AWS::StackId`. */
  stackIds?: Record<string, string>;
  /** The region's availability zones, for `Fn::GetAZs`. */
  availabilityZones?: string[];
}

export interface PropertyDifference {
  /** Starts with the top-level CloudFormation property name; tag paths are `Tags.<Key>`. */
  path: string;
  kind: DifferenceKind;
  expected?: Json;
  actual?: Json;
}

/** Why an item is (not) unattended-eligible, as a code the catalogues translate (`reason` is the English). */
export type AutoHealCode =
  | 'eligible'
  | 'needs_approval'
  | 'disabled'
  | 'above_severity_limit'
  | 'no_differences'
  | 'replaces'
  | 'may_replace'
  | 'not_in_spec'
  | 'undeclared_tags'
  | 'over_max_resources';

export interface AutoHealVerdict {
  /** Unattended-eligible: the policy lets `drift watch` heal it without asking. */
  eligible: boolean;
  reason: string;
  code?: AutoHealCode;
  /** Values the reason names (severity, limit, path, type, max). */
  params?: Record<string, string>;
}

/** A finding after classification: what reports, heal and sync work with. */
export interface DriftItem extends Finding {
  /** Stable across runs for the same finding. */
  id: string;
  severity: Severity;
  /** Why this severity: the rules that matched, most severe first. */
  severityReasons: string[];
  autoHeal: AutoHealVerdict;
}

/** Why something declared was not compared, for machines (`reason` says it for people). */
export type NotCheckedCode =
  | 'no_identity' | 'unsupported_type' | 'unsupported_intrinsic' | 'unsupported_property' | 'write_only'
  | 'read_failed' | 'unresolved_reference' | 'no_stack_value';

export interface NotCheckedProperty {
  logicalId: string;
  resourceType: string;
  path: string;
  reason: string;
  code?: NotCheckedCode;
  file: string;
  line: number;
}

export interface NotCheckedResource {
  logicalId: string;
  resourceType: string;
  reason: string;
  code?: NotCheckedCode;
  file: string;
  line: number;
}

export interface DriftSummary {
  /** Desired resources plus extra live resources. */
  resources: number;
  inSync: number;
  drifted: number;
  notChecked: number;
  /** Resources declared in the phase files (checked + notChecked): what the check was asked to compare. */
  declared: number;
  /** Declared resources that were really compared with AWS; only these can be said to be in sync. */
  checked: number;
  bySeverity: Record<Severity, number>;
  byType: Record<DriftType, number>;
  coverage: { propertiesCompared: number; propertiesNotChecked: number };
  /** Stack mode: how many Git changes are not deployed yet. */
  pendingDeploy?: number;
}

export interface DriftReport {
  schemaVersion: 1;
  generatedAt: string;
  region: string;
  accountId: string | null;
  complete: boolean;
  errors: ReadError[];
  summary: DriftSummary;
  items: DriftItem[];
  notChecked: { resources: NotCheckedResource[]; properties: NotCheckedProperty[] };
  /** Git changes not deployed to their stack yet (stack mode only): never drift, never healed. */
  pendingDeploy?: Array<{ id: string; stack: string; file: string; line: number; logicalId: string; path: string; git: Json; deployed: Json }>;
  /** Phase-file problems that left a file, section or value unchecked without stopping the run. */
  warnings?: Array<{ file: string; line: number; column: number; message: string; hint?: string }>;
}

/** A difference found by the comparison, before classification gives it a severity and a heal verdict. */
export interface Finding {
  type: DriftType;
  resourceType: string;
  logicalId: string | null;
  physicalId: string | null;
  phase: string | null;
  file: string | null;
  line: number | null;
  /** The CloudFormation stack the resource's file is deployed as; null in standalone mode. */
  stack?: string | null;
  differences: PropertyDifference[];
}
