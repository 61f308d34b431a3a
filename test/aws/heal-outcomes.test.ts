// Heal outcomes must be what AWS really has: a write whose answer was lost after AWS applied it is
// healed (learned by re-reading), a 5xx that AWS never applied stays failed, and an apply over an
// incomplete read exits 1 like its dry run and never touches the types it could not read.
import { CreateTagsCommand, DescribeSecurityGroupsCommand, DescribeTagsCommand, RevokeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import { DescribeServicesCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { DescribeDBInstancesCommand, ModifyDBInstanceCommand } from '@aws-sdk/client-rds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../src/aws/clients.js';
import { openHealState } from '../../src/engine/heal.js';
import { startFaultProxy, type FaultProxy } from '../harness/fault-proxy.js';
import { motoEndpoint, useFreshMoto } from '../harness/moto.js';
import { healWorld, runHealCli, targetOpener, writeCalls, type HealWorld } from './heal-fixtures.js';
import { CLUSTER, DB } from './scenario-estate.js';

useFreshMoto();

let proxy: FaultProxy;
beforeAll(async () => {
  proxy = await startFaultProxy(motoEndpoint());
});
afterAll(async () => {
  await proxy.close();
});

interface HealJson {
  plan: { id: string; actions: Array<{ operation: string }> };
  results: Array<{ operation: string; status: string; error: string | null; note?: string }>;
  complete?: boolean;
}

function journalAfter(world: HealWorld, planId: string): Array<[string, string, string | null, string | null]> {
  const state = openHealState(world.config, world.ws.cwd, false);
  try {
    return state.journal.entries(planId).filter((e) => e.phase === 'after').map((e) => [e.operation, e.status, e.error, e.note]);
  } finally {
    state.db.close();
  }
}

const desiredCount = async (world: HealWorld): Promise<number | undefined> =>
  (await world.sdk.ecs.send(new DescribeServicesCommand({ cluster: CLUSTER, services: ['web'] }))).services?.[0]?.desiredCount;

describe('a write with no clear answer', () => {
  it('AWS applied it but the answer was lost (every attempt reset): re-read, journaled and reported healed, exit 0', async () => {
    const world = await healWorld();
    await world.sdk.ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: 'web', desiredCount: 5 }));
    proxy.setRules([]);
    proxy.setLostResponses([{ service: 'ecs', operation: 'UpdateService' }]);
    const opened: AwsClients[] = [];

    const run = await runHealCli(['drift', 'heal', '--apply', '--yes', '--format', 'json'], { cwd: world.ws.cwd, openTarget: targetOpener(proxy.endpoint, opened) });

    const out = JSON.parse(run.stdout) as HealJson;
    expect(proxy.faults('ecs:UpdateService')).toBe(2);
    expect(await desiredCount(world)).toBe(2);
    expect(out.results).toHaveLength(1);
    expect(out.results[0]).toEqual(expect.objectContaining({ operation: 'ecs:UpdateService', status: 'healed', error: null, outcome: 'applied' }));
    expect(out.results[0]!.note).toMatch(/^the call got no clear answer \(.*(socket hang up|ECONNRESET).*\), but re-reading AWS shows the change in effect$/);
    expect(run.code).toBe(0);
    expect(journalAfter(world, out.plan.id)).toEqual([['ecs:UpdateService', 'healed', null, out.results[0]!.note]]);
  });

  it('the first answer lost and the retry refused as a duplicate (a 4xx after retries): re-read, it is healed', async () => {
    const world = await healWorld();
    const https = { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] };
    await world.sdk.ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: world.estate.webSg, IpPermissions: [https] }));
    proxy.setRules([]);
    proxy.setLostResponses([{ service: 'ec2', operation: 'AuthorizeSecurityGroupIngress', times: 1 }]);

    const run = await runHealCli(['drift', 'heal', '--apply', '--yes', '--format', 'json'], { cwd: world.ws.cwd, openTarget: targetOpener(proxy.endpoint, []) });

    const out = JSON.parse(run.stdout) as HealJson;
    expect(proxy.requests('ec2:AuthorizeSecurityGroupIngress')).toBe(2);
    expect(out.results.map((r) => [r.operation, r.status, r.error])).toEqual([['ec2:AuthorizeSecurityGroupIngress', 'healed', null]]);
    expect(out.results[0]!.note).toMatch(/^the call got no clear answer \(InvalidPermission\.Duplicate: .+\), but re-reading AWS shows the change in effect$/);
    expect(run.code).toBe(0);
    const group = await world.sdk.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [world.estate.webSg] }));
    expect(group.SecurityGroups![0]!.IpPermissions!.filter((p) => p.FromPort === 443)).toHaveLength(1);
  });

  it('a 5xx whose re-read shows the previous value: verify_failed with outcome unknown (it may land later; undo considers it), exit 1', async () => {
    const world = await healWorld();
    await world.sdk.ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: 'web', desiredCount: 5 }));
    proxy.setRules([{ service: 'ecs', operation: 'UpdateService', kind: 'server-error' }]);

    const run = await runHealCli(['drift', 'heal', '--apply', '--yes', '--format', 'json'], { cwd: world.ws.cwd, openTarget: targetOpener(proxy.endpoint, []) });

    const out = JSON.parse(run.stdout) as HealJson;
    expect(await desiredCount(world)).toBe(5);
    expect(out.results.map((r) => [r.operation, r.status, r.error, r.note])).toEqual([
      ['ecs:UpdateService', 'verify_failed', 'ServerException: An internal error has occurred; outcome unknown: re-reading AWS still shows the previous values',
        'the call got no clear answer; re-reading AWS still shows the previous values, but the write may land later'],
    ]);
    expect(run.code).toBe(1);
    expect((out.results[0] as { outcome?: string }).outcome).toBe('unknown');

    const pt = await runHealCli(['--lang', 'pt', 'drift', 'heal', '--apply', '--yes'], { cwd: world.ws.cwd, openTarget: targetOpener(proxy.endpoint, []) });
    expect(pt.stdout).toContain('não foi possível confirmar a mudança: resultado desconhecido');
    expect(pt.code).toBe(1);
  });

  it('a clear 4xx refusal is failed at once, with no note', async () => {
    const world = await healWorld();
    await world.sdk.ec2.send(new CreateTagsCommand({ Resources: [world.estate.instanceId], Tags: [{ Key: 'Environment', Value: 'staging' }] }));
    proxy.setRules([{ service: 'ec2', operation: 'CreateTags', kind: 'access-denied' }]);

    const run = await runHealCli(['drift', 'heal', '--apply', '--yes', '--format', 'json'], { cwd: world.ws.cwd, openTarget: targetOpener(proxy.endpoint, []) });

    const out = JSON.parse(run.stdout) as HealJson;
    expect(out.results.map((r) => [r.operation, r.status, r.error, r.note])).toEqual([
      ['ec2:CreateTags', 'failed', 'UnauthorizedOperation: You are not authorized to perform this operation.', undefined],
    ]);
    const tags = await world.sdk.ec2.send(new DescribeTagsCommand({ Filters: [{ Name: 'resource-id', Values: [world.estate.instanceId] }, { Name: 'key', Values: ['Environment'] }] }));
    expect(tags.Tags?.map((t) => t.Value)).toEqual(['staging']);
    expect(run.code).toBe(1);
  });
});

describe('--apply over an incomplete read', () => {
  it('exits 1 like the dry run, heals what was read and never writes to the type it could not read', async () => {
    const world = await healWorld();
    await world.sdk.ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: 'web', desiredCount: 5 }));
    await world.sdk.rds.send(new ModifyDBInstanceCommand({ DBInstanceIdentifier: DB, PreferredBackupWindow: '05:00-06:00', ApplyImmediately: true }));
    proxy.setRules([{ service: 'rds', operation: 'DescribeDBInstances', kind: 'access-denied' }]);
    const opened: AwsClients[] = [];
    const opts = { cwd: world.ws.cwd, openTarget: targetOpener(proxy.endpoint, opened) };

    const dry = await runHealCli(['drift', 'heal', '--format', 'json'], opts);
    const applied = await runHealCli(['drift', 'heal', '--apply', '--yes', '--format', 'json'], opts);
    const text = await runHealCli(['drift', 'heal', '--apply', '--yes'], opts);

    expect(dry.code).toBe(1);
    expect((JSON.parse(dry.stdout) as HealJson).complete).toBe(false);
    const out = JSON.parse(applied.stdout) as HealJson;
    expect(out.complete).toBe(false);
    expect(out.results.map((r) => [r.operation, r.status])).toEqual([['ecs:UpdateService', 'healed']]);
    expect(applied.code).toBe(1);
    expect(opened.map(writeCalls)).toEqual([{}, { 'ecs:UpdateService': 1 }, {}]);
    // Nothing left to heal among what could be read; the run still says it was incomplete and fails.
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('The check is incomplete: resources of types that could not be read are not in this plan.');
    proxy.setRules([]);
    const db = await world.sdk.rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: DB }));
    expect(db.DBInstances?.[0]?.PreferredBackupWindow).toBe('05:00-06:00');
    expect(await desiredCount(world)).toBe(2);
  });
});
