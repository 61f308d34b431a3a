// Runs the real `ialctl` process from source (tsx loader, no build step): what a user runs, with the
// working tree's code. Used by the CLI end-to-end suites.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ENTRY = path.join(REPO_ROOT, 'src', 'cli', 'run.ts');
// Absolute, so the loader resolves from any working directory (tests run the CLI in temp folders).
const TSX_LOADER = pathToFileURL(path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd: string;
  /** Added to a clean environment (no AWS_*, color or IAL_* variables from the test runner). */
  env?: Record<string, string>;
  timeoutMs?: number;
}

/** The runner's environment minus everything that would change what ialctl or the AWS SDK does. */
function cleanEnv(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    if (/^(AWS_|IAL_|FORCE_COLOR|NO_COLOR|LANG|LC_|LANGUAGE|VITEST|NODE_OPTIONS)/.test(key)) continue;
    out[key] = value;
  }
  return {
    ...out,
    LANG: 'en_US.UTF-8',
    NO_COLOR: '1',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    // No shared config/credentials files: only what a test passes can reach the SDK.
    AWS_CONFIG_FILE: path.join(REPO_ROOT, '.cache', 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(REPO_ROOT, '.cache', 'no-aws-credentials'),
  };
}

export function runCli(args: readonly string[], options: CliOptions): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX_LOADER, ENTRY, ...args], {
      cwd: options.cwd,
      env: { ...cleanEnv(), ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
