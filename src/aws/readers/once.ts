/**
 * Memoizes an async call for the lifetime of one read: concurrent readers await the same promise,
 * and a failure is shared too, so every reader that depends on a failed call fails with the same error.
 */
export function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let promise: Promise<T> | undefined;
  return () => (promise ??= fn());
}

/** Collects every item of every page of an SDK paginator. */
export async function collect<P, T>(pages: AsyncIterable<P>, items: (page: P) => readonly T[] | undefined): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(...(items(page) ?? []));
  return out;
}
