import { describe, expect, it } from 'vitest';
import type { FreezeWindow } from '../config/schema.js';
import { activeFreeze } from './freeze-windows.js';

const HOUR = 3_600_000;

function window(cron: string, hours: number, timezone = 'UTC', reason: string | null = null): FreezeWindow {
  return { cron, duration: `${hours}h`, durationMs: hours * HOUR, timezone, reason };
}

// Friday 18:00 for 62 hours: the weekend, until Monday 08:00.
const weekend = window('0 18 * * 5', 62, 'UTC', 'weekend');

describe('activeFreeze', () => {
  it.each([
    ['Friday 17:59', '2025-01-03T17:59:59.999Z', false],
    ['Friday 18:00 exactly (the window opens)', '2025-01-03T18:00:00.000Z', true],
    ['Saturday noon', '2025-01-04T12:00:00.000Z', true],
    ['Monday 07:59', '2025-01-06T07:59:59.999Z', true],
    ['Monday 08:00 exactly (the window has closed)', '2025-01-06T08:00:00.000Z', false],
    ['Wednesday', '2025-01-08T12:00:00.000Z', false],
  ])('%s → open: %s', (_name, iso, open) => {
    const active = activeFreeze([weekend], new Date(iso));
    expect(active !== undefined).toBe(open);
    if (active) {
      expect(active.openedAt.toISOString()).toBe('2025-01-03T18:00:00.000Z');
      expect(active.closesAt.toISOString()).toBe('2025-01-06T08:00:00.000Z');
      expect(active.window.reason).toBe('weekend');
    }
  });

  it('reads the cron in the window time zone', () => {
    // 18:00 in São Paulo (UTC-3 in January) is 21:00 UTC.
    const saoPaulo = window('0 18 * * 5', 2, 'America/Sao_Paulo');
    expect(activeFreeze([saoPaulo], new Date('2025-01-03T20:59:00.000Z'))).toBeUndefined();
    expect(activeFreeze([saoPaulo], new Date('2025-01-03T21:00:00.000Z'))?.closesAt.toISOString()).toBe('2025-01-03T23:00:00.000Z');
  });

  it('of several open windows, returns the one that closes last', () => {
    const daily = window('0 0 * * *', 12);
    const christmas = window('0 0 24 12 *', 48, 'UTC', 'christmas');
    const active = activeFreeze([daily, christmas], new Date('2025-12-24T06:00:00.000Z'));
    expect(active?.window.reason).toBe('christmas');
    expect(active?.closesAt.toISOString()).toBe('2025-12-26T00:00:00.000Z');
    expect(activeFreeze([daily, christmas], new Date('2025-12-27T06:00:00.000Z'))?.window).toBe(daily);
  });

  it('no windows, no freeze', () => {
    expect(activeFreeze([], new Date('2025-01-04T12:00:00.000Z'))).toBeUndefined();
  });
});
