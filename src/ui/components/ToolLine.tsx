// One tool call as a status line: spinner and elapsed time while it runs, then what it found.
import { Text } from 'ink';
import { escapeControlsInline, sanitizeInline } from '../../drift/report/sanitize.js';
import type { UiMessages } from '../../i18n/ui.js';
import type { ServiceProgress } from '../../tools/engine-port.js';
import type { ToolActivity } from '../chat-state.js';
import { doneIsWarning, doneSummary, formatElapsed, spinnerFrame } from '../format.js';
import { useTheme, type UiTheme } from '../theme.js';

export interface ToolLineProps {
  activity: ToolActivity;
  m: UiMessages;
  /** The clock of the live area; finished lines use their own end time. */
  now: number;
}

function runningLabel(activity: ToolActivity, m: UiMessages): string {
  const name = activity.name;
  if (activity.status === 'executing' && (name === 'heal_drift' || name === 'reverse_sync')) return m.tool.executing[name];
  if (name === 'check_drift' || name === 'heal_drift' || name === 'reverse_sync') return m.tool.running[name];
  // A name the model made up is shown as it is, escapes visible: stripped, it could pass for a real tool.
  return m.tool.runningOther(escapeControlsInline(name));
}

/** `ec2 ✓ 42`, `ecs …`, `rds ✗`: symbols and counts only, so it reads the same in every language. */
function ServiceState({ progress, theme }: { progress: ServiceProgress; theme: UiTheme }) {
  switch (progress.state) {
    case 'reading':
      return <Text color={theme.text.secondary}>{progress.service} …</Text>;
    case 'done':
      return (
        <Text color={theme.status.success}>
          {progress.service} ✓{progress.resources === undefined ? '' : ` ${progress.resources}`}
        </Text>
      );
    case 'failed':
      return <Text color={theme.status.error}>{progress.service} ✗</Text>;
  }
}

export function ToolLine({ activity, m, now }: ToolLineProps) {
  const theme = useTheme();
  const elapsed = formatElapsed((activity.endedAt ?? now) - activity.startedAt);
  switch (activity.status) {
    case 'running':
    case 'executing':
      return (
        <Text wrap="truncate-end">
          <Text color={theme.status.running}>{spinnerFrame(now)} </Text>
          <Text>{runningLabel(activity, m)} </Text>
          <Text color={theme.text.secondary}>{elapsed}</Text>
          {(activity.progress ?? []).map((p, i) => (
            <Text key={p.service}>
              {i === 0 ? '  ' : <Text color={theme.text.secondary}> · </Text>}
              <ServiceState progress={p} theme={theme} />
            </Text>
          ))}
        </Text>
      );
    case 'awaiting_approval':
      return <Text color={theme.status.warning}>{m.tool.awaiting}</Text>;
    case 'done':
      return (
        <Text wrap="truncate-end">
          <Text color={doneIsWarning(activity) ? theme.status.warning : theme.status.success}>{doneSummary(activity, m)}</Text>
          <Text color={theme.text.secondary}> · {elapsed}</Text>
        </Text>
      );
    case 'failed':
      return <Text color={theme.status.error}>{m.tool.failed(sanitizeInline(activity.error ?? ''))}</Text>;
    case 'denied':
      return <Text color={theme.status.warning}>{m.tool.denied[activity.denyReason ?? 'declined']}</Text>;
    case 'needs_confirmation':
      return <Text color={theme.status.warning}>{m.tool.needsConfirmation}</Text>;
    case 'cancelled':
      return <Text color={theme.text.secondary}>{m.tool.cancelled}</Text>;
  }
}
