import { describe, expect, test } from 'vitest';
import { parseDuration } from './duration.js';

describe('parseDuration', () => {
  test.each([
    ['90s', 90_000],
    ['30m', 1_800_000],
    ['6h', 21_600_000],
    ['1d', 86_400_000],
    ['250ms', 250],
    ['1h30m', 5_400_000],
    [' 6h ', 21_600_000],
  ])('%j is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  test.each(['', '6', 'h', '6 h', '-1h', '1.5h', '6H', '6hours', 'abc'])('%j is rejected with the accepted forms', (text) => {
    expect(() => parseDuration(text)).toThrow(
      new RangeError(`${JSON.stringify(text)} is not a duration: use a whole number followed by ms, s, m, h or d, e.g. 90s, 30m, 6h, 1d`),
    );
  });

  test('zero is rejected because a watch loop needs a pause', () => {
    expect(() => parseDuration('0s')).toThrow('"0s" is not a duration: it must be longer than zero');
  });
});
