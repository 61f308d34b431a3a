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
