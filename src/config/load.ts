// Reads drift_config.yaml (or the defaults), applies environment overrides and validates the result.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { applyEnvOverrides, envOverrides } from './env.js';
import { ConfigError, type ConfigProblem } from './errors.js';
import { describeIssues, formatPath } from './issues.js';
import { positionOf } from './location.js';
import { configSchema, type Config } from './schema.js';
import { stateDirProblem } from './state-dir.js';

/** Where the configuration is looked for, relative to the working directory, when no file is given. */
export const DEFAULT_CONFIG_PATH = path.join('config', 'drift_config.yaml');

export interface LoadConfigOptions {
  /** An explicit file (`--config`); it must exist. Relative paths resolve against `cwd`. */
  file?: string;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

function displayPath(cwd: string, absolute: string): string {
  const relative = path.relative(cwd, absolute);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : absolute;
}

function validate(input: unknown, env: NodeJS.ProcessEnv, locate: (p: ReadonlyArray<PropertyKey>, atKey: boolean) => string): Config {
  const withEnv = applyEnvOverrides(input, envOverrides(env));
  const result = configSchema.safeParse(withEnv);
  if (result.success) return result.data;
  const problems: ConfigProblem[] = describeIssues(configSchema, withEnv, result.error.issues).map((m) => ({
    where: locate(m.path, m.atKey),
    key: formatPath(m.path),
    message: m.message,
  }));
  throw new ConfigError(problems);
}

/**
 * Parses configuration YAML. `file` is only used in messages (`file:line:column`).
 * An empty document means "all defaults".
 */
export function parseConfig(text: string, file: string, env: NodeJS.ProcessEnv, cwd?: string): Config {
  const lineCounter = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter, prettyErrors: false });
  const yamlError = doc.errors[0];
  if (yamlError !== undefined) {
    const { line, col } = lineCounter.linePos(yamlError.pos[0]);
    throw new ConfigError([{ where: `${file}:${line}:${col}`, key: '', message: `invalid YAML: ${yamlError.message}` }]);
  }
  let input: unknown;
  try {
    input = doc.toJS() ?? {};
  } catch (error) {
    throw new ConfigError([{ where: file, key: '', message: `invalid YAML: ${(error as Error).message}` }]);
  }
  const locate = (issuePath: ReadonlyArray<PropertyKey>, atKey: boolean): string => {
    const { line, col } = positionOf(doc, lineCounter, issuePath, atKey);
    return `${file}:${line}:${col}`;
  };
  const config = validate(input, env, locate);
  // Only a state_dir the file names is checked here (with its line); the default `.ial` is created on use.
  const written = input !== null && typeof input === 'object' && 'state_dir' in input;
  if (cwd !== undefined && written) {
    const problem = stateDirProblem(path.resolve(cwd, config.stateDir), cwd);
    if (problem !== undefined) throw new ConfigError([{ where: locate(['state_dir'], false), key: 'state_dir', message: problem }]);
  }
  return config;
}

/**
 * The effective configuration: `file` if given (must exist), else `<cwd>/config/drift_config.yaml`
 * when present, else the built-in defaults; environment overrides applied on top in every case.
 */
export function loadConfig(options: LoadConfigOptions): Config {
  const { file, env, cwd } = options;
  const absolute = path.resolve(cwd, file ?? DEFAULT_CONFIG_PATH);
  const shown = displayPath(cwd, absolute);
  if (!existsSync(absolute)) {
    if (file !== undefined) {
      throw new ConfigError([
        { where: shown, key: '', message: `config file not found (looked at ${absolute}); fix the --config path or omit it to use the defaults` },
      ]);
    }
    // No file is a normal setup: the defaults apply. Env values are pre-validated, so only they can fail here.
    return validate({}, env, () => 'built-in defaults');
  }
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (error) {
    throw new ConfigError([{ where: shown, key: '', message: `cannot read the config file: ${(error as Error).message}` }]);
  }
  return parseConfig(text, shown, env, cwd);
}
