// Building capped tool results: the fixed part first, then list entries while they fit.
import { RESULT_LIMIT } from './types.js';

/**
 * Serializes `base` with as many `entries` (in order) as fit under `limit` characters under `key`.
 * Returns the JSON text and how many entries were left out; the caller's `omittedNote` explains how to
 * ask for the rest (a narrower filter).
 */
export function cappedJson<T>(
  base: Record<string, unknown>,
  key: string,
  entries: readonly T[],
  omittedNote: (omitted: number) => string,
  limit = RESULT_LIMIT,
): { text: string; included: number } {
  const kept: T[] = [];
  // Room for the omitted note, which is added only when something was left out.
  const reserve = 240;
  let size = JSON.stringify({ ...base, [key]: [] }).length;
  for (const entry of entries) {
    const entrySize = JSON.stringify(entry).length + 1;
    if (size + entrySize > limit - reserve) break;
    kept.push(entry);
    size += entrySize;
  }
  const omitted = entries.length - kept.length;
  const out: Record<string, unknown> = { ...base, [key]: kept };
  if (omitted > 0) out['omitted'] = { count: omitted, note: omittedNote(omitted) };
  return { text: JSON.stringify(out), included: kept.length };
}
