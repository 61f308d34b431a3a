// The running check's status line shows each AWS service's progress after the elapsed time, and
// stays one line however narrow the terminal is.
import { Box } from 'ink';
import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AgentEvent, TurnResult } from '../agent/events.js';
import { uiMessages } from '../i18n/ui.js';
import { App } from './App.js';
import type { ChatAgent } from './chat-agent.js';
import type { ToolActivity } from './chat-state.js';
import { ToolLine } from './components/ToolLine.js';
import { createConfirmBridge } from './confirm-bridge.js';
import { plain, waitFor } from './flow.test-helper.js';

afterEach(() => {
  cleanup();
});

/** An agent whose one turn the test drives event by event. */
function scripted() {
  let emit: ((e: AgentEvent) => void) | undefined;
  let finish: ((r: TurnResult) => void) | undefined;
  const agent: ChatAgent = {
    mode: 'anthropic',
    send: (_text, { onEvent }) =>
      new Promise<TurnResult>((resolve) => {
        emit = onEvent;
        finish = resolve;
      }),
  };
  return { agent, emit: (e: AgentEvent) => emit?.(e), finish: (r: TurnResult) => finish?.(r), started: () => emit !== undefined };
}

const progress = (service: 'sts' | 'ec2' | 'ecs' | 'rds', state: 'reading' | 'done' | 'failed', resources?: number): AgentEvent => ({
  type: 'tool_progress',
  callId: 'c1',
  service,
  state,
  ...(resources !== undefined ? { resources } : {}),
});

/** The frame's line that holds `needle`, without trailing padding. */
const lineWith = (frame: string, needle: string): string | undefined => frame.split('\n').find((l) => l.includes(needle))?.trimEnd();

describe('per-service progress on the tool line', () => {
  it('shows each service as it starts and ends, after the elapsed time, and drops it once the call ends', async () => {
    let time = 1_000;
    const s = scripted();
    const screen = render(<App agent={s.agent} source={{ kind: 'aws', region: 'us-east-1' }} lang="en" bridge={createConfirmBridge()} clock={() => time} />);
    // Ink listens to stdin once the input box's effect has run: keys written before are dropped.
    await vi.waitFor(() => expect(screen.stdin.listenerCount('readable')).toBeGreaterThan(0), { timeout: 10_000 });
    const frame = (): string => plain(screen.lastFrame());
    screen.stdin.write('check drift');
    await waitFor(frame, (f) => f.includes('│ › check drift'));
    screen.stdin.write('\r');
    await vi.waitFor(() => expect(s.started()).toBe(true), { timeout: 10_000 });

    s.emit({ type: 'tool_proposed', callId: 'c1', name: 'check_drift', input: {} });
    s.emit({ type: 'tool_executing', callId: 'c1', name: 'check_drift' });
    s.emit(progress('sts', 'reading'));
    time = 1_400;
    let f = await waitFor(frame, (x) => x.includes('0.4s  sts …'));
    // The spinner's frame follows the clock: 1.4s is frame 7.
    expect(lineWith(f, '🔍')).toBe('  ⠧ 🔍 checking drift… 0.4s  sts …');

    s.emit(progress('sts', 'done'));
    s.emit(progress('ec2', 'reading'));
    s.emit(progress('ecs', 'reading'));
    s.emit(progress('rds', 'reading'));
    s.emit(progress('ec2', 'done', 42));
    time = 3_300;
    f = await waitFor(frame, (x) => x.includes('2.3s  sts ✓'));
    expect(lineWith(f, '🔍')).toBe('  ⠙ 🔍 checking drift… 2.3s  sts ✓ · ec2 ✓ 42 · ecs … · rds …');

    s.emit(progress('ecs', 'failed'));
    s.emit(progress('rds', 'done', 0));
    f = await waitFor(frame, (x) => x.includes('ecs ✗'));
    expect(lineWith(f, '🔍')).toBe('  ⠙ 🔍 checking drift… 2.3s  sts ✓ · ec2 ✓ 42 · ecs ✗ · rds ✓ 0');

    s.emit({ type: 'tool_failed', callId: 'c1', name: 'check_drift', error: 'check_drift failed: boom' });
    s.finish({ language: 'en', mode: 'anthropic', reply: 'The check failed.', toolCalls: [], stopReason: 'end_turn' });
    f = await waitFor(frame, (x) => x.includes('The check failed.'));
    expect(f).toContain('boom');
    expect(f).not.toContain('ec2 ✓ 42');
  });

  it('truncates the line to the width it is given instead of wrapping', () => {
    const activity: ToolActivity = {
      callId: 'c1',
      name: 'check_drift',
      status: 'running',
      approved: false,
      startedAt: 0,
      progress: [
        { service: 'sts', state: 'done' },
        { service: 'ec2', state: 'done', resources: 1234 },
        { service: 'ecs', state: 'reading' },
        { service: 'rds', state: 'failed' },
      ],
    };
    const screen = render(
      <Box width={40}>
        <ToolLine activity={activity} m={uiMessages('pt')} now={2_300} />
      </Box>,
    );
    const lines = plain(screen.lastFrame()).split('\n');
    // 40 terminal columns: the emoji is two of them.
    expect(lines).toEqual(['⠇ 🔍 verificando drift… 2.3s  sts ✓ · e…']);
  });
});
