import { describe, expect, it } from 'vitest';
import type { ConfirmationRequest } from '../agent/events.js';
import { createConfirmBridge } from './confirm-bridge.js';

const request: ConfirmationRequest = { callId: 'c1', tool: 'heal_drift', plan: { kind: 'heal', planId: 'ab12', actions: [], skipped: [] } };

describe('confirm bridge', () => {
  it('answers no when no dialog is attached: nothing is approved by default', async () => {
    const bridge = createConfirmBridge();
    await expect(bridge.confirm(request, new AbortController().signal)).resolves.toBe('no');
  });

  it('passes the request to the attached dialog and resolves with its answer, once', async () => {
    const bridge = createConfirmBridge();
    const seen: ConfirmationRequest[] = [];
    bridge.attach((r, answer) => {
      seen.push(r);
      answer('yes');
      answer('no');
    });
    await expect(bridge.confirm(request, new AbortController().signal)).resolves.toBe('yes');
    expect(seen).toEqual([request]);
  });

  it('answers no when the turn is cancelled while the dialog is open', async () => {
    const bridge = createConfirmBridge();
    let late: ((a: 'yes' | 'no') => void) | undefined;
    bridge.attach((_r, answer) => {
      late = answer;
    });
    const controller = new AbortController();
    const pending = bridge.confirm(request, controller.signal);
    controller.abort();
    late?.('yes');
    await expect(pending).resolves.toBe('no');
  });

  it('a detached dialog no longer receives requests', async () => {
    const bridge = createConfirmBridge();
    const detach = bridge.attach((_r, answer) => answer('yes'));
    detach();
    await expect(bridge.confirm(request, new AbortController().signal)).resolves.toBe('no');
  });
});
