// Two checkouts (two working directories, two state databases, so two heal locks) heal the same moto
// account at the same time. Both read AWS and compute the same plan under their own lock; the one that
// writes second re-checks each resource right before its write, finds the change already in effect and
// writes nothing. Real `ialctl` processes, held at the chosen point by the IAL_TEST_HEAL_HOOK test hook.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateTagsCommand } from '@aws-sdk/client-ec2';
import { UpdateClusterCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliRun } from '../cli/run-cli.js';
import { startFaultProxy, type FaultProxy } from '../harness/fault-proxy.js';
import { motoEndpoint, useFreshMoto } from '../harness/moto.js';
import { healWorld } from './heal-fixtures.js';
import { CLUSTER, ESTATE_PHASES, TEST_CREDENTIALS_ENV, writePhases } from './scenario-estate.js';

useFreshMoto();

let proxy: FaultProxy;
beforeAll(async () => {
  proxy = await startFaultProxy(motoEndpoint());
});
afterAll(async () => {
  await proxy.close();
});

const WRITES = ['ecs:UpdateCluster', 'ecs:UpdateService', 'ec2:CreateTags'];

function ialctl(cwd: string, args: string[], hook?: string): Promise<CliRun> {
  return runCli(args, {
    cwd,
    // Through the proxy: it counts every request both processes send to AWS.
    env: { AWS_ENDPOINT_URL: proxy.endpoint, AWS_REGION: 'us-east-1', ...TEST_CREDENTIALS_ENV, ...(hook ? { IAL_TEST_HEAL_HOOK: hook } : {}) },
    timeoutMs: 150_000,
  });
}

/** Resolves once the hooked process has reached its point (it writes `<file>.reached`); a bound, not a timing. */
async function reached(file: string, process: Promise<CliRun>): Promise<void> {
  let exited: CliRun | undefined;
  void process.then((r) => (exited = r));
  for (let i = 0; i < 2400 && !existsSync(`${file}.reached`); i++) {
    if (exited) throw new Error(`the process exited before reaching its hook: ${exited.code} ${exited.stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  expect(existsSync(`${file}.reached`)).toBe(true);
}

interface HealJson {
  plan: { id: string; actions: Array<{ operation: string }> };
  results: Array<{ operation: string; status: string }>;
  refused: { code: string; message: string; action?: { index: number; state: string } } | null;
}

describe('two checkouts healing one account at once', () => {
  it('the same plan is written once: the second runner finds it already in effect, refuses plan_changed and writes nothing', { timeout: 300_000 }, async () => {
    const world = await healWorld();
    const { ec2, ecs } = world.sdk;
    await ecs.send(new UpdateClusterCommand({ cluster: CLUSTER, settings: [{ name: 'containerInsights', value: 'disabled' }] }));
    await ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: 'web', desiredCount: 5 }));
    await ec2.send(new CreateTagsCommand({ Resources: [world.estate.instanceId], Tags: [{ Key: 'Environment', Value: 'staging' }] }));
    const laptop = world.ws.cwd;
    const ci = writePhases(ESTATE_PHASES).cwd;
    const gates = mkdtempSync(path.join(tmpdir(), 'ialctl-gates-'));
    const [goLaptop, goCi] = [path.join(gates, 'laptop'), path.join(gates, 'ci')];
    proxy.setRules([]);

    const args = ['drift', 'heal', '--apply', '--yes', '--format', 'json'];
    const first = ialctl(laptop, args, `before-action:0:wait:${goLaptop}`);
    const second = ialctl(ci, args, `before-action:0:wait:${goCi}`);
    // Both have read AWS and hold their own lock with the same plan, neither has written.
    await Promise.all([reached(goLaptop, first), reached(goCi, second)]);
    expect(WRITES.map((w) => proxy.requests(w))).toEqual([0, 0, 0]);
    writeFileSync(goLaptop, '');
    const won = await first;
    writeFileSync(goCi, '');
    const lost = await second;

    const a = JSON.parse(won.stdout) as HealJson;
    const b = JSON.parse(lost.stdout) as HealJson;
    expect(b.plan.id).toBe(a.plan.id);
    expect(a.results.map((r) => [r.operation, r.status])).toEqual(WRITES.map((w) => [w, 'healed']));
    expect(won.code).toBe(0);
    expect(b.results).toEqual([]);
    expect(b.refused?.code).toBe('plan_changed');
    expect(b.refused?.action).toEqual(expect.objectContaining({ index: 0, state: 'already_in_effect' }));
    expect(b.refused?.message).toMatch(/^action 1 \(ecs:UpdateCluster .+\) is already in effect in AWS: another run/);
    expect(lost.code).toBe(1);
    // Total writes = the plan's action count, not double.
    expect(WRITES.map((w) => proxy.requests(w))).toEqual([1, 1, 1]);

    // The loser's journal has no run: nothing it could undo, nothing it claims to have done.
    const journal = await ialctl(ci, ['drift', 'heal', '--journal']);
    expect(journal.stdout).toBe('The journal is empty: no heal has run here yet.\n');
  });

  it('in text, the loser says the change was already in effect and that nothing was written', { timeout: 300_000 }, async () => {
    const world = await healWorld();
    await world.sdk.ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: 'web', desiredCount: 5 }));
    const ci = writePhases(ESTATE_PHASES).cwd;
    const gates = mkdtempSync(path.join(tmpdir(), 'ialctl-gates-'));
    const goCi = path.join(gates, 'ci');
    proxy.setRules([]);

    const second = ialctl(ci, ['drift', 'heal', '--apply', '--yes'], `before-action:0:wait:${goCi}`);
    await reached(goCi, second);
    const won = await ialctl(world.ws.cwd, ['drift', 'heal', '--apply', '--yes']);
    writeFileSync(goCi, '');
    const lost = await second;

    expect(won.code).toBe(0);
    expect(lost.code).toBe(1);
    expect(lost.stdout).toContain(
      'Refused: before action 1 (ecs:UpdateService) AWS already had the change in effect: another run (another checkout or operator?) healed it. Stopped: nothing was written; check again to see what is left',
    );
    expect(proxy.requests('ecs:UpdateService')).toBe(1);
  });
});
