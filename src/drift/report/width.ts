// Terminal column arithmetic for already-sanitized, uncoloured text. Emoji and East Asian wide
// characters take two columns and combining marks none; counting UTF-16 units instead would let
// long AWS values (tag values in Japanese, emoji in names) overflow the operator's terminal.

const ZERO_WIDTH = /^[\p{Mn}\p{Me}\u200d\ufe00-\ufe0f\u{1f3fb}-\u{1f3ff}]$/u;
const WIDE = /^[\p{Emoji_Presentation}\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]$/u;

function charWidth(char: string): number {
  if (ZERO_WIDTH.test(char)) return 0;
  return WIDE.test(char) ? 2 : 1;
}

export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += charWidth(char);
  return width;
}

const ELLIPSIS = '…';

/** Cuts `text` to at most `maxWidth` columns, ending with `…` when something was cut. */
export function truncate(text: string, maxWidth: number): string {
  if (displayWidth(text) <= maxWidth) return text;
  if (maxWidth <= 0) return '';
  let out = '';
  let width = 0;
  for (const char of text) {
    const w = charWidth(char);
    if (width + w > maxWidth - 1) break;
    out += char;
    width += w;
  }
  return out + ELLIPSIS;
}
