import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MetricDatum } from '../aws/metrics.js';
import type { DriftItem, DriftReport, LiveState } from '../drift/model.js';
import { makeItem, makeReport } from '../drift/report/fixtures.test-helper.js';
import { openStateDb, type StateDb } from '../state/db.js';
import type { CheckResult } from './check.js';
import { DriftHistory } from './history.js';
import { PauseStore } from './pauses.js';
import { acquireLease } from './run-lease.js';
import {
  MAX_TIMER_MS,
  abortableSleep,
  jitteredInterval,
  runWatchCycle,
  watchLoop,
  type CycleResult,
  type HealStep,
  type HealSummary,
  type Notification,
  type ReverseSyncStep,
  type WatchCycleDeps,
} from './watch.js';
import { createComposer } from './watch-messages.js';

const dbs: StateDb[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
});

const HOUR = 3_600_000;
const T0 = new Date('2025-06-04T12:00:00.000Z'); // a Wednesday

const eligible = (id: string, overrides: Partial<DriftItem> = {}) =>
  makeItem({ id, logicalId: id, physicalId: `${id}-live`, autoHeal: { eligible: true, reason: 'within limits' }, ...overrides });
const needsHuman = (id: string, overrides: Partial<DriftItem> = {}) =>
  makeItem({ id, logicalId: id, physicalId: `${id}-live`, autoHeal: { eligible: false, reason: 'severity high is above auto_heal.severity_limit (medium)' }, ...overrides });

function checked(report: DriftReport): CheckResult {
  const live: LiveState = { region: report.region, accountId: report.accountId ?? '', readTypes: [], resources: [], errors: report.errors };
  return { report, desired: { resources: [], documents: [] }, live };
}

interface Harness {
  deps: WatchCycleDeps;
  metrics: MetricDatum[][];
  sent: Notification[];
  history: DriftHistory;
  pauses: PauseStore;
  db: StateDb;
  setNow(date: Date): void;
}

/** Real history and pauses (in-memory SQLite), recorded metrics and notifications, a settable clock. */
function harness(check: () => DriftReport | Promise<DriftReport>, overrides: Partial<WatchCycleDeps> = {}): Harness {
  const db = openStateDb(':memory:');
  dbs.push(db);
  const history = new DriftHistory(db);
  const pauses = new PauseStore(db);
  const metrics: MetricDatum[][] = [];
  const sent: Notification[] = [];
  let now = T0;
  const deps: WatchCycleDeps = {
    check: async (at) => {
      const report = await check();
      return checked({ ...report, generatedAt: at.toISOString() });
    },
    history,
    pauses: (at) => pauses.active(at),
    freezeWindows: [],
    autoHeal: { enabled: false, maxResources: 10 },
    reverseSyncAuto: false,
    publishMetrics: async (data) => {
      metrics.push(data);
    },
    notify: async (n) => {
      sent.push(n);
    },
    compose: createComposer('en'),
    now: () => now,
    ...overrides,
  };
  return { deps, metrics, sent, history, pauses, db, setNow: (d) => (now = d) };
}

const run = (h: Harness, signal = new AbortController().signal) => runWatchCycle(h.deps, signal);
const valueOf = (data: MetricDatum[], name: string, dims: Record<string, string> = {}) =>
  data.find((d) => d.name === name && d.dimensions.length === Object.keys(dims).length && d.dimensions.every((x) => dims[x.name] === x.value))?.value;

describe('runWatchCycle: check, history, metrics, notifications', () => {
  it('publishes every severity × type combination (zeros included), the aggregate and DriftCheckFailed=0, then HealedCount', async () => {
    const h = harness(() => makeReport({ items: [needsHuman('a', { severity: 'high' }), needsHuman('b', { type: 'tag_drift', severity: 'low' })] }));
    const result = await run(h);
    expect(result.status).toBe('complete');
    expect(result.metrics).toEqual({ status: 'done' });
    const [drift, healed] = h.metrics;
    expect(drift).toHaveLength(18);
    expect(valueOf(drift!, 'DriftCount')).toBe(2);
    expect(valueOf(drift!, 'DriftCount', { Severity: 'high', Type: 'configuration_drift' })).toBe(1);
    expect(valueOf(drift!, 'DriftCount', { Severity: 'low', Type: 'tag_drift' })).toBe(1);
    expect(valueOf(drift!, 'DriftCount', { Severity: 'critical', Type: 'missing_resource' })).toBe(0);
    expect(drift!.filter((d) => d.name === 'DriftCount' && d.value === 0)).toHaveLength(14);
    expect(valueOf(drift!, 'DriftCheckFailed')).toBe(0);
    expect(healed).toEqual([{ name: 'HealedCount', dimensions: [], value: 0, timestamp: T0 }]);
  });

  it('notifies new drift once, stays silent on unchanged runs, and notifies again when a severity rises to high', async () => {
    let items = [needsHuman('a', { severity: 'medium' })];
    const h = harness(() => makeReport({ items }));
    await run(h);
    expect(h.sent.map((n) => [n.kind, n.subject])).toEqual([['drift', 'ialctl: 1 new drift item (worst: medium) in 123456789012/us-east-1']]);
    h.setNow(new Date(T0.getTime() + HOUR));
    const second = await run(h);
    expect(second.newItems).toBe(0);
    expect(h.sent).toHaveLength(1);
    items = [needsHuman('a', { severity: 'high' })];
    h.setNow(new Date(T0.getTime() + 2 * HOUR));
    const third = await run(h);
    expect(third.escalated).toBe(1);
    expect(h.sent.map((n) => n.subject)).toEqual([
      'ialctl: 1 new drift item (worst: medium) in 123456789012/us-east-1',
      'ialctl: drift severity rose to high or critical for 1 item in 123456789012/us-east-1',
    ]);
    expect(h.history.findings({ resource: 'a' })[0]).toMatchObject({ firstSeen: T0.toISOString(), lastSeen: new Date(T0.getTime() + 2 * HOUR).toISOString() });
  });

  it('a failed check publishes DriftCheckFailed=1 only, notifies once per distinct failure and records no "no drift"', async () => {
    let fail: Error | null = null;
    const h = harness(() => {
      if (fail) throw fail;
      return makeReport({ items: [needsHuman('a')] });
    });
    await run(h);
    fail = Object.assign(new Error('The security token included in the request is expired'), { name: 'ExpiredTokenException' });
    const failed = await run(h);
    expect(failed).toMatchObject({ status: 'failed', error: 'ExpiredTokenException: The security token included in the request is expired', report: null });
    expect(h.metrics.at(-1)).toEqual([{ name: 'DriftCheckFailed', dimensions: [], value: 1, timestamp: T0 }]);
    expect(h.sent.map((n) => n.kind)).toEqual(['drift', 'failure']);
    expect(h.sent[1]!.subject).toBe('ialctl: drift check FAILED for ?');
    expect(h.sent[1]!.body).toBe(
      [
        'The drift check failed: ExpiredTokenException: The security token included in the request is expired',
        'Nothing was recorded as in sync: resources that were not read keep their previous findings.',
        'See the details: ialctl drift check',
        '',
      ].join('\n'),
    );
    await run(h);
    expect(h.sent).toHaveLength(2);
    fail = new Error('connect ECONNREFUSED 127.0.0.1:443');
    await run(h);
    expect(h.sent.map((n) => n.kind)).toEqual(['drift', 'failure', 'failure']);
    expect(h.history.runs().map((r) => [r.complete, r.items])).toEqual([[false, null], [false, null], [false, null], [true, 1]]);
    expect(h.history.findings().map((f) => [f.itemId, f.resolvedAt])).toEqual([['a', null]]);
  });

  it('an incomplete check publishes no DriftCount, resolves nothing, notifies the read errors and neither heals nor syncs', async () => {
    let complete = true;
    const heal: HealStep = async () => {
      throw new Error('must not heal after an incomplete check');
    };
    const h = harness(
      () =>
        complete
          ? makeReport({ items: [eligible('a'), needsHuman('b')] })
          : makeReport({
              complete: false,
              errors: [{ service: 'rds', types: ['AWS::RDS::DBInstance'], code: 'ThrottlingException', message: 'Rate exceeded' }],
              items: [],
            }),
      { autoHeal: { enabled: true, maxResources: 10 }, heal },
    );
    complete = true;
    h.deps.heal = async (state) => ({ planId: 'p1', results: state.report.items.map((i) => ({ itemId: i.id, status: 'failed' as const, error: 'x' })), skipped: [] });
    await run(h);
    h.deps.heal = heal;
    complete = false;
    const result = await run(h);
    expect(result.status).toBe('incomplete');
    expect(result.heal).toEqual({ status: 'not_run', reason: 'incomplete' });
    expect(h.metrics.at(-1)).toEqual([{ name: 'DriftCheckFailed', dimensions: [], value: 1, timestamp: T0 }]);
    expect(h.sent.at(-1)).toMatchObject({ kind: 'failure', subject: 'ialctl: drift check INCOMPLETE for 123456789012/us-east-1' });
    expect(h.sent.at(-1)!.body.split('\n')[0]).toBe('The drift check could not read everything: rds ThrottlingException: Rate exceeded');
    expect(h.history.findings().map((f) => f.itemId).sort()).toEqual(['a', 'b']);
  });

  it('a notification that cannot be sent does not stop the run', async () => {
    const h = harness(() => makeReport({ items: [needsHuman('a')] }), {
      notify: async () => {
        throw Object.assign(new Error('Topic does not exist'), { name: 'NotFoundException' });
      },
    });
    const result = await run(h);
    expect(result.status).toBe('complete');
    expect(result.notifications).toEqual([{ kind: 'drift', outcome: { status: 'failed', error: 'NotFoundException: Topic does not exist' } }]);
    expect(h.history.findings()).toHaveLength(1);
  });

  it('with metrics and notifications off, the run still records history', async () => {
    const h = harness(() => makeReport({ items: [needsHuman('a')] }));
    delete h.deps.publishMetrics;
    delete h.deps.notify;
    const result = await run(h);
    expect(result.metrics).toEqual({ status: 'off' });
    expect(result.notifications).toEqual([{ kind: 'drift', outcome: { status: 'off' } }]);
    expect(result.run?.items).toBe(1);
  });

  it('skips the run when another process holds the lease', async () => {
    const h = harness(() => makeReport({ items: [] }));
    acquireLease(h.db, { name: 'watch', now: T0, ttlMs: HOUR, host: 'other-host', pid: 1 });
    h.deps.acquireLease = (now) => acquireLease(h.db, { name: 'watch', now, ttlMs: HOUR });
    const result = await run(h);
    expect(result).toMatchObject({ status: 'skipped', heldBy: `other-host pid 1 since ${T0.toISOString()}`, run: null });
    expect(h.history.runs()).toEqual([]);
  });
});

describe('runWatchCycle: unattended healing', () => {
  function healRecorder(status: 'healed' | 'failed' = 'healed') {
    const calls: string[][] = [];
    const heal: HealStep = async (state) => {
      calls.push(state.report.items.map((i) => i.id));
      return { planId: 'plan-1', results: state.report.items.map((i) => ({ itemId: i.id, status, error: null })), skipped: [] };
    };
    return { calls, heal };
  }

  it('heals only eligible items, respects pauses and max_resources, records them healed and publishes HealedCount', async () => {
    const { calls, heal: record } = healRecorder();
    // The account as the fake check sees it: what was healed is gone from the next check.
    let items = [
      eligible('paused-one', { phase: '40-data', severity: 'medium' }),
      eligible('b', { phase: '30-compute', severity: 'medium' }),
      eligible('c', { phase: '30-compute', severity: 'low' }),
      eligible('d', { phase: '30-compute', severity: 'low' }),
      needsHuman('e', { severity: 'high' }),
    ];
    const heal: HealStep = async (state, signal) => {
      const summary = await record(state, signal);
      const healed = new Set(summary.results.map((r) => r.itemId));
      items = items.filter((i) => !healed.has(i.id));
      return summary;
    };
    const h = harness(() => makeReport({ items }), { autoHeal: { enabled: true, maxResources: 2 }, heal });
    h.pauses.add({ scope: { kind: 'phase', name: '40-data' }, durationMs: 2 * HOUR, reason: 'migration', now: T0 });
    const result = await run(h);
    expect(calls).toEqual([['b', 'c']]);
    expect(result.healed).toBe(2);
    expect(result.heal).toMatchObject({ status: 'done' });
    expect(h.metrics.at(-1)).toEqual([{ name: 'HealedCount', dimensions: [], value: 2, timestamp: T0 }]);
    expect(h.history.findings().map((f) => f.itemId).sort()).toEqual(['d', 'e', 'paused-one']);
    expect(result.report?.items.find((i) => i.id === 'paused-one')?.autoHeal.reason).toBe(
      `paused (phase:40-data) (migration) until ${new Date(T0.getTime() + 2 * HOUR).toISOString()}`,
    );
    expect(h.sent.map((n) => n.kind)).toEqual(['drift', 'actions']);
    expect(h.sent[1]).toEqual({
      kind: 'actions',
      subject: 'ialctl: auto-heal healed 2 of 2 in 123456789012/us-east-1',
      body: [
        'Unattended healing: 2 healed, 0 failed, 0 still drifting after the change.',
        'See the details: ialctl drift check --region us-east-1',
        '',
        '  healed: b (b-live) (PreferredBackupWindow)',
        '  healed: c (c-live) (PreferredBackupWindow)',
        '',
      ].join('\n'),
    });
    // The pause expires on its own: the next run heals the item it held back.
    h.setNow(new Date(T0.getTime() + 3 * HOUR));
    await run(h);
    expect(calls[1]).toEqual(['paused-one', 'd']);
  });

  it('heals nothing inside a freeze window, and says until when', async () => {
    const { calls, heal } = healRecorder();
    const h = harness(() => makeReport({ items: [eligible('a')] }), { autoHeal: { enabled: true, maxResources: 10 }, heal });
    h.deps.freezeWindows = [{ cron: '0 10 * * 3', duration: '4h', durationMs: 4 * HOUR, timezone: 'UTC', reason: 'release' }];
    const frozen = await run(h);
    expect(calls).toEqual([]);
    expect(frozen.heal).toMatchObject({ status: 'frozen', held: 1 });
    expect(frozen.report?.items[0]?.autoHeal).toEqual({ eligible: false, reason: 'freeze window "0 10 * * 3" (release) until 2025-06-04T14:00:00.000Z' });
    h.setNow(new Date('2025-06-04T14:00:00.000Z'));
    await run(h);
    expect(calls).toEqual([['a']]);
  });

  it('says auto-heal is unavailable when no heal step is wired, and heals nothing', async () => {
    const h = harness(() => makeReport({ items: [eligible('a'), eligible('b')] }), { autoHeal: { enabled: true, maxResources: 10 } });
    const result = await run(h);
    expect(result.heal).toEqual({ status: 'unavailable', eligible: 2 });
    expect(result.healed).toBe(0);
    expect(h.history.findings()).toHaveLength(2);
  });

  it('counts as healed only what the gate allowed, whatever the heal step claims', async () => {
    const heal: HealStep = async () => ({
      planId: 'p',
      results: [
        { itemId: 'a', status: 'healed', error: null },
        { itemId: 'human', status: 'healed', error: null },
      ],
      skipped: [],
    });
    const h = harness(() => makeReport({ items: [eligible('a'), needsHuman('human')] }), { autoHeal: { enabled: true, maxResources: 10 }, heal });
    const result = await run(h);
    expect(result.healed).toBe(1);
    expect(h.history.findings().map((f) => f.itemId)).toEqual(['human']);
  });

  it('a heal step that throws is reported as failed, not as healed', async () => {
    const heal: HealStep = async () => {
      throw new Error('lock held by pid 42');
    };
    const h = harness(() => makeReport({ items: [eligible('a')] }), { autoHeal: { enabled: true, maxResources: 10 }, heal });
    const result = await run(h);
    expect(result.heal).toEqual({ status: 'failed', error: 'lock held by pid 42' });
    expect(result.healed).toBe(0);
  });

  it('does not start healing once a stop was asked for', async () => {
    const { calls, heal } = healRecorder();
    const h = harness(() => makeReport({ items: [eligible('a')] }), { autoHeal: { enabled: true, maxResources: 10 }, heal });
    const stop = new AbortController();
    stop.abort();
    const result = await run(h, stop.signal);
    expect(result.heal).toEqual({ status: 'not_run', reason: 'stopping' });
    expect(calls).toEqual([]);
    expect(result.run?.items).toBe(1);
  });
});

describe('runWatchCycle: automatic reverse sync', () => {
  it('syncs the rest once: not the eligible items, not paused ones, not missing resources, never twice', async () => {
    const synced: string[][] = [];
    const reverseSync: ReverseSyncStep = async (state) => {
      synced.push(state.report.items.map((i) => i.id));
      return { branch: 'reverse-sync-20250604T120000Z', pullRequest: { number: 7, url: 'https://github.com/o/r/pull/7' }, synced: state.report.items.map((i) => i.id), unresolved: [] };
    };
    const heal: HealStep = async (state): Promise<HealSummary> => ({ planId: 'p', results: state.report.items.map((i) => ({ itemId: i.id, status: 'failed', error: 'boom' })), skipped: [] });
    const h = harness(
      () =>
        makeReport({
          items: [
            eligible('heal-me'),
            needsHuman('sync-me', { severity: 'high' }),
            needsHuman('paused', { phase: '10-security' }),
            needsHuman('gone', { type: 'missing_resource', differences: [] }),
          ],
        }),
      { autoHeal: { enabled: true, maxResources: 10 }, heal, reverseSync, reverseSyncAuto: true },
    );
    h.pauses.add({ scope: { kind: 'phase', name: '10-security' }, durationMs: HOUR, now: T0 });
    const first = await run(h);
    expect(synced).toEqual([['sync-me']]);
    expect(first.reverseSync).toMatchObject({ status: 'done' });
    expect(h.history.findings({ resource: 'sync-me' })[0]?.syncRef).toBe('https://github.com/o/r/pull/7');
    expect(h.sent.at(-1)?.body).toContain('Reverse sync pull request: https://github.com/o/r/pull/7\n');
    h.setNow(new Date(T0.getTime() + 10 * 60_000));
    const second = await run(h);
    expect(second.reverseSync).toEqual({ status: 'nothing' });
    expect(synced).toHaveLength(1);
  });

  it('a resource with drift still to heal waits: its other items are not synced in the same run', async () => {
    const synced: string[][] = [];
    const reverseSync: ReverseSyncStep = async (state) => {
      synced.push(state.report.items.map((i) => i.id));
      return { branch: 'b', pullRequest: null, synced: state.report.items.map((i) => i.id), unresolved: [] };
    };
    const h = harness(
      () =>
        makeReport({
          items: [
            eligible('db-tags', { logicalId: 'MainDb', type: 'tag_drift' }),
            needsHuman('db-config', { logicalId: 'MainDb' }),
            needsHuman('web-config', { logicalId: 'Web' }),
          ],
        }),
      { autoHeal: { enabled: true, maxResources: 10 }, reverseSyncAuto: true, reverseSync },
    );
    await run(h);
    expect(synced).toEqual([['web-config']]);
  });

  it('says reverse sync is unavailable when no step is wired', async () => {
    const h = harness(() => makeReport({ items: [needsHuman('a')] }), { reverseSyncAuto: true });
    expect((await run(h)).reverseSync).toEqual({ status: 'unavailable', items: 1 });
  });
});

describe('watchLoop', () => {
  const result = { status: 'complete' } as CycleResult;

  it('--once runs one cycle and schedules nothing', async () => {
    const seen: Array<number | null> = [];
    const out = await watchLoop({
      intervalMs: HOUR,
      jitter: 0.1,
      once: true,
      signal: new AbortController().signal,
      runCycle: async () => result,
      onCycle: (_r, next) => seen.push(next),
      sleep: async () => {
        throw new Error('must not sleep');
      },
    });
    expect(out.runs).toBe(1);
    expect(seen).toEqual([null]);
  });

  it('waits one jittered interval from each start, minus the time the run took, until stopped', async () => {
    const stop = new AbortController();
    let clock = 0;
    const waits: number[] = [];
    const out = await watchLoop({
      intervalMs: 1000,
      jitter: 0.1,
      once: false,
      signal: stop.signal,
      clock: () => clock,
      random: () => 1, // the longest wait: +10%
      runCycle: async () => {
        clock += 300;
        return result;
      },
      sleep: async (ms) => {
        waits.push(ms);
        clock += ms;
        if (waits.length === 3) stop.abort();
      },
    });
    expect(waits).toEqual([800, 800, 800]);
    expect(out.runs).toBe(3);
  });

  it('a run longer than the interval is followed at once, never overlapped', async () => {
    let clock = 0;
    let running = 0;
    let overlapped = false;
    const stop = new AbortController();
    const waits: number[] = [];
    await watchLoop({
      intervalMs: 1000,
      jitter: 0,
      once: false,
      signal: stop.signal,
      clock: () => clock,
      runCycle: async () => {
        running++;
        if (running > 1) overlapped = true;
        clock += 2500;
        running--;
        return result;
      },
      sleep: async (ms) => {
        waits.push(ms);
        if (waits.length === 2) stop.abort();
      },
    });
    expect(waits).toEqual([0, 0]);
    expect(overlapped).toBe(false);
  });

  it('a stop during a run lets it finish and starts no other', async () => {
    const stop = new AbortController();
    let runs = 0;
    const out = await watchLoop({
      intervalMs: 10,
      jitter: 0,
      once: false,
      signal: stop.signal,
      runCycle: async (signal) => {
        runs++;
        stop.abort();
        expect(signal.aborted).toBe(true);
        return result;
      },
    });
    expect(out.runs).toBe(1);
    expect(runs).toBe(1);
  });

  describe('abortableSleep (fake timers: the schedule, not the wall clock)', () => {
    beforeEach(() => {
      vi.useFakeTimers();
    });
    afterEach(() => {
      vi.useRealTimers();
    });

    /** Resolves the sleep's state after moving the fake clock by `ms`. */
    async function settledAfter(promise: Promise<void>, ms: number): Promise<boolean> {
      let settled = false;
      void promise.then(() => (settled = true));
      await vi.advanceTimersByTimeAsync(ms);
      return settled;
    }

    it('returns as soon as the signal aborts, and leaves no timer behind', async () => {
      const stop = new AbortController();
      const sleeping = abortableSleep(60_000, stop.signal);
      expect(await settledAfter(sleeping, 59_000)).toBe(false);
      stop.abort();
      expect(await settledAfter(sleeping, 0)).toBe(true);
      expect(vi.getTimerCount()).toBe(0);
    });

    it('waits longer than the 24.8-day timer limit in slices, without firing early', async () => {
      const fortyDays = 40 * 86_400_000;
      const sleeping = abortableSleep(fortyDays, new AbortController().signal);
      expect(await settledAfter(sleeping, MAX_TIMER_MS + 1)).toBe(false);
      expect(await settledAfter(sleeping, fortyDays - MAX_TIMER_MS - 2)).toBe(false);
      expect(await settledAfter(sleeping, 1)).toBe(true);
      expect(vi.getTimerCount()).toBe(0);
    });
  });

  it('jitteredInterval stays within ±jitter of the interval', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 86_400_000 }), fc.double({ min: 0, max: 0.5, noNaN: true }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (interval, jitter, r) => {
        const wait = jitteredInterval(interval, jitter, () => r);
        expect(wait).toBeGreaterThanOrEqual(Math.floor(interval * (1 - jitter)));
        expect(wait).toBeLessThanOrEqual(Math.ceil(interval * (1 + jitter)));
      }),
    );
    expect(jitteredInterval(1000, 0.1, () => 0)).toBe(900);
    expect(jitteredInterval(1000, 0.1, () => 0.5)).toBe(1000);
  });
});
