// A failed or incomplete check in `drift watch` against moto: it publishes DriftCheckFailed=1 (and no
// DriftCount), notifies once per distinct failure, and never records "no drift": the findings of
// earlier runs stay open. Faults come from the fault proxy in front of moto; CloudWatch and SNS pass.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startFaultProxy, type FaultProxy } from '../harness/fault-proxy.js';
import { MOTO_ACCOUNT_ID, motoEndpoint, useFreshMoto } from '../harness/moto.js';
import { runProgram } from '../watch/program.js';
import { clusterWorkspace, createCluster, drainNotifications, readMetric, topicWithQueue } from './watch-fixtures.js';

useFreshMoto();

let proxy: FaultProxy;
beforeAll(async () => {
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'test');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test');
  vi.stubEnv('AWS_REGION', 'us-east-1');
  proxy = await startFaultProxy(motoEndpoint());
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await proxy.close();
});
beforeEach(() => proxy.setRules([]));


describe('drift watch: a failed check', () => {
  it('publishes DriftCheckFailed, notifies once per failure, and never marks earlier drift resolved', async () => {
    const cwd = clusterWorkspace();
    await createCluster('someone-else');
    const { topicArn, queueUrl } = await topicWithQueue();
    const since = new Date(Date.now() - 60_000);
    // Real time (CloudWatch keeps recent data points only), ten seconds apart per run.
    const T0 = Math.floor(Date.now() / 1000) * 1000;
    let step = 0;
    const watchOnce = () =>
      runProgram(['drift', 'watch', '--once', '--format', 'json', '--phases', 'phases', '--endpoint-url', proxy.endpoint], {
        cwd,
        env: { IAL_SNS_TOPIC_ARN: topicArn, IAL_AUTO_HEAL_ENABLED: 'false' },
        now: () => new Date(T0 + step * 10_000),
      });

    const ok = await watchOnce();
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ status: 'complete', items: 1, new: 1 });
    expect((await drainNotifications(queueUrl)).map((n) => n.subject)).toEqual([`ialctl: 1 new drift item (worst: low) in ${MOTO_ACCOUNT_ID}/us-east-1`]);

    // ECS refuses: the check is incomplete.
    proxy.setRules([{ service: 'ecs', operation: 'ListClusters', kind: 'access-denied' }]);
    step = 1;
    const denied = await watchOnce();
    expect(denied.code).toBe(1);
    const deniedRun = JSON.parse(denied.stdout) as { status: string; items: number; error: string; metrics: unknown; notifications: unknown };
    expect(deniedRun).toMatchObject({ status: 'incomplete', items: 0, metrics: { status: 'done' }, notifications: [{ kind: 'failure', status: 'done' }] });
    expect(deniedRun.error).toMatch(/^ecs AccessDeniedException: ListClusters failed: User: arn:aws:iam::123456789012:user\/test is not authorized/);
    const [incomplete, ...others] = await drainNotifications(queueUrl);
    expect(others).toEqual([]);
    expect(incomplete?.subject).toBe(`ialctl: drift check INCOMPLETE for ${MOTO_ACCOUNT_ID}/us-east-1`);
    expect(incomplete?.message.split('\n').slice(1, 3)).toEqual([
      'Nothing was recorded as in sync: resources that were not read keep their previous findings.',
      'See the details: ialctl drift check --region us-east-1',
    ]);

    // The same failure again: recorded and published, not notified again.
    step = 2;
    expect((await watchOnce()).code).toBe(1);
    expect(await drainNotifications(queueUrl)).toEqual([]);

    // A phase file that no longer loads: the check throws before reading anything.
    proxy.setRules([]);
    writeFileSync(path.join(cwd, 'phases', '30-compute', '01-cluster.yaml'), 'Resources:\n  WatchCluster: [\n');
    step = 3;
    const broken = await watchOnce();
    expect(broken.code).toBe(1);
    expect(JSON.parse(broken.stdout)).toMatchObject({ status: 'failed', items: null, notifications: [{ kind: 'failure', status: 'done' }] });
    expect((await drainNotifications(queueUrl)).map((n) => n.subject)).toEqual(['ialctl: drift check FAILED for ?']);

    // Metrics: one DriftCheckFailed per run, 1 for the three failed ones; DriftCount only from the good run.
    expect(await readMetric('DriftCheckFailed', {}, since)).toEqual({ samples: 4, maximum: 1, sum: 3 });
    expect(await readMetric('DriftCount', { Severity: 'low', Type: 'tag_drift' }, since)).toEqual({ samples: 1, maximum: 1, sum: 1 });

    // History: the drift found by the first run is still open; no run claims "in sync".
    const history = JSON.parse((await runProgram(['drift', 'history', '--format', 'json'], { cwd })).stdout) as {
      findings: Array<{ itemId: string; resolvedAt: string | null; lastSeen: string }>;
      runs: Array<{ complete: boolean; items: number | null }>;
    };
    expect(history.findings).toHaveLength(1);
    expect(history.findings[0]).toMatchObject({ resolvedAt: null, lastSeen: new Date(T0).toISOString() });
    expect(history.runs.map((r) => [r.complete, r.items])).toEqual([
      [false, null],
      [false, 0],
      [false, 0],
      [true, 1],
    ]);
  }, 60_000);
});
