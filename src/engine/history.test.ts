import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DriftItem, DriftReport } from '../drift/model.js';
import { makeItem, makeReport } from '../drift/report/fixtures.test-helper.js';
import { openStateDb, type StateDb } from '../state/db.js';
import { DriftHistory, scopeOf } from './history.js';

const dbs: StateDb[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function history(): DriftHistory {
  const db = openStateDb(':memory:');
  dbs.push(db);
  return new DriftHistory(db);
}

const T = (minute: number) => new Date(Date.UTC(2025, 5, 1, 12, minute));

const backup = makeItem({ id: 'db-backup', severity: 'medium' });
const tags = makeItem({
  id: 'db-tags',
  type: 'tag_drift',
  severity: 'low',
  differences: [{ path: 'Tags.Owner', kind: 'NOT_EQUAL', expected: 'a', actual: 'b' }],
});
const web = makeItem({ id: 'web-count', resourceType: 'AWS::ECS::Service', logicalId: 'WebService', physicalId: 'arn:svc/web', phase: '30-compute' });

function report(minute: number, items: DriftItem[], overrides: Partial<DriftReport> = {}): DriftReport {
  return makeReport({ generatedAt: T(minute).toISOString(), items, ...overrides });
}

function check(h: DriftHistory, minute: number, items: DriftItem[], overrides: Partial<DriftReport> = {}) {
  return h.recordCheck({ startedAt: T(minute), finishedAt: T(minute + 1), report: report(minute, items, overrides) });
}

describe('DriftHistory', () => {
  it('records a first complete run: every item is new and first seen now', () => {
    const h = history();
    const outcome = check(h, 0, [backup, tags]);
    expect(outcome.newItems.map((i) => i.id)).toEqual(['db-backup', 'db-tags']);
    expect(outcome.escalated).toEqual([]);
    expect(outcome.resolved).toEqual([]);
    expect([...outcome.annotations]).toEqual([
      ['db-backup', { firstSeen: T(0).toISOString(), isNew: true }],
      ['db-tags', { firstSeen: T(0).toISOString(), isNew: true }],
    ]);
    expect(outcome.run).toEqual({
      id: 1,
      scope: '123456789012/us-east-1',
      startedAt: T(0).toISOString(),
      finishedAt: T(1).toISOString(),
      complete: true,
      items: 2,
      bySeverity: { low: 1, medium: 1, high: 0, critical: 0 },
      byType: { missing_resource: 0, extra_resource: 0, configuration_drift: 1, tag_drift: 1 },
      healed: 0,
      error: null,
    });
  });

  it('keeps first seen across runs and moves last seen; known items are not new', () => {
    const h = history();
    check(h, 0, [backup]);
    const second = check(h, 10, [backup, web]);
    expect(second.newItems.map((i) => i.id)).toEqual(['web-count']);
    expect(second.annotations.get('db-backup')).toEqual({ firstSeen: T(0).toISOString(), isNew: false });
    const [finding] = h.findings({ resource: 'MainDb' });
    expect(finding).toMatchObject({ itemId: 'db-backup', firstSeen: T(0).toISOString(), lastSeen: T(10).toISOString(), firstRunId: 1, lastRunId: 2, resolvedAt: null });
  });

  it('a complete run resolves what it no longer sees as gone; after a reverse sync, as synced', () => {
    const h = history();
    check(h, 0, [backup, tags, web]);
    expect(h.markSynced(scopeOf(report(0, [])), ['web-count'], 'https://github.com/o/r/pull/7')).toBe(1);
    const outcome = check(h, 10, [backup]);
    expect(outcome.resolved.map((f) => [f.itemId, f.resolution, f.resolvedAt])).toEqual([
      ['db-tags', 'gone', T(10).toISOString()],
      ['web-count', 'synced', T(10).toISOString()],
    ]);
    expect(h.findings().map((f) => f.itemId)).toEqual(['db-backup']);
    expect(h.findings({ resource: 'WebService' })[0]).toMatchObject({ resolution: 'synced', syncRef: 'https://github.com/o/r/pull/7' });
  });

  it('an incomplete run records what it saw but never resolves anything', () => {
    const h = history();
    check(h, 0, [backup, tags]);
    const outcome = check(h, 10, [web], { complete: false, errors: [{ service: 'rds', types: ['AWS::RDS::DBInstance'], message: 'throttled' }] });
    expect(outcome.resolved).toEqual([]);
    expect(outcome.newItems.map((i) => i.id)).toEqual(['web-count']);
    expect(outcome.run.complete).toBe(false);
    expect(h.findings().map((f) => f.itemId).sort()).toEqual(['db-backup', 'db-tags', 'web-count']);
  });

  it('a failed check is recorded with an unknown count and leaves the findings alone', () => {
    const h = history();
    check(h, 0, [backup]);
    const run = h.recordFailure({ startedAt: T(10), finishedAt: T(11), error: 'ExpiredToken: the security token expired' });
    expect(run).toMatchObject({ id: 2, scope: null, complete: false, items: null, bySeverity: null, byType: null, error: 'ExpiredToken: the security token expired' });
    expect(h.findings()).toHaveLength(1);
    expect(h.findings()[0]).toMatchObject({ itemId: 'db-backup', resolvedAt: null, lastRunId: 1 });
    expect(h.runBefore(run.id)?.id).toBe(1);
    expect(h.runs().map((r) => r.id)).toEqual([2, 1]);
  });

  it.each([
    ['medium', 'high', true],
    ['high', 'critical', true],
    ['low', 'medium', false],
    ['critical', 'high', false],
    ['high', 'high', false],
  ] as const)('severity %s → %s escalates: %s', (from, to, escalates) => {
    const h = history();
    check(h, 0, [{ ...backup, severity: from }]);
    const outcome = check(h, 10, [{ ...backup, severity: to }]);
    expect(outcome.escalated.map((e) => [e.item.id, e.from])).toEqual(escalates ? [['db-backup', from]] : []);
    expect(h.findings()[0]?.severity).toBe(to);
  });

  it('healed findings close at once; the same drift coming back is a new episode', () => {
    const h = history();
    const first = check(h, 0, [backup, tags]);
    expect(h.markHealed(first.run.id, first.run.scope!, ['db-tags', 'not-open'], T(2))).toBe(1);
    expect(h.run(first.run.id).healed).toBe(1);
    expect(h.findings({ resource: 'MainDb', includeResolved: true }).find((f) => f.itemId === 'db-tags')).toMatchObject({
      resolution: 'healed',
      resolvedAt: T(2).toISOString(),
    });
    const again = check(h, 10, [backup, tags]);
    expect(again.newItems.map((i) => i.id)).toEqual(['db-tags']);
    expect(h.findings({ resource: 'MainDb' }).filter((f) => f.itemId === 'db-tags').map((f) => f.resolution)).toEqual([null, 'healed']);
  });

  it('findings of different accounts never resolve each other', () => {
    const h = history();
    check(h, 0, [backup]);
    check(h, 10, [], { accountId: '210987654321' });
    expect(h.findings().map((f) => [f.scope, f.itemId])).toEqual([['123456789012/us-east-1', 'db-backup']]);
  });

  it('annotate reads without writing', () => {
    const h = history();
    check(h, 0, [backup]);
    const annotations = h.annotate(report(30, [backup, web]));
    expect([...annotations]).toEqual([
      ['db-backup', { firstSeen: T(0).toISOString(), isNew: false }],
      ['web-count', { firstSeen: T(30).toISOString(), isNew: true }],
    ]);
    expect(h.runs()).toHaveLength(1);
    expect(h.findings()).toHaveLength(1);
  });

  it('survives reopening the state directory (migrations run once)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ialctl-history-'));
    dirs.push(dir);
    const db1 = openStateDb(dir);
    check(new DriftHistory(db1), 0, [backup]);
    db1.close();
    const db2 = openStateDb(dir);
    dbs.push(db2);
    const h = new DriftHistory(db2);
    expect(h.findings()[0]).toMatchObject({ itemId: 'db-backup', firstSeen: T(0).toISOString() });
    expect((db2.prepare("SELECT count(*) AS n FROM migrations WHERE id LIKE 'history-%'").get() as { n: number }).n).toBe(1);
  });
});
