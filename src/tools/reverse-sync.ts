// reverse_sync: the mutating tool that brings Git up to date with AWS (branch, commit, pull request).
// Like heal_drift, `plan` is a dry run and `apply` only runs through the confirmation gate.
import { z } from 'zod';
import { sanitizeInline } from '../drift/report/sanitize.js';
import { AWS_DATA_NOTE, awsData } from './aws-data.js';
import type { SyncOutcome, SyncPlanView } from './engine-port.js';
import { ITEM_IDS, PLAN_ID } from './heal-drift.js';
import { cappedJson } from './result.js';
import type { MutateTool, ToolResult } from './types.js';

export const reverseSyncSchema = z
  .object({
    mode: z.enum(['plan', 'apply']).describe('"plan": dry run, shows the file edits. "apply": branch + commit + PR, after the human confirms.'),
    planId: PLAN_ID.optional(),
    itemIds: ITEM_IDS.optional(),
    createPr: z.boolean().optional().describe('Open a pull request after pushing the branch (default true; needs GITHUB_TOKEN, else a local branch only).'),
  })
  .strict();

export type ReverseSyncInput = z.output<typeof reverseSyncSchema>;

export function syncPlanResult(plan: SyncPlanView, note?: string): ToolResult<{ plan: SyncPlanView }> {
  const base: Record<string, unknown> = {
    note: AWS_DATA_NOTE,
    dryRun: true,
    planId: plan.planId,
    base: plan.base === null ? null : sanitizeInline(plan.base),
    branch: plan.branch === null ? null : sanitizeInline(plan.branch),
    createPr: plan.createPr,
    unresolved: plan.unresolved.slice(0, 20).map((u) => ({ itemId: u.itemId, reason: sanitizeInline(u.reason) })),
    next:
      plan.files.length === 0
        ? 'Nothing to write: no drift item can be written back to the phase files.'
        : 'Nothing was changed. To execute, call reverse_sync with mode "apply" and this planId; the human will be asked to confirm this exact plan.',
    ...(note ? { status: note } : {}),
  };
  const { text } = cappedJson(
    base,
    'files',
    plan.files.map((f) => ({ path: sanitizeInline(f.path), changes: f.changes, items: f.items })),
    (n) => `${n} more file(s) not shown; pass itemIds to plan fewer items.`,
  );
  return { content: text, data: { plan } };
}

export function syncOutcomeResult(outcome: SyncOutcome): ToolResult<{ outcome: SyncOutcome }> {
  const base = {
    note: AWS_DATA_NOTE,
    dryRun: false,
    planId: outcome.planId,
    branch: sanitizeInline(outcome.branch),
    base: outcome.base === null ? null : sanitizeInline(outcome.base),
    commit: outcome.commit,
    pullRequest: outcome.pullRequest ? { number: outcome.pullRequest.number, url: sanitizeInline(outcome.pullRequest.url) } : null,
    unresolved: outcome.unresolved.slice(0, 20).map((u) => ({ itemId: u.itemId, reason: awsData(u.reason) })),
  };
  const { text } = cappedJson(base, 'files', outcome.files.map((f) => ({ path: sanitizeInline(f.path), changes: f.changes })), (n) => `${n} more file(s) not shown.`);
  return { content: text, data: { outcome } };
}

export const reverseSyncTool: MutateTool<typeof reverseSyncSchema, SyncPlanView> = {
  kind: 'mutate',
  name: 'reverse_sync',
  description:
    'Bring the Git phase files up to date with what is live in AWS (accept the manual changes): edits the YAML in a separate ' +
    'git worktree, commits on a new branch, pushes and opens a pull request. Never touches the working tree. ' +
    'Call with mode "plan" first: a dry run returning a planId and the file edits; nothing changes. ' +
    'mode "apply" executes only after the human confirms that exact plan in the interface: you cannot approve it. ' +
    'Without a human to ask, the result is "needs_confirmation" and nothing runs.',
  schema: reverseSyncSchema,
  request: (input) => ({ mode: input.mode, ...(input.planId ? { planId: input.planId } : {}) }),
  plan: (input, ctx) =>
    ctx.engine.planSync({ ...(input.itemIds ? { only: input.itemIds } : {}), createPr: input.createPr ?? true }, ctx.signal),
  planResult: syncPlanResult,
  async execute(plan, approval, ctx) {
    return syncOutcomeResult(await ctx.engine.applySync(plan.planId, approval, ctx.signal));
  },
};
