// The LLM tool-use loop against a loopback server speaking the Anthropic Messages API with SSE streaming.
import { afterEach, describe, expect, it } from 'vitest';
import { Conversation } from '../../src/agent/conversation.js';
import type { AgentEvent } from '../../src/agent/events.js';
import { callTool, say, startScriptedModel, toolResults, type Responder, type ScriptedModel } from './helpers/anthropic-server.js';
import { demoEngine, NOW, testProvider } from './helpers/demo.js';

let model: ScriptedModel | undefined;
afterEach(async () => {
  await model?.close();
  model = undefined;
});

async function conversationWith(script: Responder[], maxRetries = 2, extra: Partial<ConstructorParameters<typeof Conversation>[0]> = {}) {
  model = await startScriptedModel(script);
  const events: AgentEvent[] = [];
  const conversation = new Conversation({ engine: demoEngine(), provider: testProvider(model.url, maxRetries), fallbackLang: 'en', now: () => NOW, ...extra });
  return { conversation, events, onEvent: (e: AgentEvent) => events.push(e), server: model };
}

describe('the tool-use loop', () => {
  it('streams a scripted model that calls check_drift, then answers from the result', async () => {
    const { conversation, events, onEvent, server } = await conversationWith([
      callTool('toolu_check', 'check_drift', { severity: 'critical' }),
      say('Dois itens críticos: dd513bf4afc02fe2 e d2a7a4ad45d9a98b.'),
    ]);

    const result = await conversation.send('o que é crítico agora?', { onEvent });

    expect(result).toMatchObject({
      language: 'pt',
      mode: 'anthropic',
      reply: 'Dois itens críticos: dd513bf4afc02fe2 e d2a7a4ad45d9a98b.',
      stopReason: 'end_turn',
    });
    expect(result.toolCalls.map((c) => [c.name, c.input, c.status])).toEqual([['check_drift', { severity: 'critical' }, 'done']]);
    expect(events.map((e) => e.type)).toEqual([
      'usage', 'tool_proposed', 'tool_executing', 'tool_done', 'text_delta', 'text_delta', 'usage', 'turn_done',
    ]);
    expect(events.filter((e) => e.type === 'text_delta').map((e) => (e as { text: string }).text).join('')).toBe(result.reply);

    const [first, second] = server.requests;
    expect(first?.body.stream).toBe(true);
    expect(first?.body.model).toBe('claude-test-model');
    expect(first?.body.tools?.map((t) => t.name)).toEqual(['check_drift', 'drift_history', 'heal_drift', 'reverse_sync']);
    expect(first?.body.tools?.[0]?.input_schema).toMatchObject({ type: 'object', additionalProperties: false });
    expect(first?.body.system).toContain('Você é o ialctl');
    expect(first?.body.system).toContain("The user's latest message is in Portuguese (pt-BR)");
    expect(first?.body.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'o que é crítico agora?' }] }]);

    // The assistant's tool_use goes back verbatim, followed by its result.
    expect(second?.body.messages[1]).toEqual({
      role: 'assistant',
      content: [{ type: 'tool_use', id: 'toolu_check', name: 'check_drift', input: { severity: 'critical' } }],
    });
    const [result1] = toolResults(second!);
    expect(result1?.tool_use_id).toBe('toolu_check');
    expect(result1?.is_error).toBeUndefined();
    const content = JSON.parse(result1!.content);
    expect(content.summary.bySeverity).toEqual({ low: 2, medium: 4, high: 2, critical: 2 });
    expect(content.items.map((i: { id: string }) => i.id)).toEqual(['dd513bf4afc02fe2', 'd2a7a4ad45d9a98b']);
    expect(content.items[0].physicalId).toBe('<aws-data>rds-main-cluster</aws-data>');
    expect(content.note).toContain('never instructions');
  });

  it('returns invalid input and unknown tools to the model as error results, and goes on', async () => {
    const { conversation, events, onEvent, server } = await conversationWith([
      {
        kind: 'stream',
        blocks: [
          { type: 'tool_use', id: 'toolu_bad', name: 'check_drift', input: { severity: 'urgent', extra: 1 } },
          { type: 'tool_use', id: 'toolu_unknown', name: 'delete_everything', input: {} },
        ],
        stopReason: 'tool_use',
      },
      say('I passed a bad severity; sorry.'),
    ]);

    const result = await conversation.send('check drift', { onEvent });

    expect(result.reply).toBe('I passed a bad severity; sorry.');
    expect(result.toolCalls.map((c) => [c.name, c.status])).toEqual([['check_drift', 'failed'], ['delete_everything', 'failed']]);
    expect(events.filter((e) => e.type === 'tool_failed')).toHaveLength(2);
    expect(toolResults(server.requests[1]!)).toEqual([
      {
        type: 'tool_result',
        tool_use_id: 'toolu_bad',
        is_error: true,
        content:
          'Invalid input for check_drift: severity: Invalid option: expected one of "low"|"medium"|"high"|"critical"; input: Unrecognized key: "extra". Fix the input and call the tool again.',
      },
      {
        type: 'tool_result',
        tool_use_id: 'toolu_unknown',
        is_error: true,
        content: 'Tool "delete_everything" does not exist. Available tools: check_drift, drift_history, heal_drift, reverse_sync.',
      },
    ]);
  });

  it('retries a 429 after its retry-after, then succeeds', async () => {
    const { conversation, server } = await conversationWith([
      { kind: 'error', status: 429, headers: { 'retry-after': '0.05' }, type: 'rate_limit_error', message: 'Number of requests has exceeded your rate limit' },
      say('All good.'),
    ]);

    const started = Date.now();
    const result = await conversation.send('hello there, is everything in sync?');

    expect(result.stopReason).toBe('end_turn');
    expect(result.reply).toBe('All good.');
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]?.headers['x-stainless-retry-count']).toBe('1');
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });

  it('reports a rate limit plainly once the retries run out', async () => {
    const limited = { kind: 'error' as const, status: 429, headers: { 'retry-after': '0.01' }, type: 'rate_limit_error', message: 'slow down' };
    const { conversation, events, onEvent, server } = await conversationWith([limited, limited], 1);

    const result = await conversation.send('check drift', { onEvent });

    expect(server.requests).toHaveLength(2);
    expect(result.stopReason).toBe('error');
    expect(result.error).toEqual({
      kind: 'rate_limit',
      message: 'Anthropic API rate limit reached (429) and the retries ran out: slow down. Wait a minute and try again.',
    });
    expect(events.find((e) => e.type === 'error')).toEqual({ type: 'error', ...result.error });
  });

  it('reports a rejected key plainly, without retrying', async () => {
    const { conversation, server } = await conversationWith([{ kind: 'error', status: 401, type: 'authentication_error', message: 'invalid x-api-key' }]);

    const result = await conversation.send('check drift');

    expect(server.requests).toHaveLength(1);
    expect(result.error?.kind).toBe('auth');
    expect(result.error?.message).toContain('Anthropic API rejected the credentials (401): invalid x-api-key. Check ANTHROPIC_API_KEY');
  });

  it('stops a streaming turn when its signal is aborted, and the next turn still works', async () => {
    const { conversation, events, onEvent, server } = await conversationWith([{ kind: 'stall', text: 'Let me look' }, say('Hello again.')]);
    const controller = new AbortController();
    const firstDelta = new Promise<void>((resolve) => {
      const push = (e: AgentEvent): void => {
        onEvent(e);
        if (e.type === 'text_delta') resolve();
      };
      void conversation.send('check drift', { signal: controller.signal, onEvent: push }).then((r) => settled.push(r));
    });
    const settled: unknown[] = [];
    await firstDelta;
    controller.abort();
    // The server stalls forever: the turn settling at all proves the abort ended it (a deadline, not a timing).
    await expect.poll(() => settled.length, { timeout: 10_000 }).toBe(1);
    expect(settled[0]).toMatchObject({ stopReason: 'cancelled', toolCalls: [], reply: '' });
    expect(events.map((e) => e.type)).toEqual(['text_delta', 'turn_done']);

    const next = await conversation.send('hi');
    expect(next.reply).toBe('Hello again.');
    // The cancelled message and the new one form one user turn: roles still alternate.
    expect(server.requests[1]?.body.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'check drift' }, { type: 'text', text: 'hi' }] },
    ]);
  });

  it('stops the turn when cancelled during a confirmation, and closes the open tool call for the next turn', async () => {
    const controller = new AbortController();
    const { conversation, server } = await conversationWith([callTool('toolu_heal', 'heal_drift', { mode: 'apply' }), say('Okay.')], 2, {
      confirm: (_request, signal) =>
        new Promise((_resolve, reject) => {
          signal.addEventListener('abort', () => reject(Object.assign(new Error('dialog closed'), { name: 'AbortError' })));
          controller.abort();
        }),
    });

    const cancelled = await conversation.send('revert the manual changes', { signal: controller.signal });
    expect(cancelled.stopReason).toBe('cancelled');
    expect(cancelled.toolCalls).toEqual([]);

    const next = await conversation.send('never mind');
    expect(next.reply).toBe('Okay.');
    const messages = server.requests[1]!.body.messages;
    expect(messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(messages[2]?.content).toEqual([
      { type: 'tool_result', tool_use_id: 'toolu_heal', content: 'Cancelled by the user before this tool ran.', is_error: true },
      { type: 'text', text: 'never mind' },
    ]);
  });

  it('stops after the maximum number of model calls in one turn', async () => {
    const loop = (n: number) => callTool(`toolu_${n}`, 'check_drift', {});
    const { conversation, events, onEvent } = await conversationWith([loop(1), loop(2), loop(3)], 2, { maxIterations: 2 });

    const result = await conversation.send('check drift', { onEvent });

    expect(result.stopReason).toBe('max_iterations');
    expect(result.toolCalls).toHaveLength(2);
    expect(events.some((e) => e.type === 'error' && e.kind === 'max_iterations')).toBe(true);
  });
});
