// Values written into phase files by reverse sync, as YAML source text. Live values come from AWS and
// may hold anything (the demo has a tag full of terminal escapes): every string is written so that the
// file still parses and holds exactly that string, and plain style is used only where YAML 1.1 and 1.2
// readers both read it back as the same string. Pure.
import { parseDocument } from 'yaml';
import type { Json } from './model.js';

/** A CloudFormation intrinsic to write instead of a literal (`!Ref Vpc`, `!GetAtt Sg.GroupId`). */
export interface YamlIntrinsic {
  intrinsic: 'Ref' | 'GetAtt';
  target: string;
}

/** A value to write: JSON, with intrinsics wherever a literal id was replaced by a reference. */
export type YamlValue = null | boolean | number | string | YamlIntrinsic | YamlValue[] | { [key: string]: YamlValue };

export type ScalarStyle = 'PLAIN' | 'QUOTE_DOUBLE' | 'QUOTE_SINGLE';

/** `flow`: inside `[…]` or `{…}`, where `,[]{}` end a plain scalar. */
export type YamlContext = 'block' | 'flow';

export function isYamlIntrinsic(value: unknown): value is YamlIntrinsic {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    typeof (value as YamlIntrinsic).intrinsic === 'string' &&
    typeof (value as YamlIntrinsic).target === 'string' &&
    Object.keys(value).length === 2
  );
}

/** The value without intrinsics, for comparisons and reports (an intrinsic shows as its YAML text). */
export function toJson(value: YamlValue): Json {
  if (isYamlIntrinsic(value)) return renderIntrinsic(value);
  if (Array.isArray(value)) return value.map(toJson);
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: Json } = {};
    for (const [k, v] of Object.entries(value)) out[k] = toJson(v);
    return out;
  }
  return value;
}

// YAML 1.1 readers (CloudFormation's own, PyYAML-based linters) read these plain scalars as non-strings.
const YAML11_BOOLEAN = /^(?:y|yes|n|no|on|off|true|false)$/i;
const YAML11_NUMBER = /^[-+]?(?:\d[\d_]*(?::[0-5]?\d)+(?:\.\d*)?|0b[01_]+|0x[\da-f_]+|0o?[0-7_]+|(?:\d[\d_]*)?\.?\d[\d_]*(?:e[-+]?\d+)?|\.(?:inf|nan))$/i;
const INDICATOR_START = /^[-?:,[\]{}#&*!|>'"%@`]/;

/**
 * Characters written as escapes: those YAML does not allow raw (controls, DEL, C1, lone surrogates, U+FFFE/F)
 * and those a reviewer cannot see in a diff (zero-width, bidi controls, line/paragraph separators, BOM,
 * Unicode tag characters), which could hide what a pull request really changes.
 */
function needsEscape(cp: number): boolean {
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return true;
  if (cp >= 0xd800 && cp <= 0xdfff) return true;
  if (cp === 0xfffe || cp === 0xffff || cp === 0xfeff) return true;
  if (cp === 0x061c || (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x2028 && cp <= 0x202e)) return true;
  if ((cp >= 0x2060 && cp <= 0x2064) || (cp >= 0x2066 && cp <= 0x2069)) return true;
  return cp >= 0xe0000 && cp <= 0xe007f;
}

function allVisible(text: string): boolean {
  for (const ch of text) if (needsEscape(ch.codePointAt(0) as number)) return false;
  return true;
}

function plainIsSafe(text: string, context: YamlContext): boolean {
  if (text === '' || text !== text.trim() || !allVisible(text)) return false;
  if (INDICATOR_START.test(text) || text.includes(': ') || text.includes(' #') || text.endsWith(':')) return false;
  if (YAML11_BOOLEAN.test(text) || YAML11_NUMBER.test(text) || /^(?:null|~)$/i.test(text)) return false;
  // Times and ranges of them (`05:00-06:00`) read as strings, but look like numbers to people and to
  // older parsers' timestamp rules: quoted, as the phase files write them.
  if (/^\d[\d:.+-]*$/.test(text) && text.includes(':')) return false;
  if (context === 'flow' && /[,[\]{}]/.test(text)) return false;
  // The parser has the last word: the text must come back as this very string, with no error.
  const probe = parseDocument(context === 'flow' ? `[${text}]` : text);
  if (probe.errors.length > 0 || probe.warnings.length > 0) return false;
  const value = probe.toJS() as unknown;
  return context === 'flow' ? Array.isArray(value) && value.length === 1 && value[0] === text : value === text;
}

const NAMED_ESCAPES: Record<string, string> = {
  '"': '\\"', '\\': '\\\\', '\n': '\\n', '\t': '\\t', '\r': '\\r', '\x1b': '\\e', '\0': '\\0', '\x07': '\\a',
  '\b': '\\b', '\f': '\\f', '\v': '\\v',
};

/** A double-quoted YAML scalar holding exactly `text`; non-printable characters become escapes. */
export function doubleQuoted(text: string): string {
  let out = '"';
  for (const ch of text) {
    const named = NAMED_ESCAPES[ch];
    if (named !== undefined) {
      out += named;
      continue;
    }
    const cp = ch.codePointAt(0) as number;
    if (!needsEscape(cp)) out += ch;
    else if (cp <= 0xff) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (cp <= 0xffff) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += `\\U${cp.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}

/**
 * A scalar as YAML source. `preferred` is the style of the value being replaced, so an edit keeps the
 * file's quoting; it yields to a safer style when the new text cannot be written in it.
 */
export function renderScalar(value: null | boolean | number | string, context: YamlContext, preferred: ScalarStyle = 'PLAIN'): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : doubleQuoted(String(value));
  if (preferred === 'QUOTE_DOUBLE') return doubleQuoted(value);
  if (preferred === 'QUOTE_SINGLE') return allVisible(value) ? `'${value.replace(/'/g, "''")}'` : doubleQuoted(value);
  return plainIsSafe(value, context) ? value : doubleQuoted(value);
}

export function renderIntrinsic(value: YamlIntrinsic): string {
  return `!${value.intrinsic} ${value.target}`;
}

function renderKey(key: string): string {
  return renderScalar(key, 'flow');
}

/** One-line YAML (`{ Key: Owner, Value: team }`, `[a, b]`): valid in block and flow context alike. */
export function renderFlow(value: YamlValue): string {
  if (isYamlIntrinsic(value)) return renderIntrinsic(value);
  if (Array.isArray(value)) return value.length === 0 ? '[]' : `[${value.map(renderFlow).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    return `{ ${entries.map(([k, v]) => `${renderKey(k)}: ${renderFlow(v)}`).join(', ')} }`;
  }
  return renderScalar(value, 'flow');
}

function isFlat(value: YamlValue): boolean {
  if (value === null || typeof value !== 'object' || isYamlIntrinsic(value)) return true;
  return false;
}

// Tags and rules read best one per line, as the phase files write them; longer elements go block style.
const FLOW_ELEMENT_WIDTH = 110;

/**
 * A mapping entry in block style at `indent` spaces: `Key: value`, nested mappings and lists indented
 * below. Lists of small flat mappings use one flow mapping per line.
 */
export function renderBlockEntry(key: string, value: YamlValue, indent: number): string[] {
  const pad = ' '.repeat(indent);
  const head = `${pad}${renderKey(key)}:`;
  if (isFlat(value)) return [`${head} ${renderFlowOrScalar(value)}`];
  if (Array.isArray(value)) {
    if (value.length === 0) return [`${head} []`];
    // One style for the whole list: rules or tags read as a table only when every line looks alike.
    const style = value.every((element) => fitsFlow(element, indent + 2)) ? 'flow' : 'block';
    return [head, ...value.flatMap((element) => renderBlockElement(element, indent + 2, style))];
  }
  const entries = Object.entries(value as { [key: string]: YamlValue });
  if (entries.length === 0) return [`${head} {}`];
  return [head, ...entries.flatMap(([k, v]) => renderBlockEntry(k, v, indent + 2))];
}

function renderFlowOrScalar(value: YamlValue): string {
  if (isYamlIntrinsic(value)) return renderIntrinsic(value);
  if (value === null || typeof value !== 'object') return renderScalar(value, 'block');
  return renderFlow(value);
}

function fitsFlow(element: YamlValue, indent: number): boolean {
  if (isFlat(element)) return true;
  const values = Array.isArray(element) ? element : Object.values(element as object);
  return values.every((v) => isFlat(v as YamlValue)) && indent + renderFlow(element).length + 2 <= FLOW_ELEMENT_WIDTH;
}

/** One list element in block style: `- value`, with `-` at `indent` spaces. */
export function renderBlockElement(element: YamlValue, indent: number, style: 'auto' | 'flow' | 'block' = 'auto'): string[] {
  const pad = ' '.repeat(indent);
  if (isFlat(element)) return [`${pad}- ${renderFlowOrScalar(element)}`];
  const flow = renderFlow(element);
  if (style === 'flow' || (style === 'auto' && fitsFlow(element, indent)) || Array.isArray(element)) return [`${pad}- ${flow}`];
  const lines = Object.entries(element as { [key: string]: YamlValue }).flatMap(([k, v]) => renderBlockEntry(k, v, indent + 2));
  if (lines.length === 0) return [`${pad}- {}`];
  const first = lines[0] as string;
  return [`${pad}- ${first.slice(indent + 2)}`, ...lines.slice(1)];
}
