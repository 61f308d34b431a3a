// Watch benchmark: how long `drift watch` takes to stop after SIGTERM while it waits between runs, and
// how long its first run takes (demo source: no AWS needed). These are the timings the watch-process
// test used to assert against wall time; measured here, where a loaded machine only costs a figure.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The compiled CLI beside this compiled file (`npm run bench` builds both into .cache/bench-build).
const ENTRY = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'src', 'cli', 'run.js');

export interface WatchBenchResult {
  runs: number;
  firstRunMs: number[];
  stopMs: number[];
}

function once(): Promise<{ firstRunMs: number; stopMs: number }> {
  const cwd = mkdtempSync(path.join(tmpdir(), 'ialctl-bench-watch-'));
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [ENTRY, 'drift', 'watch', '--demo', '--interval', '1h', '--format', 'json'], {
      cwd,
      env: { ...process.env, LANG: 'en_US.UTF-8', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let firstRunMs: number | undefined;
    let signalledAt = 0;
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdout.on('data', () => {
      if (firstRunMs !== undefined) return;
      // The first run line is printed just before the one-hour wait: signal while it waits.
      firstRunMs = performance.now() - started;
      signalledAt = performance.now();
      child.kill('SIGTERM');
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      const stopMs = performance.now() - signalledAt;
      rmSync(cwd, { recursive: true, force: true });
      if (code !== 0 || firstRunMs === undefined) reject(new Error(`drift watch exited with ${code} before/after its first run:\n${stderr.slice(-2000)}`));
      else resolve({ firstRunMs, stopMs });
    });
  });
}

export async function runWatchBench(runs: number): Promise<WatchBenchResult> {
  const result: WatchBenchResult = { runs, firstRunMs: [], stopMs: [] };
  for (let i = 0; i < runs; i++) {
    const { firstRunMs, stopMs } = await once();
    result.firstRunMs.push(firstRunMs);
    result.stopMs.push(stopMs);
  }
  return result;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

export function formatWatchBench(r: WatchBenchResult): string[] {
  return [
    `watch: drift watch --demo --interval 1h, SIGTERM while waiting (${r.runs} processes)`,
    `  start + first run  ${median(r.firstRunMs).toFixed(0)} ms median`,
    `  stop after SIGTERM ${median(r.stopMs).toFixed(0)} ms median, ${Math.max(...r.stopMs).toFixed(0)} ms max   (target < 1000 ms)`,
  ];
}
