import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStateDb, type StateDb } from '../state/db.js';
import { acquireLease, processIsAlive } from './run-lease.js';

const dbs: StateDb[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function sharedDbs(): [StateDb, StateDb] {
  const dir = mkdtempSync(path.join(tmpdir(), 'ialctl-lease-'));
  dirs.push(dir);
  const a = openStateDb(dir);
  const b = openStateDb(dir);
  dbs.push(a, b);
  return [a, b];
}

const NOW = new Date('2025-06-01T12:00:00.000Z');
const HOUR = 3_600_000;
const alive = () => true;

describe('acquireLease', () => {
  it('a second holder is refused while the first holds the lease, and gets it after release', () => {
    const [a, b] = sharedDbs();
    const first = acquireLease(a, { name: 'watch', now: NOW, ttlMs: HOUR, host: 'h', pid: 100, isAlive: alive });
    expect(first.acquired).toBe(true);
    const second = acquireLease(b, { name: 'watch', now: NOW, ttlMs: HOUR, host: 'h', pid: 200, isAlive: alive });
    expect(second).toEqual({
      acquired: false,
      holder: { host: 'h', pid: 100, acquiredAt: NOW.toISOString(), expiresAt: new Date(NOW.getTime() + HOUR).toISOString() },
    });
    if (first.acquired) first.release();
    expect(acquireLease(b, { name: 'watch', now: NOW, ttlMs: HOUR, host: 'h', pid: 200, isAlive: alive }).acquired).toBe(true);
  });

  it('a lease whose holder died on this host is taken over at once', () => {
    const [a, b] = sharedDbs();
    acquireLease(a, { name: 'watch', now: NOW, ttlMs: HOUR, host: 'h', pid: 100, isAlive: alive });
    const dead = (pid: number) => pid !== 100;
    expect(acquireLease(b, { name: 'watch', now: NOW, ttlMs: HOUR, host: 'h', pid: 200, isAlive: dead }).acquired).toBe(true);
  });

  it('a lease held from another host is trusted until it expires', () => {
    const [a, b] = sharedDbs();
    acquireLease(a, { name: 'watch', now: NOW, ttlMs: HOUR, host: 'other', pid: 100, isAlive: alive });
    const never = () => false;
    expect(acquireLease(b, { name: 'watch', now: new Date(NOW.getTime() + HOUR - 1), ttlMs: HOUR, host: 'h', pid: 200, isAlive: never }).acquired).toBe(false);
    expect(acquireLease(b, { name: 'watch', now: new Date(NOW.getTime() + HOUR), ttlMs: HOUR, host: 'h', pid: 200, isAlive: never }).acquired).toBe(true);
  });

  it('processIsAlive tells this process from a pid that does not exist', () => {
    expect(processIsAlive(process.pid)).toBe(true);
    // Linux pids never reach 2^22 by default (pid_max is at most 4194304).
    expect(processIsAlive(4_194_305)).toBe(false);
  });
});
