// The real engine adapter over the bundled demo (sample phases + in-memory sandbox account), with a
// spy that records which port methods ran: tests assert on real engine behaviour and on what was called.
import Anthropic from '@anthropic-ai/sdk';
import { defaultConfig } from '../../../src/config/index.js';
import type { LlmProvider } from '../../../src/agent/providers/llm.js';
import { createEngineAdapter } from '../../../src/tools/engine-adapter.js';
import type { EnginePort } from '../../../src/tools/engine-port.js';

export const NOW = new Date('2026-03-01T12:00:00.000Z');

export function demoEngine(): EnginePort {
  return createEngineAdapter({
    cwd: process.cwd(),
    parameterOverrides: {},
    config: defaultConfig(),
    source: { kind: 'demo' },
    now: () => NOW,
    env: {},
    lang: 'en',
  });
}

/** Wraps a port so every call is recorded by method name, in order. */
export function spyOn(engine: EnginePort): { engine: EnginePort; calls: string[] } {
  const calls: string[] = [];
  const wrapped = Object.fromEntries(
    (['checkDrift', 'planHeal', 'applyHeal', 'planSync', 'applySync', 'history', 'close'] as const).map((name) => [
      name,
      (...args: unknown[]) => {
        calls.push(name);
        return (engine[name] as (...a: unknown[]) => unknown).apply(engine, args);
      },
    ]),
  ) as unknown as EnginePort;
  return { engine: wrapped, calls };
}

export function testProvider(baseURL: string, maxRetries = 2): LlmProvider {
  return {
    mode: 'anthropic',
    label: 'Anthropic API',
    model: 'claude-test-model',
    maxTokens: 1024,
    client: new Anthropic({ apiKey: 'sk-ant-test', baseURL, maxRetries }),
  };
}
