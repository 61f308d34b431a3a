// The configuration schema: the single source of truth for keys, allowed values and defaults.
// YAML keys are snake_case (the written shape, `ConfigInput`); the parsed `Config` is camelCase
// with durations resolved to milliseconds and rule reasons filled in.

import { createRequire } from 'node:module';
import { z } from 'zod';
import { SENSITIVITY_LEVELS, type IgnoreRule } from '../drift/classify.js';
import { DRIFT_TYPES, SEVERITIES } from '../drift/model.js';
import type { SeverityRule } from '../drift/rules.js';
import { CHECK_INTERVAL_BOUNDS, FREEZE_WINDOW_BOUNDS, parseBoundedDuration, type DurationBounds } from './duration.js';

export const LANGUAGES = ['auto', 'pt', 'en'] as const;

const severity = z.enum(SEVERITIES);
const sensitivity = z.enum(SENSITIVITY_LEVELS);
const glob = z.string().min(1);

const duration = (bounds: DurationBounds) =>
  z.string().transform((text, ctx) => {
    try {
      return { text, ms: parseBoundedDuration(text, bounds) };
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  });

const sensitivitySchema = z
  .object({
    tags: sensitivity.default('low'),
    configuration: sensitivity.default('low'),
    resources: sensitivity.default('low'),
  })
  .strict();

function describeRule(rule: { type?: string; property?: string; drift_type?: string }): string {
  const parts: string[] = [];
  if (rule.drift_type !== undefined) parts.push(`drift_type=${rule.drift_type}`);
  if (rule.type !== undefined) parts.push(`type=${rule.type}`);
  if (rule.property !== undefined) parts.push(`property=${rule.property}`);
  return `configured rule (${parts.join(', ')})`;
}

const ruleSchema = z
  .object({
    type: glob.optional(),
    property: glob.optional(),
    drift_type: z.enum(DRIFT_TYPES).optional(),
    severity,
    reason: z.string().min(1).optional(),
  })
  .strict()
  // A rule without selectors would match every item before any default rule could.
  .refine((r) => r.type !== undefined || r.property !== undefined || r.drift_type !== undefined, {
    message: 'a rule needs at least one of type, property or drift_type',
  })
  .transform((r): SeverityRule => {
    const rule: SeverityRule = { severity: r.severity, reason: r.reason ?? describeRule(r) };
    if (r.drift_type !== undefined) rule.driftType = r.drift_type;
    if (r.type !== undefined) rule.type = r.type;
    if (r.property !== undefined) rule.property = r.property;
    return rule;
  });

const ignoreSchema = z
  .object({ type: glob.optional(), logical_id: glob.optional(), property: glob.optional() })
  .strict()
  // An empty entry would silently hide every finding.
  .refine((r) => r.type !== undefined || r.logical_id !== undefined || r.property !== undefined, {
    message: 'an ignore entry needs at least one of type, logical_id or property',
  })
  .transform((r): IgnoreRule => {
    const rule: IgnoreRule = {};
    if (r.type !== undefined) rule.type = r.type;
    if (r.logical_id !== undefined) rule.logicalId = r.logical_id;
    if (r.property !== undefined) rule.property = r.property;
    return rule;
  });

const tagScopeSchema = z
  .object({ key: z.string().min(1), value: z.string().nullable().default(null) })
  .strict();

const scopeSchema = z
  .object({
    extra_resources: z
      .object({ tag: tagScopeSchema.nullable().default(null) })
      .strict()
      .prefault({}),
  })
  .strict()
  .transform((s) => ({ extraResources: s.extra_resources }));

const driftSchema = z
  .object({
    check_interval: duration(CHECK_INTERVAL_BOUNDS).prefault('6h'),
    sensitivity: sensitivitySchema.prefault({}),
    rules: z.array(ruleSchema).default([]),
    scope: scopeSchema.prefault({}),
    ignore: z.array(ignoreSchema).default([]),
  })
  .strict()
  .transform((d) => ({
    checkInterval: d.check_interval.text,
    checkIntervalMs: d.check_interval.ms,
    sensitivity: d.sensitivity,
    rules: d.rules,
    scope: d.scope,
    ignore: d.ignore,
  }));

// cron-parser (and luxon under it) is only loaded when a freeze window is configured, so commands
// that never read one do not pay for it at startup.
const requireLazily = createRequire(import.meta.url);

function cronProblem(expression: string, timezone: string): string | undefined {
  const { CronExpressionParser } = requireLazily('cron-parser') as typeof import('cron-parser');
  try {
    CronExpressionParser.parse(expression, { tz: timezone });
    return undefined;
  } catch (error) {
    return `${JSON.stringify(expression)} is not a cron expression (${(error as Error).message}); use five fields: minute hour day-of-month month day-of-week, e.g. "0 18 * * 5"`;
  }
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const freezeWindowSchema = z
  .object({
    cron: z.string().min(1),
    duration: duration(FREEZE_WINDOW_BOUNDS),
    timezone: z
      .string()
      .refine(isTimeZone, { message: 'unknown time zone: use an IANA name such as UTC, America/Sao_Paulo or Europe/Lisbon' })
      .default('UTC'),
    reason: z.string().min(1).nullable().default(null),
  })
  .strict()
  .superRefine((w, ctx) => {
    const problem = cronProblem(w.cron, w.timezone);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', path: ['cron'], message: problem });
  })
  .transform((w) => ({
    cron: w.cron,
    duration: w.duration.text,
    durationMs: w.duration.ms,
    timezone: w.timezone,
    reason: w.reason,
  }));

const autoHealSchema = z
  .object({
    enabled: z.boolean().default(true),
    severity_limit: severity.default('medium'),
    max_resources: z.number().int().min(0).default(10),
    remove_undeclared_tags: z.boolean().default(false),
    apply_immediately: z.boolean().default(false),
    freeze_windows: z.array(freezeWindowSchema).default([]),
  })
  .strict()
  .transform((a) => ({
    enabled: a.enabled,
    severityLimit: a.severity_limit,
    maxResources: a.max_resources,
    removeUndeclaredTags: a.remove_undeclared_tags,
    applyImmediately: a.apply_immediately,
    freezeWindows: a.freeze_windows,
  }));

const JITTER_HINT = 'must be a fraction of the interval between 0 and 0.5 (0.1 = each run starts within ±10% of the interval)';

const watchSchema = z
  .object({
    // Spreads the runs of many watchers (one per account/region) so they do not hit AWS in step.
    jitter: z
      .number()
      .min(0, { message: JITTER_HINT })
      .max(0.5, { message: JITTER_HINT })
      .default(0.1),
    publish_metrics: z.boolean().default(true),
  })
  .strict()
  .transform((w) => ({ jitter: w.jitter, publishMetrics: w.publish_metrics }));

export const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/;
export const SNS_TOPIC_ARN_HINT = 'expected an SNS topic ARN such as arn:aws:sns:us-east-1:123456789012:ialctl-drift';

const notificationsSchema = z
  .object({
    sns_topic_arn: z
      .string()
      .regex(SNS_TOPIC_ARN, { message: SNS_TOPIC_ARN_HINT })
      .nullable()
      .default(null),
    language: z.enum(LANGUAGES).default('auto'),
  })
  .strict()
  .transform((n) => ({ snsTopicArn: n.sns_topic_arn, language: n.language }));

const reverseSyncSchema = z
  .object({
    auto: z.boolean().default(false),
    base_branch: z.string().min(1).nullable().default(null),
  })
  .strict()
  .transform((r) => ({ auto: r.auto, baseBranch: r.base_branch }));

const STACK_PLACEHOLDERS = /\{(phase|file|project)\}/g;

const stacksSchema = z
  .object({
    // `ial-{project}-{phase}-{file}`: the stack each phase file is deployed as, when files carry no Metadata.IAL.Stack.
    name_pattern: z
      .string()
      .min(1)
      .refine((p) => /^[A-Za-z{][A-Za-z0-9{}-]*$/.test(p) && p.replace(STACK_PLACEHOLDERS, 'x').match(/^[A-Za-z][A-Za-z0-9-]*$/) !== null, {
        message: 'a stack name of letters, digits and hyphens with the placeholders {phase}, {file}, {project}, e.g. ial-{project}-{phase}-{file}',
      })
      .nullable()
      .default(null),
    // Off: every file is standalone (no CloudFormation call at all).
    discover: z.boolean().default(true),
  })
  .strict()
  .transform((s) => ({ namePattern: s.name_pattern, discover: s.discover }));

export const configSchema = z
  .object({
    drift: driftSchema.prefault({}),
    watch: watchSchema.prefault({}),
    auto_heal: autoHealSchema.prefault({}),
    reverse_sync: reverseSyncSchema.prefault({}),
    notifications: notificationsSchema.prefault({}),
    state_dir: z.string().min(1).default('.ial'),
    language: z.enum(LANGUAGES).default('auto'),
    stacks: stacksSchema.prefault({}),
  })
  .strict()
  .transform((c) => ({
    stacks: c.stacks,
    drift: c.drift,
    watch: c.watch,
    autoHeal: c.auto_heal,
    reverseSync: c.reverse_sync,
    notifications: c.notifications,
    stateDir: c.state_dir,
    language: c.language,
  }));

/** The shape written in `drift_config.yaml` (snake_case, everything optional). */
export type ConfigInput = z.input<typeof configSchema>;
/** The normalized configuration the program uses (camelCase, defaults applied). */
export type Config = z.output<typeof configSchema>;
export type AutoHealConfig = Config['autoHeal'];
export type DriftConfig = Config['drift'];
export type WatchConfig = Config['watch'];
export type NotificationsConfig = Config['notifications'];
export type FreezeWindow = Config['autoHeal']['freezeWindows'][number];
export type Language = (typeof LANGUAGES)[number];

/** The built-in defaults: what an empty configuration file means. A fresh object on every call. */
export function defaultConfig(): Config {
  return configSchema.parse({});
}
