import { describe, expect, it } from 'vitest';
import type { AgentEvent, TurnResult } from '../agent/events.js';
import { makeItem, makeReport } from '../drift/report/fixtures.test-helper.js';
import type { CheckDriftData } from '../tools/check-drift.js';
import type { HealPlanView } from '../tools/engine-port.js';
import { chatReducer, initialChatState, type ChatAction, type ChatState } from './chat-state.js';

const report = makeReport({ items: [makeItem()] });
const checkData: CheckDriftData = { report, items: report.items };
const result = (overrides: Partial<TurnResult> = {}): TurnResult => ({ language: 'pt', mode: 'offline', reply: '', toolCalls: [], stopReason: 'end_turn', ...overrides });
const plan: HealPlanView = {
  kind: 'heal',
  planId: 'p1',
  actions: [{ itemId: 'i1', resourceType: 'AWS::ECS::Service', logicalId: 'WebService', physicalId: 'web', operation: 'ecs:UpdateService', changes: [], disruptive: false }],
  skipped: [],
};

function run(...actions: ChatAction[]): ChatState {
  return actions.reduce(chatReducer, initialChatState());
}
const ev = (event: AgentEvent, at = 0): ChatAction => ({ type: 'agent_event', event, at });
const start: ChatAction = { type: 'turn_started', shown: '/check', at: 0 };

describe('chat state', () => {
  it('starts with the banner; a turn puts the operator line in the history at once', () => {
    expect(initialChatState().entries).toEqual([{ id: 0, kind: 'banner' }]);
    const s = run(start);
    expect(s.entries[1]).toEqual({ id: 1, kind: 'user', text: '/check' });
    expect(s.live).toEqual({ blocks: [], committed: 0 });
  });

  it('keeps a running tool and streaming text live, and moves what settled into the history', () => {
    let s = run(start, ev({ type: 'tool_proposed', callId: 'c', name: 'check_drift', input: {} }, 100), ev({ type: 'tool_executing', callId: 'c', name: 'check_drift' }, 150));
    expect(s.live?.committed).toBe(0);
    expect(s.live?.blocks[0]).toMatchObject({ kind: 'tool', activity: { status: 'running', startedAt: 100 } });

    s = chatReducer(s, ev({ type: 'tool_done', callId: 'c', name: 'check_drift', result: { content: '{}', data: checkData } }, 1300));
    expect(s.live?.committed).toBe(2);
    expect(s.entries[2]).toMatchObject({ kind: 'blocks', blocks: [{ kind: 'tool', activity: { status: 'done', endedAt: 1300 } }, { kind: 'report', expanded: false }] });
    expect(s.lastReport).toBe(checkData);
    expect(s.account).toEqual({ accountId: '123456789012', region: 'us-east-1' });

    s = chatReducer(s, ev({ type: 'text_delta', text: 'Encontrei ' }));
    s = chatReducer(s, ev({ type: 'text_delta', text: 'drift.' }));
    expect(s.live?.blocks[2]).toEqual({ kind: 'text', text: 'Encontrei drift.' });
    expect(s.live?.committed).toBe(2);

    s = chatReducer(s, { type: 'turn_finished', result: result({ reply: 'Encontrei drift.' }), at: 1400 });
    expect(s.live).toBeUndefined();
    expect(s.entries[3]).toEqual({ id: 3, kind: 'blocks', blocks: [{ kind: 'text', text: 'Encontrei drift.' }], status: 'done' });
  });

  it('a check of one resource is not kept for /expand', () => {
    const filtered: CheckDriftData = { ...checkData, resource: { query: 'rds-main-db', found: true, suggestions: [] } };
    const s = run(start, ev({ type: 'tool_proposed', callId: 'c', name: 'check_drift', input: {} }), ev({ type: 'tool_done', callId: 'c', name: 'check_drift', result: { content: '', data: filtered } }));
    expect(s.lastReport).toBeUndefined();
    expect(chatReducer(s, { type: 'expand' })).toBe(s);
  });

  it('a cancelled turn marks its open tool calls cancelled', () => {
    const s = run(start, ev({ type: 'tool_proposed', callId: 'c', name: 'check_drift', input: {} }), { type: 'turn_finished', result: result({ stopReason: 'cancelled' }), at: 500 });
    expect(s.entries[2]).toEqual({
      id: 2,
      kind: 'blocks',
      blocks: [{ kind: 'tool', activity: { callId: 'c', name: 'check_drift', status: 'cancelled', approved: false, startedAt: 0, endedAt: 500 } }],
      status: 'cancelled',
    });
  });

  it('approval: the tool waits, the answered plan is recorded, execution restarts the clock, the outcome names the resources', () => {
    const outcome = { planId: 'p1', results: [{ itemId: 'i1', status: 'healed' as const }] };
    const s = run(
      start,
      ev({ type: 'tool_proposed', callId: 'h', name: 'heal_drift', input: {} }, 0),
      ev({ type: 'tool_executing', callId: 'h', name: 'heal_drift' }, 0),
      ev({ type: 'tool_awaiting_approval', callId: 'h', name: 'heal_drift', plan }, 200),
      { type: 'confirm_answered', plan, answer: 'yes' },
      ev({ type: 'tool_executing', callId: 'h', name: 'heal_drift' }, 5000),
      ev({ type: 'tool_done', callId: 'h', name: 'heal_drift', result: { content: '', data: { outcome } } }, 5400),
    );
    const parts = s.entries.filter((e) => e.kind === 'blocks').flatMap((e) => (e.kind === 'blocks' ? e.blocks : []));
    expect(parts).toEqual([
      { kind: 'tool', activity: { callId: 'h', name: 'heal_drift', status: 'done', approved: true, startedAt: 5000, endedAt: 5400, result: { content: '', data: { outcome } } } },
      { kind: 'plan', plan, answer: 'yes' },
      { kind: 'heal_outcome', outcome, plan },
    ]);
  });

  it('an error event and the turn error are shown once', () => {
    const s = run(start, ev({ type: 'error', kind: 'rate_limit', message: 'slow down' }), {
      type: 'turn_finished',
      result: result({ stopReason: 'error', error: { kind: 'rate_limit', message: 'slow down' } }),
      at: 0,
    });
    const blocks = s.entries.flatMap((e) => (e.kind === 'blocks' ? e.blocks : []));
    expect(blocks).toEqual([{ kind: 'error', message: 'slow down' }]);
  });

  it('/clear empties the history and gives <Static> a new key', () => {
    const s = run(start, { type: 'turn_finished', result: result({ reply: 'x' }), at: 0 }, { type: 'clear' });
    expect(s.entries).toEqual([]);
    expect(s.staticKey).toBe(1);
  });
});
