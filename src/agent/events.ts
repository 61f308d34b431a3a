// What a turn emits while it runs, for the UI to render, and what it returns when it ends.
// Tool calls follow one lifecycle: proposed → (awaiting_approval) → executing → done | failed | denied,
// or needs_confirmation when a mutating call has no human to ask.
import type { Lang } from '../i18n/index.js';
import type { PlanView, ServiceProgress } from '../tools/engine-port.js';
import type { ToolResult } from '../tools/types.js';

export type Mode = 'offline' | 'anthropic' | 'bedrock';

/** The final state of a tool call (the `status` of the one-shot JSON). */
export type FinalToolStatus = 'done' | 'failed' | 'denied' | 'needs_confirmation';

/** Why the gate refused a mutating call. */
export type DenyReason =
  /** The human answered no. */
  | 'declined'
  /** The model named a plan id this conversation never produced. */
  | 'unknown_plan'
  /** The human already declined this plan in this conversation. */
  | 'previously_declined'
  /** This plan already ran: a plan executes once. */
  | 'already_executed'
  /** What the engine would do now differs from the plan named or approved. */
  | 'plan_changed'
  /** The user approved a different plan id with --approve. */
  | 'not_approved';

export interface ToolCallRecord {
  id: string;
  name: string;
  input: unknown;
  status: FinalToolStatus;
  /** Present when the tool produced a result (done, or the plan shown with needs_confirmation / plan_changed). */
  result?: ToolResult;
  /** The plan the call was about, for mutating calls. */
  plan?: PlanView;
  /** Failure message (failed) or refusal message (denied). */
  error?: string;
  denyReason?: DenyReason;
  /** needs_confirmation under --yes because the user's message did not ask for this mutation. */
  notRequested?: boolean;
}

/** What the UI shows the human before a mutating call runs. */
export interface ConfirmationRequest {
  callId: string;
  tool: string;
  plan: PlanView;
}

export type ConfirmAnswer = 'yes' | 'no';

/**
 * Supplied by the UI: shows the plan and resolves with the human's answer. Only this callback can
 * approve a plan; the model's text and the conversation cannot.
 */
export type ConfirmFn = (request: ConfirmationRequest, signal: AbortSignal) => Promise<ConfirmAnswer>;

export type ErrorKind = 'auth' | 'rate_limit' | 'overloaded' | 'connection' | 'api' | 'max_iterations' | 'internal';

export type StopReason = 'end_turn' | 'cancelled' | 'error' | 'max_iterations';

export interface TurnResult {
  language: Lang;
  mode: Mode;
  reply: string;
  toolCalls: ToolCallRecord[];
  stopReason: StopReason;
  /** Set when stopReason is `error`. */
  error?: { kind: ErrorKind; message: string };
}

export type AgentEvent =
  | { type: 'text_delta'; text: string }
  | { type: 'tool_proposed'; callId: string; name: string; input: unknown }
  | { type: 'tool_awaiting_approval'; callId: string; name: string; plan: PlanView }
  | { type: 'tool_executing'; callId: string; name: string }
  /** A running call's AWS read moved on: one service started, finished or failed. */
  | ({ type: 'tool_progress'; callId: string } & ServiceProgress)
  | { type: 'tool_done'; callId: string; name: string; result: ToolResult }
  | { type: 'tool_failed'; callId: string; name: string; error: string }
  | { type: 'tool_denied'; callId: string; name: string; reason: DenyReason; message: string }
  | { type: 'tool_needs_confirmation'; callId: string; name: string; plan: PlanView }
  | { type: 'usage'; inputTokens: number; outputTokens: number }
  | { type: 'error'; kind: ErrorKind; message: string }
  | { type: 'turn_done'; result: TurnResult };

export type AgentEventType = AgentEvent['type'];
export type EmitFn = (event: AgentEvent) => void;
