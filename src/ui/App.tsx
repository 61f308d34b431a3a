// The chat screen. History above in <Static> (printed once), then the live tail of the running turn,
// then the confirmation dialog or the input box, then the header line. Ctrl+C cancels the running
// turn (its AbortController); pressed again, or twice when idle, it exits.
import { Box, Static, Text, useApp, useInput, useStdout } from 'ink';
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import type { ConfirmAnswer, ConfirmationRequest } from '../agent/events.js';
import { sanitizeInline } from '../drift/report/sanitize.js';
import type { Lang } from '../i18n/index.js';
import { uiMessages } from '../i18n/ui.js';
import type { ChatSetup } from './chat-agent.js';
import { chatReducer, initialChatState, type Entry } from './chat-state.js';
import { parseLine } from './commands.js';
import type { ConfirmBridge } from './confirm-bridge.js';
import { Banner } from './components/Banner.js';
import { BlocksView, UserLine } from './components/BlocksView.js';
import { ConfirmDialog } from './components/ConfirmDialog.js';
import { DriftReportView } from './components/DriftReportView.js';
import { CommandPrefixContext } from './command-prefix.js';
import { Header } from './components/Header.js';
import { InputBox } from './components/InputBox.js';
import { useColumns, useNow } from './hooks.js';
import { useTheme } from './theme.js';

export interface AppProps extends ChatSetup {
  bridge: ConfirmBridge;
  /** Milliseconds, for elapsed times; tests pass a controlled clock. */
  clock?: () => number;
}

/** How long a first Ctrl+C waits for the second one. */
export const EXIT_WINDOW_MS = 2000;
const TICK_MS = 100;
// Clears the screen and the scrollback, then homes the cursor (what `clear` does).
const CLEAR_SCREEN = '\u001b[2J\u001b[3J\u001b[H';

interface PendingConfirmation {
  request: ConfirmationRequest;
  answer: (value: ConfirmAnswer) => void;
}

export function App({ agent, source, lang: initialLang, model, setLanguage, bridge, clock = Date.now }: AppProps) {
  const theme = useTheme();
  const { exit } = useApp();
  const { write } = useStdout();
  const columns = useColumns();
  const [state, dispatch] = useReducer(chatReducer, undefined, initialChatState);
  const [lang, setLang] = useState<Lang>(initialLang);
  const [pending, setPending] = useState<PendingConfirmation | undefined>();
  const [cancelling, setCancelling] = useState(false);
  const [exitArmed, setExitArmed] = useState(false);
  // Refs, not state, for what key handlers must see immediately (two keys can arrive in one tick).
  const controllerRef = useRef<AbortController | undefined>(undefined);
  const exitArmedRef = useRef(false);
  const langPinnedRef = useRef(false);
  // When the last key was pressed: typing that goes on as a dialog appears is typing ahead, not an answer.
  const lastKeyAtRef = useRef<number | undefined>(undefined);
  // One message typed and sent while a turn runs waits here, and goes when the turn ends.
  const queuedRef = useRef<{ text: string; shown: string } | undefined>(undefined);
  const [queued, setQueued] = useState<string | undefined>();
  const m = uiMessages(lang);

  useEffect(
    () =>
      bridge.attach((request, answer, signal) => {
        setPending({ request, answer });
        signal.addEventListener('abort', () => setPending(undefined), { once: true });
      }),
    [bridge],
  );

  const armExit = useCallback((armed: boolean) => {
    exitArmedRef.current = armed;
    setExitArmed(armed);
  }, []);
  useEffect(() => {
    if (!exitArmed) return;
    const timer = setTimeout(() => armExit(false), EXIT_WINDOW_MS);
    return () => clearTimeout(timer);
  }, [exitArmed, armExit]);

  const quit = useCallback(() => {
    controllerRef.current?.abort();
    exit();
  }, [exit]);

  const runTurn = (text: string, shown: string): void => {
    const controller = new AbortController();
    controllerRef.current = controller;
    dispatch({ type: 'turn_started', shown, at: clock() });
    agent
      .send(text, { signal: controller.signal, onEvent: (event) => dispatch({ type: 'agent_event', event, at: clock() }) })
      .then((result) => {
        dispatch({ type: 'turn_finished', result, at: clock() });
        // The screen follows the language the conversation answers in, unless /lang chose one.
        if (!langPinnedRef.current) setLang(result.language);
      })
      .catch((error: unknown) => {
        dispatch({ type: 'turn_crashed', message: error instanceof Error ? error.message : String(error), at: clock() });
      })
      .finally(() => {
        if (controllerRef.current === controller) controllerRef.current = undefined;
        setCancelling(false);
        const next = queuedRef.current;
        queue(undefined);
        if (next !== undefined && !controller.signal.aborted) runTurn(next.text, next.shown);
      });
  };

  const queue = (next: { text: string; shown: string } | undefined): void => {
    queuedRef.current = next;
    setQueued(next?.shown);
  };

  const onSubmit = (line: string): boolean => {
    const command = parseLine(line, m);
    switch (command.kind) {
      case 'empty':
        return true;
      case 'send':
        if (controllerRef.current === undefined) runTurn(command.text, command.shown);
        // A second message while one already waits stays in the box.
        else if (queuedRef.current === undefined) queue({ text: command.text, shown: command.shown });
        else return false;
        return true;
      case 'lang': {
        langPinnedRef.current = true;
        setLang(command.lang);
        setLanguage?.(command.lang);
        dispatch({ type: 'notice', lines: [uiMessages(command.lang).commands.languageSet], tone: 'info' });
        return true;
      }
      case 'expand':
        if (state.lastReport === undefined) dispatch({ type: 'notice', lines: [m.report.nothingToExpand], tone: 'info' });
        else dispatch({ type: 'expand' });
        return true;
      case 'clear':
        write(CLEAR_SCREEN);
        dispatch({ type: 'clear' });
        return true;
      case 'help':
        dispatch({ type: 'notice', lines: m.commands.help, tone: 'info' });
        return true;
      case 'exit':
        quit();
        return true;
      case 'usage':
        dispatch({ type: 'notice', lines: [command.message], tone: 'error' });
        return true;
    }
  };

  useInput((input, key) => {
    lastKeyAtRef.current = clock();
    if (!(key.ctrl && input === 'c')) return;
    const controller = controllerRef.current;
    if (controller !== undefined && !controller.signal.aborted) {
      // Cancelling means stop: what was typed ahead does not run either.
      queue(undefined);
      controller.abort();
      setCancelling(true);
      armExit(true);
      return;
    }
    if (exitArmedRef.current) {
      quit();
      return;
    }
    armExit(true);
  });

  const answer = (value: ConfirmAnswer): void => {
    if (pending === undefined) return;
    // The answer is recorded before the gate hears it, so the plan shows above what runs next.
    dispatch({ type: 'confirm_answered', plan: pending.request.plan, answer: value });
    pending.answer(value);
    setPending(undefined);
  };

  const live = state.live;
  const running = live?.blocks.some((b) => b.kind === 'tool' && (b.activity.status === 'running' || b.activity.status === 'executing')) ?? false;
  const now = useNow(running, clock, TICK_MS);
  const headerProps = { source, ...(state.account ? { account: state.account } : {}), mode: agent.mode, ...(model ? { model } : {}), m };

  return (
    <CommandPrefixContext.Provider value={source.kind === 'demo' ? 'ialctl --demo' : 'ialctl'}>
    <Box flexDirection="column" width={columns}>
      <Static key={state.staticKey} items={state.entries}>
        {(entry: Entry) => <EntryView key={entry.id} entry={entry} lang={lang} width={columns} headerProps={headerProps} />}
      </Static>
      {live !== undefined ? <BlocksView blocks={live.blocks.slice(live.committed)} lang={lang} width={columns} now={now} /> : null}
      {pending !== undefined ? (
        <ConfirmDialog request={pending.request} m={m} width={columns} onAnswer={answer} clock={clock} {...(lastKeyAtRef.current !== undefined ? { lastKeyAt: lastKeyAtRef.current } : {})} />
      ) : (
        <InputBox m={m} width={columns} busy={live !== undefined} active={pending === undefined} onSubmit={onSubmit} onEndOfInput={quit} />
      )}
      {queued !== undefined ? (
        <Box paddingX={1}>
          <Text color={theme.text.secondary} wrap="truncate-end">
            {m.input.queued(sanitizeInline(queued))}
          </Text>
        </Box>
      ) : null}
      <Box paddingX={1}>
        {cancelling ? (
          <Text color={theme.status.warning}>{m.input.cancelling}</Text>
        ) : exitArmed ? (
          <Text color={theme.status.warning}>{m.input.pressAgainToExit}</Text>
        ) : (
          <Header {...headerProps} />
        )}
      </Box>
    </Box>
    </CommandPrefixContext.Provider>
  );
}

interface EntryViewProps {
  entry: Entry;
  lang: Lang;
  width: number;
  headerProps: Parameters<typeof Banner>[0];
}

function EntryView({ entry, lang, width, headerProps }: EntryViewProps) {
  const theme = useTheme();
  switch (entry.kind) {
    case 'banner':
      return <Banner {...headerProps} />;
    case 'user':
      return <UserLine text={entry.text} />;
    case 'blocks':
      return <BlocksView blocks={entry.blocks} lang={lang} width={width} now={0} {...(entry.status ? { status: entry.status } : {})} />;
    case 'notice':
      return (
        <Box flexDirection="column" marginTop={1} marginLeft={2}>
          {entry.lines.map((line, i) => (
            <Text key={i} color={entry.tone === 'error' ? theme.status.error : theme.text.secondary}>
              {line}
            </Text>
          ))}
        </Box>
      );
    case 'report':
      return (
        <Box marginTop={1}>
          <DriftReportView data={entry.data} lang={lang} width={width} expanded={entry.expanded} />
        </Box>
      );
  }
}
