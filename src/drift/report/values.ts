// How property values (arbitrary JSON, often straight from AWS) are shown: sanitized string by string,
// before serialization, so a hostile tag value shows as its readable text, not as `\u001b[31m…`.

import type { Json } from '../model.js';
import { sanitize } from './sanitize.js';
import { describeRules, isSecurityRuleValue, ruleDirection } from './security-rules.js';
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

export interface ValueContext {
  /** The difference path the value belongs to: `SecurityGroupEgress` rules read "to", ingress "from". */
  path?: string;
  lang?: 'pt' | 'en';
}

/**
 * One-line JSON (`"05:00-06:00"`, `{"Key":"a"}`) cut to `maxWidth` columns. Security group rules read
 * `tcp 22 from 0.0.0.0/0` and are never cut: the range is what the operator must see.
 */
export function compactValue(value: Json | undefined, maxWidth: number, context: ValueContext = {}): string {
  if (value === undefined) return NO_VALUE;
  if (isSecurityRuleValue(value)) return describeRules(value, ruleDirection(context.path), context.lang ?? 'en');
  return truncate(JSON.stringify(sanitizeJson(value)), maxWidth);
}

/** True when the value is shown whole whatever the width (it must wrap, not be cut, where it is shown). */
export function isWholeValue(value: Json | undefined): boolean {
  return isSecurityRuleValue(value);
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
