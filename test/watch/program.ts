// Runs ialctl commands in-process with the watch commands registered (whether or not main.ts already
// registers them), capturing the output: fast CLI tests without a child process.
import { Writable } from 'node:stream';
import type { EventEmitter } from 'node:events';
import type { Command, Option } from 'commander';
import { addCheckOutputOptions } from '../../src/cli/commands/check-options.js';
import { registerWatch, type WatchCommandDeps } from '../../src/cli/commands/watch.js';
import { reportError } from '../../src/cli/errors.js';
import { buildBaseProgram, globals, type CliIo } from '../../src/cli/main.js';

export interface ProgramRun {
  code: number;
  stdout: string;
  stderr: string;
}

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/**
 * Adds the watch commands and the CI outputs of `drift check` (sarif, --fail-on) to a program built by
 * main.ts, unless main.ts already has them.
 */
export function withWatchCommands(program: Command, io: CliIo, setExitCode: (code: number) => void, deps: WatchCommandDeps = {}): Command {
  const drift = program.commands.find((c) => c.name() === 'drift');
  if (!drift) throw new Error('main.ts has no `drift` command group');
  if (!program.commands.some((c) => c.name() === 'alarm-template')) {
    registerWatch({ program, drift, io, setExitCode, globals }, deps);
  }
  const check = drift.commands.find((c) => c.name() === 'check');
  if (check && !check.options.some((o) => o.long === '--fail-on')) {
    // What main.ts does once it calls addCheckOutputOptions: its --format list gains sarif.
    (check.options as Option[]).splice(check.options.findIndex((o) => o.long === '--format'), 1);
    (check as unknown as EventEmitter).removeAllListeners('option:format');
    addCheckOutputOptions(check);
  }
  return program;
}

export async function runProgram(
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; now?: () => Date; deps?: WatchCommandDeps },
): Promise<ProgramRun> {
  const stdout = new Capture();
  const stderr = new Capture();
  const io: CliIo = {
    stdout,
    stderr,
    env: { LANG: 'en_US.UTF-8', ...options.env },
    cwd: options.cwd,
    now: options.now ?? (() => new Date()),
  };
  let code = 0;
  const setExitCode = (c: number) => (code = c);
  const program = withWatchCommands(buildBaseProgram(io, setExitCode), io, setExitCode, options.deps);
  try {
    await program.parseAsync([...args], { from: 'user' });
  } catch (error) {
    code = reportError(error, stderr, false);
  }
  return { code, stdout: stdout.text, stderr: stderr.text };
}
