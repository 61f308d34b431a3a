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
