// Pauses (`ialctl drift pause --for 2h [--scope phase:NAME|resource:ID]`): a paused scope is still
// checked and reported, but never healed unattended. Pauses live in the state store, expire on their
// own and can be ended early with `drift resume`. Also the unattended-healing gate that applies
// pauses, freeze windows and `max_resources` to a report.
import { capEligible } from '../drift/classify.js';
import type { DriftItem, DriftReport } from '../drift/model.js';
import { applyMigrations, type Migration, type StateDb } from '../state/db.js';
import type { ActiveFreeze } from './freeze-windows.js';

export const PAUSE_MIGRATIONS: readonly Migration[] = [
  {
    id: 'pauses-001',
    sql: `
      CREATE TABLE drift_pauses (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        scope_kind TEXT NOT NULL CHECK (scope_kind IN ('all', 'phase', 'resource')),
        scope_value TEXT,
        reason TEXT,
        created_at TEXT NOT NULL,
        until TEXT NOT NULL,
        -- set by resume; a pause past its "until" is over without it
        ended_at TEXT
      );
    `,
  },
];

export type PauseScope = { kind: 'all' } | { kind: 'phase'; name: string } | { kind: 'resource'; id: string };

export interface Pause {
  id: number;
  scope: PauseScope;
  reason: string | null;
  createdAt: string;
  until: string;
}

export const SCOPE_HINT = 'use phase:NAME (e.g. phase:40-data) or resource:ID (a logical id such as MainDb, or a physical id)';

/** `phase:40-data`, `resource:MainDb`; no value means everything. Throws with a hint on anything else. */
export function parsePauseScope(text: string | undefined): PauseScope {
  if (text === undefined) return { kind: 'all' };
  const colon = text.indexOf(':');
  const kind = colon > 0 ? text.slice(0, colon) : '';
  const value = text.slice(colon + 1).trim();
  if (kind === 'phase' && value !== '') return { kind: 'phase', name: value };
  if (kind === 'resource' && value !== '') return { kind: 'resource', id: value };
  throw new RangeError(`invalid scope ${JSON.stringify(text)}: ${SCOPE_HINT}`);
}

export function formatPauseScope(scope: PauseScope): string {
  switch (scope.kind) {
    case 'all':
      return 'all';
    case 'phase':
      return `phase:${scope.name}`;
    case 'resource':
      return `resource:${scope.id}`;
  }
}

export function pauseCovers(pause: Pause, item: Pick<DriftItem, 'phase' | 'logicalId' | 'physicalId'>): boolean {
  switch (pause.scope.kind) {
    case 'all':
      return true;
    case 'phase':
      return item.phase === pause.scope.name;
    case 'resource':
      return item.logicalId === pause.scope.id || item.physicalId === pause.scope.id;
  }
}

interface PauseRow {
  id: number;
  scope_kind: 'all' | 'phase' | 'resource';
  scope_value: string | null;
  reason: string | null;
  created_at: string;
  until: string;
}

function toPause(row: PauseRow): Pause {
  const scope: PauseScope =
    row.scope_kind === 'phase'
      ? { kind: 'phase', name: row.scope_value ?? '' }
      : row.scope_kind === 'resource'
        ? { kind: 'resource', id: row.scope_value ?? '' }
        : { kind: 'all' };
  return { id: row.id, scope, reason: row.reason, createdAt: row.created_at, until: row.until };
}

function scopeValue(scope: PauseScope): string | null {
  return scope.kind === 'phase' ? scope.name : scope.kind === 'resource' ? scope.id : null;
}

export class PauseStore {
  constructor(private readonly db: StateDb) {
    applyMigrations(db, PAUSE_MIGRATIONS);
  }

  add(input: { scope: PauseScope; durationMs: number; reason?: string | null; now: Date }): Pause {
    if (!(input.durationMs > 0)) throw new RangeError('a pause must last longer than zero');
    const until = new Date(input.now.getTime() + input.durationMs).toISOString();
    const result = this.db
      .prepare('INSERT INTO drift_pauses (scope_kind, scope_value, reason, created_at, until) VALUES (?, ?, ?, ?, ?)')
      .run(input.scope.kind, scopeValue(input.scope), input.reason ?? null, input.now.toISOString(), until);
    return this.byId(Number(result.lastInsertRowid));
  }

  /** Pauses in force at `now`, the longest-running first. */
  active(now: Date): Pause[] {
    const rows = this.db
      .prepare('SELECT * FROM drift_pauses WHERE ended_at IS NULL AND until > ? ORDER BY until DESC, id')
      .all(now.toISOString()) as PauseRow[];
    return rows.map(toPause);
  }

  /** Ends the active pauses with exactly this scope (every active pause when `scope` is undefined). */
  resume(scope: PauseScope | undefined, now: Date): Pause[] {
    const ended = this.active(now).filter(
      (p) => scope === undefined || (p.scope.kind === scope.kind && scopeValue(p.scope) === scopeValue(scope)),
    );
    const end = this.db.prepare('UPDATE drift_pauses SET ended_at = ? WHERE id = ?');
    this.db.transaction(() => {
      for (const p of ended) end.run(now.toISOString(), p.id);
    })();
    return ended;
  }

  private byId(id: number): Pause {
    return toPause(this.db.prepare('SELECT * FROM drift_pauses WHERE id = ?').get(id) as PauseRow);
  }
}

export interface UnattendedGate {
  pauses: readonly Pause[];
  freeze: ActiveFreeze | undefined;
  maxResources: number;
}

/**
 * The report with each item's auto-heal verdict narrowed for an unattended run: items covered by a
 * pause or inside a freeze window are not eligible (the reason says until when), then at most
 * `maxResources` of the rest stay eligible, the most severe first. Must be given a report whose
 * verdicts were not capped yet, so that paused items do not use up the cap.
 */
export function gateUnattended(report: DriftReport, gate: UnattendedGate): DriftReport {
  const items = report.items.map((item): DriftItem => {
    if (!item.autoHeal.eligible) return item;
    if (gate.freeze) {
      const { window, closesAt } = gate.freeze;
      const why = window.reason ? ` (${window.reason})` : '';
      return { ...item, autoHeal: { eligible: false, reason: `freeze window "${window.cron}"${why} until ${closesAt.toISOString()}` } };
    }
    const pause = gate.pauses.find((p) => pauseCovers(p, item));
    if (pause) {
      const why = pause.reason ? ` (${pause.reason})` : '';
      return { ...item, autoHeal: { eligible: false, reason: `paused (${formatPauseScope(pause.scope)})${why} until ${pause.until}` } };
    }
    return item;
  });
  return { ...report, items: capEligible(items, gate.maxResources) };
}
