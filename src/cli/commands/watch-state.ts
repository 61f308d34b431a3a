// `ialctl drift pause`, `drift resume`, `drift history` and `ialctl alarm-template`: the commands that
// read or change the watch state without running a check.
import { safeJson } from '../../drift/report/sanitize.js';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseDuration } from '../../config/duration.js';
import { alarmTemplate } from '../../aws/alarm-template.js';
import { SEVERITIES } from '../../drift/model.js';
import { sanitizeInline } from '../../drift/report/sanitize.js';
import { loadDesired } from '../../engine/check.js';
import { UsageError } from '../../engine/errors.js';
import { DriftHistory, type FindingRecord, type RunRecord } from '../../engine/history.js';
import { formatPauseScope, parsePauseScope, PauseStore, SCOPE_HINT, type Pause, type PauseScope } from '../../engine/pauses.js';
import { catalogue, type Lang } from '../../i18n/index.js';
import { watchMessages } from '../../i18n/watch.js';
import { STATE_DB_FILE, openStateDb, type StateDb } from '../../state/db.js';
import type { CliIo, GlobalOptions } from '../main.js';
import { openSession, type Session } from './check.js';
import type { AlarmTemplateCliOptions, HistoryOptions, PauseOptions } from './watch.js';

function stateDirOf(session: Session, io: CliIo): string {
  return path.resolve(io.cwd, session.config.stateDir);
}

function withDb<T>(dir: string, use: (db: StateDb) => T): T {
  const db = openStateDb(dir);
  try {
    return use(db);
  } finally {
    db.close();
  }
}

function scopeFrom(text: string | undefined): PauseScope {
  try {
    return parsePauseScope(text);
  } catch (error) {
    throw new UsageError((error as Error).message, SCOPE_HINT);
  }
}

function scopeLabel(scope: PauseScope, lang: Lang): string {
  return scope.kind === 'all' ? watchMessages(lang).pause.everything : sanitizeInline(formatPauseScope(scope));
}

export async function pauseCommand(globals: GlobalOptions, opts: PauseOptions, io: CliIo): Promise<number> {
  const session = openSession(globals, io);
  const msg = watchMessages(session.lang).pause;
  const dir = stateDirOf(session, io);
  if (opts.list) {
    const active = withDb(dir, (db) => new PauseStore(db).active(io.now()));
    io.stdout.write(listPauses(active, session.lang));
    return 0;
  }
  if (opts.for === undefined) {
    throw new UsageError('drift pause needs --for DURATION', 'e.g. `ialctl drift pause --for 2h --scope phase:40-data --reason "DB migration"`; `--list` shows the active pauses');
  }
  const scope = scopeFrom(opts.scope);
  const pause = withDb(dir, (db) =>
    new PauseStore(db).add({ scope, durationMs: parseDuration(opts.for!), reason: opts.reason ?? null, now: io.now() }),
  );
  const lines = [msg.paused(scopeLabel(pause.scope, session.lang), pause.until)];
  if (pause.reason) lines.push(msg.reason(sanitizeInline(pause.reason)));
  lines.push(msg.detectedNotHealed);
  const warning = unmatchedScopeWarning(globals, io, scope);
  if (warning) lines.push(warning);
  io.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

/** A pause on a phase or logical id that the phase files do not have is most likely a typo. */
function unmatchedScopeWarning(globals: GlobalOptions, io: CliIo, scope: PauseScope): string | undefined {
  if (scope.kind === 'all') return undefined;
  let desired;
  try {
    desired = loadDesired({
      cwd: io.cwd,
      ...(globals.phases !== undefined ? { phasesDir: globals.phases } : {}),
      source: globals.demo ? { kind: 'demo' } : { kind: 'aws' },
      parameterOverrides: globals.param ?? {},
    });
  } catch {
    return undefined; // no readable phases here: nothing to compare the scope with
  }
  if (scope.kind === 'phase' && !desired.resources.some((r) => r.phase === scope.name)) {
    const phases = [...new Set(desired.resources.map((r) => r.phase))].join(', ');
    return `warning: no phase named ${sanitizeInline(scope.name)} in the phase files (phases: ${phases})`;
  }
  if (scope.kind === 'resource' && !desired.resources.some((r) => r.logicalId === scope.id)) {
    return `warning: ${sanitizeInline(scope.id)} is not a logical id in the phase files; the pause only applies if it is a physical id`;
  }
  return undefined;
}

function listPauses(active: readonly Pause[], lang: Lang): string {
  const msg = watchMessages(lang).pause;
  if (active.length === 0) return `${msg.noneActive}\n`;
  const lines = [msg.activeTitle];
  for (const p of active) lines.push(msg.activeLine(scopeLabel(p.scope, lang), p.until, p.reason ? sanitizeInline(p.reason) : null));
  return `${lines.join('\n')}\n`;
}

export async function resumeCommand(globals: GlobalOptions, opts: { scope?: string }, io: CliIo): Promise<number> {
  const session = openSession(globals, io);
  const msg = watchMessages(session.lang).pause;
  const scope = opts.scope === undefined ? undefined : scopeFrom(opts.scope);
  const ended = withDb(stateDirOf(session, io), (db) => new PauseStore(db).resume(scope, io.now()));
  io.stdout.write(`${ended.length > 0 ? msg.resumed(ended.length) : msg.noneToResume}\n`);
  return 0;
}

export async function historyCommand(globals: GlobalOptions, opts: HistoryOptions & { resource?: string }, io: CliIo): Promise<number> {
  const session = openSession(globals, io);
  const msg = watchMessages(session.lang).history;
  const dir = stateDirOf(session, io);
  const file = path.join(dir, STATE_DB_FILE);
  if (!existsSync(file)) {
    if (opts.format === 'json') io.stdout.write(`${JSON.stringify({ findings: [], runs: [] }, null, 2)}\n`);
    else io.stdout.write(`${msg.noHistory(path.relative(io.cwd, file) || file)}\n`);
    return 0;
  }
  const { findings, runs } = withDb(dir, (db) => {
    const history = new DriftHistory(db);
    return {
      findings: history.findings({ ...(opts.resource !== undefined ? { resource: opts.resource } : {}), includeResolved: opts.all === true }),
      runs: history.runs(opts.runs),
    };
  });
  if (opts.format === 'json') {
    io.stdout.write(`${safeJson({ findings, runs }, 2)}\n`);
    return 0;
  }
  io.stdout.write(renderHistory(findings, runs, opts.resource, session.lang));
  return 0;
}

export function renderHistory(findings: readonly FindingRecord[], runs: readonly RunRecord[], resource: string | undefined, lang: Lang): string {
  const msg = watchMessages(lang).history;
  const common = catalogue(lang).common;
  const lines: string[] = [];
  if (findings.length === 0) {
    lines.push(resource !== undefined ? msg.notFound(sanitizeInline(resource)) : msg.noFindings);
  } else {
    lines.push(resource !== undefined ? msg.resourceTitle(sanitizeInline(resource)) : msg.openTitle);
    const ordered = [...findings].sort(
      (a, b) =>
        Number(a.resolvedAt !== null) - Number(b.resolvedAt !== null) ||
        SEVERITIES.indexOf(b.severity) - SEVERITIES.indexOf(a.severity) ||
        a.firstSeen.localeCompare(b.firstSeen),
    );
    for (const f of ordered) {
      const name = f.logicalId !== null && f.physicalId !== null ? `${f.logicalId} (${f.physicalId})` : (f.logicalId ?? f.physicalId ?? f.resourceType);
      const title = [common.driftType[f.type], f.resourceType, name, f.scope].map((s) => sanitizeInline(s)).join(' · ');
      lines.push(`  [${common.severity[f.severity].toUpperCase()}] ${title}`);
      lines.push(
        f.resolvedAt === null || f.resolution === null
          ? `    ${msg.driftingSince(f.firstSeen, f.lastSeen)}`
          : `    ${msg.resolvedLine(f.firstSeen, f.resolvedAt, msg.resolution[f.resolution])}`,
      );
    }
  }
  if (runs.length > 0) {
    lines.push('', msg.lastRuns);
    for (const r of runs) {
      const status =
        r.items === null
          ? msg.runStatus.failed(sanitizeInline(r.error ?? ''))
          : r.complete
            ? msg.runStatus.complete(r.items)
            : msg.runStatus.incomplete(sanitizeInline(r.error ?? ''));
      lines.push(msg.runLine(r.id, r.startedAt, status));
    }
  }
  return `${lines.join('\n')}\n`;
}

export async function alarmTemplateCommand(globals: GlobalOptions, opts: AlarmTemplateCliOptions, io: CliIo): Promise<number> {
  const session = openSession(globals, io);
  const intervalMs = opts.interval !== undefined ? parseDuration(opts.interval) : session.config.drift.checkIntervalMs;
  io.stdout.write(
    alarmTemplate({ intervalMs, jitter: session.config.watch.jitter, ...(opts.topicName !== undefined ? { topicName: opts.topicName } : {}) }),
  );
  return 0;
}
