// The built-in severity rule table and the glob matcher its patterns use.
// Rules are data so the README, the reports and the tests can all point at one table;
// configured rules (drift.rules) are placed before these and win on the first match.

import type { DriftType, Severity } from './model.js';

export interface SeverityRule {
  /** Restricts the rule to one item type; absent = any type. */
  driftType?: DriftType;
  /** Glob over the CloudFormation resource type, e.g. `AWS::RDS::*`. */
  type?: string;
  /**
   * Glob over a difference path. It is tested against the full path (`Tags.Owner`,
   * `NetworkConfiguration.AwsvpcConfiguration.SecurityGroups`) and against its top-level
   * property name (`Tags`, `NetworkConfiguration`). A rule with a property glob never
   * matches an item that has no differences (missing/extra resources).
   */
  property?: string;
  severity: Severity;
  /** Plain-English explanation shown next to the severity. */
  reason: string;
}

const globCache = new Map<string, RegExp>();

/** `*` matches any run of characters (including `.` and `:`), `?` exactly one; everything else is literal. */
export function globToRegExp(glob: string): RegExp {
  let re = globCache.get(glob);
  if (re === undefined) {
    let body = '';
    for (const ch of glob) {
      if (ch === '*') body += '.*';
      else if (ch === '?') body += '.';
      else body += ch.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
    }
    re = new RegExp(`^${body}$`, 's');
    globCache.set(glob, re);
  }
  return re;
}

export function globMatch(glob: string, value: string): boolean {
  return globToRegExp(glob).test(value);
}

/** Stateful types: losing one loses data, so a missing one is critical. */
export const STATEFUL_TYPES: readonly string[] = ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster'];

// Property groups of configuration drift, worst first. A nested occurrence (`*.SecurityGroups`,
// as in an ECS service's NetworkConfiguration.AwsvpcConfiguration) counts like the top-level one.
const CONFIG_GROUPS: ReadonlyArray<{ severity: Severity; reason: string; properties: readonly string[] }> = [
  {
    severity: 'critical',
    reason: 'data protection setting changed (deletion protection, backups or encryption)',
    properties: [
      'DeletionProtection',
      'DeletionProtectionEnabled',
      'BackupRetentionPeriod',
      'PreferredBackupWindow',
      'StorageEncrypted',
      'KmsKeyId',
      'Encrypted',
      'EncryptionConfiguration',
      'StorageEncryptionKmsKeyId',
    ],
  },
  {
    severity: 'high',
    reason: 'network exposure changed (security groups, CIDR rules, subnets or public access)',
    properties: [
      'SecurityGroupIngress',
      'SecurityGroupEgress',
      'CidrIp',
      'CidrIpv6',
      'PubliclyAccessible',
      'SecurityGroups',
      'SecurityGroupIds',
      'VpcSecurityGroupIds',
      'VPCSecurityGroups',
      'DBSecurityGroups',
      'Subnets',
      'SubnetId',
      'SubnetIds',
      'MapPublicIpOnLaunch',
      'AssignPublicIp',
      'AssociatePublicIpAddress',
    ],
  },
  {
    severity: 'high',
    reason: 'access permissions changed (IAM roles, policies or instance profile)',
    properties: ['IamInstanceProfile', 'Roles', 'Policies', 'RoleArn', 'ExecutionRoleArn', 'TaskRoleArn', 'AssociatedRoles'],
  },
  {
    severity: 'medium',
    reason: 'capacity or availability changed (instance size, count, storage, Multi-AZ or engine version)',
    properties: [
      'InstanceType',
      'DBInstanceClass',
      'DesiredCount',
      'AllocatedStorage',
      'ClusterSettings',
      'MultiAZ',
      'EngineVersion',
    ],
  },
  {
    severity: 'low',
    reason: 'description changed',
    properties: ['Description', 'GroupDescription', 'DBSubnetGroupDescription'],
  },
];

function configRules(): SeverityRule[] {
  const rules: SeverityRule[] = [];
  for (const group of CONFIG_GROUPS) {
    for (const property of group.properties) {
      for (const glob of [property, `*.${property}`]) {
        rules.push({ driftType: 'configuration_drift', property: glob, severity: group.severity, reason: group.reason });
      }
    }
  }
  return rules;
}

/**
 * The default severity matrix, first match wins:
 *
 * | item | severity |
 * |---|---|
 * | missing_resource of a stateful type (RDS instance/cluster) | critical |
 * | missing_resource | high |
 * | extra_resource | medium |
 * | tag_drift | low |
 * | configuration_drift: deletion protection, backups, encryption | critical |
 * | configuration_drift: security groups, CIDRs, subnets, public access, IAM | high |
 * | configuration_drift: instance class/type, counts, storage, Multi-AZ, engine version | medium |
 * | configuration_drift: descriptions | low |
 * | configuration_drift: anything else | medium |
 */
export const DEFAULT_RULES: readonly SeverityRule[] = Object.freeze([
  ...STATEFUL_TYPES.map(
    (type): SeverityRule => ({
      driftType: 'missing_resource',
      type,
      severity: 'critical',
      reason: 'stateful resource is missing: its data may be lost',
    }),
  ),
  { driftType: 'missing_resource', severity: 'high', reason: 'declared resource does not exist in AWS' },
  { driftType: 'extra_resource', severity: 'medium', reason: 'resource exists in AWS but is not declared in any phase' },
  { driftType: 'tag_drift', severity: 'low', reason: 'tags differ from the phase file' },
  ...configRules(),
  { driftType: 'configuration_drift', severity: 'medium', reason: 'configuration differs from the phase file' },
]);
