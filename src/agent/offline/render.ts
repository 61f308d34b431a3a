// Reply text of the offline assistant, built from tool data and the i18n catalogues. Every AWS value
// goes through sanitizeInline / compactValue: hostile tag values show as inert text.
import { autoHealReason, severityReason } from '../../i18n/reasons.js';
import type { DriftItem, DriftReport, Json, PropertyDifference } from '../../drift/model.js';
import { bySeverityDesc, resourceLabel } from '../../drift/report/items.js';
import { sanitizeInline } from '../../drift/report/sanitize.js';
import { checkCoverage, reasonList } from '../../drift/report/coverage.js';
import { compactValue } from '../../drift/report/values.js';
import { agentMessages, type AgentMessages } from '../../i18n/agent.js';
import { catalogue, type Lang } from '../../i18n/index.js';
import type { HealOutcome, HealPlanView, HistoryEntry, SyncOutcome, SyncPlanView } from '../../tools/engine-port.js';

const VALUE_WIDTH = 60;
const TOP_ITEMS = 5;

export interface Texts {
  lang: Lang;
  msg: AgentMessages;
  severity: (item: DriftItem) => string;
  severityWord: (severity: DriftItem['severity']) => string;
  driftType: (item: DriftItem) => string;
}

export function texts(lang: Lang): Texts {
  const common = catalogue(lang).common;
  return {
    lang,
    msg: agentMessages(lang),
    severity: (item) => common.severity[item.severity],
    severityWord: (severity) => common.severity[severity],
    driftType: (item) => common.driftType[item.type],
  };
}

// Security group rules read `tcp 22 from 0.0.0.0/0` in the language of the reply, whole.
const value = (v: Json | undefined, path?: string, lang?: Lang): string => compactValue(v, VALUE_WIDTH, { ...(path !== undefined ? { path } : {}), ...(lang ? { lang } : {}) });

/** One line: "Tags.Owner: "shop" → "x"", or what kind of drift it is. */
export function changeSummary(item: DriftItem, t: Texts): string {
  if (item.type === 'missing_resource') return t.msg.missingResource.trim();
  if (item.type === 'extra_resource') return t.msg.extraResource.trim();
  const parts = item.differences.slice(0, 2).map((d) => {
    const path = sanitizeInline(d.path);
    if (d.kind === 'NOT_EQUAL') return `${path}: ${value(d.expected, d.path, t.lang)} → ${value(d.actual, d.path, t.lang)}`;
    if (d.kind === 'ADD') return `+${path} ${value(d.actual, d.path, t.lang)}`;
    return `-${path}`;
  });
  if (item.differences.length > 2) parts.push(`+${item.differences.length - 2}`);
  return parts.join('; ');
}

export function itemLine(item: DriftItem, t: Texts): string {
  return `  [${t.severity(item).toUpperCase()}] ${resourceLabel(item)}: ${changeSummary(item, t)}`;
}

export function renderCheck(report: DriftReport, t: Texts, withOffer: boolean, brief = false): string {
  const lines: string[] = [];
  if (!report.complete) {
    const types = [...new Set(report.errors.flatMap((e) => e.types))].join(', ');
    lines.push(t.msg.checkIncomplete(report.errors.length, types));
  }
  if (report.items.length === 0) {
    if (report.summary.notChecked > 0) {
      const reasons = reasonList(checkCoverage(report).reasons, sanitizeInline, (n) => `+${n}`);
      lines.push(t.msg.checkNotCompared(report.summary.checked, report.summary.declared, reasons));
    } else if (report.complete) {
      lines.push(t.msg.checkInSync(report.summary.resources));
    }
    return lines.join('\n');
  }
  lines.push(t.msg.checkFound(report.summary.drifted, report.summary.resources, t.msg.severityCounts(report.summary.bySeverity)));
  if (!brief) {
    const items = [...report.items].sort(bySeverityDesc);
    lines.push(t.msg.topItems);
    for (const item of items.slice(0, TOP_ITEMS)) lines.push(itemLine(item, t));
    if (items.length > TOP_ITEMS) lines.push(t.msg.moreItems(items.length - TOP_ITEMS));
  }
  if (withOffer) lines.push('', t.msg.offerWaysOut, t.msg.offerHint);
  return lines.join('\n');
}

function differenceLine(d: PropertyDifference, t: Texts): string {
  const path = sanitizeInline(d.path);
  if (d.kind === 'NOT_EQUAL') return t.msg.differenceChanged(path, value(d.expected, d.path, t.lang), value(d.actual, d.path, t.lang));
  if (d.kind === 'ADD') return t.msg.differenceAdded(path, value(d.actual, d.path, t.lang));
  return t.msg.differenceRemoved(path, value(d.expected, d.path, t.lang));
}

export function itemDifferences(item: DriftItem, t: Texts): string[] {
  if (item.type === 'missing_resource') return [t.msg.missingResource];
  if (item.type === 'extra_resource') return [t.msg.extraResource, ...item.differences.map((d) => differenceLine(d, t))];
  return item.differences.map((d) => differenceLine(d, t));
}

function where(item: DriftItem, t: Texts): string {
  if (item.file === null) return t.msg.notInGit;
  return `${sanitizeInline(item.file)}${item.line === null ? '' : `:${item.line}`}`;
}

export function renderDetail(items: readonly DriftItem[], t: Texts): string {
  const first = items[0];
  if (first === undefined) return '';
  const lines = [t.msg.detailTitle(resourceLabel(first), sanitizeInline(first.resourceType), where(first, t))];
  for (const item of items) {
    lines.push(` [${t.severity(item).toUpperCase()}] ${t.driftType(item)}`);
    lines.push(...itemDifferences(item, t));
  }
  return lines.join('\n');
}

/** `exists` (when the check knew every resource): true = checked and in sync, false = no such resource. */
export function renderNotFound(name: string, suggestions: readonly string[], notCheckedReason: string | undefined, t: Texts, exists?: boolean): string {
  const shown = sanitizeInline(name);
  if (notCheckedReason !== undefined) return t.msg.resourceNotChecked(shown, sanitizeInline(notCheckedReason));
  if (exists === true) return t.msg.resourceInSync(shown);
  const lines = [exists === false ? t.msg.resourceUnknown(shown) : t.msg.resourceNotFound(shown)];
  if (suggestions.length > 0) lines.push(t.msg.didYouMean(suggestions.map(sanitizeInline).join(', ')));
  return lines.join('\n');
}

export function renderCritical(report: DriftReport, urgent: readonly DriftItem[], t: Texts): string {
  if (urgent.length === 0) {
    const worst = [...report.items].sort(bySeverityDesc)[0];
    return worst === undefined ? t.msg.criticalNone : t.msg.criticalNoneWorst(t.severity(worst), `${resourceLabel(worst)} — ${changeSummary(worst, t)}`);
  }
  const counts = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const item of urgent) counts[item.severity]++;
  return [t.msg.criticalFound(t.msg.severityCounts(counts)), ...urgent.map((i) => itemLine(i, t))].join('\n');
}

export function renderExplain(items: readonly DriftItem[], t: Texts): string {
  const first = items[0];
  if (first === undefined) return t.msg.explainNothing;
  const lines = [t.msg.explainTitle(`${resourceLabel(first)} (${sanitizeInline(first.resourceType)})`)];
  for (const item of items) {
    lines.push(`${t.msg.explainWhat} [${t.severity(item).toUpperCase()}] ${t.driftType(item)}`);
    lines.push(...itemDifferences(item, t));
    lines.push(t.msg.explainWhy(t.severity(item), item.severityReasons.map((r) => sanitizeInline(severityReason(r, t.lang))).join('; ')));
    lines.push(item.autoHeal.eligible ? t.msg.explainAutoHealYes : t.msg.explainAutoHealNo(sanitizeInline(autoHealReason(item.autoHeal, t.lang))));
  }
  const at = where(first, t);
  if (first.type === 'missing_resource') lines.push(t.msg.explainSyncMissing(at), t.msg.explainHealNotPossible);
  else if (first.type === 'extra_resource') lines.push(t.msg.explainSyncExtra, t.msg.explainHealNotPossible);
  else lines.push(t.msg.explainSyncConfig(at), t.msg.explainHealConfig);
  return lines.join('\n');
}

/** The current state of one resource, for "since when?" answers. */
export function renderCurrent(name: string, current: readonly DriftItem[], t: Texts): string {
  const shown = sanitizeInline(name);
  return current.length > 0 ? t.msg.currentlyDrifted(shown, current.map((i) => changeSummary(i, t)).join('; ')) : t.msg.currentlyInSync(shown);
}

/** One line per episode, newest ten. */
export function renderHistoryLines(entries: readonly HistoryEntry[], t: Texts): string[] {
  return entries.slice(-10).map((e) => {
    const resolved = e.resolvedAt === null ? t.msg.historyOpen : t.msg.historyResolved(sanitizeInline(e.resolvedAt), sanitizeInline(e.resolution ?? '?'));
    return t.msg.historyLine(sanitizeInline(e.firstSeen), sanitizeInline(e.lastSeen), sanitizeInline(e.severity), sanitizeInline(e.type), resolved);
  });
}

export function renderHistory(name: string, entries: readonly HistoryEntry[], current: readonly DriftItem[], t: Texts): string {
  const shown = sanitizeInline(name);
  const lines: string[] = [];
  const open = entries.filter((e) => e.resolvedAt === null);
  const since = open[0];
  if (entries.length === 0) lines.push(t.msg.historyNone(shown));
  else if (since !== undefined) lines.push(t.msg.historyFirstSeen(shown, sanitizeInline(since.firstSeen)));
  else lines.push(t.msg.historyResolvedOnly(shown));
  for (const e of entries.slice(-10)) {
    const resolved = e.resolvedAt === null ? t.msg.historyOpen : t.msg.historyResolved(sanitizeInline(e.resolvedAt), sanitizeInline(e.resolution ?? '?'));
    lines.push(t.msg.historyLine(sanitizeInline(e.firstSeen), sanitizeInline(e.lastSeen), sanitizeInline(e.severity), sanitizeInline(e.type), resolved));
  }
  lines.push(renderCurrent(name, current, t));
  return lines.join('\n');
}

const shortId = (id: string): string => id.slice(0, 12);

export function renderHealPlan(plan: HealPlanView, t: Texts): string {
  if (plan.actions.length === 0) return t.msg.nothingToHeal;
  const lines = [t.msg.healPlanTitle(shortId(plan.planId), plan.actions.length)];
  for (const a of plan.actions.slice(0, 10)) {
    const label = a.logicalId !== null ? `${sanitizeInline(a.logicalId)} (${sanitizeInline(a.physicalId)})` : sanitizeInline(a.physicalId);
    const changes = a.changes.map((c) => `${sanitizeInline(c.path)}: ${value(c.from)} → ${value(c.to)}`).join('; ');
    lines.push(t.msg.healActionLine(label, sanitizeInline(a.operation), changes));
  }
  if (plan.skipped.length > 0) lines.push(t.msg.healSkippedCount(new Set(plan.skipped.map((s) => s.itemId)).size));
  return lines.join('\n');
}

export function renderSyncPlan(plan: SyncPlanView, t: Texts): string {
  if (plan.files.length === 0) return t.msg.nothingToSync;
  const lines = [t.msg.syncPlanTitle(shortId(plan.planId), plan.files.length)];
  for (const f of plan.files.slice(0, 10)) lines.push(t.msg.syncFileLine(sanitizeInline(f.path), f.changes));
  if (plan.unresolved.length > 0) lines.push(t.msg.syncUnresolvedCount(plan.unresolved.length));
  return lines.join('\n');
}

export function renderHealOutcome(outcome: HealOutcome, plan: HealPlanView | undefined, t: Texts): string {
  const healed = outcome.results.filter((r) => r.status === 'healed').length;
  const failed = outcome.results.length - healed;
  const lines = [t.msg.healDone(healed, failed)];
  const done = new Set(outcome.results.filter((r) => r.status === 'healed').map((r) => r.itemId));
  for (const a of plan?.actions.filter((x) => done.has(x.itemId)).slice(0, 10) ?? []) {
    const label = a.logicalId !== null ? sanitizeInline(a.logicalId) : sanitizeInline(a.physicalId);
    lines.push(t.msg.healActionLine(label, sanitizeInline(a.operation), a.changes.map((c) => `${sanitizeInline(c.path)} → ${value(c.to)}`).join('; ')));
  }
  if (failed > 0) {
    for (const r of outcome.results.filter((x) => x.status !== 'healed')) {
      lines.push(t.msg.healResultLine(r.itemId, t.msg.healStatus[r.status], r.error ? sanitizeInline(r.error) : ''));
    }
  }
  return lines.join('\n');
}

export function renderSyncOutcome(outcome: SyncOutcome, t: Texts): string {
  const lines = [t.msg.syncDone(sanitizeInline(outcome.branch), outcome.commit ? outcome.commit.slice(0, 12) : '')];
  for (const f of outcome.files.slice(0, 10)) lines.push(t.msg.syncFileLine(sanitizeInline(f.path), f.changes));
  if (outcome.pullRequest) lines.push(t.msg.syncPullRequest(sanitizeInline(outcome.pullRequest.url)));
  else if (outcome.pullRequestSkipped === undefined || outcome.pullRequestSkipped === null) lines.push(t.msg.syncNoPullRequest);
  else {
    // What to do next, not only what did not happen: push, or open the pull request ialctl could not.
    lines.push(t.msg.syncNext(outcome.pullRequestSkipped, {
      branch: sanitizeInline(outcome.branch),
      repository: outcome.repository === null ? null : sanitizeInline(outcome.repository),
      pushed: outcome.pushed === true,
      ...(outcome.manualPullRequestUrl ? { url: sanitizeInline(outcome.manualPullRequestUrl) } : {}),
    }));
  }
  for (const p of outcome.problems) lines.push(t.msg.problem(sanitizeInline(p)));
  if (outcome.repository !== null) lines.push(t.msg.syncRepository(sanitizeInline(outcome.repository)));
  return lines.join('\n');
}
