// `reverse-sync`: AWS → Git. Reads the phases as the base branch has them, compares them with live AWS,
// plans the minimal YAML edits, proves they leave no drift, then (after a confirmation) commits them on
// a new branch in a separate worktree, pushes it and opens or updates the pull request. The user's
// checkout, including uncommitted edits, is never read or written.
import { escapeControlsInline } from '../drift/report/sanitize.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Config } from '../config/index.js';
import { detectDrift, type DetectOptions } from '../drift/detect.js';
import type { DriftReport, LiveState } from '../drift/model.js';
import { loadPhases, type DesiredState, type PhaseSource } from '../drift/phases.js';
import { findResourceItems } from '../drift/report/index.js';
import { isEmptyPlan, planSync, type SyncChange, type SyncPlan, type UnresolvedItem } from '../drift/sync-plan.js';
import { proveSync, type ZeroDiffProof } from '../drift/sync-proof.js';
import { unifiedDiff } from '../git/diff.js';
import { GitError } from '../git/exec.js';
import {
  apiBaseUrl, compareUrl, githubToken, GitHubError, parseGitHubRemote, pullRequestApi, changesMarker,
  type GitHubRepository, type PullRequestApi, type PullRequestRef,
} from '../git/github.js';
import { changesHash, commitMessage, pullRequestBody } from '../git/messages.js';
import {
  commitOnNewBranch, exportTree, fetchBase, findRepository, freshBranchName, hasRemote, pushBranch, remoteUrl, resolveBase,
  REMOTE, type BaseRef,
} from '../git/worktree.js';
import type { Lang } from '../i18n/index.js';
import { syncMessages } from '../i18n/sync.js';
import { declaredTypes, detectOptionsFrom, readLive, type LiveSource } from './check.js';
import { UsageError } from './errors.js';
import { listPhaseSources, phaseFolder, type PhaseFolder } from './phase-files.js';

export interface ReverseSyncRequest {
  cwd: string;
  phasesDir?: string;
  parameterOverrides: Record<string, string>;
  config: Config;
  source: LiveSource;
  now: Date;
  env: NodeJS.ProcessEnv;
  lang: Lang;
  dryRun: boolean;
  /** False with --no-pr: branch, commit and push only. */
  pullRequest: boolean;
  /** The branch to create (the one a confirmation dialog already named); a fresh name when absent. */
  branch?: string;
  resources?: readonly string[];
  removeMissing?: readonly string[];
  /**
   * Reads the live state instead of `source`: a session that healed its sandbox must sync what that
   * sandbox holds now, never the pristine copy on disk. Called once per run: each plan is from a fresh read.
   */
  readLive?: (types: string[]) => Promise<LiveState>;
  /** Asked once the plan and its diff are known, before anything is written; false cancels. Not asked in dry runs. */
  confirm: (preview: ReverseSyncPreview) => Promise<boolean>;
  /** Progress notes for a person watching (stderr); the result carries everything else. */
  note?: (line: string) => void;
  /** For tests: the GitHub client (default: @octokit/rest against GITHUB_API_URL). */
  github?: (token: string, baseUrl: string) => PullRequestApi;
}

export interface ReverseSyncPreview {
  plan: SyncPlan;
  files: SyncedFile[];
  diff: string;
  branch: string;
  base: string;
  baseRef: BaseRef;
}

export interface SyncedFile {
  path: string;
  created: boolean;
  changes: SyncChange[];
}

export interface ReverseSyncResult {
  dryRun: boolean;
  /** Whether the user declined the confirmation (nothing was written). */
  cancelled: boolean;
  branch: string | null;
  base: string | null;
  baseRef: BaseRef | null;
  commit: string | null;
  files: SyncedFile[];
  pullRequest: PullRequestRef | null;
  unresolved: UnresolvedItem[];
  diff: string;
  proof: ZeroDiffProof;
  pushed: boolean;
  repository: string | null;
  github: GitHubRepository | null;
  report: DriftReport;
  /** Why no pull request was attempted, when none was: `--no-pr`, no token, or an origin that is not on GitHub. */
  pullRequestSkipped: 'disabled' | 'no-token' | 'not-github' | 'no-origin' | null;
  /** The pull request could not be opened or updated; the branch is in place. */
  pullRequestError?: { message: string; hint: string };
  /** Push failed: the branch exists locally only. */
  pushError?: { message: string; hint: string };
}

/** The sync stopped before writing: the edited phases would still differ from AWS. */
export class ProofFailedError extends Error {
  override name = 'ProofFailedError';
  constructor(readonly proof: ZeroDiffProof, readonly plan: SyncPlan) {
    super('zero-diff proof failed');
  }
}

interface LoadedPhases {
  sources: PhaseSource[];
  parametersFile?: { file: string; text: string };
  desired: DesiredState;
}

function loadFrom(folder: PhaseFolder, overrides: Record<string, string>): LoadedPhases {
  const { sources, parametersFile } = listPhaseSources(folder);
  const desired = loadPhases(sources, { ...(parametersFile ? { parametersFile } : {}), parameterOverrides: overrides });
  return { sources, ...(parametersFile ? { parametersFile } : {}), desired };
}

function gitUsage(error: unknown, hint: string): never {
  if (error instanceof GitError) throw new UsageError(error.message, hint);
  throw error;
}

/** Each selector must name something the report holds: a typo must not quietly sync nothing. */
function checkSelectors(report: DriftReport, resources: readonly string[], removeMissing: readonly string[]): void {
  for (const name of resources) {
    const wanted = name.trim().toLowerCase();
    const extraByName = report.items.some((i) => i.type === 'extra_resource' && typeof i.differences[0]?.actual === 'string'
      && (i.differences[0].actual as string).toLowerCase() === wanted);
    const match = findResourceItems(report, name);
    if (match.items.length > 0 || extraByName || report.items.some((i) => i.id === name)) continue;
    throw new UsageError(`--resource ${name}: no drift reported for this resource`,
      match.suggestions.length > 0 ? `did you mean ${match.suggestions.join(', ')}?` : 'run `ialctl drift check` to see which resources drifted');
  }
  const missing = report.items.filter((i) => i.type === 'missing_resource');
  for (const name of removeMissing) {
    const wanted = name.trim().toLowerCase();
    if (missing.some((i) => i.logicalId?.toLowerCase() === wanted || i.id === name)) continue;
    throw new UsageError(`--remove-missing ${name}: no missing resource of that name`,
      missing.length > 0 ? `missing resources: ${missing.map((i) => i.logicalId).join(', ')}` : 'no resource is missing from AWS');
  }
}

export async function runReverseSync(request: ReverseSyncRequest): Promise<ReverseSyncResult> {
  const note = request.note ?? (() => {});
  const phasesAbs = path.resolve(request.cwd, request.phasesDir ?? 'phases');
  const repo = await findRepository(path.dirname(phasesAbs)).catch((e: unknown) => gitUsage(e, 'install git, then run again'));
  if (!repo && !request.dryRun) {
    throw new UsageError(`the phases in ${phasesAbs} are not in a Git repository`,
      'reverse-sync commits to a new branch: run it in a clone of the repository holding the phases, or try --demo');
  }

  const scratch = mkdtempSync(path.join(tmpdir(), 'ialctl-base-'));
  try {
    let base: BaseRef | null = null;
    let loaded: LoadedPhases;
    let origin = false;
    if (repo) {
      origin = await hasRemote(repo);
      base = await resolveBase(repo, request.config.reverseSync.baseBranch).catch((e: unknown) =>
        gitUsage(e, 'set reverse_sync.base_branch in the configuration, or check out the branch to start from'));
      if (origin && !request.dryRun && base.startPoint.startsWith(`${REMOTE}/`)) {
        try {
          await fetchBase(repo, base.branch);
          base = await resolveBase(repo, request.config.reverseSync.baseBranch);
        } catch (error) {
          if (!(error instanceof GitError)) throw error;
          note(`warning: could not fetch ${base.branch} from ${REMOTE} (${escapeControlsInline(error.message)}); using ${base.startPoint} as last fetched`);
        }
      }
      const relative = path.relative(repo, phasesAbs).split(path.sep).join('/');
      const exported = await exportTree(repo, base.commit, relative, scratch);
      if (exported === 0) {
        throw new UsageError(`${base.startPoint} has no phase files under ${relative || '.'}`,
          'commit the phases to the base branch first (reverse-sync edits what the base branch holds, not your checkout)');
      }
      loaded = loadFrom({ dir: path.join(scratch, ...relative.split('/')), displayRoot: scratch }, request.parameterOverrides);
    } else {
      loaded = loadFrom(phaseFolder(request.phasesDir ?? 'phases', request.cwd), request.parameterOverrides);
    }

    const types = declaredTypes(loaded.desired);
    const live = request.readLive ? await request.readLive(types) : await readLive(request.source, types);
    const { readableProperties } = await import('../aws/readers/index.js');
    const readable = (type: string): ReadonlySet<string> | undefined => {
      const list = readableProperties(type);
      return list ? new Set(list) : undefined;
    };
    const detectOptions: DetectOptions = { ...detectOptionsFrom(request.config, request.now), readableProperties: readable };
    const report = detectDrift(loaded.desired.resources, live, detectOptions);
    if (!report.complete) {
      throw new UsageError('the drift check is incomplete (some resource types could not be read), so reverse-sync stops',
        'run `ialctl drift check` to see the read errors, fix them, then run reverse-sync again');
    }
    checkSelectors(report, request.resources ?? [], request.removeMissing ?? []);

    // A selector may be a report item id (the assistant's tools pass those) or a resource name.
    const itemIds = (request.resources ?? []).filter((r) => report.items.some((i) => i.id === r));
    const names = (request.resources ?? []).filter((r) => !itemIds.includes(r));
    const plan = planSync(report, loaded.desired, live, {
      ...(itemIds.length > 0 ? { itemIds } : {}),
      ...(names.length > 0 ? { resources: names } : {}),
      removeMissing: request.removeMissing ?? [],
      sources: loaded.sources,
      ...(loaded.parametersFile ? { parametersFile: loaded.parametersFile } : {}),
      parameterOverrides: request.parameterOverrides,
      readableProperties: readable,
    });
    const proof = proveSync({
      plan, before: report, sources: loaded.sources, live, detectOptions, parameterOverrides: request.parameterOverrides,
      ...(loaded.parametersFile ? { parametersFile: loaded.parametersFile } : {}),
    });
    if (!proof.ok) throw new ProofFailedError(proof, plan);

    const files = syncedFiles(plan);
    const diff = await unifiedDiff([
      ...plan.edits.map((e) => ({ path: e.file, before: e.original, after: e.text })),
      ...plan.newFiles.map((f) => ({ path: f.file, before: null, after: f.text })),
    ]).catch((e: unknown) => gitUsage(e, 'install git: the diff is made with `git diff --no-index`'));
    const originUrl = repo && origin ? await remoteUrl(repo) : undefined;
    const github = originUrl ? (parseGitHubRemote(originUrl, Boolean(request.env['GITHUB_API_URL'])) ?? null) : null;
    const token = githubToken(request.env);
    const pullRequestSkipped = !request.pullRequest ? 'disabled' : !origin ? 'no-origin' : !github ? 'not-github' : !token ? 'no-token' : null;
    const result: ReverseSyncResult = {
      dryRun: request.dryRun, cancelled: false, branch: null, base: base?.branch ?? null, baseRef: base, commit: null, files,
      pullRequest: null, unresolved: plan.unresolved, diff, proof, pushed: false, repository: repo ?? null, github, report, pullRequestSkipped,
    };
    if (request.dryRun || isEmptyPlan(plan) || !repo || !base) return result;

    const branch = request.branch ?? (await freshBranchName(repo, request.now));
    if (!(await request.confirm({ plan, files, diff, branch, base: base.branch, baseRef: base }))) return { ...result, cancelled: true };

    const api = pullRequestSkipped === null && github && token
      ? (request.github ?? ((t, url) => pullRequestApi({ token: t, baseUrl: url })))(token, apiBaseUrl(request.env))
      : undefined;
    const hash = changesHash(plan);
    const body = (): string => pullRequestBody({ plan, report, lang: request.lang, hash });
    const title = syncMessages(request.lang).title;

    let apiError: GitHubError | undefined;
    if (api && github) {
      try {
        const existing = await api.findOpen(github, changesMarker(hash));
        if (existing) {
          const updated = await api.update(github, existing, { title, body: body() });
          return { ...result, branch: existing.head, commit: updated.headSha ?? existing.headSha ?? null, pullRequest: updated };
        }
      } catch (error) {
        if (!(error instanceof GitHubError)) throw error;
        apiError = error;
      }
    }

    const written = new Map<string, string>([
      ...plan.edits.map((e) => [e.file, e.text] as const),
      ...plan.newFiles.map((f) => [f.file, f.text] as const),
    ]);
    const commit = await commitOnNewBranch({
      repo, commit: base.commit, branch, files: written, message: commitMessage({ plan, report, lang: request.lang }),
      fallbackIdentity: { name: 'ialctl reverse-sync', email: 'ialctl@users.noreply.github.com' },
    }).catch((e: unknown) => gitUsage(e, 'nothing was committed; fix the Git problem above (hooks, signing, identity) and run again'));
    const committed: ReverseSyncResult = { ...result, branch, commit };

    if (!origin) return committed;
    try {
      await pushBranch(repo, branch);
    } catch (error) {
      if (!(error instanceof GitError)) throw error;
      return {
        ...committed,
        pushError: { message: `push to ${REMOTE} failed: ${error.message}`, hint: `the branch is committed locally; push it with: git push -u ${REMOTE} ${branch}` },
      };
    }
    const pushed: ReverseSyncResult = { ...committed, pushed: true };
    if (!api || !github) return pushed;
    if (apiError) return { ...pushed, pullRequestError: { message: apiError.message, hint: apiError.hint } };
    try {
      const pr = await api.create(github, { head: branch, base: base.branch, title, body: body() });
      return { ...pushed, pullRequest: pr };
    } catch (error) {
      if (!(error instanceof GitHubError)) throw error;
      return { ...pushed, pullRequestError: { message: error.message, hint: error.hint } };
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function syncedFiles(plan: SyncPlan): SyncedFile[] {
  return [
    ...plan.edits.map((e) => ({ path: e.file, created: false, changes: e.changes })),
    ...plan.newFiles.map((f) => ({ path: f.file, created: true, changes: f.changes })),
  ].sort((a, b) => a.path.localeCompare(b.path));
}

/** Where a person can open the pull request when ialctl did not. */
export function manualPullRequestUrl(result: ReverseSyncResult): string | undefined {
  return result.github && result.branch && result.base && result.pushed ? compareUrl(result.github, result.base, result.branch) : undefined;
}
