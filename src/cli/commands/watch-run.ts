// `ialctl drift watch`: wires the real world into the watch loop (the check, the state store, the
// CloudWatch and SNS publishers, the signals) and prints each run.
import path from 'node:path';
import type { Config } from '../../config/index.js';
import { parseDuration } from '../../config/duration.js';
import { createMetricsPublisher, createSnsNotifier, type MetricsPublisher, type SnsNotifier } from '../../aws/alerts.js';
import { METRIC_NAMESPACE } from '../../aws/metrics.js';
import { runCheck } from '../../engine/check.js';
import { DriftHistory } from '../../engine/history.js';
import { PauseStore } from '../../engine/pauses.js';
import { acquireLease } from '../../engine/run-lease.js';
import { runWatchCycle, watchLoop, type WatchCycleDeps } from '../../engine/watch.js';
import { createComposer } from '../../engine/watch-messages.js';
import { automaticReverseSyncStep, unattendedHealStep } from '../../engine/watch-steps.js';
import { STATE_DB_FILE, openStateDb } from '../../state/db.js';
import { watchMessages } from '../../i18n/watch.js';
import type { Lang } from '../../i18n/index.js';
import type { CliIo, GlobalOptions } from '../main.js';
import { openSession } from './check.js';
import type { WatchCommandDeps, WatchOptions } from './watch.js';
import { cycleJson, cycleLine } from './watch-output.js';

/** Name of the lease that keeps two watch runs on one state store from overlapping. */
const LEASE_NAME = 'drift-watch';
// Covers a dead holder on another host (same-host holders are checked by pid at once): longer than
// any real run, short enough that a crashed scheduler host does not stop monitoring for long.
const LEASE_TTL_MS = 3 * 3_600_000;

export async function watchCommand(globals: GlobalOptions, opts: WatchOptions, io: CliIo, deps: WatchCommandDeps = {}): Promise<number> {
  const session = openSession(globals, io, opts.snapshot);
  const { config, source } = session;
  const intervalText = opts.interval ?? config.drift.checkInterval;
  const intervalMs = opts.interval ? parseDuration(opts.interval) : config.drift.checkIntervalMs;
  const notifyLang: Lang = config.notifications.language === 'auto' ? session.lang : config.notifications.language;
  const msg = watchMessages(session.lang).watch;
  const out = (line: string) => io.stdout.write(`${line}\n`);
  // Banner and signal notes go to stderr with --format json, so stdout stays one JSON object per line.
  const note = opts.format === 'json' ? (line: string) => io.stderr.write(`${line}\n`) : out;

  const stateDir = path.resolve(io.cwd, config.stateDir);
  const db = openStateDb(stateDir);
  const history = new DriftHistory(db);
  const pauses = new PauseStore(db);

  const fromAws = source.kind === 'aws';
  const awsTarget = fromAws
    ? {
        ...(source.region ? { region: source.region } : {}),
        ...(source.profile ? { profile: source.profile } : {}),
        ...(source.endpointUrl ? { endpointUrl: source.endpointUrl } : {}),
        env: io.env,
      }
    : undefined;
  let metrics: MetricsPublisher | undefined;
  let notifier: SnsNotifier | undefined;
  const stop = new AbortController();
  const signals = deps.signals ?? process;
  const exit = deps.exit ?? ((code: number) => process.exit(code));
  let signalsSeen = 0;
  const onSignal = () => {
    signalsSeen++;
    if (signalsSeen === 1) {
      note(msg.stopping);
      stop.abort();
    } else {
      exit(130);
    }
  };
  signals.on('SIGINT', onSignal);
  signals.on('SIGTERM', onSignal);

  try {
    if (awsTarget && config.watch.publishMetrics) metrics = createMetricsPublisher(awsTarget);
    if (awsTarget && config.notifications.snsTopicArn) notifier = createSnsNotifier(config.notifications.snsTopicArn, awsTarget);

    const banner = [opts.once ? msg.once : msg.starting(intervalText, Math.round(config.watch.jitter * 100))];
    banner.push(
      !fromAws
        ? msg.metricsOffSource
        : !metrics
          ? msg.metricsOffConfig
          : msg.metricsOn(METRIC_NAMESPACE, awsTarget?.region ?? io.env['AWS_REGION'] ?? io.env['AWS_DEFAULT_REGION'] ?? '(profile region)'),
    );
    banner.push(!fromAws ? msg.notifyOffSource : notifier ? msg.notifyOn(notifier.topicArn) : msg.notifyOff);
    // Healing and reverse sync act on an account: a saved state (demo, snapshot) is re-read as it was
    // every run, so they would "fix" the same drift forever.
    const autoHeal = fromAws && config.autoHeal.enabled;
    const reverseSyncAuto = fromAws && config.reverseSync.auto;
    banner.push(
      !config.autoHeal.enabled
        ? msg.autoHealOff
        : !fromAws
          ? msg.autoHealOffSource
          : msg.autoHealOn(config.autoHeal.severityLimit, config.autoHeal.maxResources),
    );
    banner.push(!config.reverseSync.auto ? msg.reverseSyncOff : !fromAws ? msg.reverseSyncOffSource : msg.reverseSyncOn);
    banner.push(msg.stateAt(path.join(path.relative(io.cwd, stateDir) || '.', STATE_DB_FILE)));
    if (!opts.once) banner.push(msg.stopHint);
    for (const line of banner) note(line);

    const cycleDeps: WatchCycleDeps = {
      check: (now) =>
        runCheck({
          cwd: io.cwd,
          ...(globals.phases !== undefined ? { phasesDir: globals.phases } : {}),
          parameterOverrides: globals.param ?? {},
          config: uncapped(config),
          source,
          now,
        }),
      history,
      pauses: (now) => pauses.active(now),
      freezeWindows: config.autoHeal.freezeWindows,
      autoHeal: { enabled: autoHeal, maxResources: config.autoHeal.maxResources },
      reverseSyncAuto,
      compose: createComposer(notifyLang),
      acquireLease: (now) => acquireLease(db, { name: LEASE_NAME, now, ttlMs: LEASE_TTL_MS }),
      now: io.now,
      ...(metrics ? { publishMetrics: metrics.publish.bind(metrics) } : {}),
      ...(notifier ? { notify: (n) => notifier!.send(n) } : {}),
    };
    const heal = resolveStep(deps.heal, autoHeal ? unattendedHealStep({ config: uncapped(config), source, db, now: io.now }) : undefined);
    const reverseSync = resolveStep(
      deps.reverseSync,
      reverseSyncAuto
        ? automaticReverseSyncStep({
            cwd: io.cwd,
            ...(globals.phases !== undefined ? { phasesDir: globals.phases } : {}),
            parameterOverrides: globals.param ?? {},
            config,
            source,
            env: io.env,
            lang: session.lang,
            now: io.now,
          })
        : undefined,
    );
    if (heal) cycleDeps.heal = heal;
    if (reverseSync) cycleDeps.reverseSync = reverseSync;

    const { runs, last } = await watchLoop({
      intervalMs,
      jitter: config.watch.jitter,
      once: opts.once === true,
      signal: stop.signal,
      runCycle: (signal) => runWatchCycle(cycleDeps, signal),
      ...(deps.schedule ? { sleep: deps.schedule.sleep, clock: deps.schedule.clock } : {}),
      onCycle: (result, nextInMs) => io.stdout.write(opts.format === 'json' ? cycleJson(result, nextInMs) : `${cycleLine(result, nextInMs, session.lang)}\n`),
    });
    if (!opts.once) note(msg.stopped(runs));
    // As for `drift check`: a run that could not compare every declared resource is not a clean pass.
    const notCompared = (last?.report?.summary.notChecked ?? 0) > 0;
    if (opts.once && (last?.status === 'failed' || last?.status === 'incomplete' || notCompared)) return 1;
    return 0;
  } finally {
    signals.removeListener('SIGINT', onSignal);
    signals.removeListener('SIGTERM', onSignal);
    metrics?.destroy();
    notifier?.destroy();
    db.close();
  }
}

/**
 * The check runs without the max_resources cap: the watch gate applies it after the pauses, so that
 * paused items do not use up the places of healable ones.
 */
function uncapped(config: Config): Config {
  return { ...config, autoHeal: { ...config.autoHeal, maxResources: Number.MAX_SAFE_INTEGER } };
}

/** An injected step wins (null = none, so the run reports the step as unavailable); else the engine's. */
function resolveStep<T>(injected: T | null | undefined, builtIn: T | undefined): T | undefined {
  if (injected === null) return undefined;
  return injected ?? builtIn;
}

