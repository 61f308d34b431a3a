// Environment variables that override single configuration keys. Values are checked here, against
// the variable's own rules, so an error names the variable rather than the file.

import { ConfigError } from './errors.js';
import { CHECK_INTERVAL_BOUNDS, parseBoundedDuration } from './duration.js';
import { SNS_TOPIC_ARN, SNS_TOPIC_ARN_HINT } from './schema.js';

export interface EnvOverride {
  variable: string;
  /** Snake_case key path in the written configuration. */
  path: readonly string[];
  value: string | boolean;
}

const TRUE = ['true', '1', 'yes'];
const FALSE = ['false', '0', 'no'];
const BOOLEAN_WORDS = 'true|false|1|0|yes|no';

function parseBoolean(variable: string, raw: string): boolean {
  const value = raw.trim().toLowerCase();
  if (TRUE.includes(value)) return true;
  if (FALSE.includes(value)) return false;
  throw new ConfigError([
    { where: variable, key: '', message: `${JSON.stringify(raw)} is not one of ${BOOLEAN_WORDS}` },
  ]);
}

function parseInterval(variable: string, raw: string): string {
  try {
    parseBoundedDuration(raw, CHECK_INTERVAL_BOUNDS);
  } catch (error) {
    throw new ConfigError([{ where: variable, key: '', message: (error as Error).message }]);
  }
  return raw.trim();
}

function parseSnsTopicArn(variable: string, raw: string): string {
  const value = raw.trim();
  if (!SNS_TOPIC_ARN.test(value)) {
    throw new ConfigError([{ where: variable, key: '', message: `${JSON.stringify(raw)}: ${SNS_TOPIC_ARN_HINT}` }]);
  }
  return value;
}

const VARIABLES: ReadonlyArray<{ variable: string; path: readonly string[]; parse: (variable: string, raw: string) => string | boolean }> = [
  { variable: 'IAL_DRIFT_CHECK_INTERVAL', path: ['drift', 'check_interval'], parse: parseInterval },
  { variable: 'IAL_AUTO_HEAL_ENABLED', path: ['auto_heal', 'enabled'], parse: parseBoolean },
  { variable: 'IAL_REVERSE_SYNC_AUTO', path: ['reverse_sync', 'auto'], parse: parseBoolean },
  { variable: 'IAL_SNS_TOPIC_ARN', path: ['notifications', 'sns_topic_arn'], parse: parseSnsTopicArn },
];

export const ENV_VARIABLES: readonly string[] = VARIABLES.map((v) => v.variable);

/**
 * Overrides present in `env`. A variable set to nothing (`IAL_DRIFT_CHECK_INTERVAL=`) is an error, not
 * "unset": it usually means a template or CI secret that did not expand, and silently running with the
 * default would hide that.
 */
export function envOverrides(env: NodeJS.ProcessEnv): EnvOverride[] {
  const overrides: EnvOverride[] = [];
  for (const { variable, path, parse } of VARIABLES) {
    const raw = env[variable];
    if (raw === undefined) continue;
    if (raw.trim() === '') {
      throw new ConfigError([{ where: variable, key: '', message: `is set but empty: give it a value or unset it (\`unset ${variable}\`) to use the configuration file` }]);
    }
    overrides.push({ variable, path, value: parse(variable, raw) });
  }
  return overrides;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * A copy of the written configuration with the overrides set. Where a parent key holds something
 * other than a mapping, the override is left out so validation reports the file's real mistake.
 */
export function applyEnvOverrides(input: unknown, overrides: readonly EnvOverride[]): unknown {
  if (overrides.length === 0 || !isPlainObject(input)) return input;
  const root: Record<string, unknown> = { ...input };
  for (const { path, value } of overrides) {
    let target = root;
    let ok = true;
    for (const segment of path.slice(0, -1)) {
      const child = target[segment];
      if (child === undefined) target[segment] = {};
      else if (isPlainObject(child)) target[segment] = { ...child };
      else {
        ok = false;
        break;
      }
      target = target[segment] as Record<string, unknown>;
    }
    const leaf = path[path.length - 1];
    if (ok && leaf !== undefined) target[leaf] = value;
  }
  return root;
}
