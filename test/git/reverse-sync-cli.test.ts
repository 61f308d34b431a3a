// `ialctl reverse-sync` through the command-line program (commander, option parsing, output, exit codes),
// in process with captured streams and a scripted terminal.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { registerReverseSync } from '../../src/cli/commands/reverse-sync.js';
import { reportError } from '../../src/cli/errors.js';
import { buildBaseProgram, globals, type CliIo } from '../../src/cli/main.js';
import { ERRORS, startFakeGitHub } from './github-server.js';
import { BRANCH, git, makeRepo, NOW, refs, snapshotCheckout, useGitHubOrigin } from './repo.js';

/** The demo sandbox as the live state: the checkout is a clone of the demo phases. */
const SANDBOX = ['--snapshot', path.resolve('demo/sandbox.json')];

class Capture extends Writable {
  text = '';
  constructor(readonly isTTY = false) {
    super();
  }
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `ialctl <args>` in `cwd`; `answer` makes stdin a terminal that types it. */
async function ialctl(args: string[], cwd: string, answer?: string, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const stdout = new Capture(answer !== undefined);
  const stderr = new Capture();
  const stdin = Object.assign(Readable.from(answer === undefined ? [] : [answer]), { isTTY: answer !== undefined });
  const io: CliIo & { stdin: typeof stdin } = { stdout, stderr, env: { NO_COLOR: '1', ...env }, cwd, now: () => NOW, stdin };
  let code = 0;
  const setExitCode = (c: number): void => {
    code = c;
  };
  const program = buildBaseProgram(io, setExitCode);
  const drift = program.commands.find((c) => c.name() === 'drift');
  if (!drift) throw new Error('no drift command');
  registerReverseSync({ program, drift, io, setExitCode, globals });
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (error) {
    code = reportError(error, stderr, false);
  }
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe('confirmation', () => {
  it('without a terminal and without --yes: refuses, exit 1, nothing written', async () => {
    const repo = makeRepo();
    const before = { refs: refs(repo.remote), local: refs(repo.work), work: snapshotCheckout(repo.work) };
    const run = await ialctl(['reverse-sync', ...SANDBOX], repo.work);
    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr: 'ialctl: reverse-sync changes Git and needs a confirmation, but there is no terminal to ask on\n  hint: review with --dry-run, then run again with --yes\n',
    });
    expect({ refs: refs(repo.remote), local: refs(repo.work), work: snapshotCheckout(repo.work) }).toEqual(before);
  });

  it('on a terminal: shows the diff, asks, and "n" writes nothing (exit 1)', async () => {
    const repo = makeRepo();
    const before = refs(repo.remote);
    const run = await ialctl(['reverse-sync', ...SANDBOX], repo.work, 'n\n');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('-      DesiredCount: 4\n+      DesiredCount: 2\n');
    expect(run.stderr).toBe(`Create branch ${BRANCH} from main with these changes? [y/N] `);
    expect(run.stdout.endsWith('Cancelled: nothing was written.\n')).toBe(true);
    expect(refs(repo.remote)).toBe(before);
  });

  it('on a terminal: "y" creates, commits and pushes the branch (Portuguese output, "s" for sim)', async () => {
    const repo = makeRepo();
    const run = await ialctl(['reverse-sync', ...SANDBOX, '--lang', 'pt'], repo.work, 's\n');
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(`Criar o branch ${BRANCH} a partir de main com estas mudanças? [s/N] `);
    expect(run.stdout).toContain(`Branch ${BRANCH} criado com o commit `);
    expect(run.stdout).toContain('Enviado para origin.\n');
    expect(run.stdout).toContain(`Próximos passos:\n  abra um pull request de ${BRANCH} para main\n`);
    expect(git(repo.remote, 'rev-list', '--count', `main..${BRANCH}`)).toBe('1');
  });
});

describe('--format json', () => {
  it('prints the §5 contract, contract fields first, and exits 0', async () => {
    const repo = makeRepo();
    const run = await ialctl(['reverse-sync', ...SANDBOX, '--yes', '--format', 'json', '--resource', 'WebService', '--resource', 'MainDb'], repo.work);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(Object.keys(json).slice(0, 7)).toEqual(['dryRun', 'branch', 'base', 'commit', 'files', 'pullRequest', 'unresolved']);
    expect(json).toMatchObject({
      dryRun: false,
      branch: BRANCH,
      base: 'main',
      commit: git(repo.remote, 'rev-parse', BRANCH),
      pullRequest: null,
      unresolved: [],
      files: [
        { path: 'phases/30-compute/02-ecs.yaml', created: false, changes: [{ logicalId: 'WebService', path: 'DesiredCount', kind: 'set', from: 4, to: 2, line: 34 }] },
        { path: 'phases/40-data/02-aurora-postgresql.yaml', created: false, changes: [{ logicalId: 'MainDb', path: 'PreferredBackupWindow', from: '03:00-04:00', to: '05:00-06:00', line: 79 }] },
      ],
      proof: { ok: true, synced: 2 },
      pushed: true,
    });
  });

  it('--dry-run: branch and commit null, the diff included, nothing written', async () => {
    const repo = makeRepo();
    const before = refs(repo.work);
    const run = await ialctl(['reverse-sync', ...SANDBOX, '--dry-run', '--format', 'json'], repo.work);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as { dryRun: boolean; branch: unknown; commit: unknown; unresolved: Array<{ itemId: string; reason: string }>; diff: string };
    expect(json).toMatchObject({ dryRun: true, branch: null, commit: null, pullRequest: null });
    expect(json.unresolved.map((u) => Object.keys(u).slice(0, 2))).toEqual([['itemId', 'reason']]);
    expect(json.diff).toContain('+        - { Key: temp-debug, Value: "true" }\n');
    expect(refs(repo.work)).toBe(before);
  });
});

describe('--dry-run text', () => {
  it('prints the unified diff of every file, the changes, the proof and what is left, and writes nothing', async () => {
    const repo = makeRepo();
    const run = await ialctl(['reverse-sync', ...SANDBOX, '--dry-run'], repo.work);
    expect(run.code).toBe(0);
    expect(run.stdout.startsWith('Reverse Sync: AWS → Git\nbase: main (origin/main at ')).toBe(true);
    expect(run.stdout.match(/^diff --git /gm)).toHaveLength(7);
    expect(run.stdout).toContain('10 changes in 7 files:\n');
    expect(run.stdout).toContain('    WebService DesiredCount: 4 → 2\n');
    expect(run.stdout).toContain('Zero-diff proof: the edited phases, compared again with the same live state, no longer show the 9 synced items.\n');
    expect(run.stdout).toContain('Left for a person (1):\n  - WorkerService: WorkerService is gone from AWS;');
    expect(run.stdout.endsWith('dry run: nothing was written\n')).toBe(true);
    // Terminal output is sanitized: the hostile tag shows as escapes in the diff, never as raw control characters.
    expect(run.stdout).not.toMatch(/\u001b/);
  });

  it('rejects --yes with --dry-run', async () => {
    const repo = makeRepo();
    const run = await ialctl(['reverse-sync', ...SANDBOX, '--dry-run', '--yes'], repo.work);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('ialctl: --yes confirms writing to Git, which --dry-run never does\n  hint: drop one of the two flags\n');
  });

  it('names a --remove-missing that is not missing', async () => {
    const repo = makeRepo();
    const run = await ialctl(['reverse-sync', ...SANDBOX, '--dry-run', '--remove-missing', 'WebService'], repo.work);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('ialctl: --remove-missing WebService: no missing resource of that name\n  hint: missing resources: WorkerService\n');
  });
});

describe('GitHub origin', () => {
  it('without a token: pushes, then tells how to open the pull request and how to let ialctl do it', async () => {
    const repo = makeRepo();
    useGitHubOrigin(repo);
    const run = await ialctl(['reverse-sync', ...SANDBOX, '--yes'], repo.work);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Pushed to origin.\n\nNext steps:\n  open the pull request: https://github.com/acme/shop/compare/main...${BRANCH}?expand=1\n  set GITHUB_TOKEN (or GH_TOKEN) to let ialctl open the pull request itself\n`);
  });

  it('with a token: prints the pull request; an API error exits 1 with the message and hint, the branch pushed', async () => {
    const repo = makeRepo();
    useGitHubOrigin(repo);
    const github = await startFakeGitHub();
    try {
      const env = { GITHUB_TOKEN: 't', GITHUB_API_URL: github.url };
      const ok = await ialctl(['reverse-sync', ...SANDBOX, '--yes', '--resource', 'WebService'], repo.work, undefined, env);
      expect(ok.code).toBe(0);
      expect(ok.stdout).toContain('Pull request #42 opened: https://github.com/acme/shop/pull/42\n');
      github.script.createError = ERRORS.badCredentials;
      const failed = await ialctl(['reverse-sync', ...SANDBOX, '--yes', '--resource', 'MainDb', '--format', 'json'], repo.work, undefined, env);
      expect(failed.code).toBe(1);
      expect(failed.stderr).toBe('ialctl: GitHub rejected the token when trying to open the pull request (401 Bad credentials)\n'
        + '  hint: GITHUB_TOKEN (or GH_TOKEN) is invalid or expired: create a new token with access to pull requests of acme/shop\n');
      const json = JSON.parse(failed.stdout) as { branch: string; pushed: boolean; pullRequest: unknown };
      expect(json).toMatchObject({ branch: `${BRANCH}-2`, pushed: true, pullRequest: null });
      expect(refs(repo.remote)).toContain(`refs/heads/${BRANCH}-2 `);
    } finally {
      await github.close();
    }
  });
});

describe('zero-diff proof failure', () => {
  it('says which resource still differs, writes nothing, exit 1', async () => {
    const repo = makeRepo();
    const bastion = path.join(repo.work, 'phases/30-compute/01-bastion.yaml');
    writeFileSync(bastion, readFileSync(bastion, 'utf8').replace('        - { Key: Owner, Value: platform-team }\n', '        - { Key: Owner, Value: a }\n        - { Key: Owner, Value: b }\n'));
    git(repo.work, 'commit', '--quiet', '-am', 'Owner twice');
    git(repo.work, 'push', '--quiet', 'origin', 'main');
    const before = refs(repo.remote);
    const run = await ialctl(['reverse-sync', ...SANDBOX, '--yes', '--resource', 'Bastion'], repo.work);
    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr: 'ialctl: Zero-diff proof FAILED: the edited phases still differ from AWS, so no branch was created.\n'
        + '  - still different: Bastion Tags.Owner\n'
        + '  hint: sync the listed resources by hand, or leave them out with --resource\n',
    });
    expect(refs(repo.remote)).toBe(before);
  });
});

describe('--demo', () => {
  it('works in a throwaway repository holding the bundled phases, prints its path, and leaves a real branch and commit there', async () => {
    const repo = makeRepo(); // only a working directory: the demo must not touch it
    const before = snapshotCheckout(repo.work);
    const run = await ialctl(['--demo', 'reverse-sync', '--yes'], repo.work);
    expect(run.code).toBe(0);
    const dir = /^Demo repository \(a throwaway copy of the bundled phases\): (.+)$/m.exec(run.stderr)?.[1];
    expect(dir).toBeDefined();
    expect(existsSync(`${dir}/phases/30-compute/02-ecs.yaml`)).toBe(true);
    expect(git(dir!, 'rev-list', '--count', `main..${BRANCH}`)).toBe('1');
    expect(git(dir!, 'worktree', 'list').split('\n')).toHaveLength(1);
    expect(run.stdout).toContain(`Not pushed: the repository has no origin remote.\n`);
    expect(run.stdout).toContain(`see the commit: git -C ${dir} show --stat ${BRANCH}\n`);
    expect(snapshotCheckout(repo.work)).toEqual(before);
  });
});
