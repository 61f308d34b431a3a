import { describe, expect, it } from 'vitest';
import type { HealAction, HealPlan } from '../drift/heal-model.js';
import { openStateDb } from '../state/db.js';
import { HealJournal, type RunRecord } from './journal.js';

const action = (operation: string, changes: HealAction['changes']): HealAction => ({
  itemId: 'item-1', resourceType: 'AWS::EC2::SecurityGroup', physicalId: 'sg-1', logicalId: 'Web', operation,
  parameters: {}, changes, disruptive: false, reversible: true, severity: 'high',
});
const revoke = action('ec2:RevokeSecurityGroupIngress', [{ path: 'SecurityGroupIngress', from: { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '0.0.0.0/0' }, to: null, member: true }]);
const tag = action('ec2:CreateTags', [{ path: 'Tags.Owner', from: null, to: 'platform' }]);
const plan: HealPlan = { id: 'p'.repeat(64), mode: 'attended', actions: [revoke, tag], skipped: [] };
const run = (runId: string, startedAt: string): RunRecord => ({
  runId, planId: plan.id, kind: 'heal', undoOf: null, mode: 'attended', approvedBy: 'alice@laptop (terminal)', scope: 'aws:1:us-east-1', startedAt,
});

describe('HealJournal', () => {
  it('records previous and intended values per path; set members as lists', () => {
    const journal = new HealJournal(openStateDb(':memory:'));
    const r = run('run-1', '2026-01-01T10:00:00.000Z');
    journal.startRun(r, plan);
    journal.before(r, 0, revoke, new Date('2026-01-01T10:00:01Z'));

    expect(journal.entries()).toEqual([
      {
        seq: 1, runId: 'run-1', planId: plan.id, actionIndex: 0, phase: 'before', itemId: 'item-1', resourceType: 'AWS::EC2::SecurityGroup',
        physicalId: 'sg-1', operation: 'ec2:RevokeSecurityGroupIngress',
        previous: { SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '0.0.0.0/0' }] },
        intended: { SecurityGroupIngress: [] },
        approvedBy: 'alice@laptop (terminal)', status: 'started', error: null, note: null, reconciled: false,
        at: '2026-01-01T10:00:01.000Z',
      },
    ]);
  });

  it('counts outcomes per run, an action with no outcome as interrupted, and undoes only what the latest run wrote', () => {
    const journal = new HealJournal(openStateDb(':memory:'));
    const first = run('run-1', '2026-01-01T10:00:00.000Z');
    journal.startRun(first, plan);
    journal.before(first, 0, revoke, new Date());
    journal.after(first, 0, revoke, 'failed', 'UnauthorizedOperation: no', new Date());
    journal.before(first, 1, tag, new Date());
    const second = run('run-2', '2026-01-01T11:00:00.000Z');
    journal.startRun(second, plan);
    journal.before(second, 0, revoke, new Date());
    journal.after(second, 0, revoke, 'healed', null, new Date());
    journal.before(second, 1, tag, new Date());
    journal.after(second, 1, tag, 'verify_failed', 'still differs', new Date());

    expect(journal.runs().map((r) => [r.runId, r.actions, r.healed, r.failed, r.verifyFailed, r.interrupted])).toEqual([
      ['run-2', 2, 1, 0, 1, 0],
      ['run-1', 2, 0, 1, 0, 1],
    ]);
    expect(journal.executedActions(plan.id)).toEqual({ run: second, actions: [{ action: revoke, status: 'healed' }, { action: tag, status: 'verify_failed' }] });
    expect(journal.executedActions('unknown')).toBeUndefined();
  });

  it('lists interrupted actions of a scope; undo includes them until a reconciled outcome says they never landed', () => {
    const journal = new HealJournal(openStateDb(':memory:'));
    const r = run('run-1', '2026-01-01T10:00:00.000Z');
    journal.startRun(r, plan);
    journal.before(r, 0, revoke, new Date('2026-01-01T10:00:01Z'));
    journal.after(r, 0, revoke, 'healed', null, new Date('2026-01-01T10:00:02Z'));
    journal.before(r, 1, tag, new Date('2026-01-01T10:00:03Z'));

    expect(journal.interrupted('aws:2:us-east-1')).toEqual([]);
    expect(journal.interrupted('aws:1:us-east-1')).toEqual([{ run: r, index: 1, action: tag, startedAt: '2026-01-01T10:00:03.000Z' }]);
    expect(journal.executedActions(plan.id)?.actions).toEqual([{ action: revoke, status: 'healed' }, { action: tag, status: 'started' }]);

    journal.after(r, 1, tag, 'failed', null, new Date('2026-01-01T11:00:00Z'), { note: 'reconciled: not applied', reconciled: true });
    expect(journal.interrupted()).toEqual([]);
    expect(journal.executedActions(plan.id)?.actions).toEqual([{ action: revoke, status: 'healed' }]);
    expect(journal.entries().at(-1)).toEqual(expect.objectContaining({ phase: 'after', status: 'failed', note: 'reconciled: not applied', reconciled: true }));
    expect(journal.runs()[0]).toEqual(expect.objectContaining({ healed: 1, failed: 1, interrupted: 0 }));
  });

  it('survives reopening: the migrations run once and the entries stay', () => {
    const db = openStateDb(':memory:');
    new HealJournal(db).startRun(run('run-1', '2026-01-01T10:00:00.000Z'), plan);
    expect(new HealJournal(db).runs()).toHaveLength(1);
  });
});
