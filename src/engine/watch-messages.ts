// The notification texts of `drift watch`: summary first, then the command that shows the details,
// then the items. Everything that came from AWS (names, ids, error messages) is sanitized: the text
// ends up in mail clients, chat tools and terminals.
import { SEVERITIES, worstSeverity, type DriftItem, type DriftReport, type Severity } from '../drift/model.js';
import { resourceLabel, resourceName, shellQuote, bySeverityDesc } from '../drift/report/items.js';
import { sanitizeInline } from '../drift/report/sanitize.js';
import { catalogue, type Lang } from '../i18n/index.js';
import { watchMessages } from '../i18n/watch.js';
import type { Notification, NotificationComposer } from './watch.js';

/** Items listed in one notification; the rest are counted. */
const MAX_LISTED = 20;
const MAX_ERROR = 600;

export function createComposer(lang: Lang): NotificationComposer {
  const msg = watchMessages(lang).notify;
  const common = catalogue(lang).common;

  const where = (report: Pick<DriftReport, 'accountId' | 'region'>) =>
    sanitizeInline(`${report.accountId ?? '?'}/${report.region}`);
  const checkCommand = (report: DriftReport | null) =>
    report ? `ialctl drift check --region ${shellQuote(sanitizeInline(report.region))}` : 'ialctl drift check';
  const itemLine = (item: DriftItem, suffix = '') => {
    const paths = item.differences.map((d) => sanitizeInline(d.path)).join(common.listSeparator);
    const title = [common.driftType[item.type], sanitizeInline(item.resourceType), resourceLabel(item)].join(' · ');
    return `  [${common.severity[item.severity].toUpperCase()}] ${title}${paths ? `: ${paths}` : ''}${suffix}`;
  };
  const listed = (lines: string[]) =>
    lines.length > MAX_LISTED ? [...lines.slice(0, MAX_LISTED), `  ${msg.more(lines.length - MAX_LISTED)}`] : lines;
  const severityCounts = (items: readonly DriftItem[]) =>
    [...SEVERITIES]
      .reverse()
      .map((s) => [s, items.filter((i) => i.severity === s).length] as const)
      .filter(([, n]) => n > 0)
      .map(([s, n]) => `${n} ${common.severity[s]}`)
      .join(common.listSeparator);
  const cut = (text: string) => {
    const clean = sanitizeInline(text);
    return clean.length > MAX_ERROR ? `${clean.slice(0, MAX_ERROR)}…` : clean;
  };

  return {
    drift(report, outcome) {
      const fresh = [...outcome.newItems].sort(bySeverityDesc);
      const escalated = [...outcome.escalated].sort((a, b) => bySeverityDesc(a.item, b.item));
      if (fresh.length === 0 && escalated.length === 0) return null;
      const account = sanitizeInline(report.accountId ?? '?');
      const region = sanitizeInline(report.region);
      const total = report.items.length;
      const first = fresh[0] ?? escalated[0]?.item;
      const lines =
        fresh.length > 0
          ? [msg.newDriftSummary(fresh.length, severityCounts(fresh), account, region, total)]
          : [msg.escalatedSummary(escalated.length, account, region, total)];
      lines.push(msg.seeDetails(checkCommand(report)));
      if (first) lines.push(msg.seeHistory(`ialctl drift history ${shellQuote(resourceName(first))}`));
      if (fresh.length > 0) lines.push('', msg.newHeading, ...listed(fresh.map((i) => itemLine(i))));
      if (escalated.length > 0) {
        lines.push('', msg.escalatedHeading, ...listed(escalated.map((e) => itemLine(e.item, ` ${msg.wasSeverity(common.severity[e.from])}`))));
      }
      lines.push('', msg.checkedAt(sanitizeInline(report.generatedAt)));
      const worst = worstSeverity(fresh.map((i) => i.severity)) as Severity | undefined;
      const subject =
        fresh.length > 0 && worst !== undefined
          ? msg.newDriftSubject(fresh.length, common.severity[worst], where(report))
          : msg.escalatedSubject(escalated.length, where(report));
      return { kind: 'drift', subject, body: lines.join('\n') + '\n' };
    },

    failure({ error, report, outcome }): Notification {
      const target = report ? where(report) : '?';
      const lines = report
        ? [msg.incompleteSummary(cut(error)), msg.findingsStand, msg.seeDetails(checkCommand(report))]
        : [msg.failedSummary(cut(error)), msg.findingsStand, msg.seeDetails(checkCommand(null))];
      const fresh = outcome ? [...outcome.newItems].sort(bySeverityDesc) : [];
      if (fresh.length > 0) lines.push('', msg.newHeading, ...listed(fresh.map((i) => itemLine(i))));
      if (report) lines.push('', msg.checkedAt(sanitizeInline(report.generatedAt)));
      return {
        kind: 'failure',
        subject: report ? msg.incompleteSubject(target) : msg.failedSubject(target),
        body: lines.join('\n') + '\n',
      };
    },

    actions(report, heal, sync): Notification | null {
      const attempted = heal?.results ?? [];
      const pr = sync?.pullRequest?.url ?? null;
      const branch = sync?.branch ?? null;
      if (attempted.length === 0 && pr === null && branch === null) return null;
      const count = (status: string) => attempted.filter((r) => r.status === status).length;
      const healed = count('healed');
      const lines: string[] = [];
      if (attempted.length > 0) {
        lines.push(msg.healSummary(healed, count('failed'), count('verify_failed')));
        lines.push(msg.seeDetails(checkCommand(report)));
        const byId = new Map(report.items.map((i) => [i.id, i]));
        lines.push(
          '',
          ...listed(
            attempted.map((r) => {
              const item = byId.get(r.itemId);
              const label = item ? resourceLabel(item) : sanitizeInline(r.itemId);
              const paths = item ? item.differences.map((d) => sanitizeInline(d.path)).join(common.listSeparator) : '';
              const error = r.error ? ` — ${cut(r.error)}` : '';
              return `  ${msg.healStatus[r.status]}: ${label}${paths ? ` (${paths})` : ''}${error}`;
            }),
          ),
        );
      }
      if (pr !== null) lines.push('', msg.pullRequest(sanitizeInline(pr)));
      else if (branch !== null) lines.push('', msg.branch(sanitizeInline(branch)));
      if (sync && sync.unresolved.length > 0) lines.push(msg.unresolved(sync.unresolved.length));
      return {
        kind: 'actions',
        subject: attempted.length > 0 ? msg.actionsSubject(healed, attempted.length, where(report)) : msg.syncSubject(where(report)),
        body: lines.join('\n') + '\n',
      };
    },
  };
}
