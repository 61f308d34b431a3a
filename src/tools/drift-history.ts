// drift_history: the read tool for "since when?". Answers from the local drift history (the state
// database that `drift watch` and recorded checks fill); an empty answer means nothing was recorded.
import { z } from 'zod';
import { sanitizeInline } from '../drift/report/sanitize.js';
import type { HistoryEntry } from './engine-port.js';
import { cappedJson } from './result.js';
import type { ReadTool, ToolResult } from './types.js';

export const driftHistorySchema = z
  .object({
    resource: z
      .string()
      .min(1)
      .max(256)
      .optional()
      .describe('Logical id (e.g. MainDb) or physical id (e.g. rds-main-db) of the resource; absent = the open episodes of every resource ("what changed since yesterday?").'),
  })
  .strict();

export interface DriftHistoryData {
  /** Null when the question was about every resource. */
  resource: string | null;
  entries: HistoryEntry[];
}

export function historyResult(resource: string | undefined, entries: HistoryEntry[]): ToolResult<DriftHistoryData> {
  const open = entries.filter((e) => e.resolvedAt === null);
  const base = {
    resource: resource === undefined ? null : sanitizeInline(resource),
    driftingSince: open[0]?.firstSeen ?? null,
    note:
      entries.length === 0
        ? 'No drift of this resource was recorded in the local history (checks are recorded by `ialctl drift watch`); say so, and describe the current state from check_drift.'
        : 'Episodes oldest first; resolvedAt null means the drift is still open.',
  };
  const { text } = cappedJson(base, 'episodes', entries, (n) => `${n} older episode(s) not shown.`);
  return { content: text, data: { resource: resource ?? null, entries } };
}

export const driftHistoryTool: ReadTool<typeof driftHistorySchema> = {
  kind: 'read',
  name: 'drift_history',
  description:
    'When did a resource start drifting? Returns the drift episodes recorded for one resource (first seen, last seen, ' +
    'severity, and how and when each was resolved), oldest first. Read-only. Use it for "since when…?" questions.',
  schema: driftHistorySchema,
  async run(input, ctx) {
    return historyResult(input.resource, await ctx.engine.history(input.resource, ctx.signal));
  },
};
