// The exact contents of a plan: every heal action (operation, resource, each change AWS → Git,
// disruptive ones marked) or every file a reverse sync edits. Used inside the confirmation dialog
// and, once answered, in the history.
import { Box, Text } from 'ink';
import { sanitizeInline } from '../../drift/report/sanitize.js';
import type { UiMessages } from '../../i18n/ui.js';
import type { Json } from '../../drift/model.js';
import type { HealActionView, HealPlanView, PlanSkip, PlanView, SyncPlanView } from '../../tools/engine-port.js';
import { healSkipReason, unresolvedReason } from '../../i18n/reasons.js';
import { value } from '../format.js';
import { useTheme } from '../theme.js';

/** Actions (or files) listed before "[d] details" is needed. */
export const PLAN_PREVIEW = 8;
const PREVIEW_CHANGES = 2;

export interface PlanSummaryProps {
  plan: PlanView;
  m: UiMessages;
  width: number;
  details: boolean;
}

export function PlanSummary(props: PlanSummaryProps) {
  return props.plan.kind === 'heal' ? <HealPlanSummary {...props} plan={props.plan} /> : <SyncPlanSummary {...props} plan={props.plan} />;
}

export function hasDisruptive(plan: PlanView): boolean {
  return plan.kind === 'heal' && plan.actions.some((a) => a.disruptive);
}

function actionLabel(a: HealActionView): string {
  const physical = sanitizeInline(a.physicalId);
  return a.logicalId === null ? physical : `${sanitizeInline(a.logicalId)} (${physical})`;
}

function HealPlanSummary({ plan, m, width, details }: PlanSummaryProps & { plan: HealPlanView }) {
  const theme = useTheme();
  const actions = details ? plan.actions : plan.actions.slice(0, PLAN_PREVIEW);
  const hidden = plan.actions.length - actions.length;
  return (
    <Box flexDirection="column">
      {plan.actions.length > 0 ? <Text color={theme.text.secondary}>{m.plan.healArrow}</Text> : null}
      {actions.map((a, i) => (
        <Box key={`${a.itemId}-${a.operation}-${i}`} flexDirection="column">
          <Text wrap="truncate-end">
            <Text color={theme.text.secondary}>{String(i + 1).padStart(2)}. </Text>
            <Text color={theme.text.accent}>{sanitizeInline(a.operation)}</Text>
            <Text> {actionLabel(a)}</Text>
            <Text color={theme.text.secondary}> · {sanitizeInline(a.resourceType)}</Text>
          </Text>
          {a.disruptive ? (
            <Text color={theme.status.warning} bold wrap="truncate-end">
              {'     '}
              {m.plan.disruptive}
              {a.disruption ? `: ${sanitizeInline(a.disruption)}` : ''}
            </Text>
          ) : null}
          {(details ? a.changes : a.changes.slice(0, PREVIEW_CHANGES)).map((c, j) => (
            <ChangeLine key={`${c.path}-${j}`} path={c.path} from={c.from} to={c.to} width={width} m={m} />
          ))}
          {!details && a.changes.length > PREVIEW_CHANGES ? (
            <Text color={theme.text.secondary}>
              {'     '}+{a.changes.length - PREVIEW_CHANGES}
            </Text>
          ) : null}
        </Box>
      ))}
      {hidden > 0 ? <Text color={theme.text.secondary}>{m.plan.moreActions(hidden)}</Text> : null}
      <Skipped items={plan.skipped} label={m.plan.skipped(new Set(plan.skipped.map((s) => s.itemId)).size)} details={details} translate={(s) => healSkipReason(s, m.languageCode)} />
      {details ? <Text color={theme.text.secondary}>{m.plan.planId(plan.planId)}</Text> : null}
    </Box>
  );
}

function SyncPlanSummary({ plan, m, width, details }: PlanSummaryProps & { plan: SyncPlanView }) {
  const theme = useTheme();
  const files = details ? plan.files : plan.files.slice(0, PLAN_PREVIEW);
  const hidden = plan.files.length - files.length;
  // "Opens a pull request" only when one will be: a token, an origin on GitHub, and it was asked for.
  const skipped = plan.pullRequestSkipped ?? null;
  const prNote = !plan.createPr || skipped === 'disabled' ? m.plan.localBranchOnly : skipped === null ? m.plan.pullRequest : m.plan.noPullRequest(skipped);
  return (
    <Box flexDirection="column">
      {plan.branch !== null ? (
        <Text color={theme.text.secondary} wrap="wrap">
          {m.plan.branch(sanitizeInline(plan.branch), sanitizeInline(plan.base ?? 'HEAD'))} · {prNote}
        </Text>
      ) : null}
      {plan.files.length > 0 ? <Text color={theme.text.secondary}>{m.plan.syncArrow}</Text> : null}
      {files.map((f, i) => (
        <Box key={f.path} flexDirection="column">
          <Text wrap="truncate-end">
            <Text color={theme.text.secondary}>{String(i + 1).padStart(2)}. </Text>
            <Text color={theme.text.accent}>{sanitizeInline(f.path)}</Text>
            <Text color={theme.text.secondary}> · {m.plan.fileChanges(f.changes)}</Text>
          </Text>
          {f.values.map((c, j) => (
            <ChangeLine
              key={`${c.logicalId}-${c.path}-${j}`}
              subject={c.logicalId}
              path={c.parameter !== undefined ? `${c.path} (${m.plan.parameter(c.parameter)})` : c.path}
              valuePath={c.path}
              from={c.from}
              to={c.to}
              width={width}
              m={m}
              {...(details ? { line: c.line } : {})}
            />
          ))}
        </Box>
      ))}
      {hidden > 0 ? <Text color={theme.text.secondary}>{m.plan.moreActions(hidden)}</Text> : null}
      <Skipped items={plan.unresolved} label={m.plan.unresolved(plan.unresolved.length)} details={details} translate={(s) => unresolvedReason(s, m.languageCode)} />
      {details ? <Text color={theme.text.secondary}>{m.plan.planId(plan.planId)}</Text> : null}
    </Box>
  );
}

interface ChangeLineProps {
  subject?: string;
  path: string;
  /** The difference path the values belong to, when `path` carries more text. */
  valuePath?: string;
  from: Json;
  to: Json;
  width: number;
  m: UiMessages;
  line?: number;
}

/** `path: before → after`, values in the dialog's language; it wraps rather than cut a value. */
function ChangeLine({ subject, path, valuePath, from, to, width, m, line }: ChangeLineProps) {
  const theme = useTheme();
  const label = sanitizeInline(subject !== undefined ? (path === '' ? subject : `${subject} ${path}`) : path);
  const share = Math.max(12, Math.floor((width - label.length - 14) / 2));
  const context = { path: valuePath ?? path, lang: m.languageCode };
  const shown = (v: Json): string => (v === null ? '—' : value(v, share, context));
  return (
    <Text wrap="wrap">
      {'     '}
      <Text>{label}: </Text>
      <Text color={theme.diff.removed}>{shown(from)}</Text>
      <Text color={theme.text.secondary}> → </Text>
      <Text color={theme.diff.added}>{shown(to)}</Text>
      {line !== undefined ? <Text color={theme.text.secondary}>{`  (${m.plan.line(line)})`}</Text> : null}
    </Text>
  );
}

function Skipped({ items, label, details, translate }: { items: readonly PlanSkip[]; label: string; details: boolean; translate: (s: PlanSkip) => string }) {
  const theme = useTheme();
  if (items.length === 0) return null;
  return (
    <Box flexDirection="column">
      <Text color={theme.text.secondary}>({label})</Text>
      {details
        ? items.map((s) => (
            <Text key={`${s.itemId}-${s.path ?? ''}`} color={theme.text.secondary} wrap="wrap">
              {'   '}• {sanitizeInline([s.subject ?? s.itemId.slice(0, 12), ...(s.path ? [s.path] : [])].join(' '))}: {sanitizeInline(translate(s))}
            </Text>
          ))
        : null}
    </Box>
  );
}
