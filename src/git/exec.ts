// Running the `git` CLI: argument arrays through execFile (no shell, so no quoting or injection issues
// with branch names and paths), never interactive, with git's own message kept for errors.
import { execFile } from 'node:child_process';

export class GitError extends Error {
  override name = 'GitError';
  constructor(
    message: string,
    readonly args: readonly string[],
    readonly stderr: string,
    readonly exitCode: number | null,
  ) {
    super(message);
  }
}

export interface GitResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface GitOptions {
  cwd: string;
  /** Exit codes that are answers, not failures (`git diff --no-index` exits 1 when files differ). */
  okExitCodes?: readonly number[];
  env?: NodeJS.ProcessEnv;
}

// A credential prompt or an editor would hang a command nobody is watching.
const NON_INTERACTIVE = { GIT_TERMINAL_PROMPT: '0', GIT_EDITOR: 'true', GIT_PAGER: 'cat', GCM_INTERACTIVE: 'never' };

export function git(args: readonly string[], options: GitOptions): Promise<GitResult> {
  const okExitCodes = options.okExitCodes ?? [0];
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      [...args],
      { cwd: options.cwd, env: { ...(options.env ?? process.env), ...NON_INTERACTIVE }, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const exitCode = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        if (error && (exitCode === null || !okExitCodes.includes(exitCode))) {
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
            reject(new GitError('git is not installed or not on PATH', args, '', null));
            return;
          }
          const detail = stderr.trim().split('\n').filter((l) => l.trim() !== '').slice(-3).join(' / ');
          reject(new GitError(`git ${args[0] ?? ''} failed${detail ? `: ${detail}` : ''}`, args, stderr, exitCode));
          return;
        }
        resolve({ stdout, stderr, exitCode: exitCode ?? 0 });
      },
    );
  });
}

/** stdout without its final newline; undefined when git exits non-zero (a question answered "no"). */
export async function gitQuery(args: readonly string[], cwd: string): Promise<string | undefined> {
  try {
    const { stdout } = await git(args, { cwd });
    return stdout.replace(/\n$/, '');
  } catch (error) {
    if (error instanceof GitError && error.exitCode !== null) return undefined;
    throw error;
  }
}
