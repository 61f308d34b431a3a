// The conversation is built before the screen exists, but only the screen can ask the human. The
// bridge is the conversation's `confirm` callback: it forwards each request to the dialog the App
// attached, and answers "no" when no dialog is attached or the turn is cancelled. It never says yes
// on its own: only a key pressed in the dialog resolves a request with "yes".
import type { ConfirmAnswer, ConfirmFn, ConfirmationRequest } from '../agent/events.js';

export type ConfirmHandler = (request: ConfirmationRequest, answer: (value: ConfirmAnswer) => void, signal: AbortSignal) => void;

export interface ConfirmBridge {
  /** Give this to the conversation as its `confirm` option. */
  readonly confirm: ConfirmFn;
  /** The dialog registers here; the returned function detaches it. */
  attach(handler: ConfirmHandler): () => void;
}

export function createConfirmBridge(): ConfirmBridge {
  let handler: ConfirmHandler | undefined;
  const confirm: ConfirmFn = (request, signal) =>
    new Promise<ConfirmAnswer>((resolve) => {
      let settled = false;
      const settle = (value: ConfirmAnswer): void => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      };
      const onAbort = (): void => settle('no');
      if (signal.aborted || handler === undefined) {
        settle('no');
        return;
      }
      signal.addEventListener('abort', onAbort, { once: true });
      handler(request, settle, signal);
    });
  return {
    confirm,
    attach(next) {
      handler = next;
      return () => {
        if (handler === next) handler = undefined;
      };
    },
  };
}
