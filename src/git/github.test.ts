import { describe, expect, it } from 'vitest';
import { apiBaseUrl, compareUrl, describeError, githubToken, parseGitHubRemote } from './github.js';

describe('parseGitHubRemote', () => {
  it.each([
    ['https://github.com/acme/shop.git', { host: 'github.com', owner: 'acme', repo: 'shop' }],
    ['https://github.com/acme/shop', { host: 'github.com', owner: 'acme', repo: 'shop' }],
    ['https://x-access-token:abc@github.com/acme/shop.git', { host: 'github.com', owner: 'acme', repo: 'shop' }],
    ['git@github.com:acme/shop.git', { host: 'github.com', owner: 'acme', repo: 'shop' }],
    ['ssh://git@github.com/acme/shop.git', { host: 'github.com', owner: 'acme', repo: 'shop' }],
    ['ssh://git@github.com:22/acme/shop.git/', { host: 'github.com', owner: 'acme', repo: 'shop' }],
  ])('%s → acme/shop', (url, expected) => {
    expect(parseGitHubRemote(url, false)).toEqual(expected);
  });

  it.each([
    ['another host without GITHUB_API_URL', 'https://gitlab.com/acme/shop.git'],
    ['a local path', '/srv/git/shop.git'],
    ['a file URL', 'file:///srv/git/shop.git'],
    ['a URL without owner', 'https://github.com/shop.git'],
  ])('rejects %s', (_name, url) => {
    expect(parseGitHubRemote(url, false)).toBeUndefined();
  });

  it('accepts any host for GitHub Enterprise (GITHUB_API_URL set)', () => {
    expect(parseGitHubRemote('git@ghe.example.com:platform/infra.git', true)).toEqual({ host: 'ghe.example.com', owner: 'platform', repo: 'infra' });
  });
});

describe('environment', () => {
  it('takes GITHUB_TOKEN, then GH_TOKEN; blank counts as unset', () => {
    expect(githubToken({ GITHUB_TOKEN: 'a', GH_TOKEN: 'b' })).toBe('a');
    expect(githubToken({ GITHUB_TOKEN: '', GH_TOKEN: 'b' })).toBe('b');
    expect(githubToken({ GH_TOKEN: '  ' })).toBeUndefined();
  });

  it('uses GITHUB_API_URL for Enterprise, api.github.com otherwise', () => {
    expect(apiBaseUrl({})).toBe('https://api.github.com');
    expect(apiBaseUrl({ GITHUB_API_URL: 'https://ghe.example.com/api/v3/' })).toBe('https://ghe.example.com/api/v3');
  });

  it('builds the compare page for opening the PR by hand', () => {
    expect(compareUrl({ host: 'github.com', owner: 'acme', repo: 'shop' }, 'main', 'reverse-sync-20261120-100000'))
      .toBe('https://github.com/acme/shop/compare/main...reverse-sync-20261120-100000?expand=1');
  });
});

describe('describeError', () => {
  const repo = { host: 'github.com', owner: 'acme', repo: 'shop' };
  it.each([
    [403, { message: 'Resource not accessible by integration' }, 'GitHub refused to open the pull request in acme/shop (403 Resource not accessible by integration)', 'Pull requests: write'],
    [404, { message: 'Not Found' }, 'GitHub found no repository acme/shop (404 Not Found)', 'check that origin points at the right repository'],
    [502, 'Bad Gateway', 'GitHub failed to open the pull request in acme/shop (502 Bad Gateway)', 'retry later'],
  ])('%i', (status, data, message, hint) => {
    const error = describeError({ status, response: { data } }, 'open the pull request', repo, 'https://api.github.com');
    expect(error.message).toBe(message);
    expect(error.hint).toContain(hint);
    expect(error.status).toBe(status);
  });

  it('a timeout says so', () => {
    const error = describeError({ name: 'TimeoutError', message: 'The operation was aborted due to timeout' }, 'list the open pull requests', repo, 'https://api.github.com');
    expect(error.message).toBe('cannot reach the GitHub API at https://api.github.com to list the open pull requests: timed out');
  });
});
