import { describe, expect, it } from 'vitest';
import { displayWidth, truncate } from './width.js';

describe('displayWidth', () => {
  it('counts wide characters as two columns and combining marks as none', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('日本')).toBe(4);
    expect(displayWidth('👍')).toBe(2);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(displayWidth('ação')).toBe(4);
  });
});

describe('truncate', () => {
  it('returns text that fits unchanged', () => {
    expect(truncate('abcdef', 6)).toBe('abcdef');
  });

  it('cuts to the width including the ellipsis, never splitting a wide character', () => {
    expect(truncate('abcdefgh', 5)).toBe('abcd…');
    expect(truncate('日本語', 4)).toBe('日…');
    expect(truncate('😀😀😀', 4)).toBe('😀…');
    expect(truncate('abc', 0)).toBe('');
  });
});
