// Installs (once) and runs moto_server, the AWS API emulator the AWS tests talk to through the
// real SDK clients. Used by the vitest globalSetup; no vitest runtime imports here.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `http://127.0.0.1:PORT` of the moto_server shared by the whole test run. */
    motoEndpoint: string;
  }
}

/** Pinned: moto's responses change between releases and the AWS tests assert exact shapes. */
export const MOTO_VERSION = '5.2.5';

/** The nearest folder holding package.json: right from test/harness and from a compiled copy under .cache/. */
function findRepoRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${start}`);
    dir = up;
  }
  return dir;
}

export const REPO_ROOT = findRepoRoot(dirname(fileURLToPath(import.meta.url)));
const VENV_DIR = join(REPO_ROOT, '.cache', 'moto-venv');
/** Written only after a complete install, so an interrupted pip run is redone rather than trusted. */
const INSTALLED_MARKER = join(VENV_DIR, `.ialctl-moto-${MOTO_VERSION}`);

export interface MotoBinary {
  path: string;
  /** Milliseconds spent installing (0 when it was already installed or given by IAL_MOTO_BIN). */
  installMs: number;
}

/** `$IAL_MOTO_BIN`, else the repo's `.cache/moto-venv`, created with pip on first use. */
export async function ensureMotoBinary(log: (line: string) => void = console.log): Promise<MotoBinary> {
  const fromEnv = process.env.IAL_MOTO_BIN;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`IAL_MOTO_BIN=${fromEnv} does not exist; unset it to let the tests install moto`);
    return { path: fromEnv, installMs: 0 };
  }
  const bin = join(VENV_DIR, 'bin', 'moto_server');
  if (existsSync(INSTALLED_MARKER) && existsSync(bin)) return { path: bin, installMs: 0 };

  const started = performance.now();
  log(`Installing moto[server]==${MOTO_VERSION} into ${VENV_DIR} (one-time, needs python3 and PyPI access)…`);
  rmSync(VENV_DIR, { recursive: true, force: true });
  mkdirSync(dirname(VENV_DIR), { recursive: true });
  await run('python3', ['-m', 'venv', VENV_DIR], 'create the Python venv (is python3 with the venv module installed?)');
  await run(
    join(VENV_DIR, 'bin', 'pip'),
    ['install', '--disable-pip-version-check', '--quiet', `moto[server]==${MOTO_VERSION}`],
    `pip install moto[server]==${MOTO_VERSION} (is PyPI reachable? or set IAL_MOTO_BIN to an existing moto_server)`,
  );
  if (!existsSync(bin)) throw new Error(`moto install finished but ${bin} is missing; delete ${VENV_DIR} and retry`);
  writeFileSync(INSTALLED_MARKER, `${new Date().toISOString()}\n`);
  return { path: bin, installMs: Math.round(performance.now() - started) };
}

function run(command: string, args: string[], what: string): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('error', (err) => reject(new Error(`Could not ${what}: ${err.message}`)));
    child.on('close', (code) => {
      if (code === 0) resolvePromise();
      else reject(new Error(`Could not ${what}: \`${command} ${args.join(' ')}\` exited with ${code}\n${output}`));
    });
  });
}

/** A free loopback port: the OS picks it, we release it and hand it to moto. */
export function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolvePromise(port) : reject(new Error('could not get a free port'))));
    });
  });
}

export interface MotoServer {
  endpoint: string;
  pid: number | undefined;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 30_000;

/**
 * Starts moto_server on a free loopback port and waits until it answers. Retries with a new port
 * when another process grabbed the port between our probe and moto's bind.
 */
export async function startMotoServer(binary: string): Promise<MotoServer> {
  let lastError: Error | undefined;
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = await freePort();
    const endpoint = `http://127.0.0.1:${port}`;
    const child = spawn(binary, ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const output = captureTail(child);
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    try {
      await waitUntilAnswering(endpoint, child, output);
      return {
        endpoint,
        pid: child.pid,
        stop: async () => {
          process.removeListener('exit', killOnExit);
          await stopChild(child);
        },
      };
    } catch (err) {
      process.removeListener('exit', killOnExit);
      await stopChild(child);
      lastError = err as Error;
      if (!/Address already in use/i.test(output())) break;
    }
  }
  throw lastError ?? new Error('moto_server did not start');
}

function captureTail(child: ChildProcess): () => string {
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-4000);
  };
  // Reading both pipes also keeps moto's per-request log lines from filling the pipe and blocking it.
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => tail;
}

async function waitUntilAnswering(endpoint: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let spawnError: Error | undefined;
  child.once('error', (err) => (spawnError = err));
  while (Date.now() < deadline) {
    if (spawnError) throw new Error(`Could not run moto_server: ${spawnError.message}`);
    if (child.exitCode !== null) {
      throw new Error(`moto_server exited with code ${child.exitCode} before answering:\n${output()}`);
    }
    try {
      const res = await fetch(`${endpoint}/moto-api/data.json`, { signal: AbortSignal.timeout(1000) });
      if (res.ok) {
        await res.arrayBuffer();
        return;
      }
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`moto_server did not answer at ${endpoint} within ${START_TIMEOUT_MS / 1000}s:\n${output()}`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
