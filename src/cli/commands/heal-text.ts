// How `drift heal` shows plans, results and the journal: text for people (pt/en, AWS strings sanitized)
// and the ARCHITECTURE §5 JSON for scripts.
import { safeJson } from '../../drift/report/sanitize.js';
import type { HealAction, HealChange, HealPlan } from '../../drift/heal-model.js';
import type { Json } from '../../drift/model.js';
import { sanitizeInline } from '../../drift/report/sanitize.js';
import { createTheme } from '../../drift/report/theme.js';
import { compactValue } from '../../drift/report/values.js';
import type { ActionResult, HealOutcome } from '../../engine/heal.js';
import type { ReconciledAction } from '../../engine/heal-reconcile.js';
import type { JournalEntry, RunSummary } from '../../engine/journal.js';
import { healMessages } from '../../i18n/heal.js';
import { healSkipReason } from '../../i18n/reasons.js';
import { catalogue, type Lang } from '../../i18n/index.js';

export interface HealTextOptions {
  lang: Lang;
  color: boolean;
}

const VALUE_WIDTH = 100;

function valueOf(v: Json, path?: string, lang?: Lang): string {
  return v === null ? '—' : compactValue(v, VALUE_WIDTH, { ...(path !== undefined ? { path } : {}), ...(lang ? { lang } : {}) });
}

function changeLine(c: HealChange, lang?: Lang): string {
  const path = sanitizeInline(c.path);
  const value = (v: Json): string => valueOf(v, c.path, lang);
  if (c.member) return c.to === null ? `${path}: − ${value(c.from)}` : `${path}: + ${value(c.to)}`;
  return `${path}: ${value(c.from)} → ${value(c.to)}`;
}

function subject(a: { resourceType: string; logicalId: string | null; physicalId: string | null }): string {
  const name = a.logicalId ?? a.physicalId ?? '?';
  const id = a.logicalId !== null && a.physicalId !== null ? ` (${a.physicalId})` : '';
  return sanitizeInline(`${a.resourceType} ${name}${id}`);
}

export interface PlanTextContext {
  dryRun: boolean;
  demo: boolean;
  undoOf?: string;
  incomplete?: boolean;
  /** The command that applies this plan, shown after a dry run. */
  applyCommand?: string;
}

export function renderPlanText(plan: HealPlan, ctx: PlanTextContext, options: HealTextOptions): string {
  const m = healMessages(options.lang);
  const t = createTheme(options.color);
  const severityName = catalogue(options.lang).common.severity;
  const lines: string[] = [];
  lines.push(t.heading(ctx.undoOf ? m.undoTitle(ctx.undoOf) : m.planTitle) + t.muted(`  ${m.counts(plan.actions.length, plan.skipped.length)}`));
  if (ctx.demo) lines.push(t.muted(m.demoNote));
  if (plan.mode === 'unattended') lines.push(t.muted(m.unattended));
  if (ctx.incomplete) lines.push(t.warning(m.incomplete));
  lines.push('');
  if (plan.actions.length === 0) lines.push(`  ${m.nothingToHeal}`);
  plan.actions.forEach((a, i) => {
    lines.push(`  ${i + 1}. ${t.command(a.operation)}  ${subject(a)}  ${t.severity[a.severity](`[${severityName[a.severity]}]`)}`);
    for (const c of a.changes) lines.push(`       ${changeLine(c, options.lang)}`);
    if (a.disruption) lines.push(`       ${t.warning(m.disruptive(a.disruption))}`);
    if (!a.reversible) lines.push(`       ${t.muted(m.notReversible)}`);
  });
  if (plan.skipped.length > 0) {
    lines.push('', t.heading(m.skippedTitle(plan.skipped.length)));
    for (const s of plan.skipped) {
      const where = s.path !== undefined ? ` ${sanitizeInline(s.path)}` : '';
      lines.push(`  - ${subject(s)}${where}: ${t.muted(sanitizeInline(healSkipReason(s, options.lang)))}`);
    }
  }
  lines.push('', m.planId(plan.id));
  if (ctx.dryRun) {
    lines.push(t.muted(m.dryRun));
    if (plan.actions.length > 0 && ctx.applyCommand) lines.push(`${m.applyHint} ${t.command(ctx.applyCommand)}`);
  }
  return `${lines.join('\n')}\n`;
}

export function renderOutcomeText(outcome: HealOutcome, options: HealTextOptions, undoCommand?: string): string {
  const m = healMessages(options.lang);
  const t = createTheme(options.color);
  const lines: string[] = [];
  const cas = outcome.refused?.action;
  if (outcome.refused && !cas) {
    const message = outcome.refused.code === 'plan_changed' ? m.refusedPlanChanged : outcome.refused.message;
    lines.push(t.error(`${m.refusedTitle}: ${sanitizeInline(message)}`));
    return `${lines.join('\n')}\n`;
  }
  lines.push(t.heading(m.resultsTitle));
  const byIndex = outcome.plan.actions;
  outcome.results.forEach((r, i) => {
    const action: HealAction | undefined = byIndex[i];
    const style = r.status === 'healed' ? t.ok : t.error;
    lines.push(`  ${style(m.status[r.status].padEnd(15))} ${t.command(r.operation)}  ${action ? subject(action) : sanitizeInline(r.physicalId)}`);
    if (r.error) lines.push(`       ${sanitizeInline(r.error)}`);
    if (r.note) lines.push(`       ${t.muted(m.unclearOutcome(r.outcome))}`);
  });
  if (cas) {
    lines.push('', t.error(`${m.refusedTitle}: ${sanitizeInline(m.refusedBeforeWrite(cas.index + 1, cas.operation, cas.state, outcome.results.length))}`));
  }
  const count = (s: ActionResult['status']) => outcome.results.filter((r) => r.status === s).length;
  lines.push('', m.summary(count('healed'), count('failed'), count('verify_failed'), (outcome.durationMs / 1000).toFixed(1)));
  if (undoCommand && outcome.results.some((r) => r.status !== 'failed')) lines.push(`${m.undoHint} ${t.command(undoCommand)}`);
  return `${lines.join('\n')}\n`;
}

/** `drift heal --format json`: the §5 contract fields first, in contract order, then the rest. */
export function healJson(body: {
  dryRun: boolean;
  plan: HealPlan;
  results: readonly ActionResult[];
  refused?: { code: string; message: string } | null;
  runId?: string | null;
  undoOf?: string;
  /** False when a service could not be read: its resources are not in the plan. Heal runs only. */
  complete?: boolean;
  /** Interrupted actions of earlier runs settled by re-reading AWS before this run. */
  reconciled?: readonly ReconciledAction[];
  recheck?: { items: number };
}): string {
  const { plan } = body;
  const out = {
    dryRun: body.dryRun,
    plan: {
      id: plan.id,
      actions: plan.actions.map(({ itemId, resourceType, physicalId, operation, changes, ...rest }) => ({
        itemId, resourceType, physicalId, operation, changes, ...rest,
      })),
      skipped: plan.skipped.map(({ itemId, reason, ...rest }) => ({ itemId, reason, ...rest })),
      mode: plan.mode,
    },
    results: body.results.map(({ itemId, status, error, ...rest }) => ({ itemId, status, error, ...rest })),
    refused: body.refused ?? null,
    runId: body.runId ?? null,
    ...(body.undoOf !== undefined ? { undoOf: body.undoOf } : {}),
    ...(body.complete !== undefined ? { complete: body.complete } : {}),
    ...(body.reconciled !== undefined ? { reconciled: body.reconciled } : {}),
    ...(body.recheck !== undefined ? { recheck: body.recheck } : {}),
  };
  return `${safeJson(out, 2)}\n`;
}

/** A journaled status with a note was learned by re-reading after an unclear answer. */
function unclearOf(status: JournalEntry['status']): 'applied' | 'not_applied' | 'unknown' {
  return status === 'healed' ? 'applied' : status === 'failed' ? 'not_applied' : 'unknown';
}

export function renderJournalText(runs: readonly RunSummary[], entries: readonly JournalEntry[], options: HealTextOptions): string {
  const m = healMessages(options.lang);
  const t = createTheme(options.color);
  if (runs.length === 0) return `${m.journalEmpty}\n`;
  const lines: string[] = [t.heading(m.journalTitle), ''];
  for (const run of runs) {
    lines.push(`${t.command(run.planId)}  ${sanitizeInline(m.journalRun(run.kind, run.startedAt, run.approvedBy))}${run.undoOf ? t.muted(`  (${m.undoOf(run.undoOf)})`) : ''}`);
    lines.push(`  ${m.journalCounts(run.healed, run.failed, run.verifyFailed, run.interrupted)}`);
    const mine = entries.filter((e) => e.runId === run.runId);
    const indexes = [...new Set(mine.map((e) => e.actionIndex))].sort((a, b) => a - b);
    for (const index of indexes) {
      const before = mine.find((e) => e.actionIndex === index && e.phase === 'before');
      const after = mine.find((e) => e.actionIndex === index && e.phase === 'after');
      const entry = after ?? before;
      if (!entry) continue;
      const status = after ? m.status[after.status as keyof typeof m.status] : m.interrupted;
      const mark = after?.reconciled ? ` ${t.muted(m.reconciledMark)}` : '';
      lines.push(`  - ${t.command(entry.operation)} ${sanitizeInline(`${entry.resourceType} ${entry.physicalId}`)}: ${status}${mark}`);
      for (const [p, previous] of Object.entries(entry.previous)) {
        lines.push(`      ${sanitizeInline(p)}: ${valueOf(previous, p, options.lang)} → ${valueOf(entry.intended[p] ?? null, p, options.lang)}`);
      }
      if (after?.error) lines.push(`      ${sanitizeInline(after.error)}`);
      // The note's detail (English, from the engine) is in --format json; here the localized gist.
      if (after?.note && !after.reconciled) lines.push(`      ${t.muted(m.unclearOutcome(unclearOf(after.status)))}`);
    }
    lines.push('');
  }
  return `${lines.join('\n')}`;
}
