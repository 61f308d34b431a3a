// Turns SDK and network failures into the facts a report needs: error code, failing IAM action, attempts.

/** Error codes AWS uses for "the caller lacks permission", across the query, EC2 and JSON protocols. */
const ACCESS_DENIED_CODES = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'UnauthorizedException',
  'AuthorizationError',
]);

const failedOperations = new WeakMap<object, string>();

/** Remembers which `service:Operation` an error came from (set by the client middleware). */
export function markFailedOperation(err: unknown, operation: string): void {
  if (typeof err === 'object' && err !== null && !failedOperations.has(err)) failedOperations.set(err, operation);
}

/** The `service:Operation` (which is also the IAM action name) that raised `err`, when known. */
export function failedOperation(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null ? failedOperations.get(err) : undefined;
}

/** The AWS error code (`ThrottlingException`…) or the Node network code (`ECONNREFUSED`) of `err`. */
export function awsErrorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { name?: unknown; code?: unknown; Code?: unknown };
  for (const candidate of [e.Code, e.code]) if (typeof candidate === 'string' && candidate !== '') return candidate;
  if (typeof e.name === 'string' && e.name !== '' && e.name !== 'Error') return e.name;
  return undefined;
}

export function isAccessDenied(code: string | undefined): boolean {
  return code !== undefined && ACCESS_DENIED_CODES.has(code);
}

/** How many attempts the SDK made before giving up (1 when it never retried or did not say). */
export function attemptsOf(err: unknown): number {
  const attempts = (err as { $metadata?: { attempts?: unknown } } | null)?.$metadata?.attempts;
  return typeof attempts === 'number' && attempts > 0 ? attempts : 1;
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) {
    if (err.message) return err.message;
    return err.name;
  }
  return String(err);
}

/**
 * True when AWS itself answered the one attempt with a 4xx refusal: then the write did not happen. Anything
 * else (no answer — reset, timeout —, a 5xx, or a refusal after retries, when an earlier attempt may have
 * gone through) leaves the outcome unknown until AWS is re-read.
 */
export function isClearRefusal(err: unknown): boolean {
  const status = (err as { $metadata?: { httpStatusCode?: unknown } } | null)?.$metadata?.httpStatusCode;
  return typeof status === 'number' && status >= 400 && status < 500 && attemptsOf(err) === 1;
}

/**
 * True when the writer failed on its own, before or around its calls (a precondition it checked, a
 * follow-up step): errors that carry neither an AWS answer nor a network code.
 */
export function isLocalWriterError(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return true;
  const e = err as { $metadata?: unknown; code?: unknown; name?: unknown };
  if (e.$metadata !== undefined) return false;
  if (typeof e.code === 'string' && /^E[A-Z]+$/.test(e.code)) return false;
  return !(typeof e.name === 'string' && /Timeout|Abort/i.test(e.name));
}
