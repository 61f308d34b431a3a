// How `drift watch` reports each run: one line of text, or one JSON object (JSON Lines) for log
// collectors. Pure.
import { safeJson } from '../../drift/report/sanitize.js';
import { sanitizeInline } from '../../drift/report/sanitize.js';
import type { Lang } from '../../i18n/index.js';
import { watchMessages } from '../../i18n/watch.js';
import type { CycleResult, HealOutcome, StepOutcome, SyncOutcome } from '../../engine/watch.js';

const SEP = ' · ';

/** `2s`, `1m 30s`, `5h 58m`, `1d 2h`: the two largest units. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`;
  const units: Array<[string, number]> = [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ];
  const parts: string[] = [];
  let rest = Math.round(ms / 1000) * 1000;
  for (const [unit, size] of units) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0 || parts.length > 0) parts.push(`${n}${unit}`);
    if (parts.length === 2) break;
  }
  return parts.filter((p) => !/^0[a-z]$/.test(p)).join(' ');
}

function seconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function cycleLine(result: CycleResult, nextInMs: number | null, lang: Lang): string {
  const msg = watchMessages(lang).watch;
  const parts = [msg.runLine(result.run?.id ?? 0, seconds(result.startedAt))];
  switch (result.status) {
    case 'skipped':
      parts.splice(0, 1, seconds(result.startedAt), msg.skipped(sanitizeInline(result.heldBy ?? '?')));
      break;
    case 'failed':
      parts.push(msg.failed(sanitizeInline(result.error ?? '')));
      break;
    case 'incomplete':
      parts.push(msg.incomplete(sanitizeInline(result.error ?? '')), msg.items(result.report?.items.length ?? 0, result.newItems));
      break;
    case 'complete':
      parts.push(msg.items(result.report?.items.length ?? 0, result.newItems));
      if (result.resolved > 0) parts.push(msg.resolved(result.resolved));
  }
  if (result.status !== 'skipped') {
    parts.push(step(result.metrics, msg.metrics));
    for (const n of result.notifications) parts.push(step(n.outcome, msg.notification));
    const heal = healText(result.heal, lang);
    if (heal) parts.push(heal);
    const sync = syncText(result.reverseSync, lang);
    if (sync) parts.push(sync);
  }
  if (nextInMs !== null) parts.push(msg.next(formatDuration(nextInMs)));
  return parts.join(SEP);
}

function step(outcome: StepOutcome, texts: { done: string; off: string; failed: (error: string) => string }): string {
  return outcome.status === 'failed' ? texts.failed(sanitizeInline(outcome.error)) : texts[outcome.status];
}

function healText(outcome: HealOutcome, lang: Lang): string | null {
  const msg = watchMessages(lang).watch.heal;
  switch (outcome.status) {
    case 'disabled':
      return msg.disabled;
    case 'not_run':
      return outcome.reason === 'stopping' ? msg.stopping : null;
    case 'frozen':
      return msg.frozen(outcome.freeze.closesAt.toISOString(), outcome.held);
    case 'nothing':
      return msg.nothing;
    case 'unavailable':
      return msg.unavailable(outcome.eligible);
    case 'done': {
      const healed = outcome.summary.results.filter((r) => r.status === 'healed').length;
      return msg.done(healed, outcome.summary.results.length - healed);
    }
    case 'failed':
      return msg.failed(sanitizeInline(outcome.error));
  }
}

function syncText(outcome: SyncOutcome, lang: Lang): string | null {
  const msg = watchMessages(lang).watch.sync;
  switch (outcome.status) {
    case 'off':
    case 'nothing':
      return null;
    case 'not_run':
      return outcome.reason === 'stopping' ? msg.stopping : null;
    case 'unavailable':
      return msg.unavailable(outcome.items);
    case 'done':
      return msg.done(sanitizeInline(outcome.summary.pullRequest?.url ?? outcome.summary.branch ?? ''));
    case 'failed':
      return msg.failed(sanitizeInline(outcome.error));
  }
}

/** One JSON object per run: stable keys for log queries. */
export function cycleJson(result: CycleResult, nextInMs: number | null): string {
  const heal = result.heal;
  const sync = result.reverseSync;
  return (
    safeJson({
      run: result.run?.id ?? null,
      status: result.status,
      startedAt: result.startedAt.toISOString(),
      finishedAt: result.finishedAt.toISOString(),
      error: result.error,
      heldBy: result.heldBy,
      region: result.report?.region ?? null,
      accountId: result.report?.accountId ?? null,
      items: result.report ? result.report.items.length : null,
      bySeverity: result.report?.summary.bySeverity ?? null,
      new: result.newItems,
      escalated: result.escalated,
      resolved: result.resolved,
      metrics: result.metrics,
      notifications: result.notifications.map((n) => ({ kind: n.kind, ...n.outcome })),
      heal:
        heal.status === 'frozen'
          ? { status: heal.status, until: heal.freeze.closesAt.toISOString(), held: heal.held }
          : heal.status === 'done'
            ? { status: heal.status, planId: heal.summary.planId, results: heal.summary.results, skipped: heal.summary.skipped }
            : heal,
      healed: result.healed,
      reverseSync: sync,
      nextRunInMs: nextInMs,
    }) + '\n'
  );
}
