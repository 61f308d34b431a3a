// The local state store (`.ial/state.db`): one SQLite database in WAL mode for the heal journal,
// locks, drift history and pauses, so there is one source of truth that survives crashes.
// Each feature owns its tables and applies its own migrations when it opens its view of the store.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { kernelFileSystemOf } from '../config/state-dir.js';
import { UsageError } from '../engine/errors.js';

export type StateDb = Database.Database;

export interface Migration {
  /** Unique, never renamed: recorded in the database once applied. */
  id: string;
  sql: string;
}

export const STATE_DB_FILE = 'state.db';

/** Opens (creating if needed) the state database in `stateDir`; `:memory:` for tests. */
export function openStateDb(stateDir: string | ':memory:'): StateDb {
  let file = ':memory:';
  if (stateDir !== ':memory:') {
    // Also checked when the config is loaded; here for every other way a folder reaches the store.
    const kernel = kernelFileSystemOf(path.resolve(stateDir));
    if (kernel !== undefined) throw new UsageError(`state directory ${stateDir} is inside ${kernel}, which cannot hold the state store`, 'set state_dir to a folder such as .ial');
    try {
      mkdirSync(stateDir, { recursive: true });
    } catch (error) {
      throw new UsageError(`cannot create the state directory ${stateDir}: ${(error as Error).message}`, 'set state_dir in the configuration to a writable folder');
    }
    file = path.join(stateDir, STATE_DB_FILE);
  }
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // FULL: a journal entry written before an AWS call must survive a crash right after it.
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  db.exec('CREATE TABLE IF NOT EXISTS migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
  return db;
}

/** Applies the migrations not yet recorded, each in its own transaction. Idempotent. */
export function applyMigrations(db: StateDb, migrations: readonly Migration[]): void {
  const applied = new Set((db.prepare('SELECT id FROM migrations').all() as Array<{ id: string }>).map((r) => r.id));
  const record = db.prepare('INSERT INTO migrations (id, applied_at) VALUES (?, ?)');
  for (const m of migrations) {
    if (applied.has(m.id)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.id, new Date().toISOString());
    })();
  }
}
