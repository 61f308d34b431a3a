import type { Catalogue } from './types.js';

const plural = (n: number, one: string, other: string): string => `${n} ${n === 1 ? one : other}`;

/** Hints for the read error codes ialctl raises itself (src/aws: aws-answer.ts, pagination.ts). */
const READ_ERROR_HINTS: Readonly<Record<string, string>> = {
  NotAnAwsAnswer: 'is a proxy in the way? Check --endpoint-url and HTTPS_PROXY.',
  PaginationLoop:
    'is a proxy or cache replaying answers? Check --endpoint-url and HTTPS_PROXY; if it persists against AWS itself, retry later.',
  TooManyPages:
    'a listing this long usually means something in between keeps handing out new page tokens: check --endpoint-url and HTTPS_PROXY.',
};

export const en: Catalogue = {
  common: {
    severity: { critical: 'critical', high: 'high', medium: 'medium', low: 'low' },
    driftType: {
      missing_resource: 'missing resource',
      extra_resource: 'extra resource',
      configuration_drift: 'configuration changed',
      tag_drift: 'tags changed',
    },
    listSeparator: ', ',
  },
  report: {
    title: 'Drift report',
    region: (region) => `region ${region}`,
    account: (accountId) => `account ${accountId}`,
    generatedAt: (iso) => `Generated at ${iso}`,
    complete: 'Check complete: every declared resource type was read.',
    incomplete: (n) => `INCOMPLETE CHECK: ${plural(n, 'read error', 'read errors')}`,
    errorTypes: (types) => `types not checked: ${types}`,
    errorMissingPermission: (action) => `missing permission: ${action}`,
    errorHint: (code) => (Object.hasOwn(READ_ERROR_HINTS, code) ? READ_ERROR_HINTS[code] : undefined),
    notCheckedWarning: 'Resources of these types were NOT checked and are not reported as missing.',

    summaryTitle: 'Summary',
    resources: 'Resources',
    inSync: 'In sync',
    drifted: 'With drift',
    notChecked: 'Not checked',
    severityLabel: 'Severity',
    coverageLabel: 'Coverage',
    coverage: (compared, notChecked) =>
      `${plural(compared, 'property', 'properties')} compared, ${notChecked} not checked`,

    added: (path, value) => `+ ${path} = ${value} (not declared in Git)`,
    removed: (path) => `- ${path} (declared, absent in AWS)`,
    missingResource: 'declared in Git, absent in AWS',
    extraResource: 'exists in AWS, not declared in Git',
    notInGit: 'not in Git',
    reasons: (reasons) => `why: ${reasons}`,
    autoHealEligible: 'auto-heal: eligible (heals unattended)',
    autoHealNotEligible: (reason) => `auto-heal: not eligible (${reason})`,

    inSyncAll: (n) =>
      n === 1 ? 'In sync: the 1 resource matches the phase files.' : `In sync: all ${n} resources match the phase files.`,
    noDriftButIncomplete: 'No drift in the resources that were checked, but the check is incomplete (see above).',
    partial: (checked, declared, notChecked, reasons) =>
      `PARTIAL CHECK: ${checked} of ${declared} declared resources compared; ${notChecked} not checked: ${reasons}`,
    moreReasons: (n) => `and ${plural(n, 'more reason', 'more reasons')}`,
    noDriftButNotChecked: (checked) =>
      `No drift in the ${plural(checked, 'resource', 'resources')} compared; the others were not compared, so they are not called in sync (see above).`,
    nothingCompared: 'Nothing was compared with AWS: no declared resource could be checked, so none is called in sync (see above).',
    comparedLabel: 'Compared',
    comparedOf: (checked, declared) => `${checked} of ${declared} declared`,
    stepDetail: 'list each resource that was not checked, with the reason',

    notCheckedTitle: 'Not checked',

    nextStepsTitle: 'Next steps',
    stepDiff: 'see the property-level differences',
    stepHeal: (unattended, approval) =>
      `plan the heal (dry run): ${plural(approval, 'item', 'items')} healable with your approval, ${unattended} unattended-eligible (auto-heal)`,
    stepHealApply: 'heal in AWS after your confirmation',
    stepReverseSyncResource: 'bring just this resource into Git',
    arrowLegend: 'Differences: value in Git → value in AWS',
    stepReverseSync: 'preview bringing the AWS changes into Git (branch + PR)',
    stepRecheck: 'run again after fixing the read errors above',

    metric: 'Metric',
    value: 'Value',
    columnResource: 'Resource',
    columnType: 'Type',
    columnChange: 'Change',
    columnFile: 'File',
    moreDifferences: (n) => `… and ${n} more`,
  },
  diff: {
    expected: 'expected (Git)',
    actual: 'actual (AWS)',
    notFound: (name) => `No drift reported for "${name}".`,
    suggestions: (names) => `Did you mean: ${names}?`,
    noSuggestions: 'Run "ialctl drift check" to list the resources with drift.',
    inSync: (name) => `✓ ${name} is in sync: Git and AWS agree.`,
    noSuchResource: (name) => `No resource "${name}" exists: neither in the phase files nor in AWS.`,
    noSuchResourceHint: 'Use the logical id from the phase files (e.g. MainDb) or the physical id in AWS (e.g. rds-main-db).',
    notChecked: (name, reason) => `"${name}" was not checked: ${reason}`,
  },
};
