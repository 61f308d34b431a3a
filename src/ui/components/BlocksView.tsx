// A turn: the operator's line, then what happened in order (streamed text, tool status lines, the
// report, plans and outcomes). The same view renders the live tail and the settled parts in the history.
import { Box, Text } from 'ink';
import { escapeControls, sanitizeInline } from '../../drift/report/sanitize.js';
import type { Lang } from '../../i18n/index.js';
import { uiMessages, type UiMessages } from '../../i18n/ui.js';
import type { Block, TurnStatus } from '../chat-state.js';
import { useTheme } from '../theme.js';
import { DriftReportView } from './DriftReportView.js';
import { HealOutcomeView, SyncOutcomeView } from './OutcomeView.js';
import { PlanSummary } from './PlanSummary.js';
import { ToolLine } from './ToolLine.js';

export interface BlocksViewProps {
  blocks: readonly Block[];
  lang: Lang;
  width: number;
  now: number;
  /** Set on a turn's last part: a cancelled turn says so. */
  status?: TurnStatus;
}

export function UserLine({ text }: { text: string }) {
  const theme = useTheme();
  return (
    <Box marginTop={1}>
      <Text wrap="truncate-end">
        <Text color={theme.text.user} bold>
          ›{' '}
        </Text>
        <Text color={theme.text.user}>{sanitizeInline(text)}</Text>
      </Text>
    </Box>
  );
}

export function BlocksView({ blocks, lang, width, now, status }: BlocksViewProps) {
  const theme = useTheme();
  const m = uiMessages(lang);
  return (
    <Box flexDirection="column" width={width}>
      {blocks.map((block, i) => (
        <BlockView key={i} block={block} lang={lang} m={m} width={width} now={now} />
      ))}
      {status === 'cancelled' ? (
        <Box marginLeft={2}>
          <Text color={theme.text.secondary}>{m.turn.cancelled}</Text>
        </Box>
      ) : null}
    </Box>
  );
}

function BlockView({ block, lang, m, width, now }: { block: Block; lang: Lang; m: UiMessages; width: number; now: number }) {
  const theme = useTheme();
  switch (block.kind) {
    case 'text':
      // The model may echo AWS data: what would act on the terminal or hide text is shown as an escape.
      return (
        <Box marginLeft={2} marginTop={1} width={width - 2}>
          <Text>{escapeControls(block.text.replace(/\r\n?/g, '\n')).trim()}</Text>
        </Box>
      );
    case 'tool':
      return (
        <Box marginLeft={2}>
          <ToolLine activity={block.activity} m={m} now={now} />
        </Box>
      );
    case 'report':
      return (
        <Box marginTop={1}>
          <DriftReportView data={block.data} lang={lang} width={width} expanded={block.expanded} />
        </Box>
      );
    case 'plan':
      return (
        <Box flexDirection="column" marginLeft={2} marginTop={1}>
          <PlanSummary plan={block.plan} m={m} width={width - 2} details={false} />
          {block.answer === 'yes' ? <Text color={theme.status.success}>{m.plan.approved}</Text> : null}
        </Box>
      );
    case 'heal_outcome':
      return <HealOutcomeView outcome={block.outcome} {...(block.plan ? { plan: block.plan } : {})} m={m} />;
    case 'sync_outcome':
      return <SyncOutcomeView outcome={block.outcome} m={m} />;
    case 'error':
      return (
        <Box marginLeft={2}>
          <Text color={theme.status.error}>{m.turn.error(escapeControls(block.message))}</Text>
        </Box>
      );
  }
}
