// The chat screen's state and the one reducer that changes it. Finished entries go to Ink's <Static>
// (printed once, never redrawn); only the live turn re-renders while its events arrive. Pure: time
// comes in with each action, so tests replay event sequences without a clock.
import type { AgentEvent, ConfirmAnswer, DenyReason, TurnResult } from '../agent/events.js';
import type { CheckDriftData } from '../tools/check-drift.js';
import type { HealOutcome, HealPlanView, PlanView, ServiceProgress, SyncOutcome } from '../tools/engine-port.js';
import type { ToolResult } from '../tools/types.js';

export type ToolStatus = 'running' | 'awaiting_approval' | 'executing' | 'done' | 'failed' | 'denied' | 'needs_confirmation' | 'cancelled';

export interface ToolActivity {
  callId: string;
  name: string;
  status: ToolStatus;
  /** Executing after the human's yes: the line says "healing", not "planning". */
  approved: boolean;
  /** When the current phase started (ms): the spinner shows the time since. */
  startedAt: number;
  endedAt?: number;
  /** The latest state of each AWS service the call is reading, in the order they started. */
  progress?: ServiceProgress[];
  result?: ToolResult;
  error?: string;
  denyReason?: DenyReason;
}

export type Block =
  | { kind: 'text'; text: string }
  | { kind: 'tool'; activity: ToolActivity }
  | { kind: 'report'; data: CheckDriftData; expanded: boolean }
  /** A plan the human answered in the dialog (kept in the history), or a dry run the assistant showed. */
  | { kind: 'plan'; plan: PlanView; answer?: ConfirmAnswer }
  /** `plan` (when the turn showed it) names the resources behind the outcome's item ids. */
  | { kind: 'heal_outcome'; outcome: HealOutcome; plan?: HealPlanView }
  | { kind: 'sync_outcome'; outcome: SyncOutcome }
  | { kind: 'error'; message: string };

export type TurnStatus = 'running' | 'done' | 'cancelled' | 'error';

/** The turn in progress. Its settled blocks move to the history as they settle (see `commitSettled`). */
export interface LiveTurn {
  blocks: Block[];
  /** How many of `blocks` are already in the history. */
  committed: number;
}

export type Entry =
  | { id: number; kind: 'banner' }
  | { id: number; kind: 'user'; text: string }
  /** A settled part of a turn; `status` marks the turn's last part. */
  | { id: number; kind: 'blocks'; blocks: Block[]; status?: TurnStatus }
  | { id: number; kind: 'notice'; lines: string[]; tone: 'info' | 'error' }
  | { id: number; kind: 'report'; data: CheckDriftData; expanded: boolean };

export interface ChatState {
  /** Finished entries, oldest first: rendered once by <Static>. */
  entries: Entry[];
  live?: LiveTurn;
  nextId: number;
  /** Changes on /clear, so <Static> starts over with an empty screen. */
  staticKey: number;
  /** The last full (unfiltered) check, for /expand. */
  lastReport?: CheckDriftData;
  /** Where the last report came from, for the header line. */
  account?: { accountId: string | null; region: string };
}

export type ChatAction =
  | { type: 'turn_started'; shown: string; at: number }
  | { type: 'agent_event'; event: AgentEvent; at: number }
  | { type: 'confirm_answered'; plan: PlanView; answer: ConfirmAnswer }
  | { type: 'turn_finished'; result: TurnResult; at: number }
  | { type: 'turn_crashed'; message: string; at: number }
  | { type: 'notice'; lines: string[]; tone: 'info' | 'error' }
  | { type: 'expand' }
  | { type: 'clear' };

export function initialChatState(): ChatState {
  return { entries: [{ id: 0, kind: 'banner' }], nextId: 1, staticKey: 0 };
}

function withLive(state: ChatState, update: (turn: LiveTurn) => LiveTurn): ChatState {
  return state.live ? { ...state, live: update(state.live) } : state;
}

function updateTool(turn: LiveTurn, callId: string, update: (activity: ToolActivity) => ToolActivity): LiveTurn {
  return {
    ...turn,
    blocks: turn.blocks.map((b) => (b.kind === 'tool' && b.activity.callId === callId ? { kind: 'tool', activity: update(b.activity) } : b)),
  };
}

function append(turn: LiveTurn, ...blocks: Block[]): LiveTurn {
  return { ...turn, blocks: [...turn.blocks, ...blocks] };
}

/** What a finished tool call adds under its status line: the report, the plan or the outcome. */
function resultBlocks(turn: LiveTurn, name: string, result: ToolResult): Block[] {
  const data = result.data as Record<string, unknown> | null | undefined;
  if (data === null || typeof data !== 'object') return [];
  if (name === 'check_drift' && 'report' in data) return [{ kind: 'report', data: data as unknown as CheckDriftData, expanded: false }];
  if ('outcome' in data) {
    const outcome = data['outcome'] as HealOutcome | SyncOutcome;
    if (!('results' in outcome)) return [{ kind: 'sync_outcome', outcome }];
    const plan = turn.blocks.find((b): b is Extract<Block, { kind: 'plan' }> => b.kind === 'plan' && b.plan.planId === outcome.planId)?.plan;
    return [{ kind: 'heal_outcome', outcome, ...(plan?.kind === 'heal' ? { plan } : {}) }];
  }
  if ('plan' in data) return [{ kind: 'plan', plan: data['plan'] as PlanView }];
  return [];
}

function isSettled(block: Block, isLast: boolean): boolean {
  if (block.kind === 'tool') return !['running', 'awaiting_approval', 'executing'].includes(block.activity.status);
  // Streamed text can still grow while it is the last block.
  if (block.kind === 'text') return !isLast;
  return true;
}

function addEntry(state: ChatState, entry: DistributiveOmit<Entry, 'id'>): ChatState {
  return { ...state, entries: [...state.entries, { ...entry, id: state.nextId } as Entry], nextId: state.nextId + 1 };
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * Moves the settled prefix of the live turn into the history, so that only the unsettled tail (a
 * running tool line, text still streaming) is redrawn: a long report never flickers.
 */
export function commitSettled(state: ChatState): ChatState {
  const live = state.live;
  if (live === undefined) return state;
  let end = live.committed;
  while (end < live.blocks.length && isSettled(live.blocks[end] as Block, end === live.blocks.length - 1)) end++;
  if (end === live.committed) return state;
  const next = addEntry(state, { kind: 'blocks', blocks: live.blocks.slice(live.committed, end) });
  return { ...next, live: { ...live, committed: end } };
}

function onEvent(state: ChatState, event: AgentEvent, at: number): ChatState {
  switch (event.type) {
    case 'text_delta':
      return withLive(state, (turn) => {
        const last = turn.blocks[turn.blocks.length - 1];
        if (last?.kind === 'text') return { ...turn, blocks: [...turn.blocks.slice(0, -1), { kind: 'text', text: last.text + event.text }] };
        return append(turn, { kind: 'text', text: event.text });
      });
    case 'tool_proposed':
      return withLive(state, (turn) =>
        append(turn, { kind: 'tool', activity: { callId: event.callId, name: event.name, status: 'running', approved: false, startedAt: at } }),
      );
    case 'tool_executing':
      return withLive(state, (turn) =>
        updateTool(turn, event.callId, (a) =>
          a.status === 'awaiting_approval' || a.approved ? { ...a, status: 'executing', approved: true, startedAt: at } : { ...a, status: 'running' },
        ),
      );
    case 'tool_progress': {
      const { type: _type, callId, ...progress } = event;
      return withLive(state, (turn) =>
        updateTool(turn, callId, (a) => {
          const known = a.progress ?? [];
          const index = known.findIndex((p) => p.service === progress.service);
          return { ...a, progress: index < 0 ? [...known, progress] : known.map((p, i) => (i === index ? progress : p)) };
        }),
      );
    }
    case 'tool_awaiting_approval':
      return withLive(state, (turn) => updateTool(turn, event.callId, (a) => ({ ...a, status: 'awaiting_approval', startedAt: at })));
    case 'tool_done': {
      const next = withLive(state, (turn) =>
        append(updateTool(turn, event.callId, (a) => ({ ...a, status: 'done', endedAt: at, result: event.result })), ...resultBlocks(turn, event.name, event.result)),
      );
      const data = event.result.data as Partial<CheckDriftData> | undefined;
      if (event.name === 'check_drift' && data?.report) {
        const report = data.report;
        return {
          ...next,
          account: { accountId: report.accountId, region: report.region },
          // A filtered check (one resource) is not "the report": /expand keeps the last full one.
          ...(data.resource === undefined ? { lastReport: data as CheckDriftData } : {}),
        };
      }
      return next;
    }
    case 'tool_failed':
      return withLive(state, (turn) => updateTool(turn, event.callId, (a) => ({ ...a, status: 'failed', endedAt: at, error: event.error })));
    case 'tool_denied':
      return withLive(state, (turn) =>
        updateTool(turn, event.callId, (a) => ({ ...a, status: 'denied', endedAt: at, error: event.message, denyReason: event.reason })),
      );
    case 'tool_needs_confirmation':
      return withLive(state, (turn) =>
        append(updateTool(turn, event.callId, (a) => ({ ...a, status: 'needs_confirmation', endedAt: at })), { kind: 'plan', plan: event.plan }),
      );
    case 'error':
      return withLive(state, (turn) => append(turn, { kind: 'error', message: event.message }));
    case 'usage':
    case 'turn_done':
      return state;
  }
}

function finish(state: ChatState, status: TurnStatus, extra: Block[], at: number): ChatState {
  const live = state.live;
  if (live === undefined) return state;
  const rest = live.blocks.slice(live.committed).map((b): Block => {
    if (b.kind !== 'tool') return b;
    const a = b.activity;
    const open = a.status === 'running' || a.status === 'executing' || a.status === 'awaiting_approval';
    return open ? { kind: 'tool', activity: { ...a, status: 'cancelled', endedAt: at } } : b;
  });
  const { live: _finished, ...withoutLive } = state;
  return addEntry(withoutLive, { kind: 'blocks', blocks: [...rest, ...extra], status });
}

export function chatReducer(state: ChatState, action: ChatAction): ChatState {
  switch (action.type) {
    case 'turn_started':
      return { ...addEntry(state, { kind: 'user', text: action.shown }), live: { blocks: [], committed: 0 } };
    case 'agent_event':
      return commitSettled(onEvent(state, action.event, action.at));
    case 'confirm_answered':
      return commitSettled(withLive(state, (turn) => append(turn, { kind: 'plan', plan: action.plan, answer: action.answer })));
    case 'turn_finished': {
      const { result } = action;
      const extra: Block[] = [];
      const hasText = state.live?.blocks.some((b) => b.kind === 'text') ?? false;
      if (!hasText && result.reply.trim() !== '') extra.push({ kind: 'text', text: result.reply });
      const hasError = state.live?.blocks.some((b) => b.kind === 'error') ?? false;
      if (result.error && !hasError) extra.push({ kind: 'error', message: result.error.message });
      const status: TurnStatus = result.stopReason === 'cancelled' ? 'cancelled' : result.stopReason === 'end_turn' ? 'done' : 'error';
      return finish(state, status, extra, action.at);
    }
    case 'turn_crashed':
      return finish(state, 'error', [{ kind: 'error', message: action.message }], action.at);
    case 'notice':
      return addEntry(state, { kind: 'notice', lines: action.lines, tone: action.tone });
    case 'expand':
      if (state.lastReport === undefined) return state;
      return addEntry(state, { kind: 'report', data: state.lastReport, expanded: true });
    case 'clear':
      return { ...state, entries: [], staticKey: state.staticKey + 1 };
  }
}
