// One heal at a time per account and region: a lock row in the state database naming its holder
// (pid, host, plan, time). A second heal fails fast naming the holder, or waits for it. A holder that
// died is detected (same host, pid gone) or expires after a staleness timeout, so a crash never
// blocks healing forever. The row is taken inside an IMMEDIATE transaction: two processes cannot both win.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { applyMigrations, type Migration, type StateDb } from '../state/db.js';

const MIGRATIONS: readonly Migration[] = [
  {
    id: 'lock-001',
    sql: `
      CREATE TABLE heal_locks (
        scope       TEXT PRIMARY KEY,
        token       TEXT NOT NULL,
        pid         INTEGER NOT NULL,
        host        TEXT NOT NULL,
        plan_id     TEXT NOT NULL,
        acquired_at TEXT NOT NULL,
        expires_at  TEXT NOT NULL
      );
    `,
  },
];

export interface LockHolder {
  scope: string;
  pid: number;
  host: string;
  planId: string;
  acquiredAt: string;
  expiresAt: string;
}

export class LockBusyError extends Error {
  constructor(
    readonly holder: LockHolder,
    waitedMs: number,
  ) {
    super(
      `another heal is running on ${holder.scope}: plan ${holder.planId.slice(0, 12)} by pid ${holder.pid} on ${holder.host} ` +
        `since ${holder.acquiredAt}${waitedMs > 0 ? ` (waited ${Math.round(waitedMs / 1000)}s)` : ''}. ` +
        `Run again with --wait to wait for it; if that process is gone, its lock expires at ${holder.expiresAt}.`,
    );
    this.name = 'LockBusyError';
  }
}

export interface HeldLock {
  readonly holder: LockHolder;
  /** Pushes the expiry forward: a long heal keeps its lock while it makes progress. */
  refresh(): void;
  release(): void;
}

export interface LockOptions {
  /** A lock not refreshed for this long is abandoned; default 15 minutes. */
  staleAfterMs?: number;
  now?: () => Date;
  pid?: number;
  host?: string;
  /** Whether a process of this host is alive; default: `process.kill(pid, 0)`. */
  isAlive?: (pid: number) => boolean;
  sleep?: (ms: number) => Promise<void>;
}

export interface AcquireOptions {
  planId: string;
  /** Wait up to this long for the holder to finish instead of failing at once. */
  waitMs?: number;
  pollMs?: number;
}

interface LockRow {
  scope: string;
  token: string;
  pid: number;
  host: string;
  plan_id: string;
  acquired_at: string;
  expires_at: string;
}

const DEFAULT_STALE_AFTER_MS = 15 * 60_000;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class HealLock {
  private readonly staleAfterMs: number;
  private readonly now: () => Date;
  private readonly pid: number;
  private readonly host: string;
  private readonly isAlive: (pid: number) => boolean;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly db: StateDb,
    options: LockOptions = {},
  ) {
    applyMigrations(db, MIGRATIONS);
    this.staleAfterMs = options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
    this.now = options.now ?? (() => new Date());
    this.pid = options.pid ?? process.pid;
    this.host = options.host ?? hostname();
    this.isAlive = options.isAlive ?? processAlive;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  /** The current holder of `scope`, when one holds it and is not stale. */
  holder(scope: string): LockHolder | undefined {
    const row = this.db.prepare('SELECT * FROM heal_locks WHERE scope = ?').get(scope) as LockRow | undefined;
    return row && !this.isStale(row) ? toHolder(row) : undefined;
  }

  async acquire(scope: string, options: AcquireOptions): Promise<HeldLock> {
    const started = this.now().getTime();
    const deadline = started + (options.waitMs ?? 0);
    for (;;) {
      const token = randomUUID();
      const busy = this.tryAcquire(scope, token, options.planId);
      if (!busy) return this.held(scope, token);
      if (this.now().getTime() >= deadline) throw new LockBusyError(busy, this.now().getTime() - started);
      await this.sleep(options.pollMs ?? 500);
    }
  }

  /** Takes the lock and returns undefined, or returns the live holder. */
  private tryAcquire(scope: string, token: string, planId: string): LockHolder | undefined {
    const take = this.db.transaction((): LockHolder | undefined => {
      const row = this.db.prepare('SELECT * FROM heal_locks WHERE scope = ?').get(scope) as LockRow | undefined;
      if (row && !this.isStale(row)) return toHolder(row);
      const now = this.now();
      this.db.prepare('DELETE FROM heal_locks WHERE scope = ?').run(scope);
      this.db
        .prepare('INSERT INTO heal_locks (scope, token, pid, host, plan_id, acquired_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(scope, token, this.pid, this.host, planId, now.toISOString(), new Date(now.getTime() + this.staleAfterMs).toISOString());
      return undefined;
    });
    return take.immediate();
  }

  private isStale(row: LockRow): boolean {
    if (Date.parse(row.expires_at) <= this.now().getTime()) return true;
    // Same host and the process is gone: it crashed, no need to wait for the expiry.
    return row.host === this.host && row.pid !== this.pid && !this.isAlive(row.pid);
  }

  private held(scope: string, token: string): HeldLock {
    const read = (): LockHolder => {
      const row = this.db.prepare('SELECT * FROM heal_locks WHERE scope = ? AND token = ?').get(scope, token) as LockRow | undefined;
      if (!row) throw new Error(`the heal lock on ${scope} was taken over (it expired): stopping`);
      return toHolder(row);
    };
    const holder = read();
    return {
      holder,
      refresh: () => {
        const expires = new Date(this.now().getTime() + this.staleAfterMs).toISOString();
        const changed = this.db.prepare('UPDATE heal_locks SET expires_at = ? WHERE scope = ? AND token = ?').run(expires, scope, token).changes;
        if (changed === 0) throw new Error(`the heal lock on ${scope} was taken over (it expired): stopping`);
      },
      release: () => {
        this.db.prepare('DELETE FROM heal_locks WHERE scope = ? AND token = ?').run(scope, token);
      },
    };
  }
}

function toHolder(row: LockRow): LockHolder {
  return { scope: row.scope, pid: row.pid, host: row.host, planId: row.plan_id, acquiredAt: row.acquired_at, expiresAt: row.expires_at };
}
