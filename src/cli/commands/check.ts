// `ialctl drift check` and `ialctl drift diff`.
import { loadConfig, type Config } from '../../config/index.js';
import { renderDiff, renderJson, renderMarkdown, renderText } from '../../drift/report/index.js';
import type { DriftReport } from '../../drift/model.js';
import { runCheck, type CheckResult, type LiveSource } from '../../engine/check.js';
import { UsageError } from '../../engine/errors.js';
import { resolveLanguage, type Lang } from '../../i18n/index.js';
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

/** 0 in sync, 2 drift found, 1 incomplete (a partial answer must never look like a clean one). */
export function exitCodeFor(report: DriftReport): number {
  if (!report.complete) return 1;
  return report.items.length > 0 ? 2 : 0;
}

export async function checkCommand(
  globals: GlobalOptions,
  opts: { format: string; snapshot?: string; detail?: boolean },
  io: CliIo,
): Promise<number> {
  const session = openSession(globals, io, opts.snapshot);
  const { report } = await check(globals, io, session);
  switch (opts.format) {
    case 'json':
      io.stdout.write(renderJson(report));
      break;
    case 'markdown':
      io.stdout.write(renderMarkdown(report, { lang: session.lang }));
      break;
    default:
      io.stdout.write(
        renderText(report, {
          lang: session.lang,
          color: session.color,
          ...(io.stdout.columns ? { width: io.stdout.columns } : {}),
          detail: opts.detail === true,
        }),
      );
  }
  return exitCodeFor(report);
}

export async function diffCommand(
  globals: GlobalOptions,
  opts: { resource?: string; snapshot?: string },
  io: CliIo,
): Promise<number> {
  const session = openSession(globals, io, opts.snapshot);
  const { report } = await check(globals, io, session);
  const result = renderDiff(report, { lang: session.lang, color: session.color, ...(opts.resource ? { resource: opts.resource } : {}) });
  if (!result.found) {
    io.stderr.write(result.text);
    return 1;
  }
  io.stdout.write(result.text);
  return exitCodeFor(report);
}
