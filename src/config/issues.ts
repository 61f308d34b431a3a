// Turns zod issues into messages a person can act on: the bad value, and what is allowed instead.
// Allowed keys come from the schema itself, so messages never drift from what is accepted.

import type { z } from 'zod';
import { didYouMean } from '../drift/spec.js';

export type IssuePath = ReadonlyArray<PropertyKey>;

export interface IssueMessage {
  /** Path of the key the message is about (for an unknown key: the key itself). */
  path: IssuePath;
  /** True when `path` names a key that should be pointed at, not its value. */
  atKey: boolean;
  message: string;
}

interface SchemaDef {
  type: string;
  innerType?: unknown;
  in?: unknown;
  shape?: Record<string, unknown>;
  element?: unknown;
}

function defOf(schema: unknown): SchemaDef {
  return (schema as { _zod: { def: SchemaDef } })._zod.def;
}

// Wrappers that do not change which keys are accepted.
function unwrap(schema: unknown): unknown {
  let current = schema;
  for (;;) {
    const def = defOf(current);
    if (def.innerType !== undefined) current = def.innerType;
    else if (def.type === 'pipe' && def.in !== undefined) current = def.in;
    else return current;
  }
}

/** Keys accepted by the object schema at `path`, in declaration order. */
export function allowedKeysAt(schema: z.ZodType, path: IssuePath): string[] {
  let current: unknown = unwrap(schema);
  for (const segment of path) {
    const def = defOf(current);
    if (def.type === 'object' && def.shape !== undefined) current = unwrap(def.shape[String(segment)]);
    else if (def.type === 'array' && def.element !== undefined) current = unwrap(def.element);
    else return [];
    if (current === undefined) return [];
  }
  const def = defOf(current);
  return def.type === 'object' && def.shape !== undefined ? Object.keys(def.shape) : [];
}

export function valueAt(root: unknown, path: IssuePath): unknown {
  let current = root;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

/** `drift.rules[0].severity` */
export function formatPath(path: IssuePath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out;
}

export function formatValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'a list';
  if (value !== null && typeof value === 'object') return 'a mapping';
  return String(value);
}

const EXPECTED: Record<string, string> = {
  boolean: 'true or false',
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  object: 'a mapping of keys',
  array: 'a list',
};

function invalidType(expected: string, value: unknown): string {
  const wanted = EXPECTED[expected] ?? expected;
  if (value === undefined) return `missing: expected ${wanted}`;
  // YAML reads `value: 123` as a number; quoting is the usual fix.
  const hint = expected === 'string' && (typeof value === 'number' || typeof value === 'boolean') ? ' (quote it)' : '';
  return `expected ${wanted}, got ${formatValue(value)}${hint}`;
}

export function describeIssues(schema: z.ZodType, input: unknown, issues: readonly z.core.$ZodIssue[]): IssueMessage[] {
  const messages: IssueMessage[] = [];
  for (const issue of issues) {
    const value = valueAt(input, issue.path);
    switch (issue.code) {
      case 'unrecognized_keys': {
        const allowed = allowedKeysAt(schema, issue.path);
        for (const key of issue.keys) {
          const guess = didYouMean(key, allowed);
          const suggestion = guess === undefined ? '' : ` (did you mean "${guess}"?)`;
          messages.push({
            path: [...issue.path, key],
            atKey: true,
            message: `unknown key${suggestion}; allowed keys: ${allowed.join('|')}`,
          });
        }
        break;
      }
      case 'invalid_value': {
        const allowed = issue.values.map(String).join('|');
        const message =
          value === undefined ? `missing: expected one of ${allowed}` : `${formatValue(value)} is not one of ${allowed}`;
        messages.push({ path: issue.path, atKey: false, message });
        break;
      }
      case 'invalid_type':
        messages.push({ path: issue.path, atKey: false, message: invalidType(issue.expected, value) });
        break;
      case 'too_small': {
        const message =
          issue.origin === 'string'
            ? 'must not be empty'
            : `${formatValue(value)} is below the minimum ${String(issue.minimum)}`;
        messages.push({ path: issue.path, atKey: false, message });
        break;
      }
      default:
        messages.push({ path: issue.path, atKey: false, message: issue.message });
    }
  }
  return messages;
}
