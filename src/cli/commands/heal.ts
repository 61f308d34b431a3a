// `ialctl drift heal`: show the healing plan (dry run), or execute it after an approval bound to its id.
// The approval gate lives here (terminal confirmation or --yes); the engine then refuses anything but
// the approved plan, recomputed from a fresh read under the account lock.
import { safeJson } from '../../drift/report/sanitize.js';
import { hostname, userInfo } from 'node:os';
import { createInterface } from 'node:readline/promises';
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { HealPlan } from '../../drift/heal-model.js';
import type { HealTarget } from '../../engine/heal-target.js';
import type { ReconcileReport } from '../../engine/heal-reconcile.js';
import { sanitizeInline } from '../../drift/report/sanitize.js';
import type { HealMessages } from '../../i18n/heal.js';
import type { LiveSource } from '../../engine/check.js';
import type { CliIo, CommandRegistry, GlobalOptions } from '../main.js';

export interface HealOptions {
  apply?: boolean;
  yes?: boolean;
  planId?: string;
  resource?: string[];
  format: 'text' | 'json';
  unattended?: boolean;
  undo?: string;
  journal?: boolean;
  history?: boolean;
  wait?: number | true;
}

/** Seams for tests: how the target is opened (to count calls or put a fault proxy in front). */
export interface HealCommandDeps {
  openTarget?: (source: LiveSource) => Promise<HealTarget>;
  /** Wait for a lock held by another heal (ms) when --wait is given without a value. */
  defaultWaitMs?: number;
}

type HealIo = CliIo & { stdin?: NodeJS.ReadableStream & { isTTY?: boolean } };

const DEFAULT_WAIT_SECONDS = 600;

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

// A day: longer than any heal holds the lock, and far below the timer limit (~24.8 days).
const MAX_WAIT_SECONDS = 86_400;

function seconds(value: string): number {
  const n = value.trim() === '' ? Number.NaN : Number(value);
  if (!Number.isFinite(n) || n < 0 || n > MAX_WAIT_SECONDS) {
    throw new InvalidArgumentError(`expected a number of seconds from 0 to ${MAX_WAIT_SECONDS}, got "${value}"`);
  }
  return n;
}

export function registerHeal(r: CommandRegistry, deps: HealCommandDeps = {}): void {
  r.drift
    .command('heal')
    .description('plan the healing of drift (dry run); --apply executes it after confirmation. Exit 0 all healed, 1 any failure or refusal')
    .option('--apply', 'execute the plan after confirmation (a terminal prompt, or --yes)')
    .option('--yes', 'confirm without a prompt (combine with --plan-id to approve exactly the plan you reviewed)')
    .option('--plan-id <id>', 'refuse unless the current plan has this id')
    .option('--resource <id>', 'only heal this resource (logical id, physical id or item id; repeatable)', collect)
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--unattended', 'plan only what unattended healing (drift watch) may do under auto_heal')
    .option('--undo <planId>', 'restore the values a heal of this plan changed (shows the undo plan; --apply runs it)')
    .option('--journal', 'list the heal journal')
    .option('--history', 'same as --journal')
    .option('--wait [seconds]', `wait for another heal of the same account/region (default ${DEFAULT_WAIT_SECONDS}s)`, seconds)
    .exitOverride()
    .action(async (opts: HealOptions, cmd: Command) => {
      r.setExitCode(await healCommand(r.globals(cmd), opts, r.io, deps));
    });
}

function approver(how: string): string {
  let user: string;
  try {
    user = userInfo().username;
  } catch {
    user = process.env['USER'] ?? 'unknown';
  }
  return `${user}@${hostname()} (${how})`;
}

async function askOnTerminal(io: HealIo, question: string, yes: readonly string[]): Promise<boolean> {
  const stdin = io.stdin ?? process.stdin;
  const rl = createInterface({ input: stdin, output: io.stderr, terminal: false });
  try {
    const answer = (await rl.question(question)).trim().toLowerCase();
    return yes.includes(answer);
  } finally {
    rl.close();
  }
}

function applyCommand(globals: GlobalOptions, opts: HealOptions, plan: HealPlan): string {
  const parts = ['ialctl'];
  if (globals.demo) parts.push('--demo');
  parts.push('drift heal');
  if (opts.undo) parts.push(`--undo ${opts.undo}`);
  if (opts.unattended) parts.push('--unattended');
  for (const id of opts.resource ?? []) parts.push(`--resource ${id}`);
  parts.push('--apply', `--plan-id ${plan.id}`);
  return parts.join(' ');
}

type ReconcileView = ReconcileReport & { unavailable?: string };

/** One line on stderr when earlier interrupted actions were (or could not be) settled: stdout stays the report. */
function writeReconciliation(io: HealIo, m: HealMessages, r: ReconcileView): void {
  const settled = r.actions.filter((a) => a.status !== undefined).length;
  if (r.actions.length > 0) io.stderr.write(`${m.reconciled(settled, r.actions.length - settled)}\n`);
  if (r.busy) io.stderr.write(`${m.reconcileBusy}\n`);
  if (r.unavailable) io.stderr.write(`${sanitizeInline(m.reconcileUnavailable(r.unavailable))}\n`);
}

export async function healCommand(globals: GlobalOptions, opts: HealOptions, io: HealIo, deps: HealCommandDeps = {}): Promise<number> {
  const [{ openSession }, { UsageError }, heal, reconcile, { healHooksFromEnv }, text, { healMessages }] = await Promise.all([
    import('./check.js'),
    import('../../engine/errors.js'),
    import('../../engine/heal.js'),
    import('../../engine/heal-reconcile.js'),
    import('../../engine/heal-hooks.js'),
    import('./heal-text.js'),
    import('../../i18n/heal.js'),
  ]);
  const session = openSession(globals, io);
  const m = healMessages(session.lang);
  const textOptions = { lang: session.lang, color: session.color };
  const demo = session.source.kind === 'demo';
  const json = opts.format === 'json';

  if (opts.journal || opts.history) {
    if (opts.apply || opts.undo) throw new UsageError('--journal only lists the journal', 'drop --apply/--undo, or run them separately');
    const state = heal.openHealState(session.config, io.cwd, demo);
    try {
      // AWS is opened only when an interrupted action needs settling: listing a clean journal stays offline.
      let reconciliation: ReconcileView = { actions: [] };
      if (state.journal.interrupted().length > 0) {
        let target: HealTarget | undefined;
        try {
          target = await (deps.openTarget ?? heal.openHealTarget)(session.source);
          reconciliation = await reconcile.reconcileInterrupted({ journal: state.journal, lock: state.lock, target, now: io.now });
        } catch (error) {
          reconciliation = { actions: [], unavailable: error instanceof Error ? error.message : String(error) };
        } finally {
          target?.close();
        }
      }
      const runs = state.journal.runs();
      const entries = state.journal.entries();
      if (json) {
        io.stdout.write(`${safeJson({ runs, entries, reconciliation }, 2)}\n`);
      } else {
        writeReconciliation(io, m, reconciliation);
        io.stdout.write(text.renderJournalText(runs, entries, textOptions));
      }
      return 0;
    } finally {
      state.db.close();
    }
  }
  if (opts.undo && (opts.unattended || opts.resource)) {
    throw new UsageError('--undo reverses a whole executed plan', 'drop --unattended/--resource when using --undo');
  }
  if (opts.yes && !opts.apply) throw new UsageError('--yes confirms --apply', 'add --apply to execute the plan, or drop --yes for a dry run');

  const hooks = healHooksFromEnv(io.env);
  const state = heal.openHealState(session.config, io.cwd, demo);
  const target = await (deps.openTarget ?? heal.openHealTarget)(session.source);
  try {
    // Before any plan (and before an undo reads which actions ran): interrupted actions of an earlier run
    // are settled by re-reading AWS, so the plan and the undo stand on what AWS really has.
    const reconciliation = await reconcile.reconcileInterrupted({ journal: state.journal, lock: state.lock, target, now: io.now });
    if (!json) writeReconciliation(io, m, reconciliation);
    const reconciled = reconciliation.actions.length > 0 ? { reconciled: reconciliation.actions } : {};
    const planner = opts.undo
      ? heal.undoPlanner({ target, journal: state.journal, planId: opts.undo, config: session.config })
      : heal.healPlanner({
          target,
          // Stack-backed files carry their deployed values: heal restores what was deployed, never an undeployed Git edit.
          desired: await (await import('../../engine/check.js')).loadStackAwareDesired({
            cwd: io.cwd,
            ...(globals.phases !== undefined ? { phasesDir: globals.phases } : {}),
            parameterOverrides: globals.param ?? {},
            source: session.source,
            config: session.config,
          }, target.clients, { requireStacks: true }),
          config: session.config,
          mode: opts.unattended ? 'unattended' : 'attended',
          ...(opts.resource ? { only: opts.resource } : {}),
          now: io.now,
        });
    const observation = await planner.observe();
    const { plan } = observation;
    const incomplete = observation.report !== undefined && !observation.report.complete;
    const planContext = {
      demo,
      ...(opts.undo ? { undoOf: opts.undo } : {}),
      ...(incomplete ? { incomplete } : {}),
    };
    const undoOf = { ...(opts.undo ? { undoOf: opts.undo } : {}), ...reconciled, ...(observation.report ? { complete: !incomplete } : {}) };

    if (opts.planId !== undefined && opts.planId !== plan.id) {
      if (json) io.stdout.write(text.healJson({ dryRun: true, plan, results: [], refused: { code: 'plan_changed', message: m.planIdMismatch(opts.planId, plan.id) }, ...undoOf }));
      else io.stdout.write(text.renderPlanText(plan, { ...planContext, dryRun: true }, textOptions));
      throw new UsageError(m.planIdMismatch(opts.planId, plan.id), m.planIdMismatchHint);
    }

    if (!opts.apply || plan.actions.length === 0) {
      if (json) io.stdout.write(text.healJson({ dryRun: true, plan, results: [], ...undoOf }));
      else io.stdout.write(text.renderPlanText(plan, { ...planContext, dryRun: true, applyCommand: applyCommand(globals, opts, plan) }, textOptions));
      return incomplete ? 1 : 0;
    }

    // The approval gate: a human on a terminal, or --yes. Anything else executes nothing.
    if (!json) io.stdout.write(text.renderPlanText(plan, { ...planContext, dryRun: false }, textOptions));
    let approvedBy: string;
    if (opts.yes) {
      approvedBy = approver(opts.planId ? '--yes --plan-id' : '--yes');
    } else if ((io.stdin ?? process.stdin).isTTY === true) {
      if (!(await askOnTerminal(io, m.confirm(plan.actions.length), m.yes))) {
        io.stderr.write(`${m.declined}\n`);
        if (json) io.stdout.write(text.healJson({ dryRun: true, plan, results: [], refused: { code: 'declined', message: m.declined }, ...undoOf }));
        return 1;
      }
      approvedBy = approver('terminal');
    } else {
      if (json) io.stdout.write(text.healJson({ dryRun: true, plan, results: [], refused: { code: 'needs_confirmation', message: m.needsConfirmation }, ...undoOf }));
      throw new UsageError(m.needsConfirmation, m.needsConfirmationHint);
    }

    const wait = opts.wait === undefined ? undefined : opts.wait === true ? (deps.defaultWaitMs ?? DEFAULT_WAIT_SECONDS * 1000) : opts.wait * 1000;
    const outcome = await heal.executeHeal({
      plan,
      approvedPlanId: plan.id,
      approvedBy,
      planner,
      target,
      journal: state.journal,
      lock: state.lock,
      ...(wait !== undefined ? { waitForLockMs: wait } : {}),
      now: io.now,
      ...(hooks ? { hooks } : {}),
    });
    const outcomeIncomplete = !outcome.complete && !opts.undo;

    // The demo re-checks the sandbox so the whole loop shows: drift → heal → what is left.
    let recheck: { items: number } | undefined;
    if (demo && !opts.undo && outcome.refused === null) {
      const after = await planner.observe();
      recheck = { items: after.report?.items.length ?? 0 };
    }
    if (json) {
      const reconciledAll = [...reconciliation.actions, ...outcome.reconciled];
      io.stdout.write(text.healJson({
        dryRun: false, plan: outcome.plan, results: outcome.results, refused: outcome.refused, runId: outcome.runId, ...undoOf,
        ...(opts.undo ? {} : { complete: outcome.complete }),
        ...(reconciledAll.length > 0 ? { reconciled: reconciledAll } : {}),
        ...(recheck ? { recheck } : {}),
      }));
    } else {
      // A new plan to review; not after a compare-and-set stop, where actions before it may have run.
      if (outcome.refused?.code === 'plan_changed' && !outcome.refused.action) io.stdout.write(text.renderPlanText(outcome.plan, { ...planContext, dryRun: true }, textOptions));
      io.stdout.write(text.renderOutcomeText(outcome, textOptions, demo ? undefined : `ialctl drift heal --undo ${outcome.plan.id}`));
      if (recheck) io.stdout.write(`${m.recheck(recheck.items)}\n`);
      if (outcomeIncomplete) io.stdout.write(`${m.outcomeIncomplete}\n`);
    }
    // A heal over an incomplete read is not a success, even if every action it could plan healed.
    return outcome.refused !== null || outcomeIncomplete || outcome.results.some((r) => r.status !== 'healed') ? 1 : 0;
  } finally {
    target.close();
    state.db.close();
  }
}
