/**
 * Memoizes an async call for the lifetime of one read: concurrent readers await the same promise,
 * and a failure is shared too, so every reader that depends on a failed call fails with the same error.
 */
export function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let promise: Promise<T> | undefined;
  return () => (promise ??= fn());
}

