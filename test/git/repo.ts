// Real Git repositories for reverse-sync tests: a bare "remote" seeded with the demo phases and a clone of
// it as the user's checkout, plus snapshots to prove the checkout was left exactly as it was.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, type Config } from '../../src/config/index.js';
import type { ReverseSyncRequest } from '../../src/engine/reverse-sync.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const NOW = new Date('2026-11-20T10:00:00.000Z');
export const BRANCH = 'reverse-sync-20261120-100000';

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } }).replace(/\n$/, '');
}

export interface TestRepo {
  root: string;
  /** The bare repository standing in for GitHub. */
  remote: string;
  /** The user's clone. */
  work: string;
}

function identity(dir: string): void {
  git(dir, 'config', 'user.name', 'Test User');
  git(dir, 'config', 'user.email', 'test@example.invalid');
  git(dir, 'config', 'commit.gpgsign', 'false');
}

/**
 * A bare remote whose `main` holds the bundled demo phases, and a clone of it. `origin: false` gives a
 * repository with no remote at all.
 */
export function makeRepo(options: { origin?: boolean } = {}): TestRepo {
  const root = mkdtempSync(path.join(tmpdir(), 'ialctl-git-'));
  const seed = path.join(root, 'seed');
  mkdirSync(seed);
  git(seed, 'init', '--quiet', '--initial-branch=main');
  identity(seed);
  cpSync(path.join(REPO_ROOT, 'phases'), path.join(seed, 'phases'), { recursive: true });
  git(seed, 'add', '--all');
  git(seed, 'commit', '--quiet', '-m', 'Phases');
  if (options.origin === false) return { root, remote: '', work: seed };
  const remote = path.join(root, 'remote.git');
  git(root, 'init', '--quiet', '--bare', '--initial-branch=main', remote);
  git(seed, 'push', '--quiet', remote, 'main');
  const work = path.join(root, 'work');
  git(root, 'clone', '--quiet', remote, work);
  identity(work);
  return { root, remote, work };
}

/** Makes origin look like a GitHub repository while fetches and pushes still go to the bare remote. */
export function useGitHubOrigin(repo: TestRepo, url = 'https://github.com/acme/shop.git'): void {
  git(repo.work, 'config', `url.${repo.remote}.insteadOf`, url);
  git(repo.work, 'remote', 'set-url', 'origin', url);
}

/** Every file of the checkout (outside .git) with its content hash, plus HEAD, index and status. */
export function snapshotCheckout(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (abs: string, rel: string): void => {
    for (const name of readdirSync(abs).sort()) {
      if (rel === '' && name === '.git') continue;
      const child = path.join(abs, name);
      const childRel = rel === '' ? name : `${rel}/${name}`;
      if (statSync(child).isDirectory()) walk(child, childRel);
      else out[childRel] = createHash('sha256').update(readFileSync(child)).digest('hex');
    }
  };
  walk(dir, '');
  out['<HEAD>'] = git(dir, 'rev-parse', 'HEAD');
  out['<branch>'] = git(dir, 'symbolic-ref', '--short', 'HEAD');
  out['<index>'] = git(dir, 'diff', '--cached');
  out['<status>'] = git(dir, 'status', '--porcelain=v1', '--untracked-files=all');
  out['<worktrees>'] = git(dir, 'worktree', 'list', '--porcelain').replace(/\bHEAD [0-9a-f]+/g, 'HEAD');
  return out;
}

export function refs(gitDir: string): string {
  return git(gitDir, 'for-each-ref', '--format=%(refname) %(objectname)');
}

export function config(): Config {
  return loadConfig({ env: {}, cwd: tmpdir() });
}

/** An engine request for the demo sandbox against `repo.work`, confirming without a prompt. */
export function request(repo: TestRepo, overrides: Partial<ReverseSyncRequest> = {}): ReverseSyncRequest {
  return {
    cwd: repo.work,
    parameterOverrides: {},
    config: config(),
    source: { kind: 'demo' },
    now: NOW,
    env: {},
    lang: 'en',
    dryRun: false,
    pullRequest: true,
    confirm: async () => true,
    ...overrides,
  };
}
