// `ialctl [message...]`, the default command: talk to the drift assistant.
//   - a message on the command line: one turn, the reply printed (`--json`: the one-shot JSON), exit;
//   - no message, stdin not a terminal: line mode, one message per line, one conversation;
//   - no message on a terminal: the interactive chat (the UI supplies it through `openInteractiveChat`).
// Without a human dialog (one-shot, line mode) plans are never executed unless `--yes` was given.
import type { Command } from 'commander';
import type { Conversation } from '../../agent/conversation.js';
import type { ConfirmFn, Mode, TurnResult } from '../../agent/events.js';
import type { LlmProvider } from '../../agent/providers/llm.js';
import type { Lang } from '../../i18n/index.js';
import type { EngineAdapterOptions } from '../../tools/engine-adapter.js';
import type { EnginePort } from '../../tools/engine-port.js';
import type { CliIo, CommandRegistry, GlobalOptions } from '../main.js';

export interface ChatOptions {
  json?: boolean;
  yes?: boolean;
  /** --approve PLAN_ID (repeatable): approve exactly these plans. */
  approve?: string[];
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];
const PLAN_ID = /^[0-9a-f]{12,64}$/i;

type ChatIo = CliIo & { stdin?: NodeJS.ReadableStream & { isTTY?: boolean } };

/** What the interactive chat receives: everything needed to start conversations with a confirm dialog. */
export interface ChatSession {
  io: CliIo;
  /** Replies' language when a message does not say (from --lang, the config or the locale). */
  lang: Lang;
  /** --lang or the config's `language` forces every reply into `lang`. */
  langForced: boolean;
  color: boolean;
  mode: Mode;
  /** The model id when an LLM answers. */
  model: string | null;
  demo: boolean;
  /** A conversation whose mutating calls ask `confirm` (the UI's dialog) before anything runs. */
  createConversation(options: { confirm: ConfirmFn }): Conversation;
}

export interface ChatHooks {
  /** The Ink chat, provided by the UI; resolves with the exit code. */
  openInteractiveChat?: (session: ChatSession) => Promise<number>;
  /** Where line mode reads (default: the process's stdin). */
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
  /** Replaces the engine (tests record calls through it). */
  engine?: (options: EngineAdapterOptions) => EnginePort;
  /** Replaces the environment's provider choice; null = the offline assistant. */
  provider?: LlmProvider | null;
}

export function registerChat(r: CommandRegistry, hooks: ChatHooks = {}): void {
  r.program
    .command('chat [message...]', { isDefault: true })
    .description('talk to the drift assistant (the default command): ialctl "mostrar drift"; one message per line on stdin; a terminal opens the chat')
    .option('--json', 'print {language, mode, reply, toolCalls} (one JSON object per line in line mode)')
    .option('--yes', 'approve, without asking, the heal or reverse sync your message asks for (never one the assistant chose on its own)')
    .option('--approve <planId>', 'approve exactly this plan (its id or 12-digit short id, from a dry run); any other plan is refused (repeatable)', collect)
    .exitOverride()
    .action(async (words: string[], opts: ChatOptions, cmd: Command) => {
      r.setExitCode(await chatCommand(r.globals(cmd), opts, words, r.io as ChatIo, hooks));
    });
}

/**
 * How much a mutating call's plan holds and whether it ran: an empty heal plan is `status: done` with
 * `actions: 0, executed: false`, never mistaken for an executed heal.
 */
function planCounts(c: TurnResult['toolCalls'][number]): { actions: number; executed: boolean } {
  const plan = c.plan;
  const actions = plan === undefined ? 0 : plan.kind === 'heal' ? plan.actions.length : plan.files.reduce((n, f) => n + f.changes, 0);
  const data = c.result?.data as { outcome?: unknown } | undefined;
  return { actions, executed: c.status === 'done' && data?.outcome !== undefined };
}

/** The one-shot JSON of ARCHITECTURE §5, plus `planId` on mutating calls and `error` when the turn failed. */
export function oneShotJson(result: TurnResult): Record<string, unknown> {
  return {
    language: result.language,
    mode: result.mode,
    reply: result.reply,
    toolCalls: result.toolCalls.map((c) => ({
      name: c.name,
      input: c.input,
      status: c.status,
      ...(c.plan ? { planId: c.plan.planId, ...planCounts(c) } : {}),
      ...(c.error && c.status !== 'done' ? { error: c.error } : {}),
      ...(c.denyReason ? { denyReason: c.denyReason } : {}),
      ...(c.notRequested ? { notRequested: true } : {}),
    })),
    ...(result.stopReason !== 'end_turn' ? { stopReason: result.stopReason } : {}),
    ...(result.error ? { error: result.error } : {}),
  };
}

function exitCodeOf(result: TurnResult): number {
  if (result.stopReason === 'cancelled') return 130;
  if (result.stopReason !== 'end_turn') return 1;
  return result.toolCalls.some((c) => c.status === 'failed') ? 1 : 0;
}

export async function chatCommand(globals: GlobalOptions, opts: ChatOptions, words: string[], io: ChatIo, hooks: ChatHooks = {}): Promise<number> {
  const [{ openSession }, { Conversation }, { createEngineAdapter }, providers, { agentMessages }, { UsageError }, { escapeControls, safeJson }, { escapingWriter }] = await Promise.all([
    import('./check.js'),
    import('../../agent/conversation.js'),
    import('../../tools/engine-adapter.js'),
    import('../../agent/providers/llm.js'),
    import('../../i18n/agent.js'),
    import('../../engine/errors.js'),
    import('../../drift/report/sanitize.js'),
    import('../errors.js'),
  ]);
  // Replies, API errors and plan ids are not ialctl's own text: stderr shows their escapes.
  const stderr = escapingWriter(io.stderr);
  const session = openSession(globals, io);
  const langForced = globals.lang !== undefined || session.config.language !== 'auto';
  const message = words.join(' ').trim();
  const approved = opts.approve ?? [];
  const badId = approved.find((id) => !PLAN_ID.test(id));
  if (badId !== undefined) throw new UsageError(agentMessages(session.lang).approveInvalid(badId));
  const stdin = io.stdin ?? hooks.stdin ?? process.stdin;

  let provider: LlmProvider | undefined;
  if (hooks.provider !== undefined) provider = hooks.provider ?? undefined;
  else {
    let choice;
    try {
      choice = providers.chooseProvider(io.env, globals.region ? { region: globals.region } : {});
    } catch (error) {
      if (error instanceof providers.ProviderConfigError) throw new UsageError(error.message);
      throw error;
    }
    provider = choice.kind === 'offline' ? undefined : await providers.createProvider(choice);
  }

  const engine = (hooks.engine ?? createEngineAdapter)({
    cwd: io.cwd,
    ...(globals.phases !== undefined ? { phasesDir: globals.phases } : {}),
    parameterOverrides: globals.param ?? {},
    config: session.config,
    source: session.source,
    now: io.now,
    env: io.env,
    lang: session.lang,
  });
  const conversation = (confirm?: ConfirmFn, rendersReports = false): Conversation =>
    new Conversation({
      rendersReports,
      engine,
      ...(provider ? { provider } : {}),
      fallbackLang: session.lang,
      ...(langForced ? { forcedLang: session.lang } : {}),
      ...(confirm ? { confirm } : {}),
      autoApprove: opts.yes === true,
      ...(approved.length > 0 ? { approvedPlanIds: approved } : {}),
      now: io.now,
    });

  try {
    if (message === '' && stdin.isTTY === true) {
      if (hooks.openInteractiveChat === undefined) {
        io.stderr.write(`ialctl: ${agentMessages(session.lang).interactiveUnavailable}\n`);
        return 1;
      }
      return await hooks.openInteractiveChat({
        io,
        lang: session.lang,
        langForced,
        color: session.color,
        mode: provider?.mode ?? 'offline',
        model: provider?.model ?? null,
        demo: session.source.kind === 'demo',
        createConversation: ({ confirm }) => conversation(confirm, true),
      });
    }

    const controller = new AbortController();
    const interrupt = (): void => controller.abort();
    process.once('SIGINT', interrupt);
    const print = (result: TurnResult): void => {
      if (opts.json) io.stdout.write(`${safeJson(oneShotJson(result), message === '' ? undefined : 2)}\n`);
      // The reply may quote AWS data or be steered by it: escapes are shown, never acted on.
      else if (result.reply !== '') io.stdout.write(`${escapeControls(result.reply.replace(/\r\n?/g, '\n'))}\n`);
      if (result.error) stderr.write(`ialctl: ${result.error.message}\n`);
      const m = agentMessages(result.language);
      for (const c of result.toolCalls) {
        const id = c.plan?.planId.slice(0, 12) ?? '';
        if (c.notRequested) stderr.write(`ialctl: ${m.yesNotRequested(c.name, id)}\n`);
        else if (c.denyReason === 'not_approved') stderr.write(`ialctl: ${m.approveMismatch(approved.join(', '), id)}\n`);
      }
    };
    try {
      const chat = conversation();
      if (message !== '') {
        const result = await chat.send(message, { signal: controller.signal });
        print(result);
        return exitCodeOf(result);
      }
      // Line mode: one conversation, so "verificar drift" then "reverter" continues the thread.
      const { createInterface } = await import('node:readline');
      const lines = createInterface({ input: stdin, crlfDelay: Infinity, terminal: false });
      let code = 0;
      let first = true;
      for await (const line of lines) {
        if (controller.signal.aborted) break;
        const text = line.trim();
        if (text === '') continue;
        if (!opts.json && !first) io.stdout.write('\n');
        first = false;
        const result = await chat.send(text, { signal: controller.signal });
        print(result);
        code = Math.max(code, exitCodeOf(result));
      }
      return controller.signal.aborted ? 130 : code;
    } finally {
      process.off('SIGINT', interrupt);
    }
  } finally {
    engine.close();
  }
}
