// `ialctl reverse-sync`: AWS → Git as a branch, a commit and a pull request. It changes Git, so it asks
// first (a terminal prompt showing the diff, or --yes); --dry-run only prints the diff.
import { rmSync } from 'node:fs';
import { escapeControls } from '../../drift/report/sanitize.js';
import { createInterface } from 'node:readline/promises';
import { Option, type Command } from 'commander';
import type { CliIo, CommandRegistry, GlobalOptions } from '../main.js';
import type { ReverseSyncResult } from '../../engine/reverse-sync.js';
import type { PullRequestApi } from '../../git/github.js';

export interface ReverseSyncOptions {
  dryRun?: boolean;
  /** False with --no-pr. */
  pr: boolean;
  resource?: string[];
  removeMissing?: string[];
  yes?: boolean;
  snapshot?: string;
  format: 'text' | 'json';
}

type SyncIo = CliIo & { stdin?: NodeJS.ReadableStream & { isTTY?: boolean } };

/** Seams for tests: the GitHub client. */
export interface ReverseSyncDeps {
  github?: (token: string, baseUrl: string) => PullRequestApi;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function registerReverseSync(r: CommandRegistry, deps: ReverseSyncDeps = {}): void {
  r.program
    .command('reverse-sync')
    .description('AWS → Git: write the live values into the phase files on a new branch, commit, push and open a pull request (exit 0 done, 1 error or refusal)')
    .option('--dry-run', 'print the unified diff of every file and write nothing')
    .option('--no-pr', 'create, commit and push the branch, but open no pull request')
    .option('--resource <id>', 'only sync this resource: logical id, physical id or name (repeatable)', collect)
    .option('--remove-missing <id>', 'delete the declaration of this resource, which is gone from AWS (repeatable)', collect)
    .option('--yes', 'confirm without a prompt (required when there is no terminal)')
    .option('--snapshot <file>', 'use a saved snapshot as the live state instead of calling AWS')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .exitOverride()
    .action(async (opts: ReverseSyncOptions, cmd: Command) => {
      r.setExitCode(await reverseSyncCommand(r.globals(cmd), opts, r.io, deps));
    });
}

async function ask(io: SyncIo, question: string, yes: readonly string[]): Promise<boolean> {
  const rl = createInterface({ input: io.stdin ?? process.stdin, output: io.stderr, terminal: false });
  try {
    return yes.includes((await rl.question(question)).trim().toLowerCase());
  } finally {
    rl.close();
  }
}

export async function reverseSyncCommand(globals: GlobalOptions, opts: ReverseSyncOptions, io: SyncIo, deps: ReverseSyncDeps = {}): Promise<number> {
  const [{ openSession }, { UsageError }, engine, text, { syncMessages }, { createDemoRepository }] = await Promise.all([
    import('./check.js'),
    import('../../engine/errors.js'),
    import('../../engine/reverse-sync.js'),
    import('./reverse-sync-text.js'),
    import('../../i18n/sync.js'),
    import('../../engine/demo-repository.js'),
  ]);
  const session = openSession(globals, io, opts.snapshot);
  const m = syncMessages(session.lang);
  const json = opts.format === 'json';
  const interactive = (io.stdin ?? process.stdin).isTTY === true;
  if (!opts.dryRun && !opts.yes && !interactive) throw new UsageError(m.needsConfirmation, m.needsConfirmationHint);
  if (opts.yes && opts.dryRun) throw new UsageError('--yes confirms writing to Git, which --dry-run never does', 'drop one of the two flags');

  let cwd = io.cwd;
  let phasesDir = globals.phases;
  let demoRepository: string | undefined;
  if (globals.demo) {
    demoRepository = await createDemoRepository();
    cwd = demoRepository;
    phasesDir = 'phases';
    io.stderr.write(`${m.demoRepository(demoRepository)}\n`);
  }

  const view = { lang: session.lang, color: session.color };
  let previewed = false;
  let result: ReverseSyncResult;
  try {
    result = await engine.runReverseSync({
      cwd,
      ...(phasesDir !== undefined ? { phasesDir } : {}),
      parameterOverrides: globals.param ?? {},
      config: session.config,
      source: session.source,
      now: io.now(),
      env: io.env,
      lang: session.lang,
      dryRun: opts.dryRun === true,
      pullRequest: opts.pr !== false,
      ...(opts.resource ? { resources: opts.resource } : {}),
      ...(opts.removeMissing ? { removeMissing: opts.removeMissing } : {}),
      confirm: async (preview) => {
        // The diff is shown before the question, also with --yes: the log says what was committed.
        previewed = true;
        if (!json) {
          io.stdout.write(text.renderPreview({ ...preview, unresolved: preview.plan.unresolved, synced: preview.plan.synced.length }, view));
        }
        if (opts.yes) return true;
        return ask(io, m.confirm(preview.branch, preview.base), m.yes);
      },
      note: (line: string) => io.stderr.write(`${line}\n`),
      ...(deps.github ? { github: deps.github } : {}),
    });
  } catch (error) {
    if (demoRepository !== undefined) rmSync(demoRepository, { recursive: true, force: true });
    if (error instanceof engine.ProofFailedError) {
      io.stderr.write(text.renderProofFailure(error.proof, session.lang));
      return 1;
    }
    throw error;
  }

  // The demo's throwaway repository stays only when it holds a commit worth looking at.
  if (demoRepository !== undefined && result.commit === null) {
    rmSync(demoRepository, { recursive: true, force: true });
    demoRepository = undefined;
  }
  if (json) {
    io.stdout.write(text.renderJson(result, demoRepository));
  } else {
    if (!previewed) {
      io.stdout.write(text.renderPreview({ ...result, baseRef: result.baseRef, synced: result.proof.synced }, view));
    }
    io.stdout.write(text.renderOutcome(result, view, demoRepository));
  }
  if (result.pullRequestError || result.pushError) {
    const e = result.pullRequestError ?? result.pushError;
    io.stderr.write(escapeControls(`ialctl: ${e?.message}\n  hint: ${e?.hint}\n`));
    return 1;
  }
  return result.cancelled ? 1 : 0;
}

