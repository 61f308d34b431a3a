import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Conversation } from '../agent/conversation.js';
import type { ConfirmFn } from '../agent/events.js';
import type { ChatSession } from '../cli/commands/chat.js';
import { demoChat, inputReady, plain, type DemoChat } from './flow.test-helper.js';
import { openInteractiveChat, sourceOf, type ChatTerminal } from './open-chat.js';

/** A terminal as Ink sees it: raw-mode stdin fed by the test, stdout collecting what was drawn. */
class FakeStdin extends EventEmitter {
  isTTY = true;
  private pending: string | null = null;
  write(data: string): void {
    this.pending = data;
    this.emit('readable');
  }
  read(): string | null {
    const data = this.pending;
    this.pending = null;
    return data;
  }
  setEncoding(): void {}
  setRawMode(): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
}

class FakeStdout extends EventEmitter {
  isTTY = true;
  columns = 100;
  rows = 40;
  output = '';
  write = (chunk: string): boolean => {
    this.output += chunk;
    return true;
  };
}

let chat: DemoChat | undefined;
afterEach(() => {
  chat?.close();
  chat = undefined;
});

function session(confirms: ConfirmFn[]): ChatSession {
  chat = demoChat({ lang: 'en' });
  const engine = chat.engine;
  return {
    io: { stdout: process.stdout, stderr: process.stderr, env: {}, cwd: '/', now: () => new Date() },
    lang: 'en',
    langForced: false,
    color: false,
    mode: 'offline',
    model: null,
    demo: true,
    createConversation: ({ confirm }) => {
      confirms.push(confirm);
      return new Conversation({ engine, fallbackLang: 'en', confirm });
    },
  };
}

function streams() {
  const stdin = new FakeStdin();
  const stdout = new FakeStdout();
  const stderr = new FakeStdout();
  return { stdin, stdout, stderr, asStreams: { stdin, stdout, stderr, patchConsole: false } as unknown as ChatTerminal };
}

describe('openInteractiveChat', () => {
  it('gives the conversation the dialog as its confirm callback, and exits 0 on the second Ctrl+C', async () => {
    const confirms: ConfirmFn[] = [];
    const { stdin, stdout, asStreams } = streams();
    let exited = false;
    const done = openInteractiveChat(session(confirms), asStreams).then((code) => {
      exited = true;
      return code;
    });
    // Polled, not slept: the machine may be busy, and the frames arrive when Ink renders them.
    await vi.waitFor(() => {
      expect(confirms).toHaveLength(1);
      expect(stdout.output).toContain('ialctl · demo (sandbox account) · offline (no LLM) · language: en');
    }, { timeout: 10_000 });
    await inputReady(stdin);

    stdin.write('\u0003');
    await vi.waitFor(() => expect(stdout.output).toContain('Press Ctrl+C again to exit.'), { timeout: 10_000 });
    expect(exited).toBe(false);
    stdin.write('\u0003');
    await expect(done).resolves.toBe(0);
  });

  it('/exit leaves the chat', async () => {
    const { stdin, stdout, asStreams } = streams();
    const done = openInteractiveChat(session([]), asStreams);
    await vi.waitFor(() => expect(stdout.output).toContain('Type a message or /help'), { timeout: 10_000 });
    await inputReady(stdin);
    stdin.write('/exit');
    // Enter goes once the input box shows the line.
    await vi.waitFor(() => expect(plain(stdout.output)).toContain('│ › /exit'), { timeout: 10_000 });
    stdin.write('\r');
    await expect(done).resolves.toBe(0);
  });
});

describe('sourceOf', () => {
  it('is the demo, or AWS with the region and profile the environment names', () => {
    const io = (env: NodeJS.ProcessEnv) => ({ stdout: process.stdout, stderr: process.stderr, env, cwd: '/', now: () => new Date() });
    expect(sourceOf({ demo: true, io: io({ AWS_REGION: 'eu-west-1' }) })).toEqual({ kind: 'demo' });
    expect(sourceOf({ demo: false, io: io({ AWS_DEFAULT_REGION: 'eu-west-1', AWS_PROFILE: 'prod' }) })).toEqual({ kind: 'aws', region: 'eu-west-1', profile: 'prod' });
    expect(sourceOf({ demo: false, io: io({}) })).toEqual({ kind: 'aws' });
  });
});
