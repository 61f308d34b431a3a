// The input line: editing keys, ↑/↓ through the lines already sent, Enter to send. Ctrl+C belongs
// to the App (cancel / exit); here control keys never turn into text.
import { Box, Text, useInput } from 'ink';
import { useReducer, useRef } from 'react';
import { sanitizeInline } from '../../drift/report/sanitize.js';
import type { UiMessages } from '../../i18n/ui.js';
import { emptyHistory, newer, older, remember, type InputHistory } from '../input-history.js';
import {
  deleteBack, deleteForward, deleteToStart, deleteWordBack, emptyLine, insert, lineOf, moveEnd, moveHome, moveLeft, moveRight, splitAtCursor,
  type LineState,
} from '../line-editor.js';
import { useTheme } from '../theme.js';

export interface InputBoxProps {
  m: UiMessages;
  width: number;
  /** A turn is running: typing continues; the App queues one message for when it ends. */
  busy: boolean;
  /** False while the confirmation dialog owns the keyboard. */
  active: boolean;
  /** False when the line was not taken (one message already waits): it stays in the box. */
  onSubmit: (line: string) => boolean;
  /** Ctrl+D on an empty line. */
  onEndOfInput: () => void;
}

export function InputBox({ m, width, busy, active, onSubmit, onEndOfInput }: InputBoxProps) {
  const theme = useTheme();
  // Keys can arrive faster than React re-renders (a paste, a test writing "text" then "\r"): the
  // handler reads and writes refs, so each key sees the previous key's result.
  const lineRef = useRef<LineState>(emptyLine);
  const historyRef = useRef<InputHistory>(emptyHistory);
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const setLine = (next: LineState | ((s: LineState) => LineState)): void => {
    lineRef.current = typeof next === 'function' ? next(lineRef.current) : next;
    rerender();
  };
  const setHistory = (next: InputHistory): void => {
    historyRef.current = next;
  };

  const submit = (text: string, rest: string): void => {
    if (!onSubmit(text)) return;
    setHistory(remember(historyRef.current, text));
    setLine(lineOf(rest));
  };

  useInput(
    (input, key) => {
      const line = lineRef.current;
      if (key.return) {
        submit(line.value, '');
        return;
      }
      if (key.upArrow) {
        const step = older(historyRef.current, line.value);
        if (step) {
          setHistory(step.history);
          setLine(lineOf(step.text));
        }
        return;
      }
      if (key.downArrow) {
        const step = newer(historyRef.current);
        if (step) {
          setHistory(step.history);
          setLine(lineOf(step.text));
        }
        return;
      }
      if (key.leftArrow) return setLine(moveLeft);
      if (key.rightArrow) return setLine(moveRight);
      if (key.home) return setLine(moveHome);
      if (key.end) return setLine(moveEnd);
      // Terminals send DEL (0x7f) for Backspace, which Ink reports as `delete`.
      if (key.backspace || key.delete) return setLine(deleteBack);
      if (key.ctrl) {
        if (input === 'a') setLine(moveHome);
        else if (input === 'e') setLine(moveEnd);
        else if (input === 'u') setLine(deleteToStart);
        else if (input === 'w') setLine(deleteWordBack);
        else if (input === 'k') setLine((s) => ({ value: Array.from(s.value).slice(0, s.cursor).join(''), cursor: s.cursor }));
        else if (input === 'd') {
          if (line.value === '') onEndOfInput();
          else setLine(deleteForward);
        }
        return;
      }
      if (key.escape || key.tab || key.meta) return;
      if (input === '') return;
      // A paste (or a fast terminal) can bring several characters and a line break in one chunk:
      // the first line is sent, what follows stays in the box.
      const newline = input.search(/[\r\n]/);
      if (newline >= 0) {
        setLine(insert(line, sanitizeInline(input.slice(0, newline))));
        submit(lineRef.current.value, sanitizeInline(input.slice(newline + 1)));
        return;
      }
      setLine((s) => insert(s, sanitizeInline(input)));
    },
    { isActive: active },
  );

  const { before, at, after } = splitAtCursor(lineRef.current);
  const empty = lineRef.current.value === '';
  return (
    <Box borderStyle="round" borderColor={busy || !active ? theme.border.default : theme.border.focused} paddingX={1} width={width}>
      <Text color={theme.text.accent} bold>
        {'› '}
      </Text>
      {empty ? (
        <Text wrap="truncate-end">
          {active ? <Text inverse> </Text> : null}
          <Text color={theme.text.secondary}>{busy ? m.input.busy : m.input.placeholder}</Text>
        </Text>
      ) : (
        <Text wrap="truncate-start">
          {before}
          {active ? <Text inverse>{at}</Text> : at}
          {after}
        </Text>
      )}
    </Box>
  );
}
