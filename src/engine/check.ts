// `drift check`: phases from disk + live state (AWS, a snapshot or the demo sandbox) → report.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/index.js';
import { detectDrift } from '../drift/detect.js';
import type { DriftReport, LiveState } from '../drift/model.js';
import type { DesiredState } from '../drift/phases.js';
import { SUPPORTED_TYPES } from '../drift/spec.js';
import type { ProgressFn } from '../aws/read-live.js';
import type { AwsSourceOptions, ReadProgressOptions } from './aws-source.js';
import { UsageError } from './errors.js';
import { phaseFolder, readDesiredState } from './phase-files.js';
import { demoPhasesDir, demoSandboxPath } from './package-root.js';

export type LiveSource =
  | { kind: 'demo' }
  | { kind: 'snapshot'; file: string }
  | ({ kind: 'aws' } & AwsSourceOptions);

export interface CheckRequest {
  cwd: string;
  phasesDir?: string;
  parameterOverrides: Record<string, string>;
  config: Config;
  source: LiveSource;
  now: Date;
  /** Per-service progress of a read from AWS; the demo and snapshots are read at once and report nothing. */
  onProgress?: ProgressFn;
}

export interface CheckResult {
  report: DriftReport;
  desired: DesiredState;
  live: LiveState;
}

export function loadDesired(request: Pick<CheckRequest, 'cwd' | 'phasesDir' | 'source' | 'parameterOverrides'>): DesiredState {
  const folder =
    request.source.kind === 'demo' && request.phasesDir === undefined
      ? { dir: demoPhasesDir(), displayRoot: path.dirname(demoPhasesDir()) }
      : phaseFolder(request.phasesDir ?? 'phases', request.cwd);
  return readDesiredState(folder, request.parameterOverrides);
}

/** Types the readers must cover: the supported types the phases declare. */
export function declaredTypes(desired: DesiredState): string[] {
  return SUPPORTED_TYPES.filter((t) => desired.resources.some((r) => r.type === t));
}

export async function readLive(source: LiveSource, types: string[], progress: ReadProgressOptions = {}): Promise<LiveState> {
  switch (source.kind) {
    case 'demo':
      return readSnapshotFile(demoSandboxPath());
    case 'snapshot':
      return readSnapshotFile(source.file);
    case 'aws': {
      const { readAwsState } = await import('./aws-source.js');
      return readAwsState(source, types, progress);
    }
  }
}

async function readSnapshotFile(file: string): Promise<LiveState> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read snapshot ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      'create one with `ialctl drift snapshot --out FILE`');
  }
  const { parseSnapshot, SnapshotError } = await import('../aws/snapshot.js');
  try {
    return parseSnapshot(text, file);
  } catch (error) {
    if (error instanceof SnapshotError) throw new UsageError(error.message, 'the file must be written by `ialctl drift snapshot`');
    throw error;
  }
}

export async function runCheck(request: CheckRequest): Promise<CheckResult> {
  // Phase files are validated before any AWS call: a typo must not cost an API round-trip.
  const desired = loadDesired(request);
  const live = await readLive(request.source, declaredTypes(desired), { onProgress: request.onProgress });
  const { readableProperties } = await import('../aws/readers/index.js');
  const report = detectDrift(desired.resources, live, {
    ...detectOptionsFrom(request.config, request.now),
    readableProperties: (type) => {
      const list = readableProperties(type);
      return list ? new Set(list) : undefined;
    },
  });
  return { report, desired, live };
}

export function detectOptionsFrom(config: Config, now: Date): Parameters<typeof detectDrift>[2] {
  const tag = config.drift.scope.extraResources.tag;
  return {
    now,
    rules: config.drift.rules,
    sensitivity: config.drift.sensitivity,
    autoHeal: {
      enabled: config.autoHeal.enabled,
      severityLimit: config.autoHeal.severityLimit,
      maxResources: config.autoHeal.maxResources,
      removeUndeclaredTags: config.autoHeal.removeUndeclaredTags,
    },
    ignore: config.drift.ignore,
    ...(tag ? { extraScope: { tag: { key: tag.key, ...(tag.value !== null ? { value: tag.value } : {}) } } } : {}),
  };
}
