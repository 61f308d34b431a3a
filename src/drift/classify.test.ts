import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  UNMATCHED_REASON,
  applyIgnore,
  applySensitivity,
  autoHealVerdict,
  capEligible,
  classifyFinding,
  topLevelProperty,
  type ReplacementAnswer,
  type ReplacementLookup,
  type SensitivityConfig,
} from './classify.js';
import { DRIFT_TYPES, SEVERITIES, severityRank, type DriftType, type Finding, type Severity } from './model.js';
import { DEFAULT_RULES, globMatch, type SeverityRule } from './rules.js';

const DATA = 'data protection setting changed (deletion protection, backups or encryption)';
const NETWORK = 'network exposure changed (security groups, CIDR rules, subnets or public access)';
const ACCESS = 'access permissions changed (IAM roles, policies or instance profile)';
const CAPACITY = 'capacity or availability changed (instance size, count, storage, Multi-AZ or engine version)';
const DESCRIPTION = 'description changed';
const OTHER_CONFIG = 'configuration differs from the phase file';
const STATEFUL_MISSING = 'stateful resource is missing: its data may be lost';
const MISSING = 'declared resource does not exist in AWS';
const EXTRA = 'resource exists in AWS but is not declared in any phase';
const TAGS = 'tags differ from the phase file';

function finding(type: DriftType, resourceType: string, paths: string[], logicalId: string | null = 'Res'): Finding {
  return {
    type,
    resourceType,
    logicalId: type === 'extra_resource' ? null : logicalId,
    physicalId: type === 'missing_resource' ? null : 'phys-1',
    phase: type === 'extra_resource' ? null : '40-data',
    file: type === 'extra_resource' ? null : 'phases/40-data/01-rds.yaml',
    line: type === 'extra_resource' ? null : 3,
    differences: paths.map((path) => ({ path, kind: 'NOT_EQUAL', expected: 'a', actual: 'b' })),
  };
}

describe('globMatch', () => {
  test.each([
    ['AWS::RDS::*', 'AWS::RDS::DBInstance', true],
    ['AWS::RDS::*', 'AWS::EC2::VPC', false],
    ['Tags.*', 'Tags.Owner', true],
    ['Tags.*', 'Tags', false],
    ['*.SecurityGroups', 'NetworkConfiguration.AwsvpcConfiguration.SecurityGroups', true],
    ['*.SecurityGroups', 'VpcSecurityGroups', false],
    ['Subnet?d', 'SubnetId', true],
    ['Subnet?d', 'SubnetIds', false],
    ['Cidr.p', 'CidrIp', false],
    ['(a)', '(a)', true],
    ['*', '', true],
  ])('%j against %j is %s', (glob, value, expected) => {
    expect(globMatch(glob, value)).toBe(expected);
  });
});

describe('topLevelProperty', () => {
  test.each([
    ['Tags.Owner', 'Tags'],
    ['SecurityGroupIngress[0].CidrIp', 'SecurityGroupIngress'],
    ['NetworkConfiguration.AwsvpcConfiguration.Subnets', 'NetworkConfiguration'],
    ['DesiredCount', 'DesiredCount'],
  ])('%j → %j', (path, top) => {
    expect(topLevelProperty(path)).toBe(top);
  });
});

describe('default severity matrix', () => {
  test.each<[DriftType, string, string[], Severity, string[]]>([
    ['missing_resource', 'AWS::RDS::DBInstance', [], 'critical', [STATEFUL_MISSING]],
    ['missing_resource', 'AWS::RDS::DBCluster', [], 'critical', [STATEFUL_MISSING]],
    ['missing_resource', 'AWS::RDS::DBSubnetGroup', [], 'high', [MISSING]],
    ['missing_resource', 'AWS::EC2::VPC', [], 'high', [MISSING]],
    ['missing_resource', 'AWS::ECS::Service', [], 'high', [MISSING]],
    ['extra_resource', 'AWS::EC2::SecurityGroup', [], 'medium', [EXTRA]],
    ['extra_resource', 'AWS::EC2::Instance', [], 'medium', [EXTRA]],
    ['extra_resource', 'AWS::RDS::DBInstance', [], 'medium', [EXTRA]],
    ['tag_drift', 'AWS::EC2::VPC', ['Tags.Owner'], 'low', [TAGS]],
    ['tag_drift', 'AWS::RDS::DBInstance', ['Tags.Environment', 'Tags.CostCenter'], 'low', [TAGS]],
    // The product brief's sample: the backup window of rds-main-db is critical.
    ['configuration_drift', 'AWS::RDS::DBInstance', ['PreferredBackupWindow'], 'critical', [DATA]],
    ['configuration_drift', 'AWS::RDS::DBInstance', ['DeletionProtection'], 'critical', [DATA]],
    ['configuration_drift', 'AWS::RDS::DBCluster', ['BackupRetentionPeriod'], 'critical', [DATA]],
    ['configuration_drift', 'AWS::RDS::DBInstance', ['StorageEncrypted'], 'critical', [DATA]],
    ['configuration_drift', 'AWS::RDS::DBCluster', ['KmsKeyId'], 'critical', [DATA]],
    ['configuration_drift', 'AWS::EC2::SecurityGroup', ['SecurityGroupIngress'], 'high', [NETWORK]],
    ['configuration_drift', 'AWS::EC2::SecurityGroup', ['SecurityGroupEgress'], 'high', [NETWORK]],
    ['configuration_drift', 'AWS::EC2::SecurityGroup', ['SecurityGroupIngress[0].CidrIp'], 'high', [NETWORK]],
    ['configuration_drift', 'AWS::RDS::DBInstance', ['PubliclyAccessible'], 'high', [NETWORK]],
    ['configuration_drift', 'AWS::RDS::DBInstance', ['VPCSecurityGroups'], 'high', [NETWORK]],
    ['configuration_drift', 'AWS::RDS::DBCluster', ['VpcSecurityGroupIds'], 'high', [NETWORK]],
    ['configuration_drift', 'AWS::EC2::Instance', ['SecurityGroupIds'], 'high', [NETWORK]],
    ['configuration_drift', 'AWS::EC2::Instance', ['SecurityGroups'], 'high', [NETWORK]],
    ['configuration_drift', 'AWS::EC2::Instance', ['SubnetId'], 'high', [NETWORK]],
    ['configuration_drift', 'AWS::EC2::Instance', ['NetworkInterfaces[0].AssociatePublicIpAddress'], 'high', [NETWORK]],
    ['configuration_drift', 'AWS::RDS::DBSubnetGroup', ['SubnetIds'], 'high', [NETWORK]],
    ['configuration_drift', 'AWS::EC2::Subnet', ['MapPublicIpOnLaunch'], 'high', [NETWORK]],
    ['configuration_drift', 'AWS::ECS::Service', ['NetworkConfiguration.AwsvpcConfiguration.SecurityGroups'], 'high', [NETWORK]],
    ['configuration_drift', 'AWS::ECS::Service', ['NetworkConfiguration.AwsvpcConfiguration.Subnets'], 'high', [NETWORK]],
    ['configuration_drift', 'AWS::ECS::Service', ['NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp'], 'high', [NETWORK]],
    ['configuration_drift', 'AWS::EC2::Instance', ['IamInstanceProfile'], 'high', [ACCESS]],
    ['configuration_drift', 'AWS::EC2::Instance', ['InstanceType'], 'medium', [CAPACITY]],
    ['configuration_drift', 'AWS::RDS::DBInstance', ['DBInstanceClass'], 'medium', [CAPACITY]],
    ['configuration_drift', 'AWS::ECS::Service', ['DesiredCount'], 'medium', [CAPACITY]],
    ['configuration_drift', 'AWS::RDS::DBInstance', ['AllocatedStorage'], 'medium', [CAPACITY]],
    ['configuration_drift', 'AWS::ECS::Cluster', ['ClusterSettings'], 'medium', [CAPACITY]],
    ['configuration_drift', 'AWS::RDS::DBInstance', ['MultiAZ'], 'medium', [CAPACITY]],
    ['configuration_drift', 'AWS::RDS::DBCluster', ['EngineVersion'], 'medium', [CAPACITY]],
    ['configuration_drift', 'AWS::RDS::DBSubnetGroup', ['DBSubnetGroupDescription'], 'low', [DESCRIPTION]],
    ['configuration_drift', 'AWS::EC2::SecurityGroup', ['GroupDescription'], 'low', [DESCRIPTION]],
    ['configuration_drift', 'AWS::EC2::Instance', ['Description'], 'low', [DESCRIPTION]],
    ['configuration_drift', 'AWS::EC2::VPC', ['EnableDnsHostnames'], 'medium', [OTHER_CONFIG]],
    ['configuration_drift', 'AWS::ECS::Service', ['DeploymentConfiguration.MaximumPercent'], 'medium', [OTHER_CONFIG]],
    // Worst difference wins; reasons most severe first.
    [
      'configuration_drift',
      'AWS::EC2::SecurityGroup',
      ['GroupDescription', 'SecurityGroupIngress', 'EnableX'],
      'high',
      [NETWORK, OTHER_CONFIG, DESCRIPTION],
    ],
    ['configuration_drift', 'AWS::RDS::DBInstance', ['DBInstanceClass', 'PreferredBackupWindow'], 'critical', [DATA, CAPACITY]],
    // Two differences with the same reason give it once.
    ['configuration_drift', 'AWS::EC2::SecurityGroup', ['SecurityGroupIngress', 'SecurityGroupEgress'], 'high', [NETWORK]],
  ])('%s %s %j → %s', (type, resourceType, paths, severity, reasons) => {
    expect(classifyFinding(finding(type, resourceType, paths), DEFAULT_RULES)).toStrictEqual({ severity, reasons });
  });
});

describe('configured rules', () => {
  const WEB: SeverityRule = {
    type: 'AWS::ECS::Service',
    property: 'DesiredCount',
    severity: 'high',
    reason: 'web capacity',
  };

  test('a configured rule placed first overrides the default', () => {
    const rules = [WEB, ...DEFAULT_RULES];
    expect(classifyFinding(finding('configuration_drift', 'AWS::ECS::Service', ['DesiredCount']), rules)).toStrictEqual({
      severity: 'high',
      reasons: ['web capacity'],
    });
  });

  test('a configured rule applies only where its globs match', () => {
    const rules = [WEB, ...DEFAULT_RULES];
    expect(classifyFinding(finding('configuration_drift', 'AWS::ECS::TaskSet', ['DesiredCount']), rules)).toStrictEqual({
      severity: 'medium',
      reasons: [CAPACITY],
    });
  });

  test('a configured rule can lower a default', () => {
    const rules: SeverityRule[] = [
      { type: 'AWS::RDS::*', property: 'PreferredBackupWindow', severity: 'low', reason: 'window moves are routine here' },
      ...DEFAULT_RULES,
    ];
    expect(classifyFinding(finding('configuration_drift', 'AWS::RDS::DBInstance', ['PreferredBackupWindow']), rules)).toStrictEqual({
      severity: 'low',
      reasons: ['window moves are routine here'],
    });
  });

  test('a drift-type rule with a type glob overrides missing resources', () => {
    const rules: SeverityRule[] = [
      { driftType: 'missing_resource', type: 'AWS::EC2::*', severity: 'critical', reason: 'network is the foundation' },
      ...DEFAULT_RULES,
    ];
    expect(classifyFinding(finding('missing_resource', 'AWS::EC2::VPC', []), rules).severity).toBe('critical');
    expect(classifyFinding(finding('missing_resource', 'AWS::ECS::Cluster', []), rules).severity).toBe('high');
  });

  test('a property glob matches tag paths and never a resource without differences', () => {
    const rules: SeverityRule[] = [{ property: 'Tags.Owner', severity: 'high', reason: 'ownership tag' }, ...DEFAULT_RULES];
    expect(classifyFinding(finding('tag_drift', 'AWS::EC2::VPC', ['Tags.Owner', 'Tags.Team']), rules)).toStrictEqual({
      severity: 'high',
      reasons: ['ownership tag', TAGS],
    });
    expect(classifyFinding(finding('missing_resource', 'AWS::EC2::VPC', []), rules).severity).toBe('high');
  });

  test('a property glob is tested against the top-level property name too', () => {
    const rules: SeverityRule[] = [{ property: 'NetworkConfiguration', severity: 'critical', reason: 'service networking' }];
    expect(
      classifyFinding(finding('configuration_drift', 'AWS::ECS::Service', ['NetworkConfiguration.AwsvpcConfiguration.Subnets']), rules),
    ).toStrictEqual({ severity: 'critical', reasons: ['service networking'] });
  });

  test('with no matching rule at all the severity is medium with an explicit reason', () => {
    expect(classifyFinding(finding('configuration_drift', 'AWS::EC2::VPC', ['CidrBlock']), [])).toStrictEqual({
      severity: 'medium',
      reasons: [UNMATCHED_REASON],
    });
  });
});

describe('applySensitivity', () => {
  const floors: SensitivityConfig = { tags: 'off', configuration: 'medium', resources: 'low' };
  test.each<[Severity, DriftType, boolean]>([
    ['critical', 'tag_drift', false],
    ['low', 'tag_drift', false],
    ['low', 'configuration_drift', false],
    ['medium', 'configuration_drift', true],
    ['critical', 'configuration_drift', true],
    ['low', 'missing_resource', true],
    ['low', 'extra_resource', true],
  ])('%s %s under {tags: off, configuration: medium, resources: low} is kept: %s', (severity, type, kept) => {
    expect(applySensitivity(severity, type, floors)).toBe(kept);
  });

  test.each(SEVERITIES)('a floor of %s keeps exactly the severities at or above it', (floor) => {
    const config: SensitivityConfig = { tags: floor, configuration: floor, resources: floor };
    const kept = SEVERITIES.filter((s) => applySensitivity(s, 'configuration_drift', config));
    expect(kept).toEqual(SEVERITIES.slice(severityRank(floor)));
  });

  test('off on resources drops both missing and extra resources', () => {
    const config: SensitivityConfig = { tags: 'low', configuration: 'low', resources: 'off' };
    expect(applySensitivity('critical', 'missing_resource', config)).toBe(false);
    expect(applySensitivity('critical', 'extra_resource', config)).toBe(false);
    expect(applySensitivity('low', 'tag_drift', config)).toBe(true);
  });
});

function specWith(answers: Record<string, ReplacementAnswer>): ReplacementLookup {
  return { causesReplacement: (_type, path) => answers[path] };
}

describe('autoHealVerdict', () => {
  const policy = { enabled: true, severityLimit: 'medium' as Severity, maxResources: 10 };
  const spec = specWith({
    Tags: 'no',
    DesiredCount: 'no',
    InstanceType: 'maybe',
    GroupDescription: 'yes',
    PreferredBackupWindow: 'no',
    SecurityGroupIngress: 'no',
  });

  test.each<[string, Finding, Severity, typeof policy, { eligible: boolean; reason: string }]>([
    [
      'tag drift within the limit',
      finding('tag_drift', 'AWS::EC2::VPC', ['Tags.Owner']),
      'low',
      policy,
      { eligible: true, reason: 'severity low is within auto_heal.severity_limit (medium) and no change replaces the resource' },
    ],
    [
      'configuration drift at the limit',
      finding('configuration_drift', 'AWS::ECS::Service', ['DesiredCount']),
      'medium',
      policy,
      { eligible: true, reason: 'severity medium is within auto_heal.severity_limit (medium) and no change replaces the resource' },
    ],
    [
      'a replacing property',
      finding('configuration_drift', 'AWS::EC2::SecurityGroup', ['GroupDescription']),
      'low',
      policy,
      { eligible: false, reason: 'changing GroupDescription replaces the resource' },
    ],
    [
      'a possibly replacing property among safe ones',
      finding('configuration_drift', 'AWS::EC2::Instance', ['DesiredCount', 'InstanceType']),
      'medium',
      policy,
      { eligible: false, reason: 'changing InstanceType may replace the resource' },
    ],
    [
      'a property the spec does not know',
      finding('configuration_drift', 'AWS::EC2::VPC', ['Mystery']),
      'medium',
      policy,
      {
        eligible: false,
        reason: 'Mystery is not in the CloudFormation spec for AWS::EC2::VPC: cannot prove the change keeps the resource',
      },
    ],
    [
      'above the severity limit',
      finding('configuration_drift', 'AWS::RDS::DBInstance', ['PreferredBackupWindow']),
      'critical',
      policy,
      { eligible: false, reason: 'severity critical is above auto_heal.severity_limit (medium)' },
    ],
    [
      'a raised limit',
      finding('configuration_drift', 'AWS::EC2::SecurityGroup', ['SecurityGroupIngress']),
      'high',
      { ...policy, severityLimit: 'high' },
      { eligible: true, reason: 'severity high is within auto_heal.severity_limit (high) and no change replaces the resource' },
    ],
    [
      'auto-heal disabled',
      finding('tag_drift', 'AWS::EC2::VPC', ['Tags.Owner']),
      'low',
      { ...policy, enabled: false },
      { eligible: false, reason: 'auto_heal.enabled is false' },
    ],
    [
      'a missing resource',
      finding('missing_resource', 'AWS::EC2::VPC', []),
      'low',
      { ...policy, severityLimit: 'critical' },
      { eligible: false, reason: 'missing_resource needs human approval: reverse sync or deploy' },
    ],
    [
      'an extra resource',
      finding('extra_resource', 'AWS::EC2::Instance', []),
      'low',
      { ...policy, severityLimit: 'critical' },
      { eligible: false, reason: 'extra_resource needs human approval: reverse sync or deploy' },
    ],
    [
      'an item with nothing to change',
      finding('configuration_drift', 'AWS::EC2::VPC', []),
      'low',
      policy,
      { eligible: false, reason: 'no property differences to heal' },
    ],
  ])('%s', (_name, item, severity, itemPolicy, verdict) => {
    const { eligible, reason } = autoHealVerdict(item, severity, itemPolicy, spec);
    expect({ eligible, reason }).toStrictEqual(verdict);
  });

  test('gives each verdict a code and its parameters, for the catalogues', () => {
    expect(autoHealVerdict(finding('configuration_drift', 'AWS::RDS::DBInstance', ['PreferredBackupWindow']), 'critical', policy, spec))
      .toMatchObject({ eligible: false, code: 'above_severity_limit', params: { severity: 'critical', limit: policy.severityLimit } });
  });

  test('tag drift that is only undeclared tags is not unattended-eligible unless the policy removes them', () => {
    const tags = { ...finding('tag_drift', 'AWS::EC2::Subnet', []), differences: [{ path: 'Tags.temp-debug', kind: 'ADD' as const, actual: 'true' }] };
    expect(autoHealVerdict(tags, 'low', policy, spec)).toMatchObject({ eligible: false, code: 'undeclared_tags', params: { tags: 'temp-debug' } });
    expect(autoHealVerdict(tags, 'low', { ...policy, removeUndeclaredTags: true }, spec)).toMatchObject({ eligible: true, code: 'eligible' });
  });

  test('a nested path the spec does not resolve falls back to its top-level property', () => {
    const asked: string[] = [];
    const lookup: ReplacementLookup = {
      causesReplacement: (type, path) => {
        asked.push(`${type} ${path}`);
        return path === 'NetworkConfiguration' ? 'no' : undefined;
      },
    };
    const item = finding('configuration_drift', 'AWS::ECS::Service', ['NetworkConfiguration.AwsvpcConfiguration.Subnets']);
    expect(autoHealVerdict(item, 'medium', policy, lookup).eligible).toBe(true);
    expect(asked).toEqual([
      'AWS::ECS::Service NetworkConfiguration.AwsvpcConfiguration.Subnets',
      'AWS::ECS::Service NetworkConfiguration',
    ]);
  });

  test('the nested answer wins over the top-level one', () => {
    const lookup = specWith({ 'Foo.Bar': 'yes', Foo: 'no' });
    expect(autoHealVerdict(finding('configuration_drift', 'AWS::X::Y', ['Foo.Bar']), 'low', policy, lookup)).toStrictEqual({
      eligible: false,
      reason: 'changing Foo.Bar replaces the resource',
      code: 'replaces',
      params: { path: 'Foo.Bar' },
    });
  });
});

describe('capEligible', () => {
  const ok = { eligible: true, reason: 'ok' };
  const item = (id: string, severity: Severity, eligible = true) => ({
    id,
    severity,
    autoHeal: eligible ? ok : { eligible: false, reason: 'no' },
  });

  test('keeps the most severe first, ties by id, and keeps the original order', () => {
    const items = [item('d', 'low'), item('c', 'medium'), item('x', 'critical', false), item('a', 'low'), item('b', 'medium')];
    const capped = capEligible(items, 3);
    expect(capped.map((i) => [i.id, i.autoHeal])).toStrictEqual([
      ['d', { eligible: false, reason: 'over auto_heal.max_resources (3)', code: 'over_max_resources', params: { max: '3' } }],
      ['c', ok],
      ['x', { eligible: false, reason: 'no' }],
      ['a', ok],
      ['b', ok],
    ]);
    expect(items[0]?.autoHeal).toBe(ok);
  });

  test('zero leaves nothing eligible; a large cap changes nothing', () => {
    const items = [item('a', 'low'), item('b', 'medium')];
    expect(capEligible(items, 0).every((i) => !i.autoHeal.eligible)).toBe(true);
    expect(capEligible(items, 10)).toStrictEqual(items);
  });
});

describe('applyIgnore', () => {
  const sg = finding('configuration_drift', 'AWS::EC2::SecurityGroup', ['SecurityGroupIngress', 'Tags.Owner'], 'WebSg');

  test('no matching entry returns the same finding', () => {
    expect(applyIgnore(sg, [{ type: 'AWS::RDS::*' }])).toBe(sg);
  });

  test('an entry without property drops the whole finding', () => {
    expect(applyIgnore(sg, [{ type: 'AWS::EC2::*', logicalId: 'Web*' }])).toBeNull();
  });

  test('a property entry drops only matching differences', () => {
    expect(applyIgnore(sg, [{ property: 'Tags.*' }])).toStrictEqual({ ...sg, differences: [sg.differences[0]] });
  });

  test('a property entry also matches by top-level property name', () => {
    const ecs = finding('configuration_drift', 'AWS::ECS::Service', ['NetworkConfiguration.AwsvpcConfiguration.Subnets']);
    expect(applyIgnore(ecs, [{ property: 'NetworkConfiguration' }])).toBeNull();
  });

  test('a logical_id entry never matches an extra resource', () => {
    const extra = finding('extra_resource', 'AWS::EC2::Instance', []);
    expect(applyIgnore(extra, [{ logicalId: '*' }])).toBe(extra);
    expect(applyIgnore(extra, [{ type: 'AWS::EC2::Instance' }])).toBeNull();
  });

  test('a property entry leaves a resource-level finding alone', () => {
    const missing = finding('missing_resource', 'AWS::EC2::VPC', []);
    expect(applyIgnore(missing, [{ property: '*' }])).toBe(missing);
  });
});

describe('properties', () => {
  const PATHS = [
    'PreferredBackupWindow',
    'SecurityGroupIngress',
    'SecurityGroupIngress[1].CidrIp',
    'Tags.Owner',
    'Tags.Environment',
    'ClusterSettings',
    'NetworkConfiguration.AwsvpcConfiguration.SecurityGroups',
    'DesiredCount',
    'Description',
    'EnableDnsSupport',
    'KmsKeyId',
  ];
  const TYPES = ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster', 'AWS::EC2::SecurityGroup', 'AWS::ECS::Service', 'AWS::EC2::VPC'];
  const arbFinding = fc.record({
    type: fc.constantFrom(...DRIFT_TYPES),
    resourceType: fc.constantFrom(...TYPES),
    paths: fc.uniqueArray(fc.constantFrom(...PATHS), { minLength: 1, maxLength: 6 }),
  });
  // One reason per severity, so the order of reasons can be checked against the severities.
  const arbRule: fc.Arbitrary<SeverityRule> = fc
    .record(
      {
        driftType: fc.constantFrom(...DRIFT_TYPES),
        type: fc.constantFrom('AWS::RDS::*', 'AWS::EC2::SecurityGroup', '*'),
        property: fc.constantFrom('Tags.*', 'SecurityGroupIngress', '*.SecurityGroups', 'Desc*', 'NetworkConfiguration'),
        severity: fc.constantFrom(...SEVERITIES),
      },
      { requiredKeys: ['severity'] },
    )
    .map((rule) => ({ ...rule, reason: `configured ${rule.severity}` }));

  test('a finding is at least as severe as each of its single-difference sub-findings, and as severe as the worst', () => {
    fc.assert(
      fc.property(arbFinding, fc.array(arbRule, { maxLength: 4 }), ({ type, resourceType, paths }, configured) => {
        const rules = [...configured, ...DEFAULT_RULES];
        const whole = classifyFinding(finding(type, resourceType, paths), rules);
        const singles = paths.map((p) => classifyFinding(finding(type, resourceType, [p]), rules));
        for (const single of singles) {
          expect(severityRank(whole.severity)).toBeGreaterThanOrEqual(severityRank(single.severity));
          for (const reason of single.reasons) expect(whole.reasons).toContain(reason);
        }
        expect(whole.severity).toBe(singles.map((s) => s.severity).sort((a, b) => severityRank(b) - severityRank(a))[0]);
      }),
    );
  });

  test('the default table classifies every finding without falling back', () => {
    fc.assert(
      fc.property(arbFinding, ({ type, resourceType, paths }) => {
        expect(classifyFinding(finding(type, resourceType, paths), DEFAULT_RULES).reasons).not.toContain(UNMATCHED_REASON);
      }),
    );
  });

  test('reasons come out most severe first without duplicates', () => {
    fc.assert(
      fc.property(arbFinding, fc.array(arbRule, { maxLength: 4 }), ({ type, resourceType, paths }, configured) => {
        const rules = [...configured, ...DEFAULT_RULES];
        const severityOf = new Map(rules.map((r) => [r.reason, r.severity]));
        const { severity, reasons } = classifyFinding(finding(type, resourceType, paths), rules);
        expect(new Set(reasons).size).toBe(reasons.length);
        const ranks = reasons.map((r) => severityRank(severityOf.get(r) ?? 'low'));
        expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
        expect(ranks[0]).toBe(severityRank(severity));
      }),
    );
  });
});
