// Automatic reverse sync in `drift watch` with the real reverse-sync engine: drift that is not healed
// unattended goes to a branch on the remote (no GitHub token: no pull request), once; the user's
// checkout is left as it was, and the history remembers which branch carries the finding.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { motoEndpoint, useFreshMoto } from '../harness/moto.js';
import { runProgram } from '../watch/program.js';
import { clusterWorkspace, createCluster, git, gitWorkspace } from './watch-fixtures.js';

useFreshMoto();

beforeAll(() => {
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'test');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test');
  vi.stubEnv('AWS_REGION', 'us-east-1');
});
afterAll(() => {
  vi.unstubAllEnvs();
});

interface RunJson {
  status: string;
  items: number;
  reverseSync: { status: string; summary?: { branch: string | null; pullRequest: unknown; synced: string[] } };
}

describe('drift watch: automatic reverse sync (real engine, moto, real git)', () => {
  it('writes the drift to a branch on the remote once, and leaves the checkout alone', async () => {
    const cwd = clusterWorkspace();
    const { remote } = gitWorkspace(cwd);
    await createCluster('someone-else');
    const file = path.join(cwd, 'phases', '30-compute', '01-cluster.yaml');
    const before = readFileSync(file, 'utf8');
    const T0 = Math.floor(Date.now() / 1000) * 1000;
    let step = 0;
    const watchOnce = async (): Promise<RunJson> => {
      const run = await runProgram(['drift', 'watch', '--once', '--format', 'json', '--endpoint-url', motoEndpoint()], {
        cwd,
        env: { IAL_AUTO_HEAL_ENABLED: 'false', IAL_REVERSE_SYNC_AUTO: 'true' },
        now: () => new Date(T0 + step * 60_000),
      });
      expect(run.stderr).toContain('reverse sync: automatic');
      return JSON.parse(run.stdout.trim().split('\n').at(-1)!) as RunJson;
    };

    const first = await watchOnce();
    expect(first).toMatchObject({ status: 'complete', items: 1, reverseSync: { status: 'done' } });
    const branch = first.reverseSync.summary!.branch!;
    expect(branch).toMatch(/^reverse-sync-/);
    expect(first.reverseSync.summary!.pullRequest).toBeNull();
    expect(git(remote, 'branch', '--list', branch)).toContain(branch);
    expect(git(remote, 'show', `${branch}:phases/30-compute/01-cluster.yaml`)).toContain('Value: someone-else');
    // The checkout is untouched: same file, same branch, nothing uncommitted.
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(git(cwd, 'rev-parse', '--abbrev-ref', 'HEAD')).toBe('main');
    expect(git(cwd, 'status', '--porcelain')).toBe('');

    const history = JSON.parse((await runProgram(['drift', 'history', 'WatchCluster', '--format', 'json'], { cwd })).stdout) as {
      findings: Array<{ syncRef: string | null; resolvedAt: string | null }>;
    };
    expect(history.findings).toEqual([expect.objectContaining({ syncRef: branch, resolvedAt: null })]);

    step = 1;
    const second = await watchOnce();
    expect(second.reverseSync).toEqual({ status: 'nothing' });
    expect(git(remote, 'branch', '--list', 'reverse-sync-*').split('\n').filter(Boolean)).toHaveLength(1);
  }, 90_000);
});
