// What a line typed in the chat means: a message for the assistant, or one of the slash commands.
// `/check`, `/diff`, `/heal` and `/sync` become the phrase an operator would type, in the current
// language, so they take exactly the path of a typed message (router or model, then the gate).
import { sanitizeInline } from '../drift/report/sanitize.js';
import { LANGS, type Lang } from '../i18n/index.js';
import type { UiMessages } from '../i18n/ui.js';

export type ChatCommand =
  /** Text for the assistant; `shown` is what the history displays as the operator's line. */
  | { kind: 'send'; text: string; shown: string }
  | { kind: 'lang'; lang: Lang }
  | { kind: 'expand' }
  | { kind: 'clear' }
  | { kind: 'help' }
  | { kind: 'exit' }
  /** A slash command used wrongly: the message says how to use it. */
  | { kind: 'usage'; message: string }
  | { kind: 'empty' };

export const SLASH_COMMANDS = ['check', 'diff', 'heal', 'sync', 'expand', 'lang', 'clear', 'help', 'exit'] as const;

export function parseLine(line: string, m: UiMessages): ChatCommand {
  const text = line.trim();
  if (text === '') return { kind: 'empty' };
  if (!text.startsWith('/')) return { kind: 'send', text, shown: text };
  const [head = '', ...rest] = text.slice(1).split(/\s+/);
  const name = head.toLowerCase();
  const args = rest.join(' ').trim();
  switch (name) {
    case 'check':
      return { kind: 'send', text: m.commands.phrase.check, shown: text };
    case 'diff':
      return args === '' ? { kind: 'usage', message: m.commands.diffUsage } : { kind: 'send', text: m.commands.phrase.diff(args), shown: text };
    case 'heal':
      return { kind: 'send', text: m.commands.phrase.heal, shown: text };
    case 'sync':
      return { kind: 'send', text: m.commands.phrase.sync, shown: text };
    case 'expand':
      return { kind: 'expand' };
    case 'lang': {
      const lang = LANGS.find((l) => l === args.toLowerCase());
      return lang === undefined ? { kind: 'usage', message: m.commands.langUsage } : { kind: 'lang', lang };
    }
    case 'clear':
      return { kind: 'clear' };
    case 'help':
    case '?':
      return { kind: 'help' };
    case 'exit':
    case 'quit':
      return { kind: 'exit' };
    default:
      return { kind: 'usage', message: m.commands.unknown(sanitizeInline(name)) };
  }
}
