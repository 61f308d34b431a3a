import { describe, expect, it } from 'vitest';
import { emptyHistory, MAX_HISTORY, newer, older, remember } from './input-history.js';

describe('input history', () => {
  const h = remember(remember(remember(emptyHistory, 'one'), 'two'), 'three');

  it('↑ walks back from the newest line, ↓ returns to the draft', () => {
    const a = older(h, 'draft');
    expect(a?.text).toBe('three');
    const b = older(a!.history, 'three');
    expect(b?.text).toBe('two');
    const c = older(b!.history, 'two');
    expect(c?.text).toBe('one');
    expect(older(c!.history, 'one')).toBeUndefined();
    const d = newer(c!.history);
    expect(d?.text).toBe('two');
    const e = newer(newer(d!.history)!.history);
    expect(e?.text).toBe('draft');
    expect(e?.history.index).toBeNull();
    expect(newer(e!.history)).toBeUndefined();
  });

  it('skips blank lines and an immediate repeat, and keeps the newest MAX_HISTORY lines', () => {
    expect(remember(h, '  ').entries).toEqual(['one', 'two', 'three']);
    expect(remember(h, 'three').entries).toEqual(['one', 'two', 'three']);
    let big = emptyHistory;
    for (let i = 0; i < MAX_HISTORY + 5; i++) big = remember(big, `l${i}`);
    expect(big.entries).toHaveLength(MAX_HISTORY);
    expect(big.entries[0]).toBe('l5');
  });

  it('↑ with no history does nothing', () => {
    expect(older(emptyHistory, 'x')).toBeUndefined();
  });
});
