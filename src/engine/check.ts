// `drift check`: phases from disk + live state (AWS, a snapshot or the demo sandbox) → report.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/index.js';
import { detectDrift } from '../drift/detect.js';
import type { DriftReport, LiveState } from '../drift/model.js';
import type { DesiredState } from '../drift/phases.js';
import type { StackAwareState } from './stacks.js';
import { SUPPORTED_TYPES } from '../drift/spec.js';
import type { ProgressFn } from '../aws/read-live.js';
import type { AwsClients } from '../aws/clients.js';
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

/**
 * The desired state as a check must see it: from AWS, each phase file bound to its stack (identity,
 * parameters, the deployed template as reference); from the demo or a snapshot, the files as written.
 */
export async function loadStackAwareDesired(
  request: Pick<CheckRequest, 'cwd' | 'phasesDir' | 'source' | 'parameterOverrides'> & { config: Pick<Config, 'stacks'> },
  /** Clients already open (a heal target's): used as they are and left open. */
  openClients?: AwsClients,
  /**
   * Heal: fail when the stacks could not be read. Without them a stack file would fall back to its Git
   * values, and a heal could push an undeployed Git edit to AWS.
   */
  options: { requireStacks?: boolean } = {},
): Promise<StackAwareState> {
  if (request.source.kind !== 'aws') return loadDesired(request);
  const state = await bindStackAware(request, openClients);
  const failed = state.stackContext?.errors ?? [];
  if (options.requireStacks && failed.length > 0) {
    const first = failed[0] as NonNullable<typeof failed[number]>;
    throw new UsageError(`cannot read the CloudFormation stacks (${first.code ? `${first.code}: ` : ''}${first.message}): nothing is healed without the deployed values`,
      first.requiredAction ? `grant ${first.requiredAction} (see \`ialctl iam-policy --heal\`)` : 'run again once CloudFormation answers');
  }
  return state;
}

async function bindStackAware(
  request: Pick<CheckRequest, 'cwd' | 'phasesDir' | 'source' | 'parameterOverrides'> & { config: Pick<Config, 'stacks'> },
  openClients?: AwsClients,
): Promise<StackAwareState> {
  if (request.source.kind !== 'aws') return loadDesired(request);
  // Phase files are validated before any AWS call: a typo must not cost an API round-trip.
  const loaded = loadDesiredDeferred(request);
  const [{ createAwsClients }, { bindToStacks }] = await Promise.all([import('../aws/clients.js'), import('./stacks.js')]);
  if (openClients) return bindToStacks(loaded, openClients, request.config, request.parameterOverrides);
  const { concurrency: _c, onClients, ...clientOptions } = request.source;
  const clients = await createAwsClients(clientOptions);
  onClients?.(clients);
  try {
    return await bindToStacks(loaded, clients, request.config, request.parameterOverrides);
  } finally {
    clients.destroy();
  }
}

function loadDesiredDeferred(request: Pick<CheckRequest, 'cwd' | 'phasesDir' | 'source' | 'parameterOverrides'>): DesiredState {
  const folder = phaseFolder(request.phasesDir ?? 'phases', request.cwd);
  return readDesiredState(folder, request.parameterOverrides, { deferMissingParameters: true });
}

export async function runCheck(request: CheckRequest): Promise<CheckResult> {
  const desired = await loadStackAwareDesired(request);
  const context = desired.stackContext;
  const read = await readLive(request.source, declaredTypes(desired), { onProgress: request.onProgress });
  const live: LiveState = context
    ? { ...read, exports: context.exports, stackIds: context.stackIds, errors: [...read.errors, ...context.errors] }
    : read;
  const { readableProperties } = await import('../aws/readers/index.js');
  const options = detectOptionsFrom(request.config, request.now);
  const detected = detectDrift(desired.resources, live, {
    ...options,
    ...(context && context.stackPhysicalIds.length > 0
      ? { extraScope: { ...(options.extraScope ?? {}), stackPhysicalIds: new Set(context.stackPhysicalIds) } }
      : {}),
    readableProperties: (type) => {
      const list = readableProperties(type);
      return list ? new Set(list) : undefined;
    },
  });
  const warnings = desired.warnings ?? [];
  const pendingDeploy = context?.pendingDeploy ?? [];
  const report: DriftReport = {
    ...detected,
    // Stack mode (some file is deployed as a stack): the report names stacks and pending deploys.
    ...(context && desired.resources.some((r) => r.stack) ? { summary: { ...detected.summary, pendingDeploy: pendingDeploy.length }, pendingDeploy } : {}),
    ...(warnings.length > 0 ? { warnings } : {}),
  };
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
