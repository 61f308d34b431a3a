// Unattended healing in `drift watch` with the real heal engine against moto: it heals only eligible
// items, never a paused scope nor inside a freeze window, journals every action as approved by the
// auto-heal policy, records the findings as healed and publishes HealedCount.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { UNATTENDED_APPROVER } from '../../src/engine/watch-steps.js';
import { openStateDb } from '../../src/state/db.js';
import { MOTO_ACCOUNT_ID, motoEndpoint, useFreshMoto } from '../harness/moto.js';
import { runProgram } from '../watch/program.js';
import { clusterOwner, clusterWorkspace, createCluster, drainNotifications, readMetric, topicWithQueue } from './watch-fixtures.js';

useFreshMoto();

beforeAll(() => {
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'test');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test');
  vi.stubEnv('AWS_REGION', 'us-east-1');
});
afterAll(() => {
  vi.unstubAllEnvs();
});

interface RunJson {
  status: string;
  items: number;
  healed: number;
  heal: { status: string; results?: Array<{ itemId: string; status: string }>; until?: string };
  notifications: Array<{ kind: string; status: string }>;
}

describe('drift watch: unattended healing (real heal engine, moto)', () => {
  it('heals only what is eligible and not paused, nothing during a freeze window, then the rest', async () => {
    const cwd = clusterWorkspace([
      { phase: '30-compute', logicalId: 'WebCluster', name: 'web' },
      { phase: '40-batch', logicalId: 'BatchCluster', name: 'batch' },
    ]);
    await createCluster('someone-else', 'web');
    await createCluster('someone-else', 'batch');
    const { topicArn, queueUrl } = await topicWithQueue();
    const since = new Date(Date.now() - 60_000);
    const T0 = Math.floor(Date.now() / 1000) * 1000;
    let step = 0;
    const watchOnce = async (): Promise<RunJson> => {
      const run = await runProgram(['drift', 'watch', '--once', '--format', 'json', '--endpoint-url', motoEndpoint()], {
        cwd,
        env: { IAL_SNS_TOPIC_ARN: topicArn },
        now: () => new Date(T0 + step * 10_000),
      });
      expect(run.stderr).toContain('auto-heal: on (severity up to medium, at most 10 per run)');
      return JSON.parse(run.stdout) as RunJson;
    };

    // 1. The batch phase is paused: only the web cluster is healed.
    expect((await runProgram(['drift', 'pause', '--for', '1h', '--scope', 'phase:40-batch', '--reason', 'batch migration'], { cwd, now: () => new Date(T0) })).code).toBe(0);
    const first = await watchOnce();
    expect(first).toMatchObject({ status: 'complete', items: 2, healed: 1, heal: { status: 'done' } });
    expect(first.heal.results?.map((r) => r.status)).toEqual(['healed']);
    expect(await clusterOwner('web')).toBe('platform');
    expect(await clusterOwner('batch')).toBe('someone-else');
    const notices = await drainNotifications(queueUrl);
    expect(notices.map((n) => n.subject)).toEqual([
      `ialctl: 2 new drift items (worst: low) in ${MOTO_ACCOUNT_ID}/us-east-1`,
      `ialctl: auto-heal healed 1 of 1 in ${MOTO_ACCOUNT_ID}/us-east-1`,
    ]);
    expect(notices[1]!.message.split('\n')).toContain('  healed: WebCluster (web) (Tags.Owner)');

    // The journal holds the action, approved by the auto-heal policy.
    const db = openStateDb(path.join(cwd, '.ial'));
    try {
      const approvers = db.prepare('SELECT DISTINCT approved_by AS a FROM heal_runs').all() as Array<{ a: string }>;
      expect(approvers.map((r) => r.a)).toEqual([UNATTENDED_APPROVER]);
    } finally {
      db.close();
    }

    // 2. The pause is lifted but a freeze window is open: nothing is healed.
    await runProgram(['drift', 'resume'], { cwd, now: () => new Date(T0) });
    mkdirSync(path.join(cwd, 'config'), { recursive: true });
    writeFileSync(path.join(cwd, 'config', 'drift_config.yaml'), 'auto_heal:\n  freeze_windows:\n    - { cron: "* * * * *", duration: 1h, reason: release }\n');
    step = 1;
    const frozen = await watchOnce();
    expect(frozen).toMatchObject({ status: 'complete', items: 1, healed: 0, heal: { status: 'frozen' } });
    expect(await clusterOwner('batch')).toBe('someone-else');

    // 3. No freeze, no pause: the batch cluster is healed too, and the account is in sync.
    rmSync(path.join(cwd, 'config'), { recursive: true, force: true });
    step = 2;
    const third = await watchOnce();
    expect(third).toMatchObject({ status: 'complete', items: 1, healed: 1 });
    expect(await clusterOwner('batch')).toBe('platform');
    step = 3;
    expect(await watchOnce()).toMatchObject({ status: 'complete', items: 0, healed: 0, heal: { status: 'nothing' } });

    const history = JSON.parse((await runProgram(['drift', 'history', '--all', '--format', 'json'], { cwd })).stdout) as {
      findings: Array<{ logicalId: string; resolution: string | null }>;
    };
    expect(history.findings.map((f) => [f.logicalId, f.resolution]).sort()).toEqual([
      ['BatchCluster', 'healed'],
      ['WebCluster', 'healed'],
    ]);
    expect(await readMetric('HealedCount', {}, since)).toEqual({ samples: 4, maximum: 1, sum: 2 });
  }, 90_000);
});
