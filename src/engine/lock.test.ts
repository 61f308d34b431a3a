import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStateDb, type StateDb } from '../state/db.js';
import { HealLock, LockBusyError } from './lock.js';

const SCOPE = 'aws:123456789012:us-east-1';
const PLAN = 'a'.repeat(64);
const dirs: string[] = [];
const dbs: StateDb[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Two connections to one state file, as two processes would have. */
function twoProcesses() {
  const dir = mkdtempSync(path.join(tmpdir(), 'ialctl-lock-'));
  dirs.push(dir);
  const a = openStateDb(dir);
  const b = openStateDb(dir);
  dbs.push(a, b);
  return { a, b };
}

describe('HealLock', () => {
  it('lets one holder in and tells the next one who holds it, until it is released', async () => {
    const { a, b } = twoProcesses();
    const clock = () => new Date('2026-01-01T10:00:00Z');
    const first = new HealLock(a, { pid: 100, host: 'host-a', now: clock });
    const second = new HealLock(b, { pid: 200, host: 'host-b', now: clock });

    const held = await first.acquire(SCOPE, { planId: PLAN });
    const refusal = await second.acquire(SCOPE, { planId: PLAN }).catch((e: unknown) => e);

    expect(refusal).toBeInstanceOf(LockBusyError);
    expect((refusal as Error).message).toBe(
      `another heal is running on ${SCOPE}: plan aaaaaaaaaaaa by pid 100 on host-a since 2026-01-01T10:00:00.000Z. ` +
        'Run again with --wait to wait for it; if that process is gone, its lock expires at 2026-01-01T10:15:00.000Z.',
    );
    held.release();
    await expect(second.acquire(SCOPE, { planId: PLAN })).resolves.toMatchObject({ holder: { pid: 200, host: 'host-b' } });
  });

  it('takes over a lock whose holder stopped refreshing it, or whose process on this host is gone', async () => {
    const { a, b } = twoProcesses();
    let now = new Date('2026-01-01T10:00:00Z');
    await new HealLock(a, { pid: 100, host: 'host-a', now: () => now }).acquire(SCOPE, { planId: PLAN });
    now = new Date('2026-01-01T10:15:01Z');
    await expect(new HealLock(b, { pid: 200, host: 'host-b', now: () => now }).acquire(SCOPE, { planId: PLAN })).resolves.toBeDefined();

    const crashed = new HealLock(a, { pid: 300, host: 'host-c', now: () => now });
    const other = new HealLock(b, { pid: 301, host: 'host-c', now: () => now, isAlive: (pid) => pid !== 300 });
    await crashed.acquire('other-scope', { planId: PLAN });
    await expect(other.acquire('other-scope', { planId: PLAN })).resolves.toMatchObject({ holder: { pid: 301 } });
  });

  it('waits for the holder with waitMs, polling until it is free', async () => {
    const { a, b } = twoProcesses();
    const held = await new HealLock(a, { pid: 100, host: 'host-a' }).acquire(SCOPE, { planId: PLAN });
    setTimeout(() => held.release(), 150);

    const waited = await new HealLock(b, { pid: 200, host: 'host-b' }).acquire(SCOPE, { planId: PLAN, waitMs: 5000, pollMs: 20 });

    expect(waited.holder.pid).toBe(200);
  });

  it('a holder whose lock was taken over cannot refresh it, and its release does not free the new holder', async () => {
    const { a, b } = twoProcesses();
    let now = new Date('2026-01-01T10:00:00Z');
    const old = await new HealLock(a, { pid: 100, host: 'host-a', now: () => now }).acquire(SCOPE, { planId: PLAN });
    now = new Date('2026-01-01T11:00:00Z');
    const current = new HealLock(b, { pid: 200, host: 'host-b', now: () => now });
    await current.acquire(SCOPE, { planId: PLAN });

    expect(() => old.refresh()).toThrow(`the heal lock on ${SCOPE} was taken over (it expired): stopping`);
    old.release();
    expect(current.holder(SCOPE)?.pid).toBe(200);
  });
});
