import { afterEach, describe, expect, it } from 'vitest';
import type { DriftItem } from '../drift/model.js';
import { makeItem, makeReport } from '../drift/report/fixtures.test-helper.js';
import { openStateDb, type StateDb } from '../state/db.js';
import { formatPauseScope, gateUnattended, parsePauseScope, PauseStore, type Pause } from './pauses.js';

const dbs: StateDb[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
});

function store(): PauseStore {
  const db = openStateDb(':memory:');
  dbs.push(db);
  return new PauseStore(db);
}

const NOW = new Date('2025-06-01T12:00:00.000Z');
const HOUR = 3_600_000;
const at = (hours: number) => new Date(NOW.getTime() + hours * HOUR);

describe('parsePauseScope', () => {
  it.each([
    [undefined, { kind: 'all' }],
    ['phase:40-data', { kind: 'phase', name: '40-data' }],
    ['resource:MainDb', { kind: 'resource', id: 'MainDb' }],
    ['resource:arn:aws:ecs:us-east-1:123456789012:service/web', { kind: 'resource', id: 'arn:aws:ecs:us-east-1:123456789012:service/web' }],
  ] as const)('%s', (text, scope) => {
    expect(parsePauseScope(text)).toEqual(scope);
    expect(formatPauseScope(parsePauseScope(text))).toBe(text ?? 'all');
  });

  it.each(['40-data', 'phase:', 'account:1', ''])('rejects %j with a hint', (text) => {
    expect(() => parsePauseScope(text)).toThrow(
      `invalid scope ${JSON.stringify(text)}: use phase:NAME (e.g. phase:40-data) or resource:ID (a logical id such as MainDb, or a physical id)`,
    );
  });
});

describe('PauseStore', () => {
  it('a pause is active until it expires on its own', () => {
    const s = store();
    const pause = s.add({ scope: { kind: 'phase', name: '40-data' }, durationMs: 2 * HOUR, reason: 'migration', now: NOW });
    expect(pause).toEqual({ id: 1, scope: { kind: 'phase', name: '40-data' }, reason: 'migration', createdAt: NOW.toISOString(), until: at(2).toISOString() });
    expect(s.active(at(1.99)).map((p) => p.id)).toEqual([1]);
    expect(s.active(at(2))).toEqual([]);
  });

  it('resume ends the pauses of that scope only, or all without a scope', () => {
    const s = store();
    s.add({ scope: { kind: 'phase', name: '40-data' }, durationMs: HOUR, now: NOW });
    s.add({ scope: { kind: 'resource', id: 'MainDb' }, durationMs: 3 * HOUR, now: NOW });
    s.add({ scope: { kind: 'all' }, durationMs: 2 * HOUR, now: NOW });
    expect(s.resume({ kind: 'resource', id: 'MainDb' }, at(0.5)).map((p) => p.id)).toEqual([2]);
    expect(s.active(at(0.5)).map((p) => formatPauseScope(p.scope))).toEqual(['all', 'phase:40-data']);
    expect(s.resume({ kind: 'resource', id: 'Other' }, at(0.5))).toEqual([]);
    expect(s.resume(undefined, at(0.5)).map((p) => p.id)).toEqual([3, 1]);
    expect(s.active(at(0.5))).toEqual([]);
  });

  it('refuses a pause of zero length', () => {
    expect(() => store().add({ scope: { kind: 'all' }, durationMs: 0, now: NOW })).toThrow('a pause must last longer than zero');
  });
});

describe('gateUnattended', () => {
  const eligible = (id: string, overrides: Partial<DriftItem> = {}) =>
    makeItem({ id, autoHeal: { eligible: true, reason: 'within limits' }, ...overrides });
  const pause = (scope: Pause['scope'], reason: string | null = null): Pause => ({ id: 1, scope, reason, createdAt: NOW.toISOString(), until: at(2).toISOString() });

  it('paused items are not eligible and do not use up max_resources', () => {
    const report = makeReport({
      items: [
        eligible('a', { phase: '40-data', severity: 'high' }),
        eligible('b', { phase: '30-compute', logicalId: 'Web', severity: 'medium' }),
        eligible('c', { phase: '30-compute', logicalId: 'Api', severity: 'low' }),
        makeItem({ id: 'd', autoHeal: { eligible: false, reason: 'missing resources need a human' } }),
      ],
    });
    const gated = gateUnattended(report, { pauses: [pause({ kind: 'phase', name: '40-data' }, 'migration')], freeze: undefined, maxResources: 1 });
    expect(gated.items.map((i) => [i.id, i.autoHeal])).toEqual([
      ['a', { eligible: false, reason: `paused (phase:40-data) (migration) until ${at(2).toISOString()}` }],
      ['b', { eligible: true, reason: 'within limits' }],
      ['c', { eligible: false, reason: 'over auto_heal.max_resources (1)', code: 'over_max_resources', params: { max: '1' } }],
      ['d', { eligible: false, reason: 'missing resources need a human' }],
    ]);
  });

  it('a resource pause matches the logical or the physical id', () => {
    const report = makeReport({ items: [eligible('a'), eligible('b', { logicalId: 'Other', physicalId: 'other-db' })] });
    const byPhysical = gateUnattended(report, { pauses: [pause({ kind: 'resource', id: 'other-db' })], freeze: undefined, maxResources: 10 });
    expect(byPhysical.items.map((i) => i.autoHeal.eligible)).toEqual([true, false]);
    const byLogical = gateUnattended(report, { pauses: [pause({ kind: 'resource', id: 'MainDb' })], freeze: undefined, maxResources: 10 });
    expect(byLogical.items.map((i) => i.autoHeal.eligible)).toEqual([false, true]);
  });

  it('a freeze window holds back every item', () => {
    const report = makeReport({ items: [eligible('a'), eligible('b')] });
    const freeze = {
      window: { cron: '0 18 * * 5', duration: '62h', durationMs: 62 * HOUR, timezone: 'UTC', reason: 'weekend' },
      openedAt: at(-1),
      closesAt: at(61),
    };
    const gated = gateUnattended(report, { pauses: [], freeze, maxResources: 10 });
    expect(gated.items.map((i) => i.autoHeal)).toEqual([
      { eligible: false, reason: `freeze window "0 18 * * 5" (weekend) until ${at(61).toISOString()}` },
      { eligible: false, reason: `freeze window "0 18 * * 5" (weekend) until ${at(61).toISOString()}` },
    ]);
  });

  it('leaves the report it was given unchanged', () => {
    const report = makeReport({ items: [eligible('a')] });
    gateUnattended(report, { pauses: [pause({ kind: 'all' })], freeze: undefined, maxResources: 10 });
    expect(report.items[0]?.autoHeal.eligible).toBe(true);
  });
});
