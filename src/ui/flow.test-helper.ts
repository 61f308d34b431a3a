// Shared by the chat's flow tests: a real Conversation (offline assistant) over the demo engine, with
// the engine calls recorded, and a poll for what the screen shows.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Conversation } from '../agent/conversation.js';
import { loadConfig } from '../config/index.js';
import type { Lang } from '../i18n/index.js';
import { createEngineAdapter } from '../tools/engine-adapter.js';
import type { Approval, EnginePort } from '../tools/engine-port.js';
import { createConfirmBridge, type ConfirmBridge } from './confirm-bridge.js';

export interface DemoChat {
  conversation: Conversation;
  bridge: ConfirmBridge;
  engine: EnginePort;
  /** Every apply the engine received, in order. */
  applied: { kind: 'heal' | 'sync'; planId: string; approval: Approval }[];
  close(): void;
}

export interface DemoChatOptions {
  lang?: Lang;
  /** Wraps the demo engine's check (e.g. to make it slow). */
  checkDrift?: (inner: EnginePort['checkDrift'], signal?: AbortSignal) => ReturnType<EnginePort['checkDrift']>;
}

export function demoChat(options: DemoChatOptions = {}): DemoChat {
  const cwd = mkdtempSync(path.join(tmpdir(), 'ialctl-ui-'));
  const config = loadConfig({ env: {}, cwd });
  const inner = createEngineAdapter({
    cwd,
    parameterOverrides: {},
    config,
    source: { kind: 'demo' },
    now: () => new Date('2026-11-26T12:00:00Z'),
    env: {},
    lang: options.lang ?? 'pt',
  });
  const applied: DemoChat['applied'] = [];
  const engine: EnginePort = {
    ...inner,
    checkDrift: (signal) => (options.checkDrift ? options.checkDrift((s) => inner.checkDrift(s), signal) : inner.checkDrift(signal)),
    applyHeal: (planId, approval, signal) => {
      applied.push({ kind: 'heal', planId, approval });
      return inner.applyHeal(planId, approval, signal);
    },
    applySync: (planId, approval, signal) => {
      applied.push({ kind: 'sync', planId, approval });
      return inner.applySync(planId, approval, signal);
    },
  };
  const bridge = createConfirmBridge();
  const conversation = new Conversation({ engine, fallbackLang: options.lang ?? 'pt', confirm: bridge.confirm });
  return {
    conversation,
    bridge,
    engine,
    applied,
    close() {
      inner.close();
      rmSync(cwd, { recursive: true, force: true });
    },
  };
}

/** Polls `read()` until `predicate` holds; fails with the last frame so the test says what it saw. */
export async function waitFor(read: () => string | undefined, predicate: (frame: string) => boolean, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let frame = read() ?? '';
  while (!predicate(frame)) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs}ms; the screen showed:\n${frame}`);
    await new Promise((r) => setTimeout(r, 20));
    frame = read() ?? '';
  }
  return frame;
}

/** Lets Ink subscribe its input handlers (they attach in effects after a render). */
export const settle = (ms = 30): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The frame without colour codes. */
export function plain(frame: string | undefined): string {
  return (frame ?? '').replace(/\u001b\[[0-9;]*m/g, '');
}
