// One tool call from proposal to outcome, the same for the LLM loop and the offline router:
// unknown tool or invalid input → an error result for the model (never a crash); read tools run;
// mutating tools go through the confirmation gate.
import { UsageError } from '../engine/errors.js';
import { findTool, validateInput } from '../tools/index.js';
import { EngineUnavailableError } from '../tools/engine-port.js';
import type { Tool, ToolContext } from '../tools/types.js';
import type { EmitFn, ToolCallRecord } from './events.js';
import type { CallOutcome, ConfirmationGate } from './policy.js';

export interface ProposedCall {
  id: string;
  name: string;
  input: unknown;
}

export interface SchedulerDeps {
  tools: readonly Tool[];
  gate: ConfirmationGate;
  context: ToolContext;
  emit: EmitFn;
}

/** Cancellation ends the turn; it is not a tool failure to report to the model. */
export function isAbort(error: unknown, signal: AbortSignal): boolean {
  return signal.aborted || (error instanceof Error && (error.name === 'AbortError' || error.name === 'APIUserAbortError'));
}

function describeError(error: unknown): string {
  if (error instanceof EngineUnavailableError) return error.message;
  if (error instanceof UsageError) return error.hint ? `${error.message} (hint: ${error.hint})` : error.message;
  if (error instanceof Error && error.name === 'PhaseLoadError') return `the phase files have problems:\n${error.message}`;
  if (error instanceof Error && error.name === 'ConfigError') return `invalid configuration:\n${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

function failed(call: ProposedCall, message: string, emit: EmitFn, detail = message): CallOutcome {
  emit({ type: 'tool_failed', callId: call.id, name: call.name, error: message });
  return { status: 'failed', content: message, isError: true, error: message, detail };
}

export async function runToolCall(call: ProposedCall, deps: SchedulerDeps): Promise<CallOutcome> {
  const { emit } = deps;
  emit({ type: 'tool_proposed', callId: call.id, name: call.name, input: call.input });
  const tool = findTool(call.name, deps.tools);
  if (tool === undefined) {
    return failed(call, `Tool "${call.name}" does not exist. Available tools: ${deps.tools.map((t) => t.name).join(', ')}.`, emit);
  }
  const validation = validateInput(tool, call.input);
  if (!validation.ok) return failed(call, validation.message, emit);
  const context: ToolContext = { ...deps.context, onProgress: (progress) => emit({ type: 'tool_progress', callId: call.id, ...progress }) };
  try {
    if (tool.kind === 'read') {
      emit({ type: 'tool_executing', callId: call.id, name: tool.name });
      const result = await tool.run(validation.input, context);
      emit({ type: 'tool_done', callId: call.id, name: tool.name, result });
      return { status: 'done', content: result.content, isError: false, result };
    }
    return await deps.gate.run(tool, validation.input, call.id, context, emit);
  } catch (error) {
    if (isAbort(error, deps.context.signal)) throw error;
    const detail = describeError(error);
    return failed(call, `${tool.name} failed: ${detail}`, emit, detail);
  }
}

export function toRecord(call: ProposedCall, outcome: CallOutcome): ToolCallRecord {
  return {
    id: call.id,
    name: call.name,
    input: call.input,
    status: outcome.status,
    ...(outcome.result ? { result: outcome.result } : {}),
    ...(outcome.plan ? { plan: outcome.plan } : {}),
    ...(outcome.error ? { error: outcome.error } : {}),
    ...(outcome.denyReason ? { denyReason: outcome.denyReason } : {}),
    ...(outcome.notRequested ? { notRequested: true } : {}),
  };
}
