// kill -9 in the middle of `ialctl drift heal --apply`, at several points, in a real process against moto
// (the IAL_TEST_HEAL_HOOK test hook makes the process SIGKILL itself exactly there). The next run —
// `--journal`, `--undo`, or another heal — settles the interrupted action by re-reading AWS, and the
// journal, the undo and moto then agree on what happened.
import { CreateTagsCommand, DescribeTagsCommand } from '@aws-sdk/client-ec2';
import { DescribeClustersCommand, DescribeServicesCommand, UpdateClusterCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { runCli, type CliRun } from '../cli/run-cli.js';
import { motoEndpoint, useFreshMoto } from '../harness/moto.js';
import { healWorld, type HealWorld } from './heal-fixtures.js';
import { CLUSTER, TEST_CREDENTIALS_ENV } from './scenario-estate.js';

useFreshMoto();

const TIMEOUT = 240_000;

interface AwsView {
  insights: string | undefined;
  desired: number | undefined;
  environment: string | undefined;
}

/** What moto has for the three drifted values. */
async function awsView(world: HealWorld): Promise<AwsView> {
  const { ec2, ecs } = world.sdk;
  const cluster = await ecs.send(new DescribeClustersCommand({ clusters: [CLUSTER], include: ['SETTINGS'] }));
  const service = await ecs.send(new DescribeServicesCommand({ cluster: CLUSTER, services: ['web'] }));
  const tags = await ec2.send(
    new DescribeTagsCommand({ Filters: [{ Name: 'resource-id', Values: [world.estate.instanceId] }, { Name: 'key', Values: ['Environment'] }] }),
  );
  return {
    insights: cluster.clusters?.[0]?.settings?.find((s) => s.name === 'containerInsights')?.value,
    desired: service.services?.[0]?.desiredCount,
    environment: tags.Tags?.[0]?.Value,
  };
}

const DRIFTED: AwsView = { insights: 'disabled', desired: 5, environment: 'staging' };
const HEALED: AwsView = { insights: 'enabled', desired: 2, environment: 'production' };

/** Three actions in plan order: ecs:UpdateCluster (0), ecs:UpdateService (1), ec2:CreateTags (2). */
async function driftedWorld(): Promise<HealWorld> {
  const world = await healWorld();
  const { ec2, ecs } = world.sdk;
  await ecs.send(new UpdateClusterCommand({ cluster: CLUSTER, settings: [{ name: 'containerInsights', value: 'disabled' }] }));
  await ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: 'web', desiredCount: 5 }));
  await ec2.send(new CreateTagsCommand({ Resources: [world.estate.instanceId], Tags: [{ Key: 'Environment', Value: 'staging' }] }));
  expect(await awsView(world)).toEqual(DRIFTED);
  return world;
}

function ialctl(world: HealWorld, args: string[], hook?: string): Promise<CliRun> {
  return runCli(args, {
    cwd: world.ws.cwd,
    env: { AWS_ENDPOINT_URL: motoEndpoint(), AWS_REGION: 'us-east-1', ...TEST_CREDENTIALS_ENV, ...(hook ? { IAL_TEST_HEAL_HOOK: hook } : {}) },
    timeoutMs: 120_000,
  });
}

async function killedHeal(world: HealWorld, hook: string): Promise<void> {
  const run = await ialctl(world, ['drift', 'heal', '--apply', '--yes', '--format', 'json'], hook);
  // Killed by its own SIGKILL: no exit code, no report.
  expect({ code: run.code, stdout: run.stdout }).toEqual({ code: null, stdout: '' });
}

interface JournalJson {
  runs: Array<{ planId: string; kind: string; healed: number; failed: number; verifyFailed: number; interrupted: number }>;
  entries: Array<{ planId: string; actionIndex: number; phase: string; operation: string; status: string; reconciled: boolean; note: string | null }>;
  reconciliation: { actions: Array<{ index: number; operation: string; status?: string }> };
}

interface HealJson {
  plan: { id: string; actions: Array<{ operation: string }> };
  results: Array<{ operation: string; status: string }>;
  reconciled?: Array<{ index: number; operation: string; status?: string }>;
}

const outcomes = (journal: JournalJson, planId: string) =>
  journal.entries.filter((e) => e.planId === planId && e.phase === 'after').map((e) => [e.actionIndex, e.operation, e.status, e.reconciled]);

describe('a heal killed with SIGKILL', () => {
  it('before the second write: --journal reconciles it as not applied, and undo restores only the first action', { timeout: TIMEOUT }, async () => {
    const world = await driftedWorld();
    await killedHeal(world, 'before-write:1:kill');
    expect(await awsView(world)).toEqual({ ...DRIFTED, insights: 'enabled' });

    // AWS unreachable: the journal is still listed, the action still shown as interrupted, and nothing is guessed.
    const offline = await runCli(['drift', 'heal', '--journal', '--endpoint-url', 'http://127.0.0.1:1'], {
      cwd: world.ws.cwd, env: { AWS_REGION: 'us-east-1', ...TEST_CREDENTIALS_ENV }, timeoutMs: 120_000,
    });
    expect(offline.code).toBe(0);
    expect(offline.stderr).toMatch(/^Interrupted actions were not reconciled: AWS could not be opened \(.+\)\.\n$/);
    expect(offline.stdout).toMatch(/- ecs:UpdateService AWS::ECS::Service \S+: INTERRUPTED \(outcome unknown\)\n/);

    const listed = await ialctl(world, ['drift', 'heal', '--journal', '--format', 'json']);
    expect(listed.code).toBe(0);
    const journal = JSON.parse(listed.stdout) as JournalJson;
    const planId = journal.runs[0]!.planId;
    expect(journal.reconciliation.actions.map((a) => [a.index, a.operation, a.status])).toEqual([[1, 'ecs:UpdateService', 'failed']]);
    expect(outcomes(journal, planId)).toEqual([[0, 'ecs:UpdateCluster', 'healed', false], [1, 'ecs:UpdateService', 'failed', true]]);
    expect(journal.entries.find((e) => e.reconciled)?.note).toMatch(/^reconciled: .* AWS still has the previous values: the write never landed$/);
    expect(journal.runs.map((r) => [r.kind, r.healed, r.failed, r.verifyFailed, r.interrupted])).toEqual([['heal', 1, 1, 0, 0]]);

    const undo = await ialctl(world, ['drift', 'heal', '--undo', planId, '--apply', '--yes', '--format', 'json']);
    expect(undo.code).toBe(0);
    expect((JSON.parse(undo.stdout) as HealJson).results.map((r) => [r.operation, r.status])).toEqual([['ecs:UpdateCluster', 'healed']]);
    expect(await awsView(world)).toEqual(DRIFTED);
  });

  it('after the second write returned: --journal reconciles it as applied (text shows it), and undo reverses both writes', { timeout: TIMEOUT }, async () => {
    const world = await driftedWorld();
    await killedHeal(world, 'after-write:1:kill');
    expect(await awsView(world)).toEqual({ ...HEALED, environment: 'staging' });
    const first = JSON.parse((await ialctl(world, ['drift', 'heal', '--journal', '--format', 'json'])).stdout) as JournalJson;
    const planId = first.runs[0]!.planId;

    const undo = await ialctl(world, ['drift', 'heal', '--undo', planId, '--apply', '--yes', '--format', 'json']);
    expect(undo.code).toBe(0);
    // --journal above already settled it; the undo found nothing left to reconcile and reversed both.
    expect(first.reconciliation.actions.map((a) => [a.index, a.status])).toEqual([[1, 'healed']]);
    expect((JSON.parse(undo.stdout) as HealJson).results.map((r) => [r.operation, r.status])).toEqual([
      ['ecs:UpdateService', 'healed'],
      ['ecs:UpdateCluster', 'healed'],
    ]);
    expect(await awsView(world)).toEqual(DRIFTED);

    const text = await ialctl(world, ['drift', 'heal', '--journal']);
    expect(text.stdout).toMatch(/- ecs:UpdateService AWS::ECS::Service \S+: healed \(reconciled by re-reading AWS after an interrupted run\)\n/);
  });

  it('after the second write returned, undo alone (no --journal first) reconciles and reverses both', { timeout: TIMEOUT }, async () => {
    const world = await driftedWorld();
    const dry = JSON.parse((await ialctl(world, ['drift', 'heal', '--format', 'json'])).stdout) as HealJson;
    await killedHeal(world, 'after-write:1:kill');

    const undo = await ialctl(world, ['drift', 'heal', '--undo', dry.plan.id, '--apply', '--yes', '--format', 'json']);

    const out = JSON.parse(undo.stdout) as HealJson;
    expect(out.reconciled?.map((a) => [a.index, a.operation, a.status])).toEqual([[1, 'ecs:UpdateService', 'healed']]);
    expect(out.results.map((r) => [r.operation, r.status])).toEqual([['ecs:UpdateService', 'healed'], ['ecs:UpdateCluster', 'healed']]);
    expect(undo.code).toBe(0);
    expect(await awsView(world)).toEqual(DRIFTED);
  });

  it('between actions: nothing is left started; the next heal plans only the rest, and undo reverses what ran', { timeout: TIMEOUT }, async () => {
    const world = await driftedWorld();
    await killedHeal(world, 'after-action:1:kill');
    expect(await awsView(world)).toEqual({ ...HEALED, environment: 'staging' });

    const journal = JSON.parse((await ialctl(world, ['drift', 'heal', '--journal', '--format', 'json'])).stdout) as JournalJson;
    const planId = journal.runs[0]!.planId;
    expect(journal.reconciliation.actions).toEqual([]);
    expect(journal.runs.map((r) => [r.healed, r.interrupted])).toEqual([[2, 0]]);
    const rest = JSON.parse((await ialctl(world, ['drift', 'heal', '--format', 'json'])).stdout) as HealJson;
    expect(rest.plan.actions.map((a) => a.operation)).toEqual(['ec2:CreateTags']);

    const undo = await ialctl(world, ['drift', 'heal', '--undo', planId, '--apply', '--yes', '--format', 'json']);
    expect((JSON.parse(undo.stdout) as HealJson).results.map((r) => [r.operation, r.status])).toEqual([
      ['ecs:UpdateService', 'healed'],
      ['ecs:UpdateCluster', 'healed'],
    ]);
    expect(await awsView(world)).toEqual(DRIFTED);
  });

  it('after the first write: the next heal reconciles it as healed and completes the rest', { timeout: TIMEOUT }, async () => {
    const world = await driftedWorld();
    await killedHeal(world, 'after-write:0:kill');
    expect(await awsView(world)).toEqual({ ...DRIFTED, insights: 'enabled' });

    const again = await ialctl(world, ['drift', 'heal', '--apply', '--yes', '--format', 'json']);

    const out = JSON.parse(again.stdout) as HealJson;
    expect(out.reconciled?.map((a) => [a.index, a.operation, a.status])).toEqual([[0, 'ecs:UpdateCluster', 'healed']]);
    expect(out.results.map((r) => [r.operation, r.status])).toEqual([['ecs:UpdateService', 'healed'], ['ec2:CreateTags', 'healed']]);
    expect(again.code).toBe(0);
    expect(await awsView(world)).toEqual(HEALED);
    const journal = JSON.parse((await ialctl(world, ['drift', 'heal', '--journal', '--format', 'json'])).stdout) as JournalJson;
    expect(journal.runs.map((r) => [r.healed, r.failed, r.interrupted])).toEqual([[2, 0, 0], [1, 0, 0]]);
  });
});
