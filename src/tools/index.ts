// The tool registry: the one list the LLM loop, the offline router and the CLI share.
import { z } from 'zod';
import { checkDriftTool } from './check-drift.js';
import { driftHistoryTool } from './drift-history.js';
import { healDriftTool } from './heal-drift.js';
import { reverseSyncTool } from './reverse-sync.js';
import type { Tool } from './types.js';

export type { Tool, ReadTool, MutateTool, ToolContext, ToolResult, ToolKind, MutateRequest } from './types.js';
export { RESULT_LIMIT } from './types.js';

export const TOOLS: readonly Tool[] = [checkDriftTool as Tool, driftHistoryTool as Tool, healDriftTool as Tool, reverseSyncTool as Tool];

export const TOOL_NAMES = ['check_drift', 'drift_history', 'heal_drift', 'reverse_sync'] as const;
export type ToolName = (typeof TOOL_NAMES)[number];

export function findTool(name: string, tools: readonly Tool[] = TOOLS): Tool | undefined {
  return tools.find((t) => t.name === name);
}

/** The tool list in the Messages API shape: the JSON schema generated from the zod schema. */
export function toolDefinitions(tools: readonly Tool[] = TOOLS): { name: string; description: string; input_schema: { type: 'object'; [key: string]: unknown } }[] {
  return tools.map((tool) => {
    const { $schema: _ignored, ...schema } = z.toJSONSchema(tool.schema, { io: 'input' }) as Record<string, unknown>;
    return { name: tool.name, description: tool.description, input_schema: { ...schema, type: 'object' } };
  });
}

export type Validation = { ok: true; input: unknown } | { ok: false; message: string };

/** Checks a model's input against the tool's schema; the message says what to fix, field by field. */
export function validateInput(tool: Tool, raw: unknown): Validation {
  const parsed = tool.schema.safeParse(raw ?? {});
  if (parsed.success) return { ok: true, input: parsed.data };
  const problems = parsed.error.issues.map((i) => `${i.path.length > 0 ? i.path.join('.') : 'input'}: ${i.message}`);
  return { ok: false, message: `Invalid input for ${tool.name}: ${problems.join('; ')}. Fix the input and call the tool again.` };
}
