// The reducer's side of per-service progress: the running tool keeps the latest state of each AWS
// service, in the order the services started; events for other calls or outside a turn change nothing.
import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../agent/events.js';
import { chatReducer, initialChatState, type ChatAction, type ChatState, type ToolActivity } from './chat-state.js';

const ev = (event: AgentEvent, at = 0): ChatAction => ({ type: 'agent_event', event, at });
const run = (...actions: ChatAction[]): ChatState => actions.reduce(chatReducer, initialChatState());
const started: ChatAction[] = [
  { type: 'turn_started', shown: '/check', at: 0 },
  ev({ type: 'tool_proposed', callId: 'c1', name: 'check_drift', input: {} }, 100),
  ev({ type: 'tool_executing', callId: 'c1', name: 'check_drift' }, 100),
];

function activity(state: ChatState): ToolActivity {
  const block = state.live?.blocks[0];
  if (block?.kind !== 'tool') throw new Error(`expected a tool block, got ${JSON.stringify(block)}`);
  return block.activity;
}

describe('tool_progress in the chat state', () => {
  it('keeps the latest state per service, in the order the services first reported', () => {
    const s = run(
      ...started,
      ev({ type: 'tool_progress', callId: 'c1', service: 'sts', state: 'reading' }),
      ev({ type: 'tool_progress', callId: 'c1', service: 'sts', state: 'done' }),
      ev({ type: 'tool_progress', callId: 'c1', service: 'ec2', state: 'reading' }),
      ev({ type: 'tool_progress', callId: 'c1', service: 'ecs', state: 'reading' }),
      ev({ type: 'tool_progress', callId: 'c1', service: 'ecs', state: 'failed' }),
      ev({ type: 'tool_progress', callId: 'c1', service: 'ec2', state: 'done', resources: 42 }),
    );

    expect(activity(s)).toEqual({
      callId: 'c1',
      name: 'check_drift',
      status: 'running',
      approved: false,
      startedAt: 100,
      progress: [
        { service: 'sts', state: 'done' },
        { service: 'ec2', state: 'done', resources: 42 },
        { service: 'ecs', state: 'failed' },
      ],
    });
    // Still running: nothing moved to the history.
    expect(s.live?.committed).toBe(0);
    expect(s.entries.map((e) => e.kind)).toEqual(['banner', 'user']);
  });

  it('ignores progress of another call and progress outside a turn', () => {
    const s = run(...started, ev({ type: 'tool_progress', callId: 'other', service: 'rds', state: 'reading' }));
    expect(activity(s).progress).toBeUndefined();

    const idle = initialChatState();
    expect(chatReducer(idle, ev({ type: 'tool_progress', callId: 'c1', service: 'rds', state: 'reading' }))).toBe(idle);
  });
});
