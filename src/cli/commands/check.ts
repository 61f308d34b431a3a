// `ialctl drift check` and `ialctl drift diff`.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig, type Config } from '../../config/index.js';
import { inventoryOf, renderDiff, renderJson, renderMarkdown, renderSarif, renderText, type ItemSighting } from '../../drift/report/index.js';
import { escapeControls } from '../../drift/report/sanitize.js';
import { severityRank, type DriftReport, type Severity } from '../../drift/model.js';
import { isFullyCompared } from '../../drift/report/coverage.js';
import { packageRoot } from '../../engine/package-root.js';
import { STATE_DB_FILE } from '../../state/db.js';
import { runCheck, type CheckResult, type LiveSource } from '../../engine/check.js';
import { UsageError } from '../../engine/errors.js';
import { resolveLanguage, type Lang } from '../../i18n/index.js';
import { stackMessages } from '../../i18n/stacks.js';
import { formatDiagnostic } from '../../drift/diagnostics.js';
import { sanitizeInline } from '../../drift/report/sanitize.js';
import type { CliIo, GlobalOptions } from '../main.js';

export interface Session {
  config: Config;
  lang: Lang;
  color: boolean;
  source: LiveSource;
}

export function openSession(globals: GlobalOptions, io: CliIo, snapshot?: string): Session {
  const config = loadConfig({ ...(globals.config !== undefined ? { file: globals.config } : {}), env: io.env, cwd: io.cwd });
  let lang: Lang;
  try {
    const flag = globals.lang ?? (config.language === 'auto' ? undefined : config.language);
    lang = resolveLanguage(flag, io.env);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (globals.demo && snapshot) throw new UsageError('--demo and --snapshot cannot be combined', 'the demo already uses its bundled sandbox snapshot');
  const source: LiveSource = globals.demo
    ? { kind: 'demo' }
    : snapshot
      ? { kind: 'snapshot', file: snapshot }
      : {
          kind: 'aws',
          ...(globals.region ? { region: globals.region } : {}),
          ...(globals.profile ? { profile: globals.profile } : {}),
          ...(globals.endpointUrl ? { endpointUrl: globals.endpointUrl } : {}),
          ...(globals.debug ? { debug: true } : {}),
        };
  return { config, lang, color: colorEnabled(io), source };
}

/** Colors only on a terminal, never with NO_COLOR (https://no-color.org), always with FORCE_COLOR. */
export function colorEnabled(io: CliIo): boolean {
  if (io.env['NO_COLOR'] !== undefined && io.env['NO_COLOR'] !== '') return false;
  if (io.env['FORCE_COLOR'] !== undefined && io.env['FORCE_COLOR'] !== '0') return true;
  return io.stdout.isTTY === true;
}

async function check(globals: GlobalOptions, io: CliIo, session: Session): Promise<CheckResult> {
  return runCheck({
    cwd: io.cwd,
    ...(globals.phases !== undefined ? { phasesDir: globals.phases } : {}),
    parameterOverrides: globals.param ?? {},
    config: session.config,
    source: session.source,
    now: io.now(),
  });
}

/**
 * 0 in sync, 2 drift found, 1 incomplete: a read failed or declared resources were not compared (a
 * partial answer must never look like a clean one, so this wins over drift and over `failOn`). With
 * `failOn`, only drift at or above that severity counts for the 2.
 */
export function exitCodeFor(report: DriftReport, failOn?: Severity): number {
  if (!isFullyCompared(report)) return 1;
  const counted = failOn === undefined ? report.items : report.items.filter((i) => severityRank(i.severity) >= severityRank(failOn));
  return counted.length > 0 ? 2 : 0;
}

/** ialctl's version, from its package.json (shown as the SARIF tool version). */
export function ialctlVersion(): string {
  const pkg = JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}

/**
 * New/known marks from the drift history that `drift watch` keeps, when there is one. Read-only in
 * spirit: a check never records anything, and a history it cannot read only costs the marks.
 */
async function sightings(report: DriftReport, config: Config, io: CliIo): Promise<Map<string, ItemSighting> | undefined> {
  const stateDir = path.resolve(io.cwd, config.stateDir);
  if (!existsSync(path.join(stateDir, STATE_DB_FILE))) return undefined;
  const [{ openStateDb }, { DriftHistory }] = await Promise.all([import('../../state/db.js'), import('../../engine/history.js')]);
  let db: ReturnType<typeof openStateDb> | undefined;
  try {
    db = openStateDb(stateDir);
    const history = new DriftHistory(db);
    // A state store holding only a heal journal has seen no check: "new" would mean nothing.
    return history.runs(1).length > 0 ? history.annotate(report) : undefined;
  } catch (error) {
    io.stderr.write(`ialctl: drift history not shown: ${escapeControls((error as Error).message)}\n`);
    return undefined;
  } finally {
    db?.close();
  }
}

export async function checkCommand(
  globals: GlobalOptions,
  opts: { format: string; snapshot?: string; detail?: boolean; failOn?: Severity },
  io: CliIo,
): Promise<number> {
  const session = openSession(globals, io, opts.snapshot);
  const { report, desired } = await check(globals, io, session);
  writeWarnings(report, session.lang, io);
  const history = await sightings(report, session.config, io);
  switch (opts.format) {
    case 'json':
      io.stdout.write(renderJson(report, history ? { history } : {}));
      break;
    case 'markdown':
      io.stdout.write(renderMarkdown(report, { lang: session.lang }));
      break;
    case 'sarif':
      io.stdout.write(renderSarif(report, { lang: session.lang, toolVersion: ialctlVersion(), declared: desired.resources }));
      break;
    default:
      io.stdout.write(
        renderText(report, {
          lang: session.lang,
          color: session.color,
          ...(io.stdout.columns ? { width: io.stdout.columns } : {}),
          detail: opts.detail === true,
          ...(history ? { history } : {}),
          command: suggestedCommand(globals),
        }),
      );
  }
  return exitCodeFor(report, opts.failOn);
}

/** The prefix of the commands a report suggests: they must run as printed (the demo needs --demo). */
export function suggestedCommand(globals: GlobalOptions): string {
  const parts = ['ialctl'];
  if (globals.demo) parts.push('--demo');
  if (globals.lang !== undefined) parts.push('--lang', globals.lang);
  if (globals.phases !== undefined) parts.push('--phases', shellWord(globals.phases));
  return parts.join(' ');
}

function shellWord(word: string): string {
  return /^[\w./:=@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Phase-file warnings go to stderr in every format: stdout stays the report a tool parses. */
function writeWarnings(report: DriftReport, lang: Lang, io: CliIo): void {
  const warnings = report.warnings ?? [];
  if (warnings.length === 0) return;
  const lines = warnings.map((w) => sanitizeInline(formatDiagnostic(w).replace(/\n\s*/g, ' — ')));
  io.stderr.write(`${stackMessages(lang).warningsHeader(warnings.length)}\n${lines.map((l) => `  ${l}`).join('\n')}\n`);
}

export async function diffCommand(
  globals: GlobalOptions,
  opts: { resource?: string; snapshot?: string },
  io: CliIo,
): Promise<number> {
  const session = openSession(globals, io, opts.snapshot);
  const { report, desired, live } = await check(globals, io, session);
  const result = renderDiff(report, {
    lang: session.lang,
    color: session.color,
    ...(opts.resource ? { resource: opts.resource } : {}),
    inventory: inventoryOf(desired.resources, live),
  });
  if (!result.found) {
    io.stderr.write(result.text);
    return 1;
  }
  io.stdout.write(result.text);
  // For one resource the code is about that resource: in sync 0, drift 2 (README: in sync = 0).
  if (result.inSync) return report.complete ? 0 : 1;
  return exitCodeFor(report);
}
