// How property values (arbitrary JSON, often straight from AWS) are shown: sanitized string by string,
// before serialization, so a hostile tag value shows as its readable text, not as `\u001b[31m…`.

import type { Json } from '../model.js';
import { sanitize } from './sanitize.js';
import { truncate } from './width.js';

/** Placeholder for a side of a difference that has no value. */
export const NO_VALUE = '—';

export function sanitizeJson(value: Json): Json {
  if (typeof value === 'string') return sanitize(value);
  if (Array.isArray(value)) return value.map(sanitizeJson);
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: Json } = {};
    for (const [key, v] of Object.entries(value)) out[sanitize(key)] = sanitizeJson(v);
    return out;
  }
  return value;
}

/** One-line JSON (`"05:00-06:00"`, `{"Key":"a"}`) cut to `maxWidth` columns. */
export function compactValue(value: Json | undefined, maxWidth: number): string {
  if (value === undefined) return NO_VALUE;
  return truncate(JSON.stringify(sanitizeJson(value)), maxWidth);
}

/** Objects and arrays deserve several lines; scalars read better inline. */
export function isNested(value: Json | undefined): boolean {
  return value !== null && typeof value === 'object';
}

/** Indented JSON, one string per line. */
export function prettyValue(value: Json | undefined): string[] {
  if (value === undefined) return [NO_VALUE];
  return JSON.stringify(sanitizeJson(value), null, 2).split('\n');
}
