// Reverse sync against real Git repositories: a bare remote and a clone with uncommitted work in it.
import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProofFailedError, runReverseSync } from '../../src/engine/reverse-sync.js';
import { resolveBase } from '../../src/git/worktree.js';
import { BRANCH, config, git, makeRepo, refs, request, snapshotCheckout } from './repo.js';

/** `-old` / `+new` lines of a diff between two revisions of one file. */
function changedLines(dir: string, from: string, to: string, file: string): string[] {
  return git(dir, 'diff', '--unified=0', '--no-color', from, to, '--', file)
    .split('\n')
    .filter((l) => /^[-+](?![-+]{2})/.test(l));
}

describe('a sync with a remote', () => {
  it('pushes a branch with one commit on the base, leaves the checkout and its uncommitted edits byte-identical', async () => {
    const repo = makeRepo();
    // Work in progress: an unstaged edit of a phase file that the sync also edits, a staged edit, an untracked file.
    const ecs = path.join(repo.work, 'phases/30-compute/02-ecs.yaml');
    writeFileSync(ecs, readFileSync(ecs, 'utf8').replace('DesiredCount: 4', 'DesiredCount: 6  # work in progress'));
    appendFileSync(path.join(repo.work, 'phases/parameters.yaml'), '# staged note\n');
    git(repo.work, 'add', 'phases/parameters.yaml');
    writeFileSync(path.join(repo.work, 'notes.txt'), 'untracked\n');
    const before = snapshotCheckout(repo.work);
    const base = git(repo.work, 'rev-parse', 'origin/main');

    const result = await runReverseSync(request(repo, { removeMissing: ['WorkerService'] }));

    expect(snapshotCheckout(repo.work)).toEqual(before);
    expect(result).toMatchObject({ dryRun: false, cancelled: false, branch: BRANCH, base: 'main', pushed: true, pullRequest: null });
    expect(git(repo.remote, 'rev-parse', `refs/heads/${BRANCH}`)).toBe(result.commit);
    expect(git(repo.remote, 'rev-list', '--count', `main..${BRANCH}`)).toBe('1');
    expect(git(repo.remote, 'rev-parse', `${BRANCH}^`)).toBe(base);
    expect(git(repo.remote, 'log', '-1', '--format=%s', BRANCH)).toBe('Reverse sync: AWS → Git (11 changes in 7 files)');
    // The branch holds the base's file with the live values, not the checkout's work in progress.
    expect(changedLines(repo.remote, 'main', BRANCH, 'phases/30-compute/02-ecs.yaml').slice(0, 4)).toEqual([
      '-        - { Name: containerInsights, Value: enabled }',
      '+        - { Name: containerInsights, Value: disabled }',
      '-      DesiredCount: 4',
      '+      DesiredCount: 2',
    ]);
    expect(changedLines(repo.remote, 'main', BRANCH, 'phases/40-data/02-aurora-postgresql.yaml')).toEqual([
      '-      DeletionProtection: true',
      '+      DeletionProtection: false',
      '-      PreferredBackupWindow: "03:00-04:00"',
      '+      PreferredBackupWindow: "05:00-06:00"',
    ]);
    expect(git(repo.remote, 'diff', '--name-status', 'main', BRANCH).split('\n')).toEqual([
      'M\tphases/10-security/01-security-groups.yaml',
      'A\tphases/10-security/02-reverse-sync-shop-prod-debug.yaml',
      'M\tphases/20-network/01-subnets.yaml',
      'M\tphases/30-compute/01-bastion.yaml',
      'M\tphases/30-compute/02-ecs.yaml',
      'A\tphases/30-compute/03-reverse-sync-hotfix-runner.yaml',
      'M\tphases/40-data/02-aurora-postgresql.yaml',
    ]);
    expect(result.files.map((f) => [f.path, f.created, f.changes.length])).toEqual([
      ['phases/10-security/01-security-groups.yaml', false, 1],
      ['phases/10-security/02-reverse-sync-shop-prod-debug.yaml', true, 1],
      ['phases/20-network/01-subnets.yaml', false, 1],
      ['phases/30-compute/01-bastion.yaml', false, 2],
      ['phases/30-compute/02-ecs.yaml', false, 3],
      ['phases/30-compute/03-reverse-sync-hotfix-runner.yaml', true, 1],
      ['phases/40-data/02-aurora-postgresql.yaml', false, 2],
    ]);
    expect(result.proof).toMatchObject({ ok: true, synced: 10, failures: [] });
  });

  it('a second sync in the same second gets its own branch name', async () => {
    const repo = makeRepo();
    await runReverseSync(request(repo));
    const second = await runReverseSync(request(repo));
    expect(second.branch).toBe(`${BRANCH}-2`);
    expect(git(repo.remote, 'branch', '--list', 'reverse-sync-*', '--format=%(refname:short)').split('\n')).toEqual([BRANCH, `${BRANCH}-2`]);
  });

  it('a dry run writes nothing: no ref, no worktree, no file, the diff is returned', async () => {
    const repo = makeRepo();
    const before = { work: snapshotCheckout(repo.work), localRefs: refs(repo.work), remoteRefs: refs(repo.remote) };

    const result = await runReverseSync(request(repo, { dryRun: true, confirm: async () => { throw new Error('a dry run must not ask'); } }));

    expect({ work: snapshotCheckout(repo.work), localRefs: refs(repo.work), remoteRefs: refs(repo.remote) }).toEqual(before);
    expect(result).toMatchObject({ dryRun: true, branch: null, commit: null, base: 'main', pushed: false });
    expect(result.diff).toContain('diff --git a/phases/30-compute/02-ecs.yaml b/phases/30-compute/02-ecs.yaml\n');
    expect(result.diff).toContain('-      DesiredCount: 4\n+      DesiredCount: 2\n');
    expect(result.diff).toContain('new file mode 100644\nindex 0000000..');
  });

  it('a declined confirmation writes nothing', async () => {
    const repo = makeRepo();
    const before = { localRefs: refs(repo.work), remoteRefs: refs(repo.remote), work: snapshotCheckout(repo.work) };
    let asked = '';
    const result = await runReverseSync(request(repo, {
      confirm: async (preview) => {
        asked = `${preview.branch} from ${preview.base}: ${preview.files.length} files`;
        return false;
      },
    }));
    expect(asked).toBe(`${BRANCH} from main: 7 files`);
    expect(result).toMatchObject({ cancelled: true, branch: null, commit: null });
    expect({ localRefs: refs(repo.work), remoteRefs: refs(repo.remote), work: snapshotCheckout(repo.work) }).toEqual(before);
  });

  it('when nothing selected can be synced, no branch is made and the reason is returned', async () => {
    const repo = makeRepo();
    const before = refs(repo.remote);
    const result = await runReverseSync(request(repo, { resources: ['WorkerService'], confirm: async () => { throw new Error('nothing to confirm'); } }));
    expect(result.files).toEqual([]);
    expect(result.branch).toBeNull();
    expect(result.unresolved.map((u) => [u.logicalId, u.code])).toEqual([['WorkerService', 'missing-not-selected']]);
    expect(refs(repo.remote)).toBe(before);
  });

  it('names a --resource that has no drift, with suggestions', async () => {
    const repo = makeRepo();
    await expect(runReverseSync(request(repo, { resources: ['WebServce'] }))).rejects.toMatchObject({
      name: 'UsageError', message: '--resource WebServce: no drift reported for this resource', hint: 'did you mean WebService?',
    });
  });
});

describe('failures leave no branch and no worktree behind', () => {
  it('a commit refused by a pre-commit hook: the hook\'s message, no branch, no worktree, checkout untouched', async () => {
    const repo = makeRepo();
    const hook = path.join(repo.work, '.git', 'hooks', 'pre-commit');
    writeFileSync(hook, '#!/bin/sh\necho "lint failed: tabs in YAML" >&2\nexit 1\n', { mode: 0o755 });
    const before = { work: snapshotCheckout(repo.work), local: refs(repo.work), remote: refs(repo.remote) };

    await expect(runReverseSync(request(repo))).rejects.toMatchObject({
      name: 'UsageError',
      message: 'git commit failed: lint failed: tabs in YAML',
      hint: 'nothing was committed; fix the Git problem above (hooks, signing, identity) and run again',
    });
    expect({ work: snapshotCheckout(repo.work), local: refs(repo.work), remote: refs(repo.remote) }).toEqual(before);
  });

  it('edits the zero-diff proof rejects (a tag key declared twice): stops before any Git change, naming the resource', async () => {
    const repo = makeRepo();
    const bastion = path.join(repo.work, 'phases/30-compute/01-bastion.yaml');
    writeFileSync(bastion, readFileSync(bastion, 'utf8').replace(
      '        - { Key: Owner, Value: platform-team }\n',
      '        - { Key: Owner, Value: platform-team }\n        - { Key: Owner, Value: security-team }\n',
    ));
    git(repo.work, 'commit', '--quiet', '-am', 'Owner twice');
    git(repo.work, 'push', '--quiet', 'origin', 'main');
    const before = { local: refs(repo.work), remote: refs(repo.remote), worktrees: git(repo.work, 'worktree', 'list') };

    const error = await runReverseSync(request(repo, { resources: ['Bastion'] })).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ProofFailedError);
    expect((error as ProofFailedError).proof.failures.map((f) => [f.resource, f.reason, f.differences.map((d) => d.path)])).toEqual([
      ['Bastion', 'still-drifted', ['Tags.Owner']],
    ]);
    expect({ local: refs(repo.work), remote: refs(repo.remote), worktrees: git(repo.work, 'worktree', 'list') }).toEqual(before);
  });
});

describe('a repository without origin', () => {
  it('commits the branch locally and does not push', async () => {
    const repo = makeRepo({ origin: false });
    const before = snapshotCheckout(repo.work);
    const result = await runReverseSync(request(repo));
    expect(result).toMatchObject({ branch: BRANCH, pushed: false, pullRequest: null });
    expect(git(repo.work, 'rev-parse', `refs/heads/${BRANCH}`)).toBe(result.commit);
    expect(git(repo.work, 'rev-list', '--count', `main..${BRANCH}`)).toBe('1');
    expect(snapshotCheckout(repo.work)).toEqual(before);
  });
});

describe('phases outside Git', () => {
  it('refuse to write, with a hint; a dry run still shows the diff against the files on disk', async () => {
    const plain = mkdtempSync(path.join(tmpdir(), 'ialctl-plain-'));
    cpSync(path.join(process.cwd(), 'phases'), path.join(plain, 'phases'), { recursive: true });
    const outside = { root: plain, remote: '', work: plain };

    await expect(runReverseSync(request(outside))).rejects.toMatchObject({
      message: `the phases in ${path.join(plain, 'phases')} are not in a Git repository`,
      hint: 'reverse-sync commits to a new branch: run it in a clone of the repository holding the phases, or try --demo',
    });
    const dry = await runReverseSync(request(outside, { dryRun: true }));
    expect(dry).toMatchObject({ dryRun: true, base: null, repository: null });
    expect(dry.diff).toContain('+      DesiredCount: 2\n');
    expect(existsSync(path.join(plain, '.git'))).toBe(false);
  });
});

describe('the base branch', () => {
  it('is the remote default branch, then the configured one, then the current branch without origin/HEAD', async () => {
    const repo = makeRepo();
    git(repo.work, 'checkout', '--quiet', '-b', 'feature');
    expect(await resolveBase(repo.work, null)).toMatchObject({ branch: 'main', startPoint: 'origin/main' });
    git(repo.work, 'push', '--quiet', 'origin', 'feature:release');
    git(repo.work, 'fetch', '--quiet', 'origin');
    expect(await resolveBase(repo.work, 'release')).toMatchObject({ branch: 'release', startPoint: 'origin/release' });
    expect(await resolveBase(repo.work, 'feature')).toMatchObject({ branch: 'feature', startPoint: 'feature' });
    await expect(resolveBase(repo.work, 'nope')).rejects.toThrow('base branch nope exists neither as origin/nope nor locally');
    git(repo.work, 'remote', 'set-head', 'origin', '--delete');
    expect(await resolveBase(repo.work, null)).toMatchObject({ branch: 'feature', startPoint: 'feature' });
  });

  it('reverse_sync.base_branch makes the branch start from that branch and the result name it', async () => {
    const repo = makeRepo();
    git(repo.work, 'checkout', '--quiet', '-b', 'release');
    git(repo.work, 'commit', '--quiet', '--allow-empty', '-m', 'release only');
    git(repo.work, 'push', '--quiet', 'origin', 'release');
    git(repo.work, 'checkout', '--quiet', 'main');
    const cfg = config();
    const result = await runReverseSync(request(repo, { config: { ...cfg, reverseSync: { ...cfg.reverseSync, baseBranch: 'release' } } }));
    expect(result.base).toBe('release');
    expect(git(repo.remote, 'log', '-1', '--format=%s', `${BRANCH}^`)).toBe('release only');
  });
});
