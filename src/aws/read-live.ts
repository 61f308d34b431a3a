// Reads the live state of the requested types, fail-closed: a type is either read completely or
// not at all (and then named in a ReadError), never reported from a partial list.
import type { LiveResource, LiveState, ReadError } from '../drift/model.js';
import type { AwsClients, AwsService } from './clients.js';
import { mapWithLimit } from './concurrency.js';
import { attemptsOf, awsErrorCode, errorMessage, failedOperation, isAccessDenied } from './errors.js';
import { createReadContext } from './readers/context.js';
import { readerFor, supportedTypes, type ResourceReader } from './readers/index.js';

export interface ReadLiveOptions {
  /** Readers (and per-resource calls inside each) in flight at once; default 4. */
  concurrency?: number;
  /** Told when each service starts, finishes or fails, for a progress display during long reads. */
  onProgress?: ProgressFn;
  /** Pages one listing call may take before the read fails closed; default MAX_PAGES_PER_CALL (1,000). */
  maxPagesPerCall?: number;
}

/**
 * One service's reading state. `sts` is the account lookup that precedes the rest; a service is
 * `done` (with the resources its readers returned) once every requested reader of it succeeded,
 * `failed` once all have finished and any of them failed.
 */
export interface ServiceProgress {
  service: AwsService;
  state: 'reading' | 'done' | 'failed';
  resources?: number;
}

export type ProgressFn = (progress: ServiceProgress) => void;

const DEFAULT_CONCURRENCY = 4;

type Outcome = { reader: ResourceReader; resources: LiveResource[] } | { reader: ResourceReader; error: unknown };

export async function readLiveState(
  clients: AwsClients,
  types: readonly string[],
  options: ReadLiveOptions = {},
): Promise<LiveState> {
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const requested = [...new Set(types)];
  const readers: ResourceReader[] = [];
  const errors: ReadError[] = [];
  for (const type of requested) {
    const reader = readerFor(type);
    if (reader) readers.push(reader);
    else errors.push(unsupportedType(type));
  }

  const progress = options.onProgress ? serviceProgress(readers, options.onProgress) : undefined;

  let accountId: string;
  progress?.stsStarted();
  try {
    accountId = await clients.accountId();
  } catch (err) {
    progress?.stsEnded(false);
    // Without a working identity no other call can succeed either; say it once, for every type.
    errors.unshift(toReadError('sts', readers.map((r) => r.type), err));
    return { region: clients.region, accountId: '', readTypes: [], resources: [], errors };
  }
  progress?.stsEnded(true);

  const ctx = createReadContext(clients, concurrency, options.maxPagesPerCall);
  const outcomes = await mapWithLimit(readers, concurrency, async (reader): Promise<Outcome> => {
    progress?.started(reader);
    let outcome: Outcome;
    try {
      outcome = { reader, resources: await reader.read(ctx) };
    } catch (error) {
      outcome = { reader, error };
    }
    progress?.ended(outcome);
    return outcome;
  });

  const readTypes: string[] = [];
  const resources: LiveResource[] = [];
  // Readers that share a failed call fail with the same error object: report it once, naming all their types.
  const failures = new Map<unknown, ResourceReader[]>();
  for (const outcome of outcomes) {
    if ('error' in outcome) {
      failures.set(outcome.error, [...(failures.get(outcome.error) ?? []), outcome.reader]);
    } else {
      readTypes.push(outcome.reader.type);
      resources.push(...outcome.resources);
    }
  }
  for (const [error, failed] of failures) {
    errors.push(toReadError(failed[0]?.service ?? 'unknown', failed.map((r) => r.type), error));
  }
  return { region: clients.region, accountId, readTypes, resources, errors };
}

/** Folds reader starts and ends into one report per service: its first start, then its last end. */
function serviceProgress(readers: readonly ResourceReader[], report: ProgressFn) {
  const pending = new Map<AwsService, number>();
  for (const r of readers) pending.set(r.service, (pending.get(r.service) ?? 0) + 1);
  const started = new Set<AwsService>();
  const resources = new Map<AwsService, number>();
  const failed = new Set<AwsService>();
  return {
    stsStarted: () => report({ service: 'sts', state: 'reading' }),
    stsEnded: (ok: boolean) => report({ service: 'sts', state: ok ? 'done' : 'failed' }),
    started(reader: ResourceReader): void {
      if (started.has(reader.service)) return;
      started.add(reader.service);
      report({ service: reader.service, state: 'reading' });
    },
    ended(outcome: Outcome): void {
      const service = outcome.reader.service;
      if ('error' in outcome) failed.add(service);
      else resources.set(service, (resources.get(service) ?? 0) + outcome.resources.length);
      const left = (pending.get(service) ?? 1) - 1;
      pending.set(service, left);
      if (left > 0) return;
      report(failed.has(service) ? { service, state: 'failed' } : { service, state: 'done', resources: resources.get(service) ?? 0 });
    },
  };
}

function toReadError(service: string, types: string[], err: unknown): ReadError {
  const code = awsErrorCode(err);
  const operation = failedOperation(err);
  const attempts = attemptsOf(err);
  const what = operation ? `${operation.slice(operation.indexOf(':') + 1)} failed` : 'Read failed';
  const after = attempts > 1 ? ` after ${attempts} attempts` : '';
  const readError: ReadError = {
    service: operation ? operation.slice(0, operation.indexOf(':')) : service,
    types,
    message: `${what}${after}: ${errorMessage(err)}`,
  };
  if (code) readError.code = code;
  if (isAccessDenied(code) && operation) readError.requiredAction = operation;
  return readError;
}

function unsupportedType(type: string): ReadError {
  const service = /^AWS::([A-Za-z0-9]+)::/.exec(type)?.[1]?.toLowerCase() ?? 'unknown';
  return {
    service,
    types: [type],
    code: 'UnsupportedResourceType',
    message: `ialctl cannot read ${type} from AWS, so its resources are not checked. Readable types: ${supportedTypes().join(', ')}.`,
  };
}
