// Acceptance of `drift watch` as a real process against moto: three runs of an hourly schedule publish
// the metrics (read back with GetMetricData), one SNS notification for the new drift and none for
// the unchanged runs (read back through an SQS subscription), a history with first/last seen, and a
// SIGTERM while it waits for the fourth run stops the process. The schedule runs on a virtual clock
// (test/watch/virtual-schedule.ts): the waits are asserted from what the loop asked for, never from
// wall time, which a loaded CI machine stretches. How fast a stop is belongs in `npm run bench`.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startFaultProxy } from '../harness/fault-proxy.js';
import { MOTO_ACCOUNT_ID, motoEndpoint, useFreshMoto } from '../harness/moto.js';
import { runProgram } from '../watch/program.js';
import { INSTANT_WAITS_VARIABLE } from '../watch/virtual-schedule.js';
import { CLUSTER_NAME, clusterOwner, clusterWorkspace, createCluster, drainNotifications, metricDimensionSets, readMetric, topicWithQueue } from './watch-fixtures.js';

useFreshMoto();

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ENTRY = path.join(REPO_ROOT, 'test', 'watch', 'cli-entry.ts');
const TSX_LOADER = pathToFileURL(path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

interface RunLine {
  heal: { status: string; reason?: string };
  run: number;
  status: string;
  startedAt: string;
  items: number;
  new: number;
  notifications: Array<{ kind: string; status: string }>;
  metrics: { status: string };
  nextRunInMs: number | null;
}

function awsEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(AWS_|IAL_|LANG|LC_|NODE_OPTIONS|VITEST)/.test(key)) env[key] = value;
  }
  return {
    ...env,
    LANG: 'en_US.UTF-8',
    NO_COLOR: '1',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    AWS_CONFIG_FILE: path.join(REPO_ROOT, '.cache', 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(REPO_ROOT, '.cache', 'no-aws-credentials'),
    AWS_ENDPOINT_URL: motoEndpoint(),
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    ...extra,
  };
}

/** Resolves once `condition` holds (polled); rejects with `what` after `timeoutMs`. A deadline, not a measurement. */
function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const deadline = setTimeout(() => {
      clearInterval(poll);
      reject(new Error(what));
    }, timeoutMs);
    const poll = setInterval(() => {
      if (!condition()) return;
      clearInterval(poll);
      clearTimeout(deadline);
      resolve();
    }, 20);
  });
}

/** Starts `ialctl drift watch` and collects its JSON run lines as they come. */
function startWatch(cwd: string, args: string[], env: NodeJS.ProcessEnv) {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, ['--import', TSX_LOADER, ENTRY, 'drift', 'watch', '--format', 'json', ...args], {
    cwd,
    env,
  });
  const lines: RunLine[] = [];
  let stdout = '';
  let stderr = '';
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    let nl: number;
    while ((nl = stdout.indexOf('\n')) >= 0) {
      const line = stdout.slice(0, nl);
      stdout = stdout.slice(nl + 1);
      if (line.trim() !== '') lines.push(JSON.parse(line) as RunLine);
    }
    for (const w of waiters.filter((w) => lines.length >= w.count)) w.resolve();
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    lines,
    stderr: () => stderr,
    /** Resolves once stderr contains `text`. */
    stderrHas: (text: string, timeoutMs: number) =>
      new Promise<void>((resolve, reject) => {
        const started = Date.now();
        const poll = setInterval(() => {
          if (stderr.includes(text)) {
            clearInterval(poll);
            resolve();
          } else if (Date.now() - started > timeoutMs) {
            clearInterval(poll);
            reject(new Error(`stderr never showed ${JSON.stringify(text)}:\n${stderr}`));
          }
        }, 20);
      }),
    exited,
    runs: (count: number, timeoutMs: number) =>
      new Promise<void>((resolve, reject) => {
        if (lines.length >= count) return resolve();
        const timer = setTimeout(() => reject(new Error(`only ${lines.length} of ${count} runs after ${timeoutMs}ms; stderr:\n${stderr}`)), timeoutMs);
        waiters.push({ count, resolve: () => (clearTimeout(timer), resolve()) });
      }),
  };
}

describe('drift watch --interval 1h (real process, moto, virtual clock between runs)', () => {
  it('three runs on schedule: metrics, exactly one notification, history, and SIGTERM while waiting stops it', async () => {
    const cwd = clusterWorkspace();
    await createCluster('someone-else');
    const { topicArn, queueUrl } = await topicWithQueue();
    const since = new Date(Date.now() - 60_000);

    // Two waits pass on the virtual clock; the third is a real one-hour wait, ended by SIGTERM.
    const watch = startWatch(
      cwd,
      ['--interval', '1h', '--phases', 'phases'],
      awsEnv({ IAL_SNS_TOPIC_ARN: topicArn, IAL_AUTO_HEAL_ENABLED: 'false', [INSTANT_WAITS_VARIABLE]: '2' }),
    );
    try {
      await watch.runs(3, 45_000);
    } catch (error) {
      watch.child.kill('SIGKILL');
      throw error;
    }
    // The third run line is printed just before the wait for the fourth: the process is between runs.
    watch.child.kill('SIGTERM');
    const exit = await watch.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(watch.stderr()).toContain('Stopping after the current step');
    expect(watch.stderr()).toContain('Stopped after 3 runs.');

    const runs = watch.lines;
    expect(runs.map((r) => [r.run, r.status, r.items, r.new, r.metrics.status])).toEqual([
      [1, 'complete', 1, 1, 'done'],
      [2, 'complete', 1, 0, 'done'],
      [3, 'complete', 1, 0, 'done'],
    ]);
    expect(runs.map((r) => r.notifications)).toEqual([[{ kind: 'drift', status: 'done' }], [], []]);
    // The schedule: a run takes no virtual time, so each wait is exactly one jittered hour (±10%).
    for (const r of runs) {
      expect(r.nextRunInMs).toBeGreaterThanOrEqual(0.9 * 3_600_000);
      expect(r.nextRunInMs).toBeLessThanOrEqual(1.1 * 3_600_000);
    }
    // Ordering, not wall time: each run starts after the previous one.
    const starts = runs.map((r) => Date.parse(r.startedAt));
    expect(starts[0]).toBeLessThan(starts[1]!);
    expect(starts[1]).toBeLessThan(starts[2]!);

    // Metrics, read back from CloudWatch: the aggregate (no dimensions) plus every severity × type.
    const sets = await metricDimensionSets('DriftCount');
    expect(sets).toHaveLength(17);
    expect(sets[0]).toBe('');
    expect(sets).toContain('Severity=low,Type=tag_drift');
    expect(sets).toContain('Severity=critical,Type=missing_resource');
    // moto answers a query without dimensions with every datum of the metric (CloudWatch would
    // answer with the aggregate only): 17 data per run, of which the aggregate and low/tag_drift are 1.
    expect(await readMetric('DriftCount', {}, since)).toEqual({ samples: 3 * 17, maximum: 1, sum: 3 * 2 });
    expect(await readMetric('DriftCount', { Severity: 'low', Type: 'tag_drift' }, since)).toEqual({ samples: 3, maximum: 1, sum: 3 });
    expect(await readMetric('DriftCount', { Severity: 'critical', Type: 'missing_resource' }, since)).toEqual({ samples: 3, maximum: 0, sum: 0 });
    expect(await readMetric('DriftCheckFailed', {}, since)).toEqual({ samples: 3, maximum: 0, sum: 0 });
    expect(await readMetric('HealedCount', {}, since)).toEqual({ samples: 3, maximum: 0, sum: 0 });

    // Notifications, read back through the SQS subscription: one for the new drift, none after.
    const notifications = await drainNotifications(queueUrl);
    expect(notifications.map((n) => n.subject)).toEqual([`ialctl: 1 new drift item (worst: low) in ${MOTO_ACCOUNT_ID}/us-east-1`]);
    expect(notifications[0]!.message.split('\n').slice(0, 3)).toEqual([
      `1 new drift item (1 low) in account ${MOTO_ACCOUNT_ID}, region us-east-1; 1 item drifts in total.`,
      'See the details: ialctl drift check --region us-east-1',
      'Since when: ialctl drift history WatchCluster',
    ]);

    // History: since when has the cluster drifted?
    const history = await runProgram(['drift', 'history', 'WatchCluster', '--format', 'json'], { cwd });
    const { findings, runs: recorded } = JSON.parse(history.stdout) as {
      findings: Array<{ firstSeen: string; lastSeen: string; resolvedAt: string | null; type: string; physicalId: string }>;
      runs: Array<{ complete: boolean; items: number }>;
    };
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ type: 'tag_drift', physicalId: CLUSTER_NAME, firstSeen: runs[0]!.startedAt, lastSeen: runs[2]!.startedAt, resolvedAt: null });
    expect(recorded.map((r) => [r.complete, r.items])).toEqual([
      [true, 1],
      [true, 1],
      [true, 1],
    ]);
  }, 90_000);

  it('SIGTERM during a run: the run finishes and is recorded, no healing starts, and the process exits', async () => {
    const cwd = clusterWorkspace();
    await createCluster('someone-else');
    const proxy = await startFaultProxy(motoEndpoint());
    try {
      // The proxy holds the cluster read for 10 s (well under the SDK's 30 s request timeout): the
      // signal is sent once that request has arrived, so it lands mid-run however slow the machine is.
      proxy.setRules([{ service: 'ecs', operation: 'DescribeClusters', kind: 'slow', delayMs: 10_000 }]);
      const watch = startWatch(cwd, ['--interval', '1h', '--phases', 'phases'], awsEnv({ AWS_ENDPOINT_URL: proxy.endpoint }));
      await watch.stderrHas('Stop with Ctrl-C or SIGTERM.', 20_000);
      await until(() => proxy.requests('ecs:DescribeClusters') === 1, 30_000, 'the run never reached DescribeClusters');
      expect(watch.lines).toEqual([]);
      watch.child.kill('SIGTERM');
      const exit = await watch.exited;
      expect(exit.code).toBe(0);
      expect(proxy.requests('ecs:DescribeClusters')).toBe(1);
      expect(watch.lines.map((l) => [l.run, l.status, l.items, l.heal])).toEqual([[1, 'complete', 1, { status: 'not_run', reason: 'stopping' }]]);
      expect(watch.stderr()).toContain('Stopped after 1 run.');
      expect(await clusterOwner(CLUSTER_NAME)).toBe('someone-else');
      const history = JSON.parse((await runProgram(['drift', 'history', '--format', 'json'], { cwd })).stdout) as { runs: Array<{ complete: boolean; items: number }> };
      expect(history.runs).toEqual([expect.objectContaining({ complete: true, items: 1 })]);
    } finally {
      await proxy.close();
    }
  }, 60_000);
});
