// The confirmation dialog for a mutating plan: the exact actions, disruptive ones marked, and the
// answer by keyboard only: y = yes, n / Esc / Enter = no (the default), d = details. Its answer is the
// only way a plan gets a "yes" (it resolves the conversation's ConfirmFn through the bridge).
import { Box, Text, useInput } from 'ink';
import { useState } from 'react';
import type { ConfirmAnswer, ConfirmationRequest } from '../../agent/events.js';
import type { UiMessages } from '../../i18n/ui.js';
import { useTheme } from '../theme.js';
import { hasDisruptive, PlanSummary } from './PlanSummary.js';

export interface ConfirmDialogProps {
  request: ConfirmationRequest;
  m: UiMessages;
  width: number;
  onAnswer: (answer: ConfirmAnswer) => void;
}

export function planTitle(request: ConfirmationRequest, m: UiMessages): string {
  const { plan } = request;
  return plan.kind === 'heal' ? m.plan.healTitle(plan.actions.length) : m.plan.syncTitle(plan.files.length);
}

export function ConfirmDialog({ request, m, width, onAnswer }: ConfirmDialogProps) {
  const theme = useTheme();
  const [details, setDetails] = useState(false);
  useInput((input, key) => {
    if (key.ctrl) return;
    const k = input.toLowerCase();
    if (k === 'y') onAnswer('yes');
    else if (k === 'n' || key.return || key.escape) onAnswer('no');
    else if (k === 'd') setDetails((d) => !d);
  });
  const danger = hasDisruptive(request.plan);
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={danger ? theme.border.danger : theme.border.focused} paddingX={1} width={width}>
      <Text bold wrap="truncate-end">
        {planTitle(request, m)}
        <Text color={theme.text.secondary} bold={false}>
          {'  '}
          {m.plan.planId(request.plan.planId.slice(0, 12))}
        </Text>
      </Text>
      <Box marginY={1}>
        <PlanSummary plan={request.plan} m={m} width={width - 4} details={details} />
      </Box>
      <Text color={theme.text.accent} bold>
        {m.plan.keys}
        {details ? <Text color={theme.text.secondary} bold={false}>{`   (${m.plan.detailsHint})`}</Text> : null}
      </Text>
    </Box>
  );
}
