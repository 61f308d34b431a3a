// Pull requests on GitHub (and GitHub Enterprise through GITHUB_API_URL) with @octokit/rest. A reverse
// sync PR carries a hidden marker with the hash of its changes, so running the sync again while that PR
// is open updates it instead of opening a duplicate.
import { Octokit } from '@octokit/rest';

export interface GitHubRepository {
  host: string;
  owner: string;
  repo: string;
}

export interface PullRequestRef {
  number: number;
  url: string;
  /** True when an open PR with the same changes was updated instead of a new one opened. */
  updated: boolean;
  /** Head branch of the PR. */
  head: string;
  headSha?: string;
}

export class GitHubError extends Error {
  override name = 'GitHubError';
  constructor(
    message: string,
    readonly hint: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/**
 * owner/repo of a GitHub remote: `https://github.com/o/r(.git)`, `git@github.com:o/r.git`,
 * `ssh://git@github.com/o/r.git`. With GITHUB_API_URL set (Enterprise), any host is accepted.
 */
export function parseGitHubRemote(url: string, enterprise: boolean): GitHubRepository | undefined {
  let host: string;
  let pathname: string;
  const scp = /^(?:[^@/]+@)?([^:/]+):(?!\/)(.+)$/.exec(url);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return undefined;
    }
    if (!['https:', 'http:', 'ssh:', 'git:'].includes(parsed.protocol)) return undefined;
    host = parsed.hostname;
    pathname = parsed.pathname;
  } else if (scp) {
    host = scp[1] as string;
    pathname = scp[2] as string;
  } else return undefined;
  if (!enterprise && host.toLowerCase() !== 'github.com') return undefined;
  const parts = pathname.replace(/^\/+|\/+$/g, '').replace(/\.git$/, '').split('/');
  if (parts.length < 2) return undefined;
  const owner = parts[parts.length - 2] as string;
  const repo = parts[parts.length - 1] as string;
  if (!/^[\w.-]+$/.test(owner) || !/^[\w.-]+$/.test(repo)) return undefined;
  return { host, owner, repo };
}

export function githubToken(env: NodeJS.ProcessEnv): string | undefined {
  const token = env['GITHUB_TOKEN'] || env['GH_TOKEN'];
  return token && token.trim() !== '' ? token.trim() : undefined;
}

export function apiBaseUrl(env: NodeJS.ProcessEnv): string {
  return (env['GITHUB_API_URL'] || 'https://api.github.com').replace(/\/+$/, '');
}

/** Where a person opens the PR by hand: GitHub's compare page. */
export function compareUrl(repository: GitHubRepository, base: string, head: string): string {
  return `https://${repository.host}/${repository.owner}/${repository.repo}/compare/${encodeURIComponent(base)}...${encodeURIComponent(head)}?expand=1`;
}

export function changesMarker(hash: string): string {
  return `<!-- ialctl-reverse-sync:${hash} -->`;
}

export interface GitHubClientOptions {
  token: string;
  baseUrl: string;
  /** For tests: the fetch the client uses. */
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export interface PullRequestApi {
  findOpen(repository: GitHubRepository, marker: string): Promise<PullRequestRef | undefined>;
  create(repository: GitHubRepository, pr: { head: string; base: string; title: string; body: string }): Promise<PullRequestRef>;
  update(repository: GitHubRepository, existing: PullRequestRef, pr: { title: string; body: string }): Promise<PullRequestRef>;
}

const SYNC_BRANCH_PREFIX = 'reverse-sync-';
// Open PRs are listed to find an earlier sync; a repository with more is not one this search should crawl.
const MAX_PAGES = 10;

export function pullRequestApi(options: GitHubClientOptions): PullRequestApi {
  const octokit = new Octokit({
    auth: options.token,
    baseUrl: options.baseUrl,
    userAgent: 'ialctl-reverse-sync',
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    // Each request gets its own deadline: a hung connection must not hang the command.
    request: {
      fetch: (url: string, init: RequestInit) =>
        (options.fetch ?? fetch)(url, { ...init, signal: AbortSignal.timeout(options.timeoutMs ?? 30_000) }),
    },
  });
  const call = async <T>(what: string, repository: GitHubRepository, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw describeError(error, what, repository, options.baseUrl);
    }
  };
  return {
    findOpen: (repository, marker) =>
      call('list the open pull requests', repository, async () => {
        let page = 0;
        for await (const response of octokit.paginate.iterator(octokit.rest.pulls.list, {
          owner: repository.owner, repo: repository.repo, state: 'open', per_page: 100,
        })) {
          for (const pr of response.data) {
            if (pr.head.ref.startsWith(SYNC_BRANCH_PREFIX) && (pr.body ?? '').includes(marker)) {
              return { number: pr.number, url: pr.html_url, updated: false, head: pr.head.ref, headSha: pr.head.sha };
            }
          }
          if (++page >= MAX_PAGES) break;
        }
        return undefined;
      }),
    create: (repository, pr) =>
      call('open the pull request', repository, async () => {
        const { data } = await octokit.rest.pulls.create({ owner: repository.owner, repo: repository.repo, ...pr });
        return { number: data.number, url: data.html_url, updated: false, head: pr.head, headSha: data.head.sha };
      }),
    update: (repository, existing, pr) =>
      call('update the pull request', repository, async () => {
        const { data } = await octokit.rest.pulls.update({
          owner: repository.owner, repo: repository.repo, pull_number: existing.number, title: pr.title, body: pr.body,
        });
        return { number: data.number, url: data.html_url, updated: true, head: existing.head, headSha: data.head.sha };
      }),
  };
}

interface OctokitFailure {
  status?: number;
  message?: string;
  response?: { data?: unknown };
  cause?: unknown;
  name?: string;
}

function apiMessage(data: unknown): string | undefined {
  if (data === null || typeof data !== 'object') return typeof data === 'string' && data.trim() !== '' ? data.trim().slice(0, 200) : undefined;
  const body = data as { message?: unknown; errors?: unknown };
  const details = Array.isArray(body.errors)
    ? body.errors
        .map((e) => (e && typeof e === 'object' ? ((e as { message?: unknown }).message ?? (e as { code?: unknown }).code) : e))
        .filter((m): m is string => typeof m === 'string' && m !== '')
    : [];
  const message = typeof body.message === 'string' ? body.message : undefined;
  return [message, ...details].filter((m) => m !== undefined).join(': ') || undefined;
}

/** A GitHub API failure as a message that says what went wrong and what to do about it. */
export function describeError(error: unknown, what: string, repository: GitHubRepository, baseUrl: string): GitHubError {
  const e = (error ?? {}) as OctokitFailure;
  const slug = `${repository.owner}/${repository.repo}`;
  if (e.response === undefined) {
    const cause = e.cause as { cause?: { code?: string; message?: string }; code?: string; message?: string } | undefined;
    const detail = cause?.cause?.code ?? cause?.code ?? e.message ?? String(error);
    const timedOut = e.name === 'AbortError' || e.name === 'TimeoutError' || /abort|timeout/i.test(String(detail));
    return new GitHubError(
      `cannot reach the GitHub API at ${baseUrl} to ${what}: ${timedOut ? 'timed out' : detail}`,
      'check the network connection (and GITHUB_API_URL for GitHub Enterprise), then run reverse-sync again: the existing branch is reused if the changes are the same',
    );
  }
  const status = e.status;
  const message = apiMessage(e.response.data) ?? e.message ?? 'no details';
  switch (status) {
    case 401:
      return new GitHubError(`GitHub rejected the token when trying to ${what} (401 ${message})`,
        'GITHUB_TOKEN (or GH_TOKEN) is invalid or expired: create a new token with access to pull requests of ' + slug, 401);
    case 403:
      return new GitHubError(`GitHub refused to ${what} in ${slug} (403 ${message})`,
        `the token needs "Pull requests: write" and "Contents: read" on ${slug}; if the message mentions a rate limit, wait and retry`, 403);
    case 404:
      return new GitHubError(`GitHub found no repository ${slug} (404 ${message})`,
        'check that origin points at the right repository and that the token can see it (private repositories need a token with access)', 404);
    case 422:
      return new GitHubError(`GitHub could not ${what} in ${slug} (422 ${message})`,
        'the branch was pushed: check it on GitHub; a pull request for it may already exist, or the base branch may be wrong (reverse_sync.base_branch)', 422);
    default:
      return new GitHubError(`GitHub failed to ${what} in ${slug} (${status ?? 'error'} ${message})`,
        'retry later; the pushed branch stays in place', status);
  }
}
