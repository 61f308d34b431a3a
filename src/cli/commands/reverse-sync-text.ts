// How `ialctl reverse-sync` reports in the terminal and as JSON (ARCHITECTURE §5). AWS-provided text is
// sanitized before it reaches the terminal; JSON carries the exact values (JSON escapes control characters).
import { safeJson } from '../../drift/report/sanitize.js';
import type { ZeroDiffProof } from '../../drift/sync-proof.js';
import type { UnresolvedItem } from '../../drift/sync-plan.js';
import { sanitize, sanitizeInline } from '../../drift/report/index.js';
import { createTheme } from '../../drift/report/theme.js';
import type { BaseRef } from '../../git/worktree.js';
import { describeChange, describeUnresolved } from '../../git/messages.js';
import type { ReverseSyncResult, SyncedFile } from '../../engine/reverse-sync.js';
import { manualPullRequestUrl } from '../../engine/reverse-sync.js';
import type { Lang } from '../../i18n/index.js';
import { syncMessages } from '../../i18n/sync.js';

export interface TextView {
  lang: Lang;
  color: boolean;
}

export interface PreviewInput {
  files: readonly SyncedFile[];
  unresolved: readonly UnresolvedItem[];
  diff: string;
  baseRef: BaseRef | null;
  synced: number;
}

function colorDiff(diff: string, color: boolean): string {
  const theme = createTheme(color);
  return sanitize(diff)
    .split('\n')
    .map((line) => {
      if (line.startsWith('+++') || line.startsWith('---') || line.startsWith('diff --git')) return theme.heading(line);
      if (line.startsWith('+')) return theme.added(line);
      if (line.startsWith('-')) return theme.removed(line);
      if (line.startsWith('@@')) return theme.command(line);
      return line;
    })
    .join('\n');
}

export function renderPreview(input: PreviewInput, view: TextView): string {
  const m = syncMessages(view.lang);
  const theme = createTheme(view.color);
  const lines = [theme.heading(m.title), theme.muted(input.baseRef ? m.base(input.baseRef.branch, input.baseRef.startPoint, input.baseRef.commit) : m.workingFiles), ''];
  const changes = input.files.reduce((n, f) => n + f.changes.length, 0);
  if (input.files.length === 0) {
    lines.push(m.nothingToSync, '');
  } else {
    lines.push(colorDiff(input.diff, view.color).replace(/\n$/, ''), '', theme.heading(m.changesTitle(changes, input.files.length)));
    for (const file of input.files) {
      lines.push(`  ${sanitizeInline(file.path)}${file.created ? ` ${theme.muted(m.newFile)}` : ''}`);
      for (const change of file.changes) lines.push(`    ${describeChange(change, view.lang)}`);
    }
    lines.push('', theme.ok(m.proofOk(input.synced)), '');
  }
  if (input.unresolved.length > 0) {
    lines.push(theme.warning(m.unresolvedTitle(input.unresolved.length)));
    for (const u of input.unresolved) lines.push(`  - ${describeUnresolved(u)}`);
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

export function renderOutcome(result: ReverseSyncResult, view: TextView, demoRepository?: string): string {
  const m = syncMessages(view.lang);
  const theme = createTheme(view.color);
  const lines: string[] = [];
  if (result.dryRun) lines.push(theme.muted(m.dryRun));
  else if (result.cancelled) lines.push(m.declined);
  else if (result.pullRequest?.updated) {
    lines.push(m.prExisting(result.pullRequest.number, result.pullRequest.head), theme.ok(m.prUpdated(result.pullRequest.number, result.pullRequest.url)));
  } else if (result.branch && result.commit) {
    lines.push(theme.ok(m.committed(result.branch, result.commit)));
    lines.push(result.pushed ? m.pushed('origin') : result.pushError ? theme.error(result.pushError.message) : m.notPushedNoRemote);
    if (result.pullRequest) lines.push(theme.ok(m.prOpened(result.pullRequest.number, result.pullRequest.url)));
    const steps: string[] = [];
    if (!result.pushed) steps.push(m.stepPush(result.branch));
    if (!result.pullRequest) {
      const url = manualPullRequestUrl(result);
      steps.push(url ? m.stepComparePage(url) : m.stepOpenPr(result.branch, result.base ?? 'main'));
      if (result.pullRequestSkipped === 'no-token') steps.push(m.stepToken);
    }
    if (result.pullRequestError) lines.push(theme.error(m.prError), `  ${result.pullRequestError.message}`);
    if (steps.length > 0) lines.push('', m.nextStepsTitle, ...steps.map((s) => `  ${theme.command(s)}`));
    if (demoRepository) lines.push('', m.demoInspect(demoRepository, result.branch));
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

export function renderProofFailure(proof: ZeroDiffProof, lang: Lang): string {
  const m = syncMessages(lang);
  const lines = [`ialctl: ${m.proofFailed}`];
  if (proof.loadError) lines.push(`  ${m.proofLoadError}`, ...sanitize(proof.loadError).split('\n').map((l) => `    ${l}`));
  for (const f of proof.failures) {
    const paths = f.differences.map((d) => sanitizeInline(d.path)).join(', ');
    const resource = sanitizeInline(f.resource);
    lines.push(`  - ${f.reason === 'introduced' ? m.proofIntroduced(resource, paths) : m.proofStill(resource, paths)}`);
  }
  lines.push(`  hint: ${m.proofHint}`);
  return `${lines.join('\n')}\n`;
}

/** The §5 contract fields first, in contract order; more fields after them. */
export function renderJson(result: ReverseSyncResult, demoRepository?: string): string {
  const out = {
    dryRun: result.dryRun,
    branch: result.branch,
    base: result.base,
    commit: result.commit,
    files: result.files.map((f) => ({ path: f.path, changes: f.changes, created: f.created })),
    pullRequest: result.pullRequest ? { number: result.pullRequest.number, url: result.pullRequest.url, updated: result.pullRequest.updated } : null,
    unresolved: result.unresolved.map((u) => ({ itemId: u.itemId, reason: u.reason, code: u.code, logicalId: u.logicalId, physicalId: u.physicalId, path: u.path })),
    cancelled: result.cancelled,
    pushed: result.pushed,
    pullRequestSkipped: result.pullRequestSkipped,
    proof: { ok: result.proof.ok, synced: result.proof.synced },
    ...(result.pullRequestError ? { pullRequestError: result.pullRequestError } : {}),
    ...(result.pushError ? { pushError: result.pushError } : {}),
    ...(demoRepository ? { repository: demoRepository } : {}),
    diff: result.diff,
  };
  return `${safeJson(out, 2)}\n`;
}
