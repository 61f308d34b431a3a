// A lease in the state store that keeps two watch runs on the same state (a long-running
// `drift watch` and a cron `drift watch --once`, or two schedulers) from overlapping. A holder that
// died is detected by its pid on the same host, or by the lease expiring.
import { hostname } from 'node:os';
import { applyMigrations, type Migration, type StateDb } from '../state/db.js';

export const LEASE_MIGRATIONS: readonly Migration[] = [
  {
    id: 'watch-lease-001',
    sql: `
      CREATE TABLE watch_leases (
        name TEXT PRIMARY KEY,
        host TEXT NOT NULL,
        pid INTEGER NOT NULL,
        acquired_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      );
    `,
  },
];

export interface LeaseHolder {
  host: string;
  pid: number;
  acquiredAt: string;
  expiresAt: string;
}

export type LeaseResult = { acquired: true; release: () => void } | { acquired: false; holder: LeaseHolder };

export interface LeaseOptions {
  name: string;
  now: Date;
  ttlMs: number;
  host?: string;
  pid?: number;
  /** Whether a process of this host is still running; default: signal 0. */
  isAlive?: (pid: number) => boolean;
}

export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

interface LeaseRow {
  host: string;
  pid: number;
  acquired_at: string;
  expires_at: string;
}

export function acquireLease(db: StateDb, options: LeaseOptions): LeaseResult {
  applyMigrations(db, LEASE_MIGRATIONS);
  const host = options.host ?? hostname();
  const pid = options.pid ?? process.pid;
  const isAlive = options.isAlive ?? processIsAlive;
  const now = options.now.toISOString();
  const expires = new Date(options.now.getTime() + options.ttlMs).toISOString();
  // IMMEDIATE: two processes must not both read "free" and both write.
  const attempt = db.transaction((): LeaseHolder | undefined => {
    const row = db.prepare('SELECT host, pid, acquired_at, expires_at FROM watch_leases WHERE name = ?').get(options.name) as LeaseRow | undefined;
    if (row) {
      const mine = row.host === host && row.pid === pid;
      const stale = row.expires_at <= now || (row.host === host && !isAlive(row.pid));
      if (!mine && !stale) return { host: row.host, pid: row.pid, acquiredAt: row.acquired_at, expiresAt: row.expires_at };
    }
    db.prepare(
      `INSERT INTO watch_leases (name, host, pid, acquired_at, expires_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET host = excluded.host, pid = excluded.pid, acquired_at = excluded.acquired_at, expires_at = excluded.expires_at`,
    ).run(options.name, host, pid, now, expires);
    return undefined;
  });
  const holder = attempt.immediate();
  if (holder) return { acquired: false, holder };
  return {
    acquired: true,
    release: () => {
      db.prepare('DELETE FROM watch_leases WHERE name = ? AND host = ? AND pid = ?').run(options.name, host, pid);
    },
  };
}
