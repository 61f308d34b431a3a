// Drift history in the state store: every watch run, and every finding with when it was first and last
// seen and how it ended (healed, synced or gone). Answers "since when has this drifted?" and tells the
// notifier which findings are new. A run that did not read everything never resolves a finding: a
// resource that was not read cannot be said to be in sync.
import { severityRank, type DriftItem, type DriftReport, type DriftType, type Severity } from '../drift/model.js';
import { applyMigrations, type Migration, type StateDb } from '../state/db.js';

export const HISTORY_MIGRATIONS: readonly Migration[] = [
  {
    id: 'history-001',
    sql: `
      CREATE TABLE drift_runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        -- account/region the run read; NULL when the check failed before reading anything
        scope TEXT,
        started_at TEXT NOT NULL,
        finished_at TEXT NOT NULL,
        complete INTEGER NOT NULL CHECK (complete IN (0, 1)),
        -- NULL when the check failed: an unknown count is not zero
        items INTEGER,
        by_severity TEXT,
        by_type TEXT,
        healed INTEGER NOT NULL DEFAULT 0,
        error TEXT
      );
      CREATE TABLE drift_findings (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        scope TEXT NOT NULL,
        item_id TEXT NOT NULL,
        type TEXT NOT NULL,
        severity TEXT NOT NULL,
        resource_type TEXT NOT NULL,
        logical_id TEXT,
        physical_id TEXT,
        phase TEXT,
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        first_run_id INTEGER NOT NULL REFERENCES drift_runs(id),
        last_run_id INTEGER NOT NULL REFERENCES drift_runs(id),
        resolved_at TEXT,
        resolution TEXT CHECK (resolution IN ('healed', 'synced', 'gone')),
        -- the reverse-sync pull request (or branch) that codified this finding in Git
        sync_ref TEXT
      );
      -- One open episode per finding; a finding that comes back after being resolved opens a new one.
      CREATE UNIQUE INDEX drift_findings_open ON drift_findings (scope, item_id) WHERE resolved_at IS NULL;
      CREATE INDEX drift_findings_logical ON drift_findings (logical_id);
      CREATE INDEX drift_findings_physical ON drift_findings (physical_id);
    `,
  },
];

export type Resolution = 'healed' | 'synced' | 'gone';

export interface FindingRecord {
  scope: string;
  itemId: string;
  type: DriftType;
  severity: Severity;
  resourceType: string;
  logicalId: string | null;
  physicalId: string | null;
  phase: string | null;
  firstSeen: string;
  lastSeen: string;
  firstRunId: number;
  lastRunId: number;
  resolvedAt: string | null;
  resolution: Resolution | null;
  syncRef: string | null;
}

export interface RunRecord {
  id: number;
  scope: string | null;
  startedAt: string;
  finishedAt: string;
  complete: boolean;
  items: number | null;
  bySeverity: Record<Severity, number> | null;
  byType: Record<DriftType, number> | null;
  healed: number;
  error: string | null;
}

/** What the reports show next to an item: since when it drifts, and whether this check saw it first. */
export interface ItemHistory {
  firstSeen: string;
  isNew: boolean;
}

export interface CheckOutcome {
  run: RunRecord;
  /** Items with no open finding before this run. */
  newItems: DriftItem[];
  /** Known items whose severity rose to high or critical since they were last seen. */
  escalated: Array<{ item: DriftItem; from: Severity }>;
  /** Findings this run closed (complete runs only). */
  resolved: FindingRecord[];
  annotations: Map<string, ItemHistory>;
}

/** The account and region a report is about: findings of different accounts never resolve each other. */
export function scopeOf(report: Pick<DriftReport, 'accountId' | 'region'>): string {
  return `${report.accountId ?? 'unknown-account'}/${report.region}`;
}

interface FindingRow {
  scope: string;
  item_id: string;
  type: string;
  severity: string;
  resource_type: string;
  logical_id: string | null;
  physical_id: string | null;
  phase: string | null;
  first_seen: string;
  last_seen: string;
  first_run_id: number;
  last_run_id: number;
  resolved_at: string | null;
  resolution: string | null;
  sync_ref: string | null;
}

interface RunRow {
  id: number;
  scope: string | null;
  started_at: string;
  finished_at: string;
  complete: number;
  items: number | null;
  by_severity: string | null;
  by_type: string | null;
  healed: number;
  error: string | null;
}

const HIGH = severityRank('high');

export class DriftHistory {
  constructor(private readonly db: StateDb) {
    applyMigrations(db, HISTORY_MIGRATIONS);
  }

  /** Records a check that produced a report (complete or not) and updates the findings it saw. */
  recordCheck(input: { startedAt: Date; finishedAt: Date; report: DriftReport; error?: string | null }): CheckOutcome {
    const { report } = input;
    const scope = scopeOf(report);
    const seenAt = report.generatedAt;
    return this.db.transaction((): CheckOutcome => {
      const runId = this.insertRun({
        scope,
        startedAt: input.startedAt.toISOString(),
        finishedAt: input.finishedAt.toISOString(),
        complete: report.complete,
        items: report.items.length,
        bySeverity: report.summary.bySeverity,
        byType: report.summary.byType,
        error: input.error ?? null,
      });
      const newItems: DriftItem[] = [];
      const escalated: CheckOutcome['escalated'] = [];
      const annotations = new Map<string, ItemHistory>();
      const findOpen = this.db.prepare('SELECT * FROM drift_findings WHERE scope = ? AND item_id = ? AND resolved_at IS NULL');
      const touch = this.db.prepare(
        `UPDATE drift_findings SET last_seen = ?, last_run_id = ?, severity = ?, logical_id = ?, physical_id = ?, phase = ?
         WHERE scope = ? AND item_id = ? AND resolved_at IS NULL`,
      );
      const open = this.db.prepare(
        `INSERT INTO drift_findings (scope, item_id, type, severity, resource_type, logical_id, physical_id, phase,
           first_seen, last_seen, first_run_id, last_run_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const item of report.items) {
        const known = findOpen.get(scope, item.id) as FindingRow | undefined;
        if (known) {
          touch.run(seenAt, runId, item.severity, item.logicalId, item.physicalId, item.phase, scope, item.id);
          const from = known.severity as Severity;
          if (severityRank(item.severity) > severityRank(from) && severityRank(item.severity) >= HIGH) {
            escalated.push({ item, from });
          }
          annotations.set(item.id, { firstSeen: known.first_seen, isNew: false });
        } else {
          open.run(scope, item.id, item.type, item.severity, item.resourceType, item.logicalId, item.physicalId, item.phase, seenAt, seenAt, runId, runId);
          newItems.push(item);
          annotations.set(item.id, { firstSeen: seenAt, isNew: true });
        }
      }
      const resolved = report.complete ? this.resolveAbsent(scope, new Set(report.items.map((i) => i.id)), seenAt) : [];
      return { run: this.run(runId), newItems, escalated, resolved, annotations };
    })();
  }

  /** Records a check that failed before producing a report. Findings are left exactly as they were. */
  recordFailure(input: { startedAt: Date; finishedAt: Date; error: string }): RunRecord {
    const runId = this.insertRun({
      scope: null,
      startedAt: input.startedAt.toISOString(),
      finishedAt: input.finishedAt.toISOString(),
      complete: false,
      items: null,
      bySeverity: null,
      byType: null,
      error: input.error,
    });
    return this.run(runId);
  }

  /** Closes the open findings of these items as healed, and counts them on the run that healed them. */
  markHealed(runId: number, scope: string, itemIds: readonly string[], at: Date): number {
    if (itemIds.length === 0) return 0;
    return this.db.transaction(() => {
      const close = this.db.prepare(
        `UPDATE drift_findings SET resolved_at = ?, resolution = 'healed' WHERE scope = ? AND item_id = ? AND resolved_at IS NULL`,
      );
      let closed = 0;
      for (const id of itemIds) closed += close.run(at.toISOString(), scope, id).changes;
      this.db.prepare('UPDATE drift_runs SET healed = healed + ? WHERE id = ?').run(closed, runId);
      return closed;
    })();
  }

  /**
   * Notes that a reverse-sync pull request (or branch) now carries these findings into Git. They stay
   * open until a complete check no longer sees them, then close as `synced`.
   */
  markSynced(scope: string, itemIds: readonly string[], ref: string): number {
    const mark = this.db.prepare('UPDATE drift_findings SET sync_ref = ? WHERE scope = ? AND item_id = ? AND resolved_at IS NULL');
    return this.db.transaction(() => itemIds.reduce((n, id) => n + mark.run(ref, scope, id).changes, 0))();
  }

  /** Open findings of `scope` that already have a reverse-sync reference. */
  syncedItemIds(scope: string): Set<string> {
    const rows = this.db
      .prepare('SELECT item_id FROM drift_findings WHERE scope = ? AND resolved_at IS NULL AND sync_ref IS NOT NULL')
      .all(scope) as Array<{ item_id: string }>;
    return new Set(rows.map((r) => r.item_id));
  }

  /** First-seen and new/known for each item of a report, without recording anything (for `drift check`). */
  annotate(report: DriftReport): Map<string, ItemHistory> {
    const scope = scopeOf(report);
    const findOpen = this.db.prepare('SELECT first_seen FROM drift_findings WHERE scope = ? AND item_id = ? AND resolved_at IS NULL');
    const annotations = new Map<string, ItemHistory>();
    for (const item of report.items) {
      const known = findOpen.get(scope, item.id) as { first_seen: string } | undefined;
      annotations.set(item.id, known ? { firstSeen: known.first_seen, isNew: false } : { firstSeen: report.generatedAt, isNew: true });
    }
    return annotations;
  }

  /**
   * Findings, most recently seen first. With `resource`, every episode (open or resolved) of the
   * resources whose logical or physical id is `resource`; without it, the open findings only unless
   * `includeResolved`.
   */
  findings(options: { resource?: string; includeResolved?: boolean; limit?: number } = {}): FindingRecord[] {
    const where: string[] = [];
    const params: Array<string | number> = [];
    if (options.resource !== undefined) {
      where.push('(logical_id = ? OR physical_id = ?)');
      params.push(options.resource, options.resource);
    } else if (!options.includeResolved) {
      where.push('resolved_at IS NULL');
    }
    const sql = `SELECT * FROM drift_findings ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
                 ORDER BY last_seen DESC, id DESC LIMIT ?`;
    params.push(options.limit ?? 1000);
    return (this.db.prepare(sql).all(...params) as FindingRow[]).map(toFinding);
  }

  /** Most recent runs first. */
  runs(limit = 20): RunRecord[] {
    return (this.db.prepare('SELECT * FROM drift_runs ORDER BY id DESC LIMIT ?').all(limit) as RunRow[]).map(toRun);
  }

  /** The run recorded just before `runId` (any scope), if any. */
  runBefore(runId: number): RunRecord | undefined {
    const row = this.db.prepare('SELECT * FROM drift_runs WHERE id < ? ORDER BY id DESC LIMIT 1').get(runId) as RunRow | undefined;
    return row ? toRun(row) : undefined;
  }

  run(id: number): RunRecord {
    const row = this.db.prepare('SELECT * FROM drift_runs WHERE id = ?').get(id) as RunRow | undefined;
    if (!row) throw new Error(`drift run ${id} is not in the history`);
    return toRun(row);
  }

  private insertRun(run: {
    scope: string | null;
    startedAt: string;
    finishedAt: string;
    complete: boolean;
    items: number | null;
    bySeverity: Record<Severity, number> | null;
    byType: Record<DriftType, number> | null;
    error: string | null;
  }): number {
    const result = this.db
      .prepare(
        `INSERT INTO drift_runs (scope, started_at, finished_at, complete, items, by_severity, by_type, error)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        run.scope,
        run.startedAt,
        run.finishedAt,
        run.complete ? 1 : 0,
        run.items,
        run.bySeverity ? JSON.stringify(run.bySeverity) : null,
        run.byType ? JSON.stringify(run.byType) : null,
        run.error,
      );
    return Number(result.lastInsertRowid);
  }

  private resolveAbsent(scope: string, present: Set<string>, at: string): FindingRecord[] {
    const openRows = this.db.prepare('SELECT * FROM drift_findings WHERE scope = ? AND resolved_at IS NULL').all(scope) as FindingRow[];
    const close = this.db.prepare(
      'UPDATE drift_findings SET resolved_at = ?, resolution = ? WHERE scope = ? AND item_id = ? AND resolved_at IS NULL',
    );
    const resolved: FindingRecord[] = [];
    for (const row of openRows) {
      if (present.has(row.item_id)) continue;
      // Gone after a reverse sync: the Git change was merged. Otherwise someone fixed it by hand (or it was deleted).
      const resolution: Resolution = row.sync_ref !== null ? 'synced' : 'gone';
      close.run(at, resolution, scope, row.item_id);
      resolved.push(toFinding({ ...row, resolved_at: at, resolution }));
    }
    return resolved;
  }
}

function toFinding(row: FindingRow): FindingRecord {
  return {
    scope: row.scope,
    itemId: row.item_id,
    type: row.type as DriftType,
    severity: row.severity as Severity,
    resourceType: row.resource_type,
    logicalId: row.logical_id,
    physicalId: row.physical_id,
    phase: row.phase,
    firstSeen: row.first_seen,
    lastSeen: row.last_seen,
    firstRunId: row.first_run_id,
    lastRunId: row.last_run_id,
    resolvedAt: row.resolved_at,
    resolution: row.resolution as Resolution | null,
    syncRef: row.sync_ref,
  };
}

function toRun(row: RunRow): RunRecord {
  return {
    id: row.id,
    scope: row.scope,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    complete: row.complete === 1,
    items: row.items,
    bySeverity: row.by_severity ? (JSON.parse(row.by_severity) as Record<Severity, number>) : null,
    byType: row.by_type ? (JSON.parse(row.by_type) as Record<DriftType, number>) : null,
    healed: row.healed,
    error: row.error,
  };
}
