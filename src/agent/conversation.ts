// A conversation: the object the UI and the CLI hold. One turn at a time: `send(text)` runs the LLM
// loop or the offline assistant, streams events, and resolves with the turn's result. The gate, the
// message history and the offline state live here, so approvals and plans are per conversation.
import type Anthropic from '@anthropic-ai/sdk';
import type { DriftReport } from '../drift/model.js';
import type { Lang } from '../i18n/index.js';
import type { CheckDriftData } from '../tools/check-drift.js';
import type { EnginePort } from '../tools/engine-port.js';
import { TOOLS } from '../tools/index.js';
import type { Tool, ToolContext } from '../tools/types.js';
import type { AgentEvent, ConfirmFn, EmitFn, Mode, ToolCallRecord, TurnResult } from './events.js';
import { messageLanguage } from './language.js';
import { DEFAULT_MAX_ITERATIONS, runLlmTurn } from './loop.js';
import { offlineReply, type OfflineState } from './offline/dialog.js';
import { texts } from './offline/render.js';
import { ConfirmationGate, type CallOutcome } from './policy.js';
import { systemPromptFor } from './prompts.js';
import type { LlmProvider } from './providers/llm.js';
import { defaultRouter, type Router } from './router/index.js';
import { resolutionHint } from './router/hint.js';
import { fold } from './router/text.js';
import { isAbort, runToolCall, toRecord, type ProposedCall } from './scheduler.js';
import { resourceAliases } from './offline/resolve.js';
import { requestedScope } from './yes-scope.js';

/** Intents about one resource, whose name may be a plain word only the report knows. */
const RESOURCE_INTENTS: ReadonlySet<string> = new Set(['detail', 'explain', 'since_when', 'heal', 'reverse_sync']);

export interface ConversationOptions {
  engine: EnginePort;
  /** The language model; absent = the offline assistant. */
  provider?: LlmProvider;
  /** Language when a message does not say (from the locale). */
  fallbackLang: Lang;
  /** --lang or the config's `language`: every reply in this language. */
  forcedLang?: Lang;
  /** The UI's confirmation dialog. Absent = headless: mutating calls end as needs_confirmation. */
  confirm?: ConfirmFn;
  /** --yes: approve, when there is no dialog, the plans of the mutations the user's own message asks for. */
  autoApprove?: boolean;
  /** --approve: plan ids the user approved by name (when there is no dialog). */
  approvedPlanIds?: readonly string[];
  tools?: readonly Tool[];
  maxIterations?: number;
  router?: Router;
  now?: () => Date;
  /** The UI draws tool results itself (the drift report component): offline replies then skip the item lists. */
  rendersReports?: boolean;
}

export interface SendOptions {
  signal?: AbortSignal;
  onEvent?: (event: AgentEvent) => void;
}

export class TurnInProgressError extends Error {
  override name = 'TurnInProgressError';
  constructor() {
    super('a turn is already running in this conversation: wait for it or cancel it (abort its signal) first');
  }
}

export class Conversation {
  readonly mode: Mode;
  readonly gate: ConfirmationGate;
  private readonly tools: readonly Tool[];
  private readonly now: () => Date;
  private readonly history: Anthropic.MessageParam[] = [];
  private readonly offline: OfflineState = {};
  private language: Lang | undefined;
  private forcedLang: Lang | undefined;
  private busy = false;

  constructor(private readonly options: ConversationOptions) {
    this.mode = options.provider?.mode ?? 'offline';
    this.tools = options.tools ?? TOOLS;
    this.now = options.now ?? (() => new Date());
    this.forcedLang = options.forcedLang;
    this.gate = new ConfirmationGate({
      ...(options.confirm ? { confirm: options.confirm } : {}),
      autoApprove: options.autoApprove === true,
      ...(options.approvedPlanIds ? { approvedPlanIds: options.approvedPlanIds } : {}),
      now: this.now,
    });
  }

  /** The most recent drift report any tool call of this conversation produced. */
  get lastReport(): DriftReport | undefined {
    return this.offline.lastReport;
  }

  /** The language of the last turn (the fallback before the first). */
  get currentLanguage(): Lang {
    return this.language ?? this.forcedLang ?? this.options.fallbackLang;
  }

  /** Every later reply in `lang` (the UI's `/lang`); undefined goes back to detecting each message's language. */
  setLanguage(lang: Lang | undefined): void {
    this.forcedLang = lang;
    if (lang !== undefined) this.language = lang;
  }

  async send(text: string, options: SendOptions = {}): Promise<TurnResult> {
    if (this.busy) throw new TurnInProgressError();
    this.busy = true;
    try {
      return await this.turn(text, options);
    } finally {
      this.busy = false;
    }
  }

  private async turn(text: string, options: SendOptions): Promise<TurnResult> {
    const signal = options.signal ?? new AbortController().signal;
    const emit: EmitFn = (event) => options.onEvent?.(event);
    const lang = messageLanguage(text, {
      ...(this.forcedLang ? { forced: this.forcedLang } : {}),
      ...(this.language ? { previous: this.language } : {}),
      fallback: this.options.fallbackLang,
    });
    this.language = lang;
    // Decided from the user's words before any model output exists; only --yes needs it.
    if (this.options.autoApprove === true) {
      const router = this.options.router ?? defaultRouter();
      const known = new Set([...resourceAliases(this.offline.lastReport).keys()].map(fold));
      const scope = requestedScope(text, router, known);
      this.gate.beginTurn(scope.tools, scope, () => this.offline.lastReport);
    } else {
      this.gate.beginTurn(new Set());
    }
    const context: ToolContext = { engine: this.options.engine, signal, lang };
    const runTool = async (call: ProposedCall): Promise<CallOutcome> => {
      const outcome = await runToolCall(call, { tools: this.tools, gate: this.gate, context, emit });
      if (call.name === 'check_drift' && outcome.status === 'done') {
        this.offline.lastReport = (outcome.result?.data as CheckDriftData).report;
      }
      return outcome;
    };

    let result: TurnResult;
    if (this.options.provider) {
      const provider = this.options.provider;
      const out = await runLlmTurn({
        client: provider.client,
        providerLabel: provider.label,
        model: provider.model,
        maxTokens: provider.maxTokens,
        // The offline router's reading (resources linked, filters, direction) scopes the model's tool inputs too.
        system: systemPromptFor(lang, this.now()) + resolutionHint(text, (this.options.router ?? defaultRouter()).route(text), this.offline.lastReport),
        tools: this.tools,
        history: this.history,
        text,
        maxIterations: this.options.maxIterations ?? DEFAULT_MAX_ITERATIONS,
        signal,
        emit,
        runTool,
      });
      result = { language: lang, mode: this.mode, reply: out.reply, toolCalls: out.toolCalls, stopReason: out.stopReason, ...(out.error ? { error: out.error } : {}) };
    } else {
      result = await this.offlineTurn(text, lang, signal, emit, runTool);
    }
    emit({ type: 'turn_done', result });
    return result;
  }

  private async offlineTurn(
    text: string,
    lang: Lang,
    signal: AbortSignal,
    emit: EmitFn,
    runTool: (call: ProposedCall) => Promise<CallOutcome>,
  ): Promise<TurnResult> {
    const toolCalls: ToolCallRecord[] = [];
    const router = this.options.router ?? defaultRouter();
    const routeWith = (report: DriftReport | undefined) => router.route(text, new Set([...resourceAliases(report).keys()].map(fold)));
    let counter = 0;
    const t = texts(lang);
    try {
      let routed = routeWith(this.offline.lastReport);
      // Logical ids are plain words ("Bastion", "worker"): only a report tells them from other words. A
      // request about one resource, with no report yet, reads one before deciding what the words mean.
      if (this.offline.lastReport === undefined && routed.resources.length === 0 && RESOURCE_INTENTS.has(routed.intent)) {
        this.offline.lastReport = (await this.options.engine.checkDrift(signal)).report;
        routed = routeWith(this.offline.lastReport);
      }
      const reply = await offlineReply(text, routed, {
        state: this.offline,
        texts: t,
        engine: this.options.engine,
        signal,
        brief: this.options.rendersReports === true,
        callTool: async (name, input) => {
          const call = { id: `offline_${Date.now().toString(36)}_${++counter}`, name, input };
          const outcome = await runTool(call);
          toolCalls.push(toRecord(call, outcome));
          return outcome;
        },
      });
      emit({ type: 'text_delta', text: reply });
      return { language: lang, mode: 'offline', reply, toolCalls, stopReason: 'end_turn' };
    } catch (error) {
      if (isAbort(error, signal)) return { language: lang, mode: 'offline', reply: '', toolCalls, stopReason: 'cancelled' };
      const message = error instanceof Error ? error.message : String(error);
      emit({ type: 'error', kind: 'internal', message });
      const reply = t.msg.toolFailed(message);
      return { language: lang, mode: 'offline', reply, toolCalls, stopReason: 'error', error: { kind: 'internal', message } };
    }
  }
}
