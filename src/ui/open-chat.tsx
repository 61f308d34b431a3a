// The interactive chat, as the hook `ialctl` (no message, stdin a terminal) calls: builds the
// conversation with the dialog as its only way to approve a plan, renders the App, resolves with the
// exit code when the operator leaves.
import { render } from 'ink';
import type { ChatSession } from '../cli/commands/chat.js';
import { App } from './App.js';
import type { ChatSource } from './chat-agent.js';
import { createConfirmBridge } from './confirm-bridge.js';
import { colourTheme, plainTheme, ThemeContext } from './theme.js';

/** The terminal the chat draws on: the process's own unless given (tests, embedding). */
export interface ChatTerminal {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  /** Route console.* above the chat instead of through it (default true). */
  patchConsole?: boolean;
}

/**
 * Until the first check names the account and region, the header shows what the environment says.
 * (The session says whether this is the demo; `--region`/`--profile` reach the header with the first report.)
 */
export function sourceOf(session: Pick<ChatSession, 'demo' | 'io'>): ChatSource {
  if (session.demo) return { kind: 'demo' };
  const env = session.io.env;
  const region = env['AWS_REGION']?.trim() || env['AWS_DEFAULT_REGION']?.trim() || undefined;
  const profile = env['AWS_PROFILE']?.trim() || undefined;
  return { kind: 'aws', ...(region ? { region } : {}), ...(profile ? { profile } : {}) };
}

export async function openInteractiveChat(session: ChatSession, terminal?: ChatTerminal): Promise<number> {
  const bridge = createConfirmBridge();
  const conversation = session.createConversation({ confirm: bridge.confirm });
  const { stdin, stdout, stderr, patchConsole = true } = terminal ?? { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
  const instance = render(
    <ThemeContext.Provider value={session.color ? colourTheme : plainTheme}>
      <App agent={conversation} source={sourceOf(session)} lang={session.lang} {...(session.model ? { model: session.model } : {})} setLanguage={(lang) => conversation.setLanguage(lang)} bridge={bridge} />
    </ThemeContext.Provider>,
    // Ctrl+C is the App's: it cancels the running turn first, and only a second press exits.
    { stdin, stdout, stderr, patchConsole, exitOnCtrlC: false },
  );
  await instance.waitUntilExit();
  return 0;
}
