// Git plumbing for reverse sync. The user's checkout is never touched: the phases are read from the base
// commit itself, and the branch is built in a separate `git worktree` under the OS temp dir, which is
// removed afterwards whatever happens. Only refs, objects and the worktree registry in .git change.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { git, GitError, gitQuery } from './exec.js';

export interface BaseRef {
  /** Branch the pull request targets (`main`). */
  branch: string;
  /** What the new branch starts from (`origin/main`, or `main` without a remote copy). */
  startPoint: string;
  /** The commit `startPoint` pointed at when resolved. */
  commit: string;
}

export const REMOTE = 'origin';

/** The top of the repository holding `dir`; undefined when it is not in one. */
export async function findRepository(dir: string): Promise<string | undefined> {
  if (!existsSync(dir)) return undefined;
  const top = await gitQuery(['rev-parse', '--show-toplevel'], dir);
  return top === undefined || top === '' ? undefined : path.resolve(top);
}

export async function hasRemote(repo: string, name = REMOTE): Promise<boolean> {
  const remotes = await gitQuery(['remote'], repo);
  return (remotes ?? '').split('\n').includes(name);
}

/** The remote's URL as configured (not rewritten by `url.*.insteadOf`): what identifies the GitHub repository. */
export async function remoteUrl(repo: string, name = REMOTE): Promise<string | undefined> {
  return gitQuery(['config', '--get', `remote.${name}.url`], repo);
}

async function refExists(repo: string, ref: string): Promise<boolean> {
  return (await gitQuery(['show-ref', '--verify', '--quiet', ref], repo)) !== undefined;
}

async function commitOf(repo: string, ref: string): Promise<string> {
  const sha = await gitQuery(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], repo);
  if (!sha) throw new GitError(`${ref} does not name a commit`, ['rev-parse', ref], '', 1);
  return sha;
}

/**
 * The base of the sync branch: the configured branch, else the remote's default branch (origin/HEAD),
 * else the branch checked out now. The remote copy is preferred: it is what a pull request merges into.
 */
export async function resolveBase(repo: string, configured: string | null | undefined): Promise<BaseRef> {
  if (configured) {
    for (const [ref, startPoint] of [[`refs/remotes/${REMOTE}/${configured}`, `${REMOTE}/${configured}`], [`refs/heads/${configured}`, configured]] as const) {
      if (await refExists(repo, ref)) return { branch: configured, startPoint, commit: await commitOf(repo, startPoint) };
    }
    throw new GitError(`base branch ${configured} exists neither as ${REMOTE}/${configured} nor locally`, [], '', 1);
  }
  const remoteHead = await gitQuery(['symbolic-ref', '--quiet', `refs/remotes/${REMOTE}/HEAD`], repo);
  const prefix = `refs/remotes/${REMOTE}/`;
  if (remoteHead?.startsWith(prefix)) {
    const startPoint = `${REMOTE}/${remoteHead.slice(prefix.length)}`;
    return { branch: remoteHead.slice(prefix.length), startPoint, commit: await commitOf(repo, startPoint) };
  }
  const current = await gitQuery(['symbolic-ref', '--quiet', '--short', 'HEAD'], repo);
  if (!current) throw new GitError('HEAD is detached and origin has no default branch', ['symbolic-ref', 'HEAD'], '', 1);
  if (!(await gitQuery(['rev-parse', '--verify', '--quiet', 'HEAD'], repo))) {
    throw new GitError(`branch ${current} has no commit yet`, ['rev-parse', 'HEAD'], '', 1);
  }
  return { branch: current, startPoint: current, commit: await commitOf(repo, current) };
}

/** Brings the remote copy of the base branch up to date (refs only; the checkout is untouched). */
export async function fetchBase(repo: string, branch: string): Promise<void> {
  await git(['fetch', '--quiet', '--no-tags', REMOTE, `+refs/heads/${branch}:refs/remotes/${REMOTE}/${branch}`], { cwd: repo });
}

/**
 * Writes the YAML files under `dir` (relative to the repository root) as they are in `commit` into `dest`,
 * keeping their paths: the phases as the base branch has them, whatever the checkout holds.
 */
export async function exportTree(repo: string, commit: string, dir: string, dest: string): Promise<number> {
  const spec = dir === '' ? '.' : dir;
  const { stdout } = await git(['ls-tree', '-r', '-z', '--full-tree', commit, '--', spec], { cwd: repo });
  let count = 0;
  for (const entry of stdout.split('\0')) {
    if (entry === '') continue;
    const tab = entry.indexOf('\t');
    const [mode, type, sha] = entry.slice(0, tab).split(' ');
    const file = entry.slice(tab + 1);
    // Only phase files are read; symlinks could point outside the export.
    if (type !== 'blob' || mode === '120000' || !sha || !/\.ya?ml$/i.test(file)) continue;
    const { stdout: content } = await git(['cat-file', 'blob', sha], { cwd: repo });
    const target = path.join(dest, ...file.split('/'));
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
    count++;
  }
  return count;
}

export async function branchExists(repo: string, branch: string): Promise<boolean> {
  return (await refExists(repo, `refs/heads/${branch}`)) || (await refExists(repo, `refs/remotes/${REMOTE}/${branch}`));
}

/** `reverse-sync-20261120-093000`, with a suffix when a sync in the same second already took the name. */
export async function freshBranchName(repo: string, now: Date): Promise<string> {
  const stamp = now.toISOString().replace(/\.\d+Z$/, '').replace(/[-:]/g, '').replace('T', '-');
  const base = `reverse-sync-${stamp}`;
  if (!(await branchExists(repo, base))) return base;
  for (let n = 2; ; n++) if (!(await branchExists(repo, `${base}-${n}`))) return `${base}-${n}`;
}

export interface CommitRequest {
  repo: string;
  /** Commit the branch starts from. */
  commit: string;
  branch: string;
  /** Repository-relative path → new content. */
  files: ReadonlyMap<string, string>;
  message: string;
  /** Used only when git has no user.name/user.email configured (CI runners). */
  fallbackIdentity: { name: string; email: string };
}

/**
 * Creates `branch` at `commit` with one commit writing `files`, in a temporary worktree that is removed
 * afterwards, also on failure. Returns the new commit's id.
 */
export async function commitOnNewBranch(request: CommitRequest): Promise<string> {
  const { repo } = request;
  const parent = mkdtempSync(path.join(tmpdir(), 'ialctl-sync-'));
  const worktree = path.join(parent, 'worktree');
  let added = false;
  try {
    await git(['worktree', 'add', '--quiet', '--detach', worktree, request.commit], { cwd: repo });
    added = true;
    for (const [file, text] of request.files) {
      const target = path.join(worktree, ...file.split('/'));
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, text);
    }
    await git(['add', '--', ...request.files.keys()], { cwd: worktree });
    const identity = (await gitQuery(['config', 'user.email'], worktree)) ? [] : [
      '-c', `user.name=${request.fallbackIdentity.name}`, '-c', `user.email=${request.fallbackIdentity.email}`,
    ];
    await git([...identity, 'commit', '--quiet', '-m', request.message], { cwd: worktree });
    const commit = await commitOf(worktree, 'HEAD');
    // The branch is created only once its commit exists: a failed commit (hook, signing) leaves no branch behind.
    await git(['branch', request.branch, commit], { cwd: repo });
    return commit;
  } finally {
    if (added) {
      try {
        await git(['worktree', 'remove', '--force', worktree], { cwd: repo });
      } catch {
        // Removing the directory by hand and pruning leaves the registry as clean as `worktree remove`.
        rmSync(worktree, { recursive: true, force: true });
        await git(['worktree', 'prune'], { cwd: repo }).catch(() => undefined);
      }
    }
    rmSync(parent, { recursive: true, force: true });
  }
}

/** Pushes the local `branch` to origin under the same name. */
export async function pushBranch(repo: string, branch: string): Promise<void> {
  await git(['push', '--quiet', REMOTE, `refs/heads/${branch}:refs/heads/${branch}`], { cwd: repo });
}

/** A new repository in the OS temp dir holding `files`, committed on `main`: the demo's stand-in for a clone. */
export async function createScratchRepository(prefix: string, files: ReadonlyMap<string, string>, message: string): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  await git(['init', '--quiet', '--initial-branch=main'], { cwd: dir });
  await git(['config', 'user.name', 'ialctl demo'], { cwd: dir });
  await git(['config', 'user.email', 'demo@ialctl.invalid'], { cwd: dir });
  await git(['config', 'commit.gpgsign', 'false'], { cwd: dir });
  for (const [file, text] of files) {
    const target = path.join(dir, ...file.split('/'));
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
  await git(['add', '--all'], { cwd: dir });
  await git(['commit', '--quiet', '-m', message], { cwd: dir });
  return dir;
}
