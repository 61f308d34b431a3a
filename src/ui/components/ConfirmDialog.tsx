// The confirmation dialog for a mutating plan: the exact actions, disruptive ones marked, and the
// answer by keyboard only: y = yes, n / Esc / Enter = no (the default), d = details. Its answer is the
// only way a plan gets a "yes" (it resolves the conversation's ConfirmFn through the bridge).
// Only a distinct key press made after the dialog was drawn counts (see TypeAheadGuard): what was
// typed while the plan was being prepared is dropped, and shown as dropped.
import { Box, Text, useInput } from 'ink';
import { useRef, useState } from 'react';
import type { ConfirmAnswer, ConfirmationRequest } from '../../agent/events.js';
import { escapeControls } from '../../drift/report/sanitize.js';
import type { UiMessages } from '../../i18n/ui.js';
import { useTheme } from '../theme.js';
import { SETTLE_MS, TypeAheadGuard } from '../type-ahead.js';
import { hasDisruptive, PlanSummary } from './PlanSummary.js';

export interface ConfirmDialogProps {
  request: ConfirmationRequest;
  m: UiMessages;
  width: number;
  onAnswer: (answer: ConfirmAnswer) => void;
  /** Milliseconds; tests pass a controlled clock. */
  clock?: () => number;
  /** When the last key was pressed in the chat before the dialog appeared. */
  lastKeyAt?: number;
  settleMs?: number;
}

/** The ignored text shown: the end of it, so the latest keys are visible. */
const SHOWN_IGNORED = 40;

export function planTitle(request: ConfirmationRequest, m: UiMessages): string {
  const { plan } = request;
  return plan.kind === 'heal' ? m.plan.healTitle(plan.actions.length) : m.plan.syncTitle(plan.files.length);
}

export function ConfirmDialog({ request, m, width, onAnswer, clock = Date.now, lastKeyAt, settleMs = SETTLE_MS }: ConfirmDialogProps) {
  const theme = useTheme();
  const [details, setDetails] = useState(false);
  const guard = useRef<TypeAheadGuard | undefined>(undefined);
  guard.current ??= new TypeAheadGuard(clock(), lastKeyAt, settleMs);
  const [ignored, setIgnored] = useState('');
  useInput((input, key) => {
    if (key.ctrl) return;
    const verdict = (guard.current as TypeAheadGuard).take(input, clock(), key.return ? '⏎' : key.escape ? '␛' : input.replace(/\r\n?|\n/g, '⏎'));
    if (!verdict.accepted) {
      setIgnored((guard.current as TypeAheadGuard).ignored);
      return;
    }
    const k = input.toLowerCase();
    if (k === 'y') onAnswer('yes');
    else if (k === 'n' || key.return || key.escape) onAnswer('no');
    else if (k === 'd') setDetails((d) => !d);
  });
  const danger = hasDisruptive(request.plan);
  const shownIgnored = [...escapeControls(ignored.replace(/\s+/g, ' '))];
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
      {ignored !== '' ? (
        <Text color={theme.status.warning} wrap="truncate-end">
          {m.plan.ignoredTypeAhead((shownIgnored.length > SHOWN_IGNORED ? '…' : '') + shownIgnored.slice(-SHOWN_IGNORED).join(''))}
        </Text>
      ) : null}
    </Box>
  );
}
