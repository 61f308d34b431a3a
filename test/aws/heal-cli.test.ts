// `ialctl drift heal` against moto: apply with --yes --plan-id, the journal listing, and undo from the CLI.
import { CreateTagsCommand } from '@aws-sdk/client-ec2';
import { DescribeServicesCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { describe, expect, it, vi } from 'vitest';
import type { AwsClients } from '../../src/aws/clients.js';
import { motoEndpoint, useFreshMoto } from '../harness/moto.js';
import { runHealCli, targetOpener, writeCalls } from './heal-fixtures.js';
import { healWorld } from './heal-fixtures.js';
import { CLUSTER } from './scenario-estate.js';

useFreshMoto();

describe('ialctl drift heal (moto)', () => {
  it('dry run → --apply --yes --plan-id → --journal → --undo --apply --yes', async () => {
    const world = await healWorld();
    await world.sdk.ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: 'web', desiredCount: 5 }));
    await world.sdk.ec2.send(new CreateTagsCommand({ Resources: [world.estate.instanceId], Tags: [{ Key: 'Environment', Value: 'staging' }] }));
    const opened: AwsClients[] = [];
    const opts = { cwd: world.ws.cwd, openTarget: targetOpener(motoEndpoint(), opened) };

    const dry = await runHealCli(['drift', 'heal', '--resource', 'WebService'], opts);
    const id = /Plan id: ([0-9a-f]{64})/.exec(dry.stdout)![1]!;
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(`To apply: ialctl drift heal --resource WebService --apply --plan-id ${id}`);

    const applied = await runHealCli(['drift', 'heal', '--resource', 'WebService', '--apply', '--yes', '--plan-id', id], opts);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('1 healed, 0 failed, 0 not verified');
    expect(applied.stdout).toContain(`To undo: ialctl drift heal --undo ${id}`);
    expect(writeCalls(opened[1]!)).toEqual({ 'ecs:UpdateService': 1 });

    const journal = await runHealCli(['drift', 'heal', '--journal'], opts);
    expect(journal.stdout).toMatch(new RegExp(`^Heal journal\\n\\n${id}  heal at .+, approved by .+ \\(--yes --plan-id\\)\\n  1 healed, 0 failed, 0 not verified\\n  - ecs:UpdateService AWS::ECS::Service arn:aws:ecs:us-east-1:123456789012:service/shop-prod/web: healed\\n      DesiredCount: 5 → 2\\n`));

    const undoDry = await runHealCli(['drift', 'heal', '--undo', id], opts);
    expect(undoDry.stdout).toContain(`Undo plan for ${id}  1 action, 0 skipped`);
    const undone = await runHealCli(['drift', 'heal', '--undo', id, '--apply', '--yes'], opts);
    expect(undone.code).toBe(0);
    const service = await world.sdk.ecs.send(new DescribeServicesCommand({ cluster: CLUSTER, services: ['web'] }));
    expect(service.services![0]!.desiredCount).toBe(5);
    // The bastion's tag was outside --resource: never touched.
    expect(opened.flatMap((c) => Object.keys(writeCalls(c)))).not.toContain('ec2:CreateTags');
  });

  it('without injected clients, opens AWS from --endpoint-url, --region and the environment credentials', async () => {
    const world = await healWorld();
    await world.sdk.ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: 'web', desiredCount: 5 }));
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'test');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test');
    try {
      const run = await runHealCli(['--endpoint-url', motoEndpoint(), '--region', 'us-east-1', 'drift', 'heal', '--format', 'json'], { cwd: world.ws.cwd });

      expect(run.code).toBe(0);
      const out = JSON.parse(run.stdout) as { plan: { actions: Array<{ operation: string; changes: unknown }> } };
      expect(out.plan.actions.map((a) => [a.operation, a.changes])).toEqual([['ecs:UpdateService', [{ path: 'DesiredCount', from: 5, to: 2 }]]]);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
