// `ialctl drift watch`, `drift pause`, `drift resume`, `drift history` and `ialctl alarm-template`:
// continuous monitoring. Only commander is loaded up front; the engine, the state store and the AWS
// SDK load inside the actions.
import { InvalidArgumentError, Option, type Command } from 'commander';
import { CHECK_INTERVAL_BOUNDS, PAUSE_BOUNDS, parseBoundedDuration, type DurationBounds } from '../../config/duration.js';
import type { HealStep, ReverseSyncStep } from '../../engine/watch.js';
import type { CommandRegistry } from '../main.js';

export interface WatchOptions {
  /** As written (validated): `6h`, `30m`, `2s`. */
  interval?: string;
  once?: boolean;
  snapshot?: string;
  format: 'text' | 'json';
}

export interface PauseOptions {
  /** As written (validated). */
  for?: string;
  scope?: string;
  reason?: string;
  list?: boolean;
}

export interface HistoryOptions {
  all?: boolean;
  runs: number;
  format: 'text' | 'json';
}

export interface AlarmTemplateCliOptions {
  interval?: string;
  topicName?: string;
}

/** Seams for tests and for wiring the unattended steps. */
export interface WatchCommandDeps {
  /** Where SIGINT/SIGTERM come from; default `process`. */
  signals?: NodeJS.EventEmitter;
  /** Ends the process at once on a second signal; default `process.exit`. */
  exit?: (code: number) => void;
  /** Replaces the unattended heal step (default: the heal engine, when this build has one). */
  heal?: HealStep | null;
  /** Replaces the automatic reverse-sync step (default: the reverse-sync engine, when this build has one). */
  reverseSync?: ReverseSyncStep | null;
  /** How the loop waits between runs and measures them; default real timers and performance.now. */
  schedule?: WatchSchedule;
}

/** Validates a duration flag against its bounds and keeps it as written, so messages can show it back. */
function duration(bounds: DurationBounds): (value: string) => string {
  return (value) => {
    try {
      parseBoundedDuration(value, bounds);
    } catch (error) {
      throw new InvalidArgumentError((error as Error).message);
    }
    return value.trim();
  };
}

/** How the watch loop waits and measures time: real timers in the product, a virtual clock in tests. */
export interface WatchSchedule {
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Monotonic milliseconds. */
  clock: () => number;
}

const MAX_HISTORY_RUNS = 10_000;

function positiveInt(value: string): number {
  const n = value.trim() === '' ? Number.NaN : Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_HISTORY_RUNS) {
    throw new InvalidArgumentError(`expected a whole number from 1 to ${MAX_HISTORY_RUNS}, got "${value}"`);
  }
  return n;
}

export function registerWatch(r: CommandRegistry, deps: WatchCommandDeps = {}): void {
  r.drift
    .command('watch')
    .description('check on a schedule: record history, publish CloudWatch metrics, notify through SNS, heal eligible drift unattended')
    .option('--interval <duration>', 'time between runs, 1m to 30d (default drift.check_interval or IAL_DRIFT_CHECK_INTERVAL, e.g. 6h, 30m)', duration(CHECK_INTERVAL_BOUNDS))
    .option('--once', 'run one check and exit (for cron, EventBridge, CI): exit 1 when the check failed, was incomplete or left declared resources not compared')
    .option('--snapshot <file>', 'check a saved snapshot instead of AWS (no metrics, no notifications)')
    .addOption(new Option('--format <format>', 'one line per run (text) or one JSON object per run (json)').choices(['text', 'json']).default('text'))
    .exitOverride()
    .action(async (opts: WatchOptions, cmd: Command) => {
      const { watchCommand } = await import('./watch-run.js');
      r.setExitCode(await watchCommand(r.globals(cmd), opts, r.io, deps));
    });

  r.drift
    .command('pause')
    .description('pause unattended healing (drift is still detected and reported); pauses end on their own')
    .option('--for <duration>', 'how long, 1m to 366d, e.g. 2h, 30m, 1d', duration(PAUSE_BOUNDS))
    .option('--scope <scope>', 'phase:NAME or resource:ID (logical or physical id); default: everything')
    .option('--reason <text>', 'why, shown in watch output and history')
    .option('--list', 'show the active pauses')
    .exitOverride()
    .action(async (opts: PauseOptions, cmd: Command) => {
      const { pauseCommand } = await import('./watch-state.js');
      r.setExitCode(await pauseCommand(r.globals(cmd), opts, r.io));
    });

  r.drift
    .command('resume')
    .description('end pauses early: those of --scope, or all of them')
    .option('--scope <scope>', 'phase:NAME or resource:ID; default: every active pause')
    .exitOverride()
    .action(async (opts: { scope?: string }, cmd: Command) => {
      const { resumeCommand } = await import('./watch-state.js');
      r.setExitCode(await resumeCommand(r.globals(cmd), opts, r.io));
    });

  r.drift
    .command('history [resource]')
    .description('since when has it drifted? Open findings, or every episode of one resource (logical or physical id)')
    .option('--all', 'include resolved findings (healed, synced or gone)')
    .option('--runs <n>', 'how many recent watch runs to list', positiveInt, 5)
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .exitOverride()
    .action(async (resource: string | undefined, opts: HistoryOptions, cmd: Command) => {
      const { historyCommand } = await import('./watch-state.js');
      r.setExitCode(await historyCommand(r.globals(cmd), { ...opts, ...(resource ? { resource } : {}) }, r.io));
    });

  r.program
    .command('alarm-template')
    .description('print the CloudFormation for the SNS topic and the CloudWatch alarms on the metrics drift watch publishes')
    .option('--interval <duration>', 'watch interval the alarm periods are sized for (default drift.check_interval)', duration(CHECK_INTERVAL_BOUNDS))
    .option('--topic-name <name>', 'SNS topic name', 'ialctl-drift')
    .exitOverride()
    .action(async (opts: AlarmTemplateCliOptions, cmd: Command) => {
      const { alarmTemplateCommand } = await import('./watch-state.js');
      r.setExitCode(await alarmTemplateCommand(r.globals(cmd), opts, r.io));
    });
}
