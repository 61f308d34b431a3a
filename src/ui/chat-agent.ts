// What the screen needs from the agent core: one turn at a time, with its events. `Conversation`
// (src/agent/conversation.ts) has this shape; tests can script a turn with the same interface.
import type { AgentEvent, Mode, TurnResult } from '../agent/events.js';
import type { Lang } from '../i18n/index.js';

export interface ChatAgent {
  readonly mode: Mode;
  send(text: string, options: { signal: AbortSignal; onEvent: (event: AgentEvent) => void }): Promise<TurnResult>;
}

/** Where the live state comes from, for the header line. */
export type ChatSource =
  | { kind: 'demo' }
  | { kind: 'snapshot'; file: string }
  | { kind: 'aws'; region?: string; profile?: string; endpointUrl?: string };

export interface ChatSetup {
  agent: ChatAgent;
  source: ChatSource;
  /** The language the screen starts in (--lang, the config or the locale). */
  lang: Lang;
  /** The model id in the LLM modes, shown in the header. */
  model?: string;
  /** Called by `/lang`, so the assistant's replies follow the screen's language. */
  setLanguage?: (lang: Lang) => void;
}
