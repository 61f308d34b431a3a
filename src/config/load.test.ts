import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { ConfigError } from './errors.js';
import { allowedKeysAt } from './issues.js';
import { loadConfig, parseConfig } from './load.js';
import { configSchema, defaultConfig, type Config } from './schema.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const bundled = path.join(repoRoot, 'config', 'drift_config.yaml');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ialctl-config-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError, nothing was thrown');
}

const DEFAULTS: Config = {
  stacks: { namePattern: null, discover: true },
  drift: {
    checkInterval: '6h',
    checkIntervalMs: 21_600_000,
    sensitivity: { tags: 'low', configuration: 'low', resources: 'low' },
    rules: [],
    scope: { extraResources: { tag: null } },
    ignore: [],
  },
  watch: { jitter: 0.1, publishMetrics: true },
  autoHeal: {
    enabled: true,
    severityLimit: 'medium',
    maxResources: 10,
    removeUndeclaredTags: false,
    applyImmediately: false,
    freezeWindows: [],
  },
  reverseSync: { auto: false, baseBranch: null },
  notifications: { snsTopicArn: null, language: 'auto' },
  stateDir: '.ial',
  language: 'auto',
};

describe('defaults', () => {
  test('the schema defaults are the documented ones', () => {
    expect(defaultConfig()).toStrictEqual(DEFAULTS);
  });

  test('the bundled config/drift_config.yaml parses to exactly the defaults', () => {
    expect(loadConfig({ file: bundled, env: {}, cwd: repoRoot })).toStrictEqual(defaultConfig());
  });

  test('the bundled file writes out every key the schema accepts', () => {
    const written = parseDocument(readFileSync(bundled, 'utf8')).toJS() as Record<string, unknown>;
    const missing: string[] = [];
    const walk = (value: unknown, at: string[]): void => {
      const keys = allowedKeysAt(configSchema, at);
      if (keys.length === 0) return;
      for (const key of keys) {
        const child = (value as Record<string, unknown> | null)?.[key];
        // Item shapes of lists and the optional tag filter are documented in comments, not as values.
        if (child === undefined) missing.push([...at, key].join('.'));
        else if (child !== null && !Array.isArray(child)) walk(child, [...at, key]);
      }
    };
    walk(written, []);
    expect(missing).toEqual([]);
  });

  test('without a file and without config/drift_config.yaml in cwd, the defaults apply', () => {
    expect(loadConfig({ env: {}, cwd: dir })).toStrictEqual(DEFAULTS);
  });

  test('without a file, <cwd>/config/drift_config.yaml is used when present', () => {
    mkdirSync(path.join(dir, 'config'));
    writeFileSync(path.join(dir, 'config', 'drift_config.yaml'), 'auto_heal:\n  max_resources: 3\n');
    expect(loadConfig({ env: {}, cwd: dir }).autoHeal.maxResources).toBe(3);
  });

  test('an explicit file must exist', () => {
    const error = errorOf(() => loadConfig({ file: 'nope.yaml', env: {}, cwd: dir }));
    expect(error.message).toBe(
      `nope.yaml: config file not found (looked at ${path.join(dir, 'nope.yaml')}); fix the --config path or omit it to use the defaults`,
    );
  });

  test('an explicit relative file resolves against cwd and errors name it relative to cwd', () => {
    mkdirSync(path.join(dir, 'etc'));
    writeFileSync(path.join(dir, 'etc', 'c.yaml'), 'language: fr\n');
    const error = errorOf(() => loadConfig({ file: 'etc/c.yaml', env: {}, cwd: dir }));
    expect(error.message).toBe(`${path.join('etc', 'c.yaml')}:1:11: language: "fr" is not one of auto|pt|en`);
  });

  test('an empty file means all defaults', () => {
    expect(parseConfig('', 'c.yaml', {})).toStrictEqual(DEFAULTS);
    expect(parseConfig('# only a comment\n', 'c.yaml', {})).toStrictEqual(DEFAULTS);
  });
});

describe('a full configuration', () => {
  const text = [
    'drift:',
    '  check_interval: 30m',
    '  sensitivity: { tags: off, configuration: medium, resources: high }',
    '  rules:',
    '    - { type: "AWS::ECS::Service", property: DesiredCount, severity: high, reason: web capacity }',
    '    - { drift_type: tag_drift, property: Tags.Owner, severity: medium }',
    '  scope:',
    '    extra_resources:',
    '      tag: { key: ManagedBy, value: ialctl }',
    '  ignore:',
    '    - { type: "AWS::EC2::*", logical_id: Legacy*, property: Tags.* }',
    'watch: { jitter: 0.25, publish_metrics: false }',
    'auto_heal:',
    '  enabled: false',
    '  severity_limit: high',
    '  max_resources: 0',
    '  remove_undeclared_tags: true',
    '  apply_immediately: true',
    '  freeze_windows:',
    '    - { cron: "0 18 * * 5", duration: 62h, timezone: America/Sao_Paulo, reason: weekend }',
    '    - { cron: "0 0 24 12 *", duration: 2d }',
    'reverse_sync: { auto: true, base_branch: main }',
    'notifications: { sns_topic_arn: "arn:aws:sns:us-east-1:123456789012:drift", language: en }',
    'state_dir: /var/lib/ial',
    'language: pt',
    '',
  ].join('\n');

  test('is normalized to camelCase with durations in ms and rule reasons filled in', () => {
    expect(parseConfig(text, 'c.yaml', {})).toStrictEqual({
      drift: {
        checkInterval: '30m',
        checkIntervalMs: 1_800_000,
        sensitivity: { tags: 'off', configuration: 'medium', resources: 'high' },
        rules: [
          { type: 'AWS::ECS::Service', property: 'DesiredCount', severity: 'high', reason: 'web capacity' },
          {
            driftType: 'tag_drift',
            property: 'Tags.Owner',
            severity: 'medium',
            reason: 'configured rule (drift_type=tag_drift, property=Tags.Owner)',
          },
        ],
        scope: { extraResources: { tag: { key: 'ManagedBy', value: 'ialctl' } } },
        ignore: [{ type: 'AWS::EC2::*', logicalId: 'Legacy*', property: 'Tags.*' }],
      },
      watch: { jitter: 0.25, publishMetrics: false },
      autoHeal: {
        enabled: false,
        severityLimit: 'high',
        maxResources: 0,
        removeUndeclaredTags: true,
        applyImmediately: true,
        freezeWindows: [
          { cron: '0 18 * * 5', duration: '62h', durationMs: 223_200_000, timezone: 'America/Sao_Paulo', reason: 'weekend' },
          { cron: '0 0 24 12 *', duration: '2d', durationMs: 172_800_000, timezone: 'UTC', reason: null },
        ],
      },
      reverseSync: { auto: true, baseBranch: 'main' },
      notifications: { snsTopicArn: 'arn:aws:sns:us-east-1:123456789012:drift', language: 'en' },
      stateDir: '/var/lib/ial',
      language: 'pt',
      stacks: { namePattern: null, discover: true },
    } satisfies Config);
  });

  test('a tag filter without a value accepts any value', () => {
    const config = parseConfig('drift:\n  scope:\n    extra_resources:\n      tag: { key: ManagedBy }\n', 'c.yaml', {});
    expect(config.drift.scope.extraResources.tag).toStrictEqual({ key: 'ManagedBy', value: null });
  });
});

describe('environment overrides', () => {
  test('IAL_DRIFT_CHECK_INTERVAL sets drift.check_interval, over the file', () => {
    const config = parseConfig('drift:\n  check_interval: 1d\n', 'c.yaml', { IAL_DRIFT_CHECK_INTERVAL: '90s' });
    expect(config.drift.checkInterval).toBe('90s');
    expect(config.drift.checkIntervalMs).toBe(90_000);
  });

  test('IAL_DRIFT_CHECK_INTERVAL applies to the built-in defaults too', () => {
    expect(loadConfig({ env: { IAL_DRIFT_CHECK_INTERVAL: '30m' }, cwd: dir }).drift.checkIntervalMs).toBe(1_800_000);
  });

  test.each([
    ['true', true],
    ['TRUE', true],
    ['1', true],
    ['yes', true],
    ['false', false],
    ['0', false],
    ['no', false],
    ['No', false],
  ])('IAL_AUTO_HEAL_ENABLED=%s gives auto_heal.enabled %s', (raw, expected) => {
    const file = `auto_heal:\n  enabled: ${String(!expected)}\n`;
    expect(parseConfig(file, 'c.yaml', { IAL_AUTO_HEAL_ENABLED: raw }).autoHeal.enabled).toBe(expected);
  });

  test.each([
    ['yes', true],
    ['0', false],
  ])('IAL_REVERSE_SYNC_AUTO=%s gives reverse_sync.auto %s', (raw, expected) => {
    const file = `reverse_sync:\n  auto: ${String(!expected)}\n`;
    expect(parseConfig(file, 'c.yaml', { IAL_REVERSE_SYNC_AUTO: raw }).reverseSync.auto).toBe(expected);
  });

  test('IAL_SNS_TOPIC_ARN sets notifications.sns_topic_arn, over the file', () => {
    const file = 'notifications:\n  sns_topic_arn: "arn:aws:sns:us-east-1:123456789012:from-file"\n';
    const config = parseConfig(file, 'c.yaml', { IAL_SNS_TOPIC_ARN: ' arn:aws:sns:eu-west-1:210987654321:from-env ' });
    expect(config.notifications.snsTopicArn).toBe('arn:aws:sns:eu-west-1:210987654321:from-env');
  });

  test('an override keeps the sibling keys of the file', () => {
    const config = parseConfig('auto_heal:\n  max_resources: 4\n', 'c.yaml', { IAL_AUTO_HEAL_ENABLED: 'false' });
    expect(config.autoHeal).toStrictEqual({ ...DEFAULTS.autoHeal, enabled: false, maxResources: 4 });
  });

  test.each(['IAL_AUTO_HEAL_ENABLED', 'IAL_DRIFT_CHECK_INTERVAL', 'IAL_REVERSE_SYNC_AUTO', 'IAL_SNS_TOPIC_ARN'])(
    'an empty %s is an error naming it (an unexpanded template must not silently mean the default)',
    (variable) => {
      const error = errorOf(() => loadConfig({ env: { [variable]: ' ' }, cwd: dir }));
      expect(error.problems).toStrictEqual([
        { where: variable, key: '', message: `is set but empty: give it a value or unset it (\`unset ${variable}\`) to use the configuration file` },
      ]);
    },
  );

  test.each([
    ['1ms', '"1ms" is too short for a check interval: use a duration between 1m and 30d'],
    ['59s', '"59s" is too short for a check interval: use a duration between 1m and 30d'],
    ['31d', '"31d" is too long for a check interval: use a duration between 1m and 30d'],
    ['99999999d', '"99999999d" is too long for a check interval: use a duration between 1m and 30d'],
    ['999999999999999999999d', '"999999999999999999999d" is too long a duration'],
  ])('IAL_DRIFT_CHECK_INTERVAL=%s is out of bounds: an error naming the variable', (raw, message) => {
    const error = errorOf(() => loadConfig({ env: { IAL_DRIFT_CHECK_INTERVAL: raw }, cwd: dir }));
    expect(error.problems).toStrictEqual([{ where: 'IAL_DRIFT_CHECK_INTERVAL', key: '', message }]);
  });

  test('the bounds themselves are accepted', () => {
    expect(loadConfig({ env: { IAL_DRIFT_CHECK_INTERVAL: '1m' }, cwd: dir }).drift.checkIntervalMs).toBe(60_000);
    expect(loadConfig({ env: { IAL_DRIFT_CHECK_INTERVAL: '30d' }, cwd: dir }).drift.checkIntervalMs).toBe(30 * 86_400_000);
  });

  test('drift.check_interval in the file has the same bounds, with file:line:column', () => {
    const error = errorOf(() => parseConfig('drift:\n  check_interval: 10s\n', 'c.yaml', {}));
    expect(error.message).toBe('c.yaml:2:19: drift.check_interval: "10s" is too short for a check interval: use a duration between 1m and 30d');
  });

  test.each([
    ['IAL_AUTO_HEAL_ENABLED', 'maybe', 'IAL_AUTO_HEAL_ENABLED: "maybe" is not one of true|false|1|0|yes|no'],
    ['IAL_REVERSE_SYNC_AUTO', 'on', 'IAL_REVERSE_SYNC_AUTO: "on" is not one of true|false|1|0|yes|no'],
    [
      'IAL_SNS_TOPIC_ARN',
      'drift-topic',
      'IAL_SNS_TOPIC_ARN: "drift-topic": expected an SNS topic ARN such as arn:aws:sns:us-east-1:123456789012:ialctl-drift',
    ],
    [
      'IAL_DRIFT_CHECK_INTERVAL',
      'hourly',
      'IAL_DRIFT_CHECK_INTERVAL: "hourly" is not a duration: use a whole number followed by ms, s, m, h or d, e.g. 90s, 30m, 6h, 1d',
    ],
  ])('an invalid %s=%s is an error naming the variable', (variable, raw, message) => {
    const error = errorOf(() => loadConfig({ env: { [variable]: raw }, cwd: dir }));
    expect(error.message).toBe(message);
    expect(error.problems).toStrictEqual([{ where: variable, key: '', message: message.slice(variable.length + 2) }]);
  });
});

describe('invalid configuration', () => {
  const file = 'config/drift_config.yaml';

  test.each([
    [
      'a value outside an enum',
      'drift:\n  check_interval: 6h\nauto_heal:\n  severity_limit: extreme\n',
      `${file}:4:19: auto_heal.severity_limit: "extreme" is not one of low|medium|high|critical`,
    ],
    [
      'a sensitivity outside its levels',
      'drift:\n  sensitivity:\n    tags: none\n',
      `${file}:3:11: drift.sensitivity.tags: "none" is not one of off|low|medium|high|critical`,
    ],
    [
      'a bad duration',
      'drift:\n  check_interval: 5x\n',
      `${file}:2:19: drift.check_interval: "5x" is not a duration: use a whole number followed by ms, s, m, h or d, e.g. 90s, 30m, 6h, 1d`,
    ],
    [
      'a duration written as a number',
      'drift:\n  check_interval: 3600\n',
      `${file}:2:19: drift.check_interval: expected a string, got 3600 (quote it)`,
    ],
    ['a non-boolean', 'auto_heal:\n  enabled: "yes"\n', `${file}:2:12: auto_heal.enabled: expected true or false, got "yes"`],
    ['a negative count', 'auto_heal:\n  max_resources: -1\n', `${file}:2:18: auto_heal.max_resources: -1 is below the minimum 0`],
    [
      'a fractional count',
      'auto_heal:\n  max_resources: 2.5\n',
      `${file}:2:18: auto_heal.max_resources: expected a whole number, got 2.5`,
    ],
    ['an empty string', 'state_dir: ""\n', `${file}:1:12: state_dir: must not be empty`],
    ['a section left empty', 'auto_heal:\n', `${file}:1:1: auto_heal: expected a mapping of keys, got null`],
    ['a list where a mapping goes', 'reverse_sync: [true]\n', `${file}:1:15: reverse_sync: expected a mapping of keys, got a list`],
    ['a document that is not a mapping', 'just text\n', `${file}:1:1: expected a mapping of keys, got "just text"`],
    [
      'a rule without severity',
      'drift:\n  rules:\n    - { type: "AWS::RDS::*" }\n',
      `${file}:3:7: drift.rules[0].severity: missing: expected one of low|medium|high|critical`,
    ],
    [
      'a rule with a bad drift type',
      'drift:\n  rules:\n    - { drift_type: drift, severity: low }\n',
      `${file}:3:21: drift.rules[0].drift_type: "drift" is not one of missing_resource|extra_resource|configuration_drift|tag_drift`,
    ],
    [
      'a rule without a selector',
      'drift:\n  rules:\n    - severity: high\n',
      `${file}:3:7: drift.rules[0]: a rule needs at least one of type, property or drift_type`,
    ],
    [
      'an empty ignore entry',
      'drift:\n  ignore:\n    - {}\n',
      `${file}:3:7: drift.ignore[0]: an ignore entry needs at least one of type, logical_id or property`,
    ],
    [
      'a tag filter without a key',
      'drift:\n  scope:\n    extra_resources:\n      tag: { value: x }\n',
      `${file}:4:12: drift.scope.extra_resources.tag.key: missing: expected a string`,
    ],
    [
      'a tag value YAML reads as a number',
      'drift:\n  scope:\n    extra_resources:\n      tag: { key: Tier, value: 2 }\n',
      `${file}:4:32: drift.scope.extra_resources.tag.value: expected a string, got 2 (quote it)`,
    ],
    [
      'a freeze window with a bad cron expression',
      'auto_heal:\n  freeze_windows:\n    - { cron: "every friday", duration: 2d }\n',
      `${file}:3:15: auto_heal.freeze_windows[0].cron: "every friday" is not a cron expression (Validation error, cannot resolve alias "eve"); use five fields: minute hour day-of-month month day-of-week, e.g. "0 18 * * 5"`,
    ],
    [
      'a freeze window with an unknown time zone',
      'auto_heal:\n  freeze_windows:\n    - { cron: "0 18 * * 5", duration: 2d, timezone: Mars/Olympus }\n',
      `${file}:3:53: auto_heal.freeze_windows[0].timezone: unknown time zone: use an IANA name such as UTC, America/Sao_Paulo or Europe/Lisbon`,
    ],
    [
      'a freeze window without a duration',
      'auto_heal:\n  freeze_windows:\n    - { cron: "0 18 * * 5" }\n',
      `${file}:3:7: auto_heal.freeze_windows[0].duration: missing: expected a string`,
    ],
    [
      'a jitter above 0.5',
      'watch:\n  jitter: 0.9\n',
      `${file}:2:11: watch.jitter: must be a fraction of the interval between 0 and 0.5 (0.1 = each run starts within ±10% of the interval)`,
    ],
    [
      'an SNS topic that is not an ARN',
      'notifications:\n  sns_topic_arn: drift-topic\n',
      `${file}:2:18: notifications.sns_topic_arn: expected an SNS topic ARN such as arn:aws:sns:us-east-1:123456789012:ialctl-drift`,
    ],
  ])('%s', (_name, text, message) => {
    expect(errorOf(() => parseConfig(text, file, {})).message).toBe(message);
  });

  test.each([
    [
      'a misspelt key gets a suggestion',
      'drift:\n  sensitivty:\n    tags: low\n',
      `${file}:2:3: drift.sensitivty: unknown key (did you mean "sensitivity"?); allowed keys: check_interval|sensitivity|rules|scope|ignore`,
    ],
    [
      'a camelCase key suggests its snake_case form',
      'autoHeal:\n  enabled: true\n',
      `${file}:1:1: autoHeal: unknown key (did you mean "auto_heal"?); allowed keys: drift|watch|auto_heal|reverse_sync|notifications|state_dir|language|stacks`,
    ],
    [
      'a camelCase nested key suggests its snake_case form',
      'auto_heal:\n  severityLimit: high\n',
      `${file}:2:3: auto_heal.severityLimit: unknown key (did you mean "severity_limit"?); allowed keys: enabled|severity_limit|max_resources|remove_undeclared_tags|apply_immediately|freeze_windows`,
    ],
    [
      'an unknown key inside a list item',
      'drift:\n  rules:\n    - type: "AWS::*"\n      severity: low\n      priority: 1\n',
      `${file}:5:7: drift.rules[0].priority: unknown key; allowed keys: type|property|drift_type|severity|reason`,
    ],
    [
      'an unrelated key gets no suggestion',
      'colour: blue\n',
      `${file}:1:1: colour: unknown key; allowed keys: drift|watch|auto_heal|reverse_sync|notifications|state_dir|language|stacks`,
    ],
  ])('%s', (_name, text, message) => {
    expect(errorOf(() => parseConfig(text, file, {})).message).toBe(message);
  });

  test('every problem is reported, one per line, in file order', () => {
    const error = errorOf(() => parseConfig('auto_heal:\n  enabled: 2\n  severity_limit: max\nlanguage: de\n', file, {}));
    expect(error.message).toBe(
      [
        `${file}:2:12: auto_heal.enabled: expected true or false, got 2`,
        `${file}:3:19: auto_heal.severity_limit: "max" is not one of low|medium|high|critical`,
        `${file}:4:11: language: "de" is not one of auto|pt|en`,
      ].join('\n'),
    );
    expect(error.problems.map((p) => p.key)).toEqual(['auto_heal.enabled', 'auto_heal.severity_limit', 'language']);
  });

  test.each([
    ['an unclosed flow sequence', 'auto_heal: [\n', `${file}:2:1: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]`],
    ['a duplicate key', 'language: pt\nlanguage: en\n', `${file}:2:1: invalid YAML: Map keys must be unique`],
    ['a tab indentation', 'auto_heal:\n\tenabled: true\n', `${file}:2:1: invalid YAML: Tabs are not allowed as indentation`],
  ])('malformed YAML (%s) is reported at file:line:column', (_name, text, message) => {
    expect(errorOf(() => parseConfig(text, file, {})).message).toBe(message);
  });
});
