// What an executed plan did: each heal result with its resource, or the branch/commit/PR of a sync.
import { Box, Text } from 'ink';
import { sanitizeInline } from '../../drift/report/sanitize.js';
import type { UiMessages } from '../../i18n/ui.js';
import type { HealOutcome, HealPlanView, SyncOutcome } from '../../tools/engine-port.js';
import { useTheme } from '../theme.js';

export function HealOutcomeView({ outcome, plan, m }: { outcome: HealOutcome; plan?: HealPlanView; m: UiMessages }) {
  const theme = useTheme();
  const statusColour = { healed: theme.status.success, failed: theme.status.error, verify_failed: theme.status.warning };
  const labelOf = (itemId: string): string => {
    const action = plan?.actions.find((a) => a.itemId === itemId);
    if (action === undefined) return itemId.slice(0, 12);
    const physical = sanitizeInline(action.physicalId);
    return action.logicalId === null ? physical : `${sanitizeInline(action.logicalId)} (${physical})`;
  };
  return (
    <Box flexDirection="column" marginLeft={2}>
      {outcome.results.map((r, i) => (
        <Text key={`${r.itemId}-${i}`} wrap="truncate-end">
          <Text color={statusColour[r.status]}>{m.outcome.healStatus[r.status]}</Text>
          <Text> {labelOf(r.itemId)}</Text>
          {r.error ? <Text color={theme.status.error}> — {sanitizeInline(r.error)}</Text> : null}
        </Text>
      ))}
    </Box>
  );
}

export function SyncOutcomeView({ outcome, m }: { outcome: SyncOutcome; m: UiMessages }) {
  const theme = useTheme();
  return (
    <Box flexDirection="column" marginLeft={2}>
      {outcome.commit ? <Text color={theme.text.secondary}>{m.outcome.commit(sanitizeInline(outcome.commit.slice(0, 12)))}</Text> : null}
      {outcome.files.map((f) => (
        <Text key={f.path} wrap="truncate-end">
          <Text color={theme.text.accent}>{sanitizeInline(f.path)}</Text>
          <Text color={theme.text.secondary}> · {m.plan.fileChanges(f.changes)}</Text>
        </Text>
      ))}
      {outcome.pullRequest ? <Text color={theme.status.success}>{m.outcome.pullRequest(sanitizeInline(outcome.pullRequest.url))}</Text> : null}
    </Box>
  );
}
