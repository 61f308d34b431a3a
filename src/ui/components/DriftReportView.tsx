// The drift report as a component: summary counts coloured by severity, then the items grouped by
// severity (resource, type, file:line, each difference as Git → AWS). Collapsed by default to the
// first items, with the way to see the rest; a check of one resource shows its items in full.
import { Box, Text } from 'ink';
import { SEVERITIES, type DriftItem, type PropertyDifference, type Severity } from '../../drift/model.js';
import { groupBySeverity, location, resourceLabel, resourceName, shellQuote } from '../../drift/report/items.js';
import { isWholeValue } from '../../drift/report/values.js';
import { healCounts } from '../../drift/heal-eligibility.js';
import { useCommandPrefix } from '../command-prefix.js';
import { sanitizeInline } from '../../drift/report/sanitize.js';
import { noDriftMessage } from '../../drift/report/coverage.js';
import { catalogue, type Lang } from '../../i18n/index.js';
import { uiMessages, type UiMessages } from '../../i18n/ui.js';
import type { CheckDriftData } from '../../tools/check-drift.js';
import { value } from '../format.js';
import { useTheme } from '../theme.js';

/** Items shown before the list is collapsed. */
export const COLLAPSED_ITEMS = 6;
/** Differences shown per item in the collapsed view. */
export const COLLAPSED_DIFFERENCES = 2;

export interface DriftReportViewProps {
  data: CheckDriftData;
  lang: Lang;
  width: number;
  expanded: boolean;
}

const INDENT = 4;

export function DriftReportView({ data, lang, width, expanded }: DriftReportViewProps) {
  const theme = useTheme();
  const m = uiMessages(lang);
  if (data.resource !== undefined) {
    // "/diff X": the tool line and the reply say when nothing matched; the items, when found, in full.
    if (data.items.length === 0) return null;
    return (
      <Box flexDirection="column" marginLeft={2} width={Math.max(20, width - 2)}>
        <ItemList items={data.items} lang={lang} m={m} width={width - 2} maxDifferences={Infinity} />
      </Box>
    );
  }
  const { report } = data;
  const sorted = groupBySeverity(report.items).flatMap((g) => g.items);
  const shown = expanded ? sorted : sorted.slice(0, COLLAPSED_ITEMS);
  const hidden = sorted.slice(shown.length);
  const names = catalogue(lang).common.severity;
  // What is behind /expand, counted per severity: a collapsed report must not hide how bad the rest is.
  const hiddenBySeverity = [...SEVERITIES].reverse()
    .map((s) => [s, hidden.filter((i) => i.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${names[s]}`)
    .join(', ');
  return (
    <Box flexDirection="column" marginLeft={2} width={Math.max(20, width - 2)}>
      <Summary data={data} lang={lang} m={m} />
      {!report.complete ? <ReadErrors data={data} m={m} lang={lang} /> : null}
      {report.items.length === 0 ? <NoDrift data={data} lang={lang} m={m} /> : null}
      {report.items.length > 0 ? <Text color={theme.text.secondary}>{catalogue(lang).report.arrowLegend}</Text> : null}
      <ItemList items={shown} lang={lang} m={m} width={width - 2} maxDifferences={expanded ? Infinity : COLLAPSED_DIFFERENCES} />
      {hidden.length > 0 ? <Text color={theme.text.accent} wrap="wrap">{m.report.collapsed(hidden.length, hiddenBySeverity)}</Text> : null}
      <Recommended data={data} lang={lang} m={m} />
    </Box>
  );
}

function Summary({ data, lang, m }: { data: CheckDriftData; lang: Lang; m: UiMessages }) {
  const theme = useTheme();
  const { summary } = data.report;
  const names = catalogue(lang).common.severity;
  const severities = [...SEVERITIES].reverse();
  return (
    <Box flexDirection="column" marginBottom={1}>
      <Text wrap="truncate-end">
        <Text bold>{m.report.summary(summary.resources, summary.inSync, summary.drifted)}</Text>
        {summary.notChecked > 0 ? (
          <Text color={theme.status.warning}>
            {' '}
            · {m.report.notChecked(summary.notChecked)} · {catalogue(lang).report.comparedOf(summary.checked, summary.declared)}
          </Text>
        ) : null}
      </Text>
      <Text wrap="truncate-end">
        {severities.map((s, i) => (
          <Text key={s} color={summary.bySeverity[s] > 0 ? theme.severity[s] : theme.text.secondary} bold={s === 'critical' && summary.bySeverity[s] > 0}>
            {i > 0 ? '   ' : ''}● {summary.bySeverity[s]} {names[s]}
          </Text>
        ))}
      </Text>
    </Box>
  );
}

/** "In sync" only when every declared resource was compared; otherwise what was not. */
function NoDrift({ data, lang, m }: { data: CheckDriftData; lang: Lang; m: UiMessages }) {
  const theme = useTheme();
  const { inSync, text } = noDriftMessage(data.report, catalogue(lang));
  return inSync ? <Text color={theme.status.success}>{m.report.inSync}</Text> : <Text color={theme.status.warning}>{text}</Text>;
}

const SYNCABLE = new Set(['configuration_drift', 'tag_drift', 'extra_resource']);

/** The exact commands for the ways out, as the CLI report suggests them. */
function Recommended({ data, lang, m }: { data: CheckDriftData; lang: Lang; m: UiMessages }) {
  const theme = useTheme();
  const command = useCommandPrefix();
  const { report } = data;
  if (report.items.length === 0) return null;
  const msg = catalogue(lang).report;
  const counts = healCounts(report.items);
  const sorted = groupBySeverity(report.items).flatMap((g) => g.items);
  const syncable = sorted.find((i) => SYNCABLE.has(i.type));
  const steps: [string, string][] = [];
  if (counts.withApproval > 0) {
    steps.push([`${command} drift heal --apply`, m.report.healApply(counts.withApproval, counts.unattendedEligible)]);
  }
  if (syncable !== undefined) {
    steps.push([`${command} reverse-sync --resource ${shellQuote(resourceName(syncable))}`, msg.stepReverseSyncResource]);
    steps.push([`${command} reverse-sync --dry-run`, msg.stepReverseSync]);
  }
  if (steps.length === 0) return null;
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text bold>{m.report.recommendedTitle}</Text>
      {steps.map(([cmd, why]) => (
        <Text key={cmd} wrap="wrap">
          {'  '}
          <Text color={theme.text.accent}>{cmd}</Text>
          <Text color={theme.text.secondary}>  {why}</Text>
        </Text>
      ))}
    </Box>
  );
}

function ReadErrors({ data, m, lang }: { data: CheckDriftData; m: UiMessages; lang: Lang }) {
  const theme = useTheme();
  const { errors } = data.report;
  const hintFor = (code: string | undefined) => (code === undefined ? undefined : catalogue(lang).report.errorHint(code));
  return (
    <Box flexDirection="column" marginBottom={1}>
      <Text color={theme.status.error} bold>
        {m.report.incomplete(errors.length)}
      </Text>
      {errors.map((e, i) => (
        <Box key={i} flexDirection="column">
          <Text color={theme.status.error} wrap="truncate-end">
            {'  '}
            {m.report.readError(sanitizeInline(e.service), sanitizeInline(`${e.code ? `${e.code} ` : ''}${e.message}`))}
          </Text>
          {hintFor(e.code) !== undefined ? <Text wrap="wrap">{`    ${hintFor(e.code)}`}</Text> : null}
        </Box>
      ))}
    </Box>
  );
}

interface ItemListProps {
  items: readonly DriftItem[];
  lang: Lang;
  m: UiMessages;
  width: number;
  maxDifferences: number;
}

function ItemList({ items, lang, m, width, maxDifferences }: ItemListProps) {
  const theme = useTheme();
  const names = catalogue(lang).common.severity;
  return (
    <Box flexDirection="column">
      {groupBySeverity(items).map((group) => (
        <Box key={group.severity} flexDirection="column" marginBottom={1}>
          <Text color={theme.severity[group.severity]} bold>
            {names[group.severity].toUpperCase()} ({group.items.length})
          </Text>
          {group.items.map((item) => (
            <ItemView key={item.id} item={item} severity={group.severity} lang={lang} m={m} width={width} maxDifferences={maxDifferences} />
          ))}
        </Box>
      ))}
    </Box>
  );
}

interface ItemViewProps {
  item: DriftItem;
  severity: Severity;
  lang: Lang;
  m: UiMessages;
  width: number;
  maxDifferences: number;
}

function ItemView({ item, severity, lang, m, width, maxDifferences }: ItemViewProps) {
  const theme = useTheme();
  const where = location(item);
  const differences = item.type === 'missing_resource' ? [] : item.differences;
  const shown = differences.slice(0, maxDifferences);
  const more = differences.length - shown.length;
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text color={theme.severity[severity]}>● </Text>
        <Text bold>{resourceLabel(item)}</Text>
        <Text color={theme.text.secondary}>
          {' '}
          · {sanitizeInline(item.resourceType)} · {catalogue(lang).common.driftType[item.type]}
        </Text>
        {item.autoHeal.eligible ? <Text color={theme.status.success}> · {m.report.autoHealEligible}</Text> : null}
      </Text>
      <Box flexDirection="column" marginLeft={INDENT - 2}>
        {where !== null ? (
          <Text color={theme.text.secondary} wrap="truncate-end">
            {where}
          </Text>
        ) : null}
        {item.type === 'missing_resource' ? <Text color={theme.diff.removed}>{m.report.missing}</Text> : null}
        {item.type === 'extra_resource' ? <Text color={theme.diff.added}>{m.report.extra}</Text> : null}
        {shown.map((d, i) => (
          <DifferenceLine key={`${d.path}-${i}`} difference={d} m={m} lang={lang} width={width - INDENT} />
        ))}
        {more > 0 ? <Text color={theme.text.secondary}>{m.report.moreDifferences(more)}</Text> : null}
      </Box>
    </Box>
  );
}

function DifferenceLine({ difference: d, m, lang, width }: { difference: PropertyDifference; m: UiMessages; lang: Lang; width: number }) {
  const theme = useTheme();
  const path = sanitizeInline(d.path);
  const context = { path: d.path, lang };
  // A security group rule is shown whole: its line wraps instead of being cut.
  const wrap = isWholeValue(d.expected) || isWholeValue(d.actual) ? 'wrap' : 'truncate-end';
  // Path, arrow and both values on one line: each value gets an equal share of what the path leaves.
  const share = Math.floor((width - path.length - 8) / 2);
  switch (d.kind) {
    case 'NOT_EQUAL':
      return (
        <Text wrap={wrap}>
          <Text color={theme.diff.changed}>~ </Text>
          <Text>{path}: </Text>
          <Text color={theme.diff.removed}>{value(d.expected, share, context)}</Text>
          <Text color={theme.text.secondary}> → </Text>
          <Text color={theme.diff.added}>{value(d.actual, share, context)}</Text>
        </Text>
      );
    case 'ADD':
      return (
        <Text wrap={wrap}>
          <Text color={theme.diff.added}>+ </Text>
          <Text>{path} = </Text>
          <Text color={theme.diff.added}>{value(d.actual, share * 2 - m.report.added.length, context)}</Text>
          <Text color={theme.text.secondary}> ({m.report.added})</Text>
        </Text>
      );
    case 'REMOVE':
      return (
        <Text wrap="truncate-end">
          <Text color={theme.diff.removed}>- </Text>
          <Text>{path}</Text>
          <Text color={theme.text.secondary}> ({m.report.removed})</Text>
        </Text>
      );
  }
}
