import { describe, expect, it } from 'vitest';
import { SETTLE_MS, TypeAheadGuard } from './type-ahead.js';

describe('TypeAheadGuard', () => {
  it('takes a single key pressed after the settle time, with the keyboard quiet before it', () => {
    const guard = new TypeAheadGuard(1_000, 0);
    expect(guard.take('y', 1_000 + SETTLE_MS)).toEqual({ accepted: true });
    expect(guard.ignored).toBe('');
  });

  it('drops a key pressed before the dialog settled', () => {
    const guard = new TypeAheadGuard(1_000, undefined);
    expect(guard.take('y', 1_000 + SETTLE_MS - 1)).toEqual({ accepted: false, reason: 'too_soon' });
    expect(guard.ignored).toBe('y');
  });

  it('drops a chunk of several characters at any time (a paste, or buffered type-ahead); one emoji is one key', () => {
    const guard = new TypeAheadGuard(0, undefined);
    expect(guard.take('yes', 10_000)).toEqual({ accepted: false, reason: 'paste' });
    expect(guard.take('👍', 20_000)).toEqual({ accepted: true });
  });

  it('drops keys while typing goes on, from before the dialog or within it, until the keyboard was quiet', () => {
    const guard = new TypeAheadGuard(0, -100);
    expect(guard.take('y', SETTLE_MS + 50)).toEqual({ accepted: true }); // quiet for SETTLE_MS + 150 ms
    const typing = new TypeAheadGuard(0, SETTLE_MS - 10);
    expect(typing.take('o', SETTLE_MS + 100)).toEqual({ accepted: false, reason: 'still_typing' });
    expect(typing.take('y', SETTLE_MS + 250)).toEqual({ accepted: false, reason: 'still_typing' });
    expect(typing.take('y', SETTLE_MS + 250 + SETTLE_MS)).toEqual({ accepted: true });
    expect(typing.ignored).toBe('oy');
  });

  it('shows Enter as typed, not as an answer', () => {
    const guard = new TypeAheadGuard(0, undefined);
    guard.take('\r', 1, '⏎');
    expect(guard.ignored).toBe('⏎');
  });
});
