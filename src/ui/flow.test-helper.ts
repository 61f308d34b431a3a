// Shared by the chat's flow tests: a real Conversation (offline assistant) over the demo engine, with
// the engine calls recorded, and a poll for what the screen shows.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, vi } from 'vitest';
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

/**
 * Polls `read()` until `predicate` holds, then waits for React's effects (see `effectsFlushed`), so a
 * key sent next reaches the component the frame shows. Fails with the last frame, so the test says what it saw.
 */
export async function waitFor(read: () => string | undefined, predicate: (frame: string) => boolean, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let frame = read() ?? '';
  while (!predicate(frame)) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs}ms; the screen showed:\n${frame}`);
    await new Promise((r) => setTimeout(r, 20));
    frame = read() ?? '';
  }
  await effectsFlushed();
  return frame;
}

interface Scheduler {
  unstable_scheduleCallback(priority: number, callback: () => null): unknown;
  unstable_NormalPriority: number;
}
// React's own scheduler (react-reconciler's dependency, the one copy in node_modules): not a declared
// dependency of ours, so it is loaded untyped.
const scheduler = createRequire(import.meta.url)('scheduler') as Scheduler;

/**
 * Resolves once React has run every effect of the renders committed so far. Ink's useInput subscribes
 * a component's key handler in an effect that React runs as a normal-priority scheduler task after the
 * commit that drew the frame; a key written in between goes to whoever listened before (a dialog that
 * just appeared would miss it). A task queued now at the same priority runs after those (the scheduler
 * is FIFO within a priority), as does any render a key just written caused (renders run at a higher
 * priority): a fence that does not depend on how busy the machine is.
 */
export function effectsFlushed(): Promise<void> {
  return new Promise((resolve) =>
    scheduler.unstable_scheduleCallback(scheduler.unstable_NormalPriority, () => {
      resolve();
      return null;
    }),
  );
}

/** Ink listens to stdin once the first useInput's effect has run: until then keys are dropped. */
export async function inputReady(stdin: { listenerCount(event: string): number }): Promise<void> {
  await vi.waitFor(() => expect(stdin.listenerCount('readable')).toBeGreaterThan(0), { timeout: 10_000 });
  await effectsFlushed();
}

/** Lets time pass where a test proves something does NOT happen, after a positive signal that the key was handled. */
export const settle = (ms = 30): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The frame without colour codes. */
export function plain(frame: string | undefined): string {
  return (frame ?? '').replace(/\u001b\[[0-9;]*m/g, '');
}
