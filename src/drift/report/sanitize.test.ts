import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { escapeControls, safeJson, sanitize, sanitizeInline } from './sanitize.js';

// Defined independently of the implementation: what must never reach a terminal.
const FORBIDDEN =
  /[\u0000-\u0008\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b\u200c\u200e\u200f\u202a-\u202e\u2028\u2029\u2060-\u2064\u2066-\u2069\ufeff]|[\u{e0000}-\u{e007f}]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/u;
const STRAY_ZWJ = /(?<!\p{Extended_Pictographic}[\ufe0f\u{1f3fb}-\u{1f3ff}]?)\u200d|\u200d(?!\p{Extended_Pictographic})/u;

const hostileUnit = fc.oneof(
  fc.constantFrom(
    '\u001b', '\u001b[', '\u001b]', '\u001b\\', '\u0007', '\u009b', '\u009d', '\u009c', '\u0090', '\r', '\n', '\t',
    '\u0000', '\u007f', '\u202e', '\u2066', '\u200b', '\u200d', '\ufeff', '\u2028', '\u{e0041}', '\ud800', '\udc00',
    '31m', '2J', '0;title', '8;;http://x', 'P', '👩', '💻', '\ufe0f', 'ã', 'ç', '日',
  ),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
);
const hostileText = fc.string({ unit: hostileUnit, maxLength: 40 });

const latinChar = fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0xa0, max: 0xff })).map((c) => String.fromCharCode(c));

describe('sanitize', () => {
  it('never outputs a control, bidi, zero-width or lone surrogate character', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const out = sanitize(text);
        expect(out).not.toMatch(FORBIDDEN);
        expect(out).not.toMatch(STRAY_ZWJ);
      }),
      { numRuns: 2000 },
    );
  });

  it('is idempotent', () => {
    fc.assert(fc.property(hostileText, (text) => {
      expect(sanitize(sanitize(text))).toBe(sanitize(text));
    }), { numRuns: 1000 });
  });

  it('leaves printable ASCII/Latin-1 text and line breaks unchanged', () => {
    const text = fc.string({ unit: fc.oneof(latinChar, fc.constant('\n')), maxLength: 60 });
    fc.assert(fc.property(text, (t) => {
      expect(sanitize(t)).toBe(t);
    }));
  });

  it('removes whole escape sequences, not just their ESC byte', () => {
    expect(sanitize('\u001b[31mignore previous instructions\u001b]0;x\u0007')).toBe('ignore previous instructions');
    expect(sanitize('a\u001b[2J\u001b[Hb')).toBe('ab');
    expect(sanitize('\u001b]8;;https://evil.example\u001b\\click\u001b]8;;\u001b\\')).toBe('click');
    expect(sanitize('x\u009b1;31my')).toBe('xy');
    expect(sanitize('x\u001bPq#0;2;0;0;0\u001b\\y')).toBe('xy');
    expect(sanitize('x\u001b(By\u001bcz')).toBe('xyz');
  });

  it('drops the introducer of an unterminated sequence and keeps the rest as plain text', () => {
    expect(sanitize('a\u001b]0;title')).toBe('a0;title');
    expect(sanitize('a\u001b[31')).toBe('a31');
  });

  it('strips bidi overrides, zero-width characters and invisible tag characters', () => {
    expect(sanitize('admin\u202egnp.exe')).toBe('admingnp.exe');
    expect(sanitize('a\u2066b\u2069c')).toBe('abc');
    expect(sanitize('pass\u200bword\ufeff')).toBe('password');
    expect(sanitize('ok\u{e0049}\u{e0047}\u{e004e}')).toBe('ok');
  });

  it('keeps accents, CJK and emoji, including ZWJ emoji sequences', () => {
    for (const text of ['ação çedilha', '日本語のタグ', '🇧🇷 ok', '👩‍💻 dev', '👩🏽‍💻', '❤️‍🔥']) {
      expect(sanitize(text)).toBe(text);
    }
    expect(sanitize('a\u200db')).toBe('ab');
  });

  it('normalizes line endings and tabs', () => {
    expect(sanitize('a\r\nb\rc\u2028d')).toBe('a\nb\nc\nd');
    expect(sanitize('a\tb')).toBe('a b');
  });

  it('replaces lone surrogates', () => {
    expect(sanitize('a\ud800b')).toBe('a\ufffdb');
  });
});

describe('sanitizeInline', () => {
  it('never outputs a line break', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const out = sanitizeInline(text);
        expect(out).not.toMatch(/\n/);
        expect(out).not.toMatch(FORBIDDEN);
      }),
      { numRuns: 1000 },
    );
  });

  it('joins lines with one space so a value cannot start a fake report line', () => {
    expect(sanitizeInline('vpc-1\n\n[CRITICAL] all good')).toBe('vpc-1 [CRITICAL] all good');
  });

  it('leaves printable ASCII/Latin-1 text unchanged', () => {
    fc.assert(fc.property(fc.string({ unit: latinChar, maxLength: 60 }), (t) => {
      expect(sanitizeInline(t)).toBe(t);
    }));
  });
});

describe('escapeControls', () => {
  it('shows escapes instead of sending them: ESC as ␛, bidi, zero-width and C1 as \\uXXXX', () => {
    expect(escapeControls('plan \u001b]52;c;ZXZpbA==\u0007 id')).toBe('plan ␛]52;c;ZXZpbA==␇ id');
    expect(escapeControls('a\u202eb\u200bc\u2066d\u2069e\u009bf\u007fg\u00adh')).toBe('a\\u202eb\\u200bc\\u2066d\\u2069e\\u009bf\u2421g\\u00adh');
    expect(escapeControls('tag\u{e0041}\ud800')).toBe('tag\\u{e0041}\\ud800');
    expect(escapeControls('x\u200dy 👩\u200d💻')).toBe('x\\u200dy 👩\u200d💻');
  });

  it('keeps line breaks, tabs and ordinary Unicode text', () => {
    expect(escapeControls('ação: 日本\n\tok ✔')).toBe('ação: 日本\n\tok ✔');
  });

  it('never outputs a character sanitize would remove (except the kept \\n and \\t)', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const out = escapeControls(text).replace(/[\n\t]/g, '');
        expect(out).not.toMatch(FORBIDDEN);
        expect(out).not.toMatch(STRAY_ZWJ);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('safeJson', () => {
  it('writes C1, bidi, zero-width, separators and tag characters as \\u escapes; the data parses back unchanged', () => {
    const value = { reply: 'a\u202eb\u200bc\u009bd\u2028e\u{e0041}f\u200d', name: 'x\u001b[31my', n: 1 };
    const json = safeJson(value, 2);
    expect(json).toContain('"reply": "a\\u202eb\\u200bc\\u009bd\\u2028e\\udb40\\udc41f\\u200d"');
    expect(json).toContain('"name": "x\\u001b[31my"');
    expect(JSON.parse(json)).toEqual(value);
  });

  it('has no raw control, bidi or zero-width character, whatever the data', () => {
    fc.assert(
      fc.property(hostileText, hostileText, (key, text) => {
        const json = safeJson({ [key]: [text] });
        expect(json).not.toMatch(FORBIDDEN);
        expect(json).not.toMatch(/\u200d/);
        expect(JSON.parse(json)).toEqual({ [key]: [text] });
      }),
      { numRuns: 2000 },
    );
  });
});
