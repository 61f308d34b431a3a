// The heal journal: an append-only record, in the state database, of every healing run and of each
// action before it is sent to AWS and after it is verified. The database runs in WAL mode with
// synchronous=FULL, so an entry written before a call survives a crash during the call.
import type { HealAction, HealMode, HealPlan } from '../drift/heal-model.js';
import type { Json } from '../drift/model.js';
import { applyMigrations, type Migration, type StateDb } from '../state/db.js';

export type ActionStatus = 'healed' | 'failed' | 'verify_failed';
export type RunKind = 'heal' | 'undo';

const MIGRATIONS: readonly Migration[] = [
  {
    id: 'journal-001',
    sql: `
      CREATE TABLE heal_runs (
        run_id      TEXT PRIMARY KEY,
        plan_id     TEXT NOT NULL,
        kind        TEXT NOT NULL CHECK (kind IN ('heal', 'undo')),
        undo_of     TEXT,
        mode        TEXT NOT NULL,
        approved_by TEXT NOT NULL,
        scope       TEXT NOT NULL,
        started_at  TEXT NOT NULL,
        plan_json   TEXT NOT NULL
      );
      CREATE TABLE heal_journal (
        seq           INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id        TEXT NOT NULL REFERENCES heal_runs (run_id),
        plan_id       TEXT NOT NULL,
        action_index  INTEGER NOT NULL,
        phase         TEXT NOT NULL CHECK (phase IN ('before', 'after')),
        item_id       TEXT NOT NULL,
        resource_type TEXT NOT NULL,
        physical_id   TEXT NOT NULL,
        operation     TEXT NOT NULL,
        previous_json TEXT NOT NULL,
        intended_json TEXT NOT NULL,
        action_json   TEXT NOT NULL,
        approved_by   TEXT NOT NULL,
        status        TEXT NOT NULL,
        error         TEXT,
        at            TEXT NOT NULL
      );
      CREATE INDEX heal_journal_plan ON heal_journal (plan_id, seq);
      CREATE INDEX heal_journal_run ON heal_journal (run_id, seq);
    `,
  },
  {
    // Outcomes learned afterwards: an interrupted action reconciled by re-reading AWS, a write whose
    // answer was lost. `note` says how the outcome was established.
    id: 'journal-002',
    sql: `
      ALTER TABLE heal_journal ADD COLUMN note TEXT;
      ALTER TABLE heal_journal ADD COLUMN reconciled INTEGER NOT NULL DEFAULT 0;
    `,
  },
];

export interface RunRecord {
  runId: string;
  planId: string;
  kind: RunKind;
  /** For an undo run: the plan whose heal it reverses. */
  undoOf: string | null;
  mode: HealMode;
  approvedBy: string;
  /** Account and region the run wrote to (`aws:<account>:<region>`). */
  scope: string;
  startedAt: string;
}

export interface JournalEntry {
  seq: number;
  runId: string;
  planId: string;
  actionIndex: number;
  phase: 'before' | 'after';
  itemId: string;
  resourceType: string;
  physicalId: string;
  operation: string;
  /** path → value before the action (null: absent). */
  previous: Record<string, Json>;
  /** path → value the action writes (null: removed). */
  intended: Record<string, Json>;
  approvedBy: string;
  /** `started` before the call; the outcome after it. */
  status: 'started' | ActionStatus;
  error: string | null;
  /** How the outcome was established when it was not the call's own answer (re-read after a lost answer, reconciliation). */
  note: string | null;
  /** True on an outcome written by a later run that re-read AWS after this one was interrupted. */
  reconciled: boolean;
  at: string;
}

export interface ExecutedAction {
  action: HealAction;
  /** `started`: interrupted and not reconciled yet, so it may have reached AWS. */
  status: ActionStatus | 'started';
}

/** An action journaled as started with no outcome: its process stopped during the call. */
export interface InterruptedAction {
  run: RunRecord;
  index: number;
  action: HealAction;
  startedAt: string;
}

export interface AfterDetails {
  note?: string | null;
  reconciled?: boolean;
}

export interface RunSummary extends RunRecord {
  actions: number;
  healed: number;
  failed: number;
  verifyFailed: number;
  /** Actions journaled as started with no outcome: the process stopped during the call. */
  interrupted: number;
}

interface EntryRow {
  seq: number;
  run_id: string;
  plan_id: string;
  action_index: number;
  phase: 'before' | 'after';
  item_id: string;
  resource_type: string;
  physical_id: string;
  operation: string;
  previous_json: string;
  intended_json: string;
  action_json: string;
  approved_by: string;
  status: JournalEntry['status'];
  error: string | null;
  note: string | null;
  reconciled: number;
  at: string;
}

interface RunRow {
  run_id: string;
  plan_id: string;
  kind: RunKind;
  undo_of: string | null;
  mode: HealMode;
  approved_by: string;
  scope: string;
  started_at: string;
}

/** A change list as `path → value`; set members (rules) are listed under their path. */
function byPath(action: HealAction, side: 'from' | 'to'): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const c of action.changes) {
    if (c.member) {
      const existing = out[c.path];
      const members = Array.isArray(existing) ? existing : [];
      if (c[side] !== null) members.push(c[side]);
      out[c.path] = members;
    } else {
      out[c.path] = c[side];
    }
  }
  return out;
}

export class HealJournal {
  constructor(private readonly db: StateDb) {
    applyMigrations(db, MIGRATIONS);
  }

  startRun(run: RunRecord, plan: HealPlan): void {
    this.db
      .prepare(
        `INSERT INTO heal_runs (run_id, plan_id, kind, undo_of, mode, approved_by, scope, started_at, plan_json)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(run.runId, run.planId, run.kind, run.undoOf, run.mode, run.approvedBy, run.scope, run.startedAt, JSON.stringify(plan));
  }

  /** Written before the AWS call: what is about to change, from what, to what, approved by whom. */
  before(run: RunRecord, index: number, action: HealAction, at: Date): void {
    this.append(run, index, action, 'before', 'started', null, at);
  }

  /** Written after the call and its verification: the outcome. */
  after(run: RunRecord, index: number, action: HealAction, status: ActionStatus, error: string | null, at: Date, details: AfterDetails = {}): void {
    this.append(run, index, action, 'after', status, error, at, details);
  }

  private append(
    run: RunRecord, index: number, action: HealAction, phase: 'before' | 'after', status: JournalEntry['status'], error: string | null, at: Date,
    details: AfterDetails = {},
  ): void {
    this.db
      .prepare(
        `INSERT INTO heal_journal (run_id, plan_id, action_index, phase, item_id, resource_type, physical_id, operation,
           previous_json, intended_json, action_json, approved_by, status, error, note, reconciled, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        run.runId, run.planId, index, phase, action.itemId, action.resourceType, action.physicalId, action.operation,
        JSON.stringify(byPath(action, 'from')), JSON.stringify(byPath(action, 'to')), JSON.stringify(action),
        run.approvedBy, status, error, details.note ?? null, details.reconciled ? 1 : 0, at.toISOString(),
      );
  }

  /** Actions started and never finished (oldest first), of runs on `scope` when given. */
  interrupted(scope?: string): InterruptedAction[] {
    const rows = this.db
      .prepare(
        `SELECT b.*, r.kind, r.undo_of, r.mode, r.scope, r.started_at
         FROM heal_journal b JOIN heal_runs r ON r.run_id = b.run_id
         WHERE b.phase = 'before'
           AND NOT EXISTS (SELECT 1 FROM heal_journal a WHERE a.run_id = b.run_id AND a.action_index = b.action_index AND a.phase = 'after')
         ORDER BY b.seq`,
      )
      .all() as Array<EntryRow & Omit<RunRow, 'run_id' | 'plan_id' | 'approved_by'>>;
    return rows
      .filter((r) => scope === undefined || r.scope === scope)
      .map((r) => ({
        run: toRun(r),
        index: r.action_index,
        action: JSON.parse(r.action_json) as HealAction,
        startedAt: r.at,
      }));
  }

  /** Entries oldest first; of one plan when given. */
  entries(planId?: string): JournalEntry[] {
    const rows = (
      planId === undefined
        ? this.db.prepare('SELECT * FROM heal_journal ORDER BY seq').all()
        : this.db.prepare('SELECT * FROM heal_journal WHERE plan_id = ? ORDER BY seq').all(planId)
    ) as EntryRow[];
    return rows.map((r) => ({
      seq: r.seq,
      runId: r.run_id,
      planId: r.plan_id,
      actionIndex: r.action_index,
      phase: r.phase,
      itemId: r.item_id,
      resourceType: r.resource_type,
      physicalId: r.physical_id,
      operation: r.operation,
      previous: JSON.parse(r.previous_json) as Record<string, Json>,
      intended: JSON.parse(r.intended_json) as Record<string, Json>,
      approvedBy: r.approved_by,
      status: r.status,
      error: r.error,
      note: r.note,
      reconciled: r.reconciled === 1,
      at: r.at,
    }));
  }

  /** Runs newest first, with their outcome counts. */
  runs(): RunSummary[] {
    const runs = this.db.prepare('SELECT * FROM heal_runs ORDER BY started_at DESC, rowid DESC').all() as RunRow[];
    const counts = this.db
      .prepare(
        `SELECT run_id, action_index, MAX(CASE WHEN phase = 'after' THEN status END) AS outcome
         FROM heal_journal GROUP BY run_id, action_index`,
      )
      .all() as Array<{ run_id: string; outcome: ActionStatus | null }>;
    return runs.map((r) => {
      const mine = counts.filter((c) => c.run_id === r.run_id);
      return {
        ...toRun(r),
        actions: mine.length,
        healed: mine.filter((c) => c.outcome === 'healed').length,
        failed: mine.filter((c) => c.outcome === 'failed').length,
        verifyFailed: mine.filter((c) => c.outcome === 'verify_failed').length,
        interrupted: mine.filter((c) => c.outcome === null).length,
      };
    });
  }

  /**
   * The actions of the latest run of `planId` whose AWS call went through or may have (healed, written
   * but not verified, interrupted with no outcome): what an undo must reverse. The undo plan still checks
   * each value against AWS, so an action that never landed is skipped there, never written twice.
   * Undefined when the plan was never run.
   */
  executedActions(planId: string): { run: RunRecord; actions: ExecutedAction[] } | undefined {
    const row = this.db
      .prepare('SELECT * FROM heal_runs WHERE plan_id = ? ORDER BY started_at DESC, rowid DESC LIMIT 1')
      .get(planId) as RunRow | undefined;
    if (!row) return undefined;
    const rows = this.db.prepare('SELECT * FROM heal_journal WHERE run_id = ? ORDER BY action_index, seq').all(row.run_id) as EntryRow[];
    const actions: ExecutedAction[] = [];
    for (const index of [...new Set(rows.map((r) => r.action_index))]) {
      const mine = rows.filter((r) => r.action_index === index);
      const last = mine.find((r) => r.phase === 'after') ?? mine.find((r) => r.phase === 'before');
      if (!last || last.status === 'failed') continue;
      actions.push({ action: JSON.parse(last.action_json) as HealAction, status: last.status });
    }
    return { run: toRun(row), actions };
  }
}

function toRun(r: RunRow): RunRecord {
  return {
    runId: r.run_id,
    planId: r.plan_id,
    kind: r.kind,
    undoOf: r.undo_of,
    mode: r.mode,
    approvedBy: r.approved_by,
    scope: r.scope,
    startedAt: r.started_at,
  };
}
