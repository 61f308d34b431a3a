// One definition per tool: the model sees its name, description and JSON schema; the loop, the offline
// router and the CLI all run it through the same validation and, for mutating tools, the same gate.
import type { z } from 'zod';
import type { Lang } from '../i18n/index.js';
import type { Approval, EnginePort, PlanView, ProgressFn } from './engine-port.js';

export type ToolKind = 'read' | 'mutate';

export interface ToolContext {
  engine: EnginePort;
  signal: AbortSignal;
  lang: Lang;
  /** Progress of the running call's AWS reads; the scheduler turns it into `tool_progress` events. */
  onProgress?: ProgressFn;
}

export interface ToolResult<D = unknown> {
  /** What the model reads: compact JSON, capped at RESULT_LIMIT characters, AWS strings fenced. */
  content: string;
  /** The structured result, for the UI and the offline replies. */
  data: D;
}

interface ToolBase<S extends z.ZodType> {
  name: string;
  /** Written for the model: what the tool does, when to use it, what it returns. */
  description: string;
  schema: S;
}

export interface ReadTool<S extends z.ZodType = z.ZodType> extends ToolBase<S> {
  kind: 'read';
  run(input: z.output<S>, ctx: ToolContext): Promise<ToolResult>;
}

/** What a mutating call asks for: a dry run, or execution of a plan (one it names, or a fresh one). */
export interface MutateRequest {
  mode: 'plan' | 'apply';
  planId?: string;
}

export interface MutateTool<S extends z.ZodType = z.ZodType, P extends PlanView = PlanView> extends ToolBase<S> {
  kind: 'mutate';
  request(input: z.output<S>): MutateRequest;
  /** The dry run: asks the engine what it would do. Never changes anything. */
  plan(input: z.output<S>, ctx: ToolContext): Promise<P>;
  /** The result of a dry run, for the model and the UI. */
  planResult(plan: P, note?: string): ToolResult<{ plan: P }>;
  /** Runs the approved plan. Only the confirmation gate calls this. */
  execute(plan: P, approval: Approval, ctx: ToolContext): Promise<ToolResult>;
}

export type Tool = ReadTool | MutateTool;

/** Everything the model receives back is capped: a report of thousands of items must not fill the context. */
export const RESULT_LIMIT = 8 * 1024;
