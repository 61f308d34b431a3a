// The `ialctl` command line. Heavy modules (AWS SDK, spec data, reports) load inside the actions
// so that `ialctl --help` starts fast.
import { Command, InvalidArgumentError, Option } from 'commander';
import { escapeControls } from '../drift/report/sanitize.js';
import { reportError } from './errors.js';
import { registerChat, type ChatHooks } from './commands/chat.js';
import { registerHeal } from './commands/heal.js';
import { registerReverseSync } from './commands/reverse-sync.js';
import { registerWatch } from './commands/watch.js';
import { addCheckOutputOptions } from './commands/check-options.js';
import type { Severity } from '../drift/model.js';
import { awsEnvironmentProblems, endpointProblem, regionProblem } from '../config/aws-target.js';
import { UsageError } from '../engine/errors.js';

export interface GlobalOptions {
  phases?: string;
  config?: string;
  region?: string;
  profile?: string;
  endpointUrl?: string;
  demo?: boolean;
  lang?: string;
  param: Record<string, string>;
  debug?: boolean;
}

export interface CliIo {
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
  now: () => Date;
}

function collectParam(value: string, previous: Record<string, string>): Record<string, string> {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError(`expected Key=Value (e.g. --param ProjectName=shop), got "${value}"`);
  return { ...previous, [value.slice(0, eq)]: value.slice(eq + 1) };
}

/** A commander argument parser from a `problem(value)` check: the message then names the flag. */
function checked(problem: (value: string) => string | undefined): (value: string) => string {
  return (value) => {
    const found = problem(value);
    if (found !== undefined) throw new InvalidArgumentError(found);
    return value.trim();
  };
}

/** An empty path or name would silently mean "the working directory" or "the default profile". */
function nonEmpty(what: string): (value: string) => string | undefined {
  return (value) => (value.trim() === '' ? `the ${what} is empty: give one or leave the option out` : undefined);
}

/**
 * What a command module receives to add itself: the root program, the `drift` group, the I/O
 * and a setter for the exit code. Commands import their heavy dependencies inside the action.
 */
export interface CommandRegistry {
  program: Command;
  drift: Command;
  io: CliIo;
  setExitCode: (code: number) => void;
  globals: (cmd: Command) => GlobalOptions;
}

/** Every command of the product; tests pass hooks (e.g. a scripted stdin for the chat). */
export function buildProgram(io: CliIo, setExitCode: (code: number) => void, hooks: { chat?: ChatHooks } = {}): Command {
  const program = buildBaseProgram(io, setExitCode);
  const drift = program.commands.find((c) => c.name() === 'drift') as Command;
  const registry: CommandRegistry = { program, drift, io, setExitCode, globals };
  registerHeal(registry);
  registerReverseSync(registry);
  registerWatch(registry);
  // The Ink UI loads only when the chat opens: `--help` and one-shot runs never pay for React.
  registerChat(registry, {
    openInteractiveChat: async (session) => (await import('../ui/open-chat.js')).openInteractiveChat(session),
    ...hooks.chat,
  });
  return program;
}

/**
 * The root program with the drift check commands only: command modules add themselves with
 * their `registerX(registry)`, and their tests build on this base.
 */
export function buildBaseProgram(io: CliIo, setExitCode: (code: number) => void): Command {
  const program = new Command('ialctl')
    .description('Conversational drift engine for AWS: detect, heal and reverse-sync drift between Git phase files and live AWS')
    .version(process.env['npm_package_version'] ?? '0.1.0', '-V, --version')
    .option('--phases <dir>', 'folder holding the phase files', checked(nonEmpty('folder')))
    .option('--config <file>', 'configuration file (default: config/drift_config.yaml when present)', checked(nonEmpty('file name')))
    .option('--region <region>', 'AWS region (default: AWS_REGION or the profile\'s region)', checked(regionProblem))
    .option('--profile <name>', 'AWS shared-config profile', checked(nonEmpty('profile name')))
    .option('--endpoint-url <url>', 'AWS-compatible endpoint (also AWS_ENDPOINT_URL)', checked(endpointProblem))
    .option('--demo', 'use the bundled sample phases and sandbox account: no AWS credentials needed')
    .addOption(new Option('--lang <lang>', 'language of the output (pt|en; default from LANG)'))
    .option('--param <Key=Value>', 'override a phase parameter (repeatable)', collectParam, {})
    .option('--debug', 'log each AWS call (service, operation, duration, retries) to stderr')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      // Commander quotes the arguments it rejects: shown, never interpreted by the terminal.
      writeErr: (s) => io.stderr.write(escapeControls(s)),
    })
    .exitOverride()
    // Before any command runs (and so before any AWS call): the SDK's variables get the flags' checks.
    .hook('preAction', () => {
      const problems = awsEnvironmentProblems(io.env);
      if (problems.length > 0) throw new UsageError(problems.join('\n'), 'fix or unset the variable');
    });

  const drift = program.command('drift').description('detect and inspect drift').exitOverride();

  addCheckOutputOptions(
    drift
      .command('check')
      .description('compare the phase files with live AWS; exit 0 in sync, 2 drift found (at or above --fail-on), 1 error or incomplete check'),
  )
    .option('--snapshot <file>', 'analyse a saved snapshot instead of calling AWS')
    .option('--detail', 'show severity reasons and what was not checked')
    .exitOverride()
    .action(async (opts: { format: string; snapshot?: string; detail?: boolean; failOn?: Severity }, cmd: Command) => {
      const { checkCommand } = await import('./commands/check.js');
      setExitCode(await checkCommand(globals(cmd), opts, io));
    });

  drift
    .command('diff [resource]')
    .description('property-level differences for one resource (logical or physical id) or all')
    .option('--snapshot <file>', 'analyse a saved snapshot instead of calling AWS')
    .exitOverride()
    .action(async (resource: string | undefined, opts: { snapshot?: string }, cmd: Command) => {
      const { diffCommand } = await import('./commands/check.js');
      setExitCode(await diffCommand(globals(cmd), { ...opts, ...(resource ? { resource } : {}) }, io));
    });

  drift
    .command('snapshot')
    .description('save the live state (versioned JSON, secrets never included) for `drift check --snapshot FILE`')
    .requiredOption('--out <file>', 'where to write the snapshot')
    .exitOverride()
    .action(async (opts: { out: string }, cmd: Command) => {
      const { snapshotCommand } = await import('./commands/snapshot.js');
      setExitCode(await snapshotCommand(globals(cmd), opts, io));
    });

  program
    .command('iam-policy')
    .description('print the least-privilege IAM policy: read-only for the drift check, or with --heal the writes healing needs')
    .option('--heal', 'include the write actions `drift heal` needs')
    .exitOverride()
    .action(async (opts: { heal?: boolean }) => {
      const policy = opts.heal
        ? (await import('../aws/iam-policy-heal.js')).healPolicy()
        : await (await import('../aws/iam-policy.js')).checkPolicy();
      io.stdout.write(`${JSON.stringify(policy, null, 2)}\n`);
    });

  return program;
}

export function globals(cmd: Command): GlobalOptions {
  return cmd.optsWithGlobals() as GlobalOptions;
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  let exitCode = 0;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    return reportError(error, io.stderr, argv.includes('--debug'));
  }
}
