// AWS-provided strings (names, tag values, error messages) are untrusted: printed raw, they could
// recolour or clear the terminal, set its title, hide text with bidi overrides or smuggle invisible
// instructions to an LLM reading the output. Everything shown to a human or a model passes through here.

// Whole escape sequences go first, so their parameters ("31m", "0;title") do not leak into the text.
// Each pattern only spans characters that cannot start another sequence, so matching stays linear.
const ESCAPE_SEQUENCES = new RegExp(
  [
    // OSC (title, hyperlinks, clipboard): ESC ] or 8-bit OSC, up to BEL or ST.
    String.raw`(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)`,
    // DCS, SOS, PM, APC: string sequences ended by ST (BEL accepted, as xterm does).
    String.raw`(?:\x1b[PX^_]|[\x90\x98\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)`,
    // CSI (colours, cursor moves, screen clears): parameters, intermediates, final byte.
    String.raw`(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]`,
    // nF escapes (charset selection such as ESC ( B).
    String.raw`\x1b[\x20-\x2f]+[\x30-\x7e]`,
    // Two-character escapes (ESC 7, ESC c = full reset, ESC M …).
    String.raw`\x1b[\x30-\x7e]`,
  ].join('|'),
  'g',
);

// Characters never shown, whatever is left after the sequences are gone:
// C0 controls except \n and \t (handled below), DEL, C1 controls, bidi embeddings/overrides/isolates
// and marks, zero-width characters, the BOM, and the invisible Unicode "tag" block used for
// ASCII smuggling. ZWJ (U+200D) is handled separately so emoji sequences survive.
const INVISIBLE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b\u200c\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u{e0000}-\u{e007f}]/gu;

// A lone surrogate renders as garbage and breaks some terminals' width accounting.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

// ZWJ joins emoji into one glyph (👩‍💻); anywhere else it is only a way to hide things.
const STRAY_ZWJ = /(?<!\p{Extended_Pictographic}[\ufe0f\u{1f3fb}-\u{1f3ff}]?)\u200d|\u200d(?!\p{Extended_Pictographic})/gu;

/**
 * Removes terminal control characters and escape sequences, bidi controls and zero-width characters.
 * Keeps line breaks (`\n`; `\r\n` and the Unicode line/paragraph separators become `\n`) and turns tabs
 * into a space. Ordinary Unicode text (accents, CJK, emoji) is unchanged.
 */
export function sanitize(text: string): string {
  return text
    .replace(LONE_SURROGATE, '\ufffd')
    .replace(/\r\n?|[\u2028\u2029]/g, '\n')
    .replace(ESCAPE_SEQUENCES, '')
    .replace(/\t/g, ' ')
    .replace(INVISIBLE, '')
    .replace(STRAY_ZWJ, '');
}

/**
 * `sanitize` for one-line fields (names, values, single-line messages): line breaks become a single
 * space, so an attacker cannot start a fake report line.
 */
export function sanitizeInline(text: string): string {
  return sanitize(text).replace(/\n+/g, ' ');
}

// What `escapeControls` and `safeJson` make visible instead of removing: the same characters as
// INVISIBLE and LONE_SURROGATE above, plus the line/paragraph separators, the soft hyphen and other
// characters that render as nothing. `\n` and `\t` are ordinary text here.
const UNSAFE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u061c\u180e\u200b\u200c\u200e\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb\u{e0000}-\u{e007f}\ud800-\udfff]/gu;

const hex4 = (unit: number): string => `\\u${unit.toString(16).padStart(4, '0')}`;

/** One unsafe code point as text a person can read: C0 as its control picture (ESC → ␛), the rest as `\uXXXX`. */
function visible(char: string): string {
  const code = char.codePointAt(0) as number;
  if (code < 0x20) return String.fromCodePoint(0x2400 + code);
  if (code === 0x7f) return '\u2421';
  return code > 0xffff ? `\\u{${code.toString(16)}}` : hex4(code);
}

/**
 * For text that did not come from ialctl and is shown so the user can see exactly what it was (an
 * argument they typed, a file name, a model's tool name): every control, bidi, zero-width or lone
 * surrogate character becomes a visible escape (`␛`, `\u202e`), so nothing is hidden and nothing
 * reaches the terminal as a command. Keeps `\n` and `\t`; a ZWJ inside an emoji sequence stays.
 */
export function escapeControls(text: string): string {
  return text.replace(UNSAFE, visible).replace(STRAY_ZWJ, visible);
}

// JSON.stringify already escapes C0 controls and lone surrogates; these it leaves raw.
const RAW_IN_JSON = /[\x7f-\x9f\xad\u061c\u180e\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb\u{e0000}-\u{e007f}]/gu;

/**
 * JSON.stringify, with every character a terminal would act on or hide written as a `\uXXXX` escape
 * (UTF-16 units, as JSON spells astral characters). The data is unchanged for any JSON parser; printed
 * to a terminal, it is inert. Outside strings JSON is ASCII, so the replacement only touches strings.
 */
export function safeJson(value: unknown, space?: number): string {
  const json = JSON.stringify(value, null, space);
  return json.replace(RAW_IN_JSON, (char) => (char.length === 2 ? hex4(char.charCodeAt(0)) + hex4(char.charCodeAt(1)) : hex4(char.charCodeAt(0))));
}

/** `escapeControls` for one-line fields (a tool name, an argument): line breaks shown as ␤, tabs as a space. */
export function escapeControlsInline(text: string): string {
  return escapeControls(text).replace(/\n/g, '\u2424').replace(/\t/g, ' ');
}
