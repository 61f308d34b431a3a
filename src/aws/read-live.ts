// Reads the live state of the requested types, fail-closed: a type is either read completely or
// not at all (and then named in a ReadError), never reported from a partial list.
import type { LiveResource, LiveState, ReadError } from '../drift/model.js';
import type { AwsClients } from './clients.js';
import { mapWithLimit } from './concurrency.js';
import { attemptsOf, awsErrorCode, errorMessage, failedOperation, isAccessDenied } from './errors.js';
import { createReadContext } from './readers/context.js';
import { readerFor, supportedTypes, type ResourceReader } from './readers/index.js';

export interface ReadLiveOptions {
  /** Readers (and per-resource calls inside each) in flight at once; default 4. */
  concurrency?: number;
}

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

  let accountId: string;
  try {
    accountId = await clients.accountId();
  } catch (err) {
    // Without a working identity no other call can succeed either; say it once, for every type.
    errors.unshift(toReadError('sts', readers.map((r) => r.type), err));
    return { region: clients.region, accountId: '', readTypes: [], resources: [], errors };
  }

  const ctx = createReadContext(clients, concurrency);
  const outcomes = await mapWithLimit(readers, concurrency, async (reader): Promise<Outcome> => {
    try {
      return { reader, resources: await reader.read(ctx) };
    } catch (error) {
      return { reader, error };
    }
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
