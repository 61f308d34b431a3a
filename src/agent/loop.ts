// The LLM tool-use loop: stream a reply, run the tool calls it asks for, send the results back,
// until the model answers without calling a tool. Our own loop over `messages.stream` (not the SDK's
// tool runner) so every mutating call passes through the confirmation gate and the UI sees each step.
import type Anthropic from '@anthropic-ai/sdk';
import { toolDefinitions } from '../tools/index.js';
import type { Tool } from '../tools/types.js';
import type { EmitFn, ErrorKind, StopReason, ToolCallRecord } from './events.js';
import type { CallOutcome } from './policy.js';
import { isAbort, toRecord, type ProposedCall } from './scheduler.js';

type MessageParam = Anthropic.MessageParam;
type ContentBlockParam = Anthropic.ContentBlockParam;
type ToolResultBlockParam = Anthropic.ToolResultBlockParam;

/** The part of the Anthropic (or Anthropic Bedrock) client the loop uses. */
export interface LlmClient {
  messages: {
    stream(body: Anthropic.MessageStreamParams, options?: { signal?: AbortSignal }): {
      on(event: 'text', listener: (delta: string, snapshot: string) => void): unknown;
      finalMessage(): Promise<Anthropic.Message>;
    };
  };
}

export interface LlmTurnInput {
  client: LlmClient;
  /** Shown in error messages: "Anthropic API", "Amazon Bedrock". */
  providerLabel: string;
  model: string;
  maxTokens: number;
  system: string;
  tools: readonly Tool[];
  /** The conversation so far; the turn appends to it, and leaves it valid for the next turn whatever happens. */
  history: MessageParam[];
  text: string;
  maxIterations: number;
  signal: AbortSignal;
  emit: EmitFn;
  runTool(call: ProposedCall): Promise<CallOutcome>;
}

export interface LlmTurnOutput {
  reply: string;
  toolCalls: ToolCallRecord[];
  stopReason: StopReason;
  error?: { kind: ErrorKind; message: string };
}

export const DEFAULT_MAX_ITERATIONS = 8;

/** Consecutive user turns are merged, so the history alternates roles even after a cancelled turn. */
export function appendUser(history: MessageParam[], blocks: ContentBlockParam[]): void {
  const last = history[history.length - 1];
  if (last?.role === 'user') {
    const previous: ContentBlockParam[] = typeof last.content === 'string' ? [{ type: 'text', text: last.content }] : last.content;
    last.content = [...previous, ...blocks];
  } else {
    history.push({ role: 'user', content: blocks });
  }
}

/**
 * After a cancellation or an error in the middle of tool use, every tool_use block must still get a
 * tool_result, or the next request is rejected. Finished calls keep their results.
 */
function closeOpenToolUses(history: MessageParam[], finished: ToolResultBlockParam[], why: string): void {
  const last = history[history.length - 1];
  if (last?.role !== 'assistant' || typeof last.content === 'string') return;
  const uses = last.content.filter((b): b is Anthropic.ToolUseBlockParam => b.type === 'tool_use');
  if (uses.length === 0) return;
  const done = new Set(finished.map((r) => r.tool_use_id));
  const results: ToolResultBlockParam[] = [
    ...finished,
    ...uses.filter((u) => !done.has(u.id)).map((u): ToolResultBlockParam => ({ type: 'tool_result', tool_use_id: u.id, content: why, is_error: true })),
  ];
  history.push({ role: 'user', content: results });
}

export function describeApiError(error: unknown, providerLabel: string): { kind: ErrorKind; message: string } {
  const e = error as { status?: number; name?: string; message?: string; error?: { error?: { message?: string } } };
  const detail = e.error?.error?.message ?? e.message ?? String(error);
  switch (e.name) {
    case 'AuthenticationError':
      return {
        kind: 'auth',
        message: `${providerLabel} rejected the credentials (401): ${detail}. Check ANTHROPIC_API_KEY (or your AWS credentials for Bedrock), or unset ANTHROPIC_API_KEY to use the offline assistant.`,
      };
    case 'PermissionDeniedError':
      return { kind: 'auth', message: `${providerLabel} denied access (403): ${detail}. Check that your key or role may use model access.` };
    case 'RateLimitError':
      return {
        kind: 'rate_limit',
        message: `${providerLabel} rate limit reached (429) and the retries ran out: ${detail}. Wait a minute and try again.`,
      };
    case 'APIConnectionTimeoutError':
      return { kind: 'connection', message: `${providerLabel} did not answer in time: check your network and try again.` };
    case 'APIConnectionError':
      return { kind: 'connection', message: `Could not reach ${providerLabel}: ${detail}. Check your network (and ANTHROPIC_BASE_URL if you set it).` };
    case 'NotFoundError':
      return { kind: 'api', message: `${providerLabel} does not know this model or endpoint (404): ${detail}. Set IAL_MODEL to a model you can use.` };
  }
  if (e.status === 529 || e.name === 'OverloadedError') {
    return { kind: 'overloaded', message: `${providerLabel} is overloaded (529) and the retries ran out. Try again in a few minutes.` };
  }
  if (typeof e.status === 'number') return { kind: 'api', message: `${providerLabel} error ${e.status}: ${detail}` };
  return { kind: 'internal', message: detail };
}

export async function runLlmTurn(input: LlmTurnInput): Promise<LlmTurnOutput> {
  const { history, emit, signal } = input;
  const toolCalls: ToolCallRecord[] = [];
  const texts: string[] = [];
  let pendingResults: ToolResultBlockParam[] = [];
  const reply = (): string => texts.join('\n\n');
  appendUser(history, [{ type: 'text', text: input.text }]);
  const tools = toolDefinitions(input.tools);

  try {
    for (let iteration = 0; iteration < input.maxIterations; iteration++) {
      const stream = input.client.messages.stream(
        { model: input.model, max_tokens: input.maxTokens, system: input.system, tools, messages: history },
        { signal },
      );
      stream.on('text', (delta) => emit({ type: 'text_delta', text: delta }));
      const message = await stream.finalMessage();
      emit({ type: 'usage', inputTokens: message.usage.input_tokens, outputTokens: message.usage.output_tokens });

      const wantsTools = message.stop_reason === 'tool_use';
      // Blocks go back exactly as received (thinking blocks carry signatures the API checks); a tool_use
      // cut off by max_tokens is dropped, since it can never get its result.
      const content = wantsTools ? message.content : message.content.filter((b) => b.type !== 'tool_use');
      history.push({ role: 'assistant', content: content as ContentBlockParam[] });
      const text = message.content.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join('');
      if (text.trim() !== '') texts.push(text.trim());
      const uses = message.content.filter((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use');
      if (!wantsTools || uses.length === 0) return { reply: reply(), toolCalls, stopReason: 'end_turn' };

      pendingResults = [];
      for (const use of uses) {
        if (signal.aborted) throw signal.reason ?? new Error('aborted');
        const call = { id: use.id, name: use.name, input: use.input };
        const outcome = await input.runTool(call);
        toolCalls.push(toRecord(call, outcome));
        pendingResults.push({ type: 'tool_result', tool_use_id: use.id, content: outcome.content, ...(outcome.isError ? { is_error: true } : {}) });
      }
      history.push({ role: 'user', content: pendingResults });
      pendingResults = [];
    }
    const message = `Stopped after ${input.maxIterations} model calls in one turn without a final answer; ask again with a narrower question.`;
    emit({ type: 'error', kind: 'max_iterations', message });
    return { reply: reply(), toolCalls, stopReason: 'max_iterations', error: { kind: 'max_iterations', message } };
  } catch (error) {
    if (isAbort(error, signal)) {
      closeOpenToolUses(history, pendingResults, 'Cancelled by the user before this tool ran.');
      return { reply: reply(), toolCalls, stopReason: 'cancelled' };
    }
    closeOpenToolUses(history, pendingResults, 'Not run: the turn ended with an error.');
    const described = describeApiError(error, input.providerLabel);
    emit({ type: 'error', kind: described.kind, message: described.message });
    return { reply: reply(), toolCalls, stopReason: 'error', error: described };
  }
}
