// Reverse sync against moto: people change the estate in the console, reverse-sync writes those values
// into the phase files on a branch, and a drift check of that branch's phases finds the account in sync.
import {
  AuthorizeSecurityGroupIngressCommand, CreateSecurityGroupCommand, CreateTagsCommand,
} from '@aws-sdk/client-ec2';
import { UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { ModifyDBInstanceCommand } from '@aws-sdk/client-rds';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { runReverseSync } from '../../src/engine/reverse-sync.js';
import { motoEndpoint, useFreshMoto } from '../harness/moto.js';
import { sdk } from './fixtures.js';
import { CHECK_TIME, CLUSTER, DB, ESTATE_PHASES, TEST_CREDENTIALS_ENV, checkWorkspace, createEstate, type Estate } from './scenario-estate.js';

useFreshMoto();

beforeEach(() => {
  for (const [key, value] of Object.entries(TEST_CREDENTIALS_ENV)) vi.stubEnv(key, value);
});
afterEach(() => {
  vi.unstubAllEnvs();
});

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8' }).replace(/\n$/, '');
}

/** A bare remote holding the estate's phases on main, and a clone of it. */
function estateRepository(): { remote: string; work: string; root: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'ialctl-sync-moto-'));
  const seed = path.join(root, 'seed');
  for (const [file, text] of Object.entries(ESTATE_PHASES)) {
    const target = path.join(seed, 'phases', file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
  git(seed, 'init', '--quiet', '--initial-branch=main');
  git(seed, '-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'add', '--all');
  git(seed, '-c', 'user.name=t', '-c', 'user.email=t@example.invalid', '-c', 'commit.gpgsign=false', 'commit', '--quiet', '-m', 'Estate phases');
  const remote = path.join(root, 'remote.git');
  git(root, 'init', '--quiet', '--bare', '--initial-branch=main', remote);
  git(seed, 'push', '--quiet', remote, 'main');
  const work = path.join(root, 'work');
  git(root, 'clone', '--quiet', remote, work);
  git(work, 'config', 'user.name', 'Test User');
  git(work, 'config', 'user.email', 'test@example.invalid');
  return { remote, work, root };
}

/** What an operator does in the console during an incident, all meant to stay. */
async function consoleChanges(estate: Estate): Promise<void> {
  const { ec2, ecs, rds } = sdk();
  await ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: 'web', desiredCount: 3 }));
  await ec2.send(new AuthorizeSecurityGroupIngressCommand({
    GroupId: estate.webSg,
    IpPermissions: [{ IpProtocol: 'tcp', FromPort: 8443, ToPort: 8443, IpRanges: [{ CidrIp: '10.40.0.0/16', Description: 'admin console' }] }],
  }));
  await rds.send(new ModifyDBInstanceCommand({ DBInstanceIdentifier: DB, BackupRetentionPeriod: 10, PreferredBackupWindow: '05:00-06:00', ApplyImmediately: true }));
  await ec2.send(new CreateTagsCommand({ Resources: [estate.instanceId], Tags: [{ Key: 'Owner', Value: 'ops' }] }));
  const debug = await ec2.send(new CreateSecurityGroupCommand({
    GroupName: 'shop-debug', Description: 'Debug access', VpcId: estate.vpcId,
    TagSpecifications: [{ ResourceType: 'security-group', Tags: [{ Key: 'Ticket', Value: 'INC-7' }] }],
  }));
  await ec2.send(new AuthorizeSecurityGroupIngressCommand({
    GroupId: debug.GroupId!,
    IpPermissions: [{ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, UserIdGroupPairs: [{ GroupId: estate.appSg }] }],
  }));
}

describe('reverse sync against AWS (moto)', () => {
  it('console changes → a branch whose phases a fresh drift check finds in sync with the account', async () => {
    const estate = await createEstate(sdk());
    const repo = estateRepository();
    const checkoutBefore = readFileSync(path.join(repo.work, 'phases/20-compute/02-ecs.yaml'), 'utf8');
    await consoleChanges(estate);

    const result = await runReverseSync({
      cwd: repo.work,
      parameterOverrides: {},
      config: loadConfig({ env: {}, cwd: repo.work }),
      source: { kind: 'aws', endpointUrl: motoEndpoint(), region: 'us-east-1' },
      now: CHECK_TIME,
      env: {},
      lang: 'en',
      dryRun: false,
      pullRequest: false,
      confirm: async () => true,
    });

    expect(result.unresolved).toEqual([]);
    expect(result.proof).toMatchObject({ ok: true, synced: 5 });
    expect(result).toMatchObject({ branch: 'reverse-sync-20261120-120000', pushed: true });
    expect(result.files.map((f) => [f.path, f.changes.map((c) => `${c.logicalId} ${c.path} ${c.kind}`)])).toEqual([
      ['phases/10-security/01-security-groups.yaml', ['WebSecurityGroup SecurityGroupIngress add-element']],
      ['phases/10-security/02-reverse-sync-shop-debug.yaml', ['ShopDebug  add-resource']],
      ['phases/20-compute/01-bastion.yaml', ['Bastion Tags.Owner add-element']],
      ['phases/20-compute/02-ecs.yaml', ['WebService DesiredCount set']],
      ['phases/30-data/01-rds.yaml', ['OrdersDb BackupRetentionPeriod set', 'OrdersDb PreferredBackupWindow set']],
    ]);
    expect(readFileSync(path.join(repo.work, 'phases/20-compute/02-ecs.yaml'), 'utf8')).toBe(checkoutBefore);

    // The branch as a reviewer would check it out, compared with the same account.
    const review = path.join(mkdtempSync(path.join(tmpdir(), 'ialctl-review-')), 'clone');
    git(tmpdir(), 'clone', '--quiet', '--branch', result.branch!, repo.remote, review);
    const { report } = await checkWorkspace({ cwd: review, phasesDir: path.join(review, 'phases') }, motoEndpoint());
    expect(report.complete).toBe(true);
    expect(report.items).toEqual([]);
    const codified = readFileSync(path.join(review, 'phases/10-security/02-reverse-sync-shop-debug.yaml'), 'utf8');
    expect(codified).toContain('      GroupName: shop-debug\n      VpcId: !Ref Vpc\n      GroupDescription: Debug access\n');
    expect(codified).toContain('SourceSecurityGroupId: !Ref AppSecurityGroup');
    expect(git(review, 'diff', '--unified=0', 'origin/main', 'HEAD', '--', 'phases/20-compute/02-ecs.yaml').split('\n').filter((l) => /^[-+] /.test(l))).toEqual([
      '-      DesiredCount: 2',
      '+      DesiredCount: 3',
    ]);
  });
});
