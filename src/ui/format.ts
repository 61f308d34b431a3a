// Small text helpers shared by the components: elapsed time, the one-line summary of a finished
// tool call, and value cutting. Every AWS string passes through sanitizeInline / compactValue here.
import type { Json } from '../drift/model.js';
import { sanitizeInline } from '../drift/report/sanitize.js';
import { compactValue, type ValueContext } from '../drift/report/values.js';
import type { UiMessages } from '../i18n/ui.js';
import type { CheckDriftData } from '../tools/check-drift.js';
import type { HealOutcome, PlanView, SyncOutcome } from '../tools/engine-port.js';
import type { ToolActivity } from './chat-state.js';

/** `0.4s`, `12.3s`, `2m05s`. */
export function formatElapsed(ms: number): string {
  const clamped = Math.max(0, ms);
  if (clamped < 60_000) return `${(clamped / 1000).toFixed(1)}s`;
  const minutes = Math.floor(clamped / 60_000);
  const seconds = Math.floor((clamped % 60_000) / 1000);
  return `${minutes}m${String(seconds).padStart(2, '0')}s`;
}

export const SPINNER_FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'] as const;
export const SPINNER_INTERVAL_MS = 80;

export function spinnerFrame(now: number): string {
  return SPINNER_FRAMES[Math.floor(now / SPINNER_INTERVAL_MS) % SPINNER_FRAMES.length] ?? '⠋';
}

/** A value from Git or AWS on one line, at most `width` columns (security group rules whole: they wrap). */
export function value(v: Json | undefined, width: number, context: ValueContext = {}): string {
  return compactValue(v, Math.max(8, width), context);
}

function checkSummary(data: CheckDriftData, m: UiMessages): string {
  if (data.resource !== undefined) {
    const name = sanitizeInline(data.resource.query);
    if (data.resource.found) return m.tool.checkResource(name, data.items.length);
    if (data.resource.exists === true && data.resource.notCheckedReason === undefined) return m.tool.checkResourceInSync(name);
    return data.resource.exists === false ? m.tool.checkResourceUnknown(name) : m.tool.checkResourceNotFound(name);
  }
  const { report } = data;
  if (!report.complete) return m.tool.checkIncomplete(report.errors.length);
  if (report.summary.drifted > 0) return m.tool.checkDrifted(report.summary.drifted);
  return report.summary.notChecked > 0
    ? m.tool.checkNotCompared(report.summary.checked, report.summary.declared)
    : m.tool.checkInSync(report.summary.resources);
}

/** The line a finished call leaves behind: "✓ 3 recursos com drift". */
export function doneSummary(activity: ToolActivity, m: UiMessages): string {
  const data = activity.result?.data as Record<string, unknown> | undefined;
  if (data === undefined || data === null || typeof data !== 'object') return m.tool.done;
  if (activity.name === 'check_drift' && 'report' in data) return checkSummary(data as unknown as CheckDriftData, m);
  if ('outcome' in data) {
    const outcome = data['outcome'] as HealOutcome | SyncOutcome;
    if ('results' in outcome) {
      const healed = outcome.results.filter((r) => r.status === 'healed').length;
      return m.tool.healOutcome(healed, outcome.results.length - healed);
    }
    return m.tool.syncOutcome(sanitizeInline(outcome.branch));
  }
  if ('plan' in data) {
    const plan = data['plan'] as PlanView;
    return plan.kind === 'heal' ? m.tool.healPlan(plan.actions.length) : m.tool.syncPlan(plan.files.length);
  }
  return m.tool.done;
}

/** A finished check that could not read everything is a warning, not a success. */
export function doneIsWarning(activity: ToolActivity): boolean {
  const data = activity.result?.data as Partial<CheckDriftData> | undefined;
  if (activity.name === 'check_drift' && data?.report) return !data.report.complete;
  const outcome = (activity.result?.data as { outcome?: HealOutcome } | undefined)?.outcome;
  return outcome !== undefined && 'results' in outcome && outcome.results.some((r) => r.status !== 'healed');
}
