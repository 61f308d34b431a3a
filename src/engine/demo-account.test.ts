import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/index.js';
import { openStateDb } from '../state/db.js';
import { loadDesired } from './check.js';
import { DemoAccount, DemoApiError } from './demo-account.js';
import { executeHeal, healPlanner } from './heal.js';
import { demoTarget } from './heal-target.js';
import { HealJournal } from './journal.js';
import { HealLock } from './lock.js';
import { demoSandboxPath } from './package-root.js';

const NOW = () => new Date('2026-11-20T10:00:00Z');
const BASTION = 'i-0a7b3c9d1e5f24680';

describe('DemoAccount', () => {
  it('answers writes the way AWS does, in memory only: the sandbox file is never changed', () => {
    const before = readFileSync(demoSandboxPath(), 'utf8');
    const account = DemoAccount.load();

    account.write('ec2:CreateTags', { Resources: [BASTION], Tags: [{ Key: 'Team', Value: 'sre' }] });
    expect(() => account.write('ec2:AuthorizeSecurityGroupIngress', {
      GroupId: 'sg-0c1d2e3f4a5b6c7d8', IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
    })).toThrow(DemoApiError);
    expect(() => account.write('ec2:CreateTags', { Resources: ['i-nope'], Tags: [] })).toThrow('i-nope does not exist in the demo sandbox');

    const bastion = account.read(['AWS::EC2::Instance']).resources.find((r) => r.physicalId === BASTION)!;
    expect(bastion.properties['Tags']).toContainEqual({ Key: 'Team', Value: 'sre' });
    expect(readFileSync(demoSandboxPath(), 'utf8')).toBe(before);
    expect(DemoAccount.load().read().resources.find((r) => r.physicalId === BASTION)!.properties['Tags']).not.toContainEqual({ Key: 'Team', Value: 'sre' });
  });

  it('property: whatever tags the bastion has, an approved attended heal leaves it with exactly the declared tags', async () => {
    const key = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,8}$/).filter((k) => !['Name', 'Environment', 'CostCenter', 'Owner', 'Tier'].includes(k));
    const config = defaultConfig();
    config.autoHeal.removeUndeclaredTags = true;
    const desired = loadDesired({ cwd: process.cwd(), parameterOverrides: {}, source: { kind: 'demo' } });
    await fc.assert(
      fc.asyncProperty(fc.dictionary(key, fc.string({ maxLength: 6 }), { maxKeys: 4 }), fc.constantFrom('production', 'staging', ''), async (extra, environment) => {
        const account = DemoAccount.load();
        account.write('ec2:CreateTags', { Resources: [BASTION], Tags: [...Object.entries(extra).map(([Key, Value]) => ({ Key, Value })), { Key: 'Environment', Value: environment }] });
        const target = demoTarget(account);
        const planner = healPlanner({ target, desired, config, mode: 'attended', only: ['Bastion'], now: NOW, verify: { retryDelaysMs: [] } });
        const db = openStateDb(':memory:');
        const { plan } = await planner.observe();
        const outcome = await executeHeal({ plan, approvedPlanId: plan.id, approvedBy: 'property', planner, target, journal: new HealJournal(db), lock: new HealLock(db), now: NOW });
        db.close();

        expect(outcome.results.every((r) => r.status === 'healed')).toBe(true);
        const after = await planner.observe();
        expect(after.report!.items.filter((i) => i.logicalId === 'Bastion')).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });
});
