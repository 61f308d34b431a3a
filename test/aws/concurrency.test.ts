import { describe, expect, it } from 'vitest';
import { chunk, mapWithLimit } from '../../src/aws/concurrency.js';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('mapWithLimit', () => {
  it('keeps at most `limit` calls in flight and the results in input order', async () => {
    let inFlight = 0;
    let peak = 0;
    const out = await mapWithLimit([5, 1, 4, 2, 3, 1, 2], 3, async (n) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await tick(n * 3);
      inFlight--;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30, 10, 20]);
    expect(peak).toBe(3);
  });

  it('rejects with the first failure and starts no new work', async () => {
    const started: number[] = [];
    await expect(
      mapWithLimit([1, 2, 3, 4, 5], 1, async (n) => {
        started.push(n);
        if (n === 2) throw new Error('boom');
        return n;
      }),
    ).rejects.toThrow('boom');
    expect(started).toEqual([1, 2]);
  });

  it('handles no items and refuses a limit below 1', async () => {
    expect(await mapWithLimit([], 4, async () => 1)).toEqual([]);
    await expect(mapWithLimit([1], 0, async () => 1)).rejects.toThrow('concurrency limit must be a positive integer, got 0');
  });
});

describe('chunk', () => {
  it('splits into batches of at most `size`', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([], 10)).toEqual([]);
  });
});
