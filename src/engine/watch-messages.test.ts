import { describe, expect, it } from 'vitest';
import { makeItem, makeReport } from '../drift/report/fixtures.test-helper.js';
import type { CheckOutcome } from './history.js';
import { createComposer } from './watch-messages.js';

const HOSTILE = '\u001b[2J\u001b]0;pwned\u0007evil\nline';

function outcome(partial: Partial<CheckOutcome>): CheckOutcome {
  return {
    run: { id: 1, scope: '123456789012/us-east-1', startedAt: '', finishedAt: '', complete: true, items: 0, bySeverity: null, byType: null, healed: 0, error: null },
    newItems: [],
    escalated: [],
    resolved: [],
    annotations: new Map(),
    ...partial,
  };
}

const sg = makeItem({
  id: 'sg',
  severity: 'high',
  resourceType: 'AWS::EC2::SecurityGroup',
  logicalId: 'WebSg',
  physicalId: 'sg-0abc',
  differences: [{ path: 'SecurityGroupIngress', kind: 'ADD', actual: [{ CidrIp: '0.0.0.0/0' }] }],
});
const tags = makeItem({
  id: 'tags',
  type: 'tag_drift',
  severity: 'low',
  resourceType: 'AWS::EC2::Instance',
  logicalId: 'Bastion',
  physicalId: 'i-0123',
  differences: [
    { path: 'Tags.Owner', kind: 'NOT_EQUAL', expected: 'ops', actual: 'bob' },
    { path: 'Tags.CostCenter', kind: 'REMOVE', expected: 'cc-1' },
  ],
});
const db = makeItem({ id: 'db', severity: 'critical' });

describe('drift notification', () => {
  it('summary first, then the commands, then the new and escalated items', () => {
    const report = makeReport({ items: [sg, tags, db] });
    const n = createComposer('en').drift(report, outcome({ newItems: [tags, sg], escalated: [{ item: db, from: 'medium' }] }));
    expect(n?.subject).toBe('ialctl: 2 new drift items (worst: high) in 123456789012/us-east-1');
    expect(n?.body).toBe(
      [
        '2 new drift items (1 high, 1 low) in account 123456789012, region us-east-1; 3 items drift in total.',
        'See the details: ialctl drift check --region us-east-1',
        'Since when: ialctl drift history WebSg',
        '',
        'New:',
        '  [HIGH] configuration changed · AWS::EC2::SecurityGroup · WebSg (sg-0abc): SecurityGroupIngress',
        '  [LOW] tags changed · AWS::EC2::Instance · Bastion (i-0123): Tags.Owner, Tags.CostCenter',
        '',
        'Severity rose:',
        '  [CRITICAL] configuration changed · AWS::RDS::DBInstance · MainDb (rds-main-db): PreferredBackupWindow (was medium)',
        '',
        'Checked at 2025-06-01T12:00:00.000Z.',
        '',
      ].join('\n'),
    );
  });

  it('in Portuguese', () => {
    const n = createComposer('pt').drift(makeReport({ items: [sg] }), outcome({ newItems: [sg] }));
    expect(n?.subject).toBe('ialctl: 1 novo item de drift (pior: alto) em 123456789012/us-east-1');
    expect(n?.body.split('\n').slice(0, 2)).toEqual([
      '1 novo item de drift (1 alto) na conta 123456789012, região us-east-1; 1 item com drift no total.',
      'Veja os detalhes: ialctl drift check --region us-east-1',
    ]);
  });

  it('nothing new and nothing escalated: no notification', () => {
    expect(createComposer('en').drift(makeReport({ items: [sg] }), outcome({}))).toBeNull();
  });

  it('AWS strings cannot inject terminal sequences or extra lines', () => {
    const hostile = makeItem({ id: 'x', physicalId: HOSTILE, differences: [{ path: `Tags.${HOSTILE}`, kind: 'ADD', actual: 'v' }] });
    const n = createComposer('en').drift(makeReport({ items: [hostile] }), outcome({ newItems: [hostile] }));
    expect(n?.body).not.toMatch(/\u001b|\u0007/);
    expect(n?.body).toContain('  [MEDIUM] configuration changed · AWS::RDS::DBInstance · MainDb (evil line): Tags.evil line\n');
  });

  it('lists at most 20 items and counts the rest', () => {
    const many = Array.from({ length: 23 }, (_, i) => makeItem({ id: `i${i}`, logicalId: `R${i}` }));
    const n = createComposer('en').drift(makeReport({ items: many }), outcome({ newItems: many }));
    const lines = n!.body.split('\n');
    expect(lines.filter((l) => l.startsWith('  [MEDIUM]'))).toHaveLength(20);
    expect(lines).toContain('  … and 3 more');
  });
});

describe('failure notification', () => {
  it('an incomplete check names the read errors and lists the drift it still found', () => {
    const report = makeReport({ complete: false, items: [sg] });
    const n = createComposer('en').failure({ error: 'rds ThrottlingException: Rate exceeded', report, outcome: outcome({ newItems: [sg] }) });
    expect(n).toEqual({
      kind: 'failure',
      subject: 'ialctl: drift check INCOMPLETE for 123456789012/us-east-1',
      body: [
        'The drift check could not read everything: rds ThrottlingException: Rate exceeded',
        'Nothing was recorded as in sync: resources that were not read keep their previous findings.',
        'See the details: ialctl drift check --region us-east-1',
        '',
        'New:',
        '  [HIGH] configuration changed · AWS::EC2::SecurityGroup · WebSg (sg-0abc): SecurityGroupIngress',
        '',
        'Checked at 2025-06-01T12:00:00.000Z.',
        '',
      ].join('\n'),
    });
  });

  it('a failed check, in Portuguese, with a hostile error message', () => {
    const n = createComposer('pt').failure({ error: `AccessDenied: ${HOSTILE}`, report: null, outcome: null });
    expect(n.subject).toBe('ialctl: verificação de drift FALHOU em ?');
    expect(n.body.split('\n')[0]).toBe('A verificação de drift falhou: AccessDenied: evil line');
  });
});

describe('actions notification', () => {
  it('heal results and the pull request', () => {
    const report = makeReport({ items: [sg, tags] });
    const n = createComposer('en').actions(
      report,
      { planId: 'p', results: [{ itemId: 'tags', status: 'healed', error: null }, { itemId: 'sg', status: 'failed', error: 'UnauthorizedOperation' }], skipped: [] },
      { branch: 'reverse-sync-x', pullRequest: { number: 3, url: 'https://github.com/o/r/pull/3' }, synced: ['x'], unresolved: [{ itemId: 'y', reason: 'intrinsic' }] },
    );
    expect(n).toEqual({
      kind: 'actions',
      subject: 'ialctl: auto-heal healed 1 of 2 in 123456789012/us-east-1',
      body: [
        'Unattended healing: 1 healed, 1 failed, 0 still drifting after the change.',
        'See the details: ialctl drift check --region us-east-1',
        '',
        '  healed: Bastion (i-0123) (Tags.Owner, Tags.CostCenter)',
        '  FAILED: WebSg (sg-0abc) (SecurityGroupIngress) — UnauthorizedOperation',
        '',
        'Reverse sync pull request: https://github.com/o/r/pull/3',
        '1 item could not be written to Git.',
        '',
      ].join('\n'),
    });
  });

  it('nothing attempted and no pull request: no notification', () => {
    expect(createComposer('en').actions(makeReport({ items: [] }), { planId: null, results: [], skipped: [] }, null)).toBeNull();
  });
});
