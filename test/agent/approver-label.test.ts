// The heal journal names who approved: the chat, --yes or --approve, never one for another.
import { describe, expect, it } from 'vitest';
import { approverLabel } from '../../src/tools/engine-adapter.js';

describe('approverLabel', () => {
  it.each([
    ['user', 'chat confirmation'],
    ['flag:--yes', 'chat, --yes'],
    ['flag:--approve', 'chat, --approve'],
  ] as const)('%s → (%s)', (approvedBy, label) => {
    expect(approverLabel({ planId: 'p', approvedBy, approvedAt: '2026-03-01T12:00:00.000Z' })).toMatch(new RegExp(`^.+@.+ \\(${label.replace(/[-]/g, '\\-')}\\)$`));
  });
});
