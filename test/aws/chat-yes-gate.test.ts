// `ialctl --yes "<message>"` with the Claude provider (a loopback Anthropic server) against moto: --yes
// approves only the mutation the user's own words asked for, never one the model chose on its own;
// --approve PLAN_ID approves exactly that plan. Every case checks AWS itself.
import { DescribeServicesCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { registerChat } from '../../src/cli/commands/chat.js';
import { reportError } from '../../src/cli/errors.js';
import { buildBaseProgram, globals, type CliIo } from '../../src/cli/main.js';
import { testProvider } from '../agent/helpers/demo.js';
import { callTool, say, startScriptedModel, toolResults, type ScriptedModel } from '../agent/helpers/anthropic-server.js';
import { motoEndpoint, useFreshMoto } from '../harness/moto.js';
import { healWorld, type HealWorld } from './heal-fixtures.js';
import { CLUSTER } from './scenario-estate.js';

useFreshMoto();

let model: ScriptedModel | undefined;
let world: HealWorld;
beforeEach(async () => {
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'test');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test');
  world = await healWorld();
  // Out-of-band drift: the phase file says 2 tasks.
  await world.sdk.ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: 'web', desiredCount: 5 }));
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await model?.close();
  model = undefined;
});

async function desiredCount(): Promise<number | undefined> {
  const out = await world.sdk.ecs.send(new DescribeServicesCommand({ cluster: CLUSTER, services: ['web'] }));
  return out.services?.[0]?.desiredCount;
}

async function ialctl(flags: string[], message: string): Promise<{ code: number; json: Record<string, any>; stderr: string }> {
  let stdout = '';
  let stderr = '';
  let code = 0;
  const io: CliIo = {
    stdout: { write: (s: string) => ((stdout += s), true) } as unknown as CliIo['stdout'],
    stderr: { write: (s: string) => ((stderr += s), true) } as unknown as CliIo['stderr'],
    env: { LANG: 'en_US.UTF-8' },
    cwd: world.ws.cwd,
    now: () => new Date(),
  };
  const program = buildBaseProgram(io, (c) => (code = c));
  const drift = program.commands.find((c) => c.name() === 'drift')!;
  registerChat({ program, drift, io, setExitCode: (c) => (code = c), globals }, { provider: testProvider(model!.url, 0) });
  try {
    await program.parseAsync(['--endpoint-url', motoEndpoint(), '--region', 'us-east-1', '--json', ...flags, message], { from: 'user' });
  } catch (error) {
    code = reportError(error, io.stderr, false);
  }
  return { code, json: stdout === '' ? {} : JSON.parse(stdout), stderr };
}

/** The model heals on its own initiative, whatever the user said, then reports what the tool answered. */
async function modelThatHeals(): Promise<void> {
  model = await startScriptedModel([callTool('toolu_heal', 'heal_drift', { mode: 'apply' }), say('Done.')]);
}

describe('--yes with the Claude provider (moto)', () => {
  it('a read-only question: the model calls heal_drift, nothing is written, needs_confirmation', async () => {
    await modelThatHeals();

    const run = await ialctl(['--yes'], 'what is drifting?');

    expect(run.code).toBe(0);
    expect(run.json.toolCalls).toEqual([
      { name: 'heal_drift', input: { mode: 'apply' }, status: 'needs_confirmation', planId: expect.stringMatching(/^[0-9a-f]{64}$/), notRequested: true, actions: 1, executed: false },
    ]);
    expect(await desiredCount()).toBe(5);
    const told = JSON.parse(toolResults(model!.requests[1]!)[0]!.content);
    expect(told).toMatchObject({ dryRun: true, actionCount: 1 });
    expect(told.status).toContain("--yes approves only what the user's message asked for");
    const short = (run.json.toolCalls[0].planId as string).slice(0, 12);
    expect(run.stderr).toBe(
      `ialctl: --yes approves only what your message asked for, and it did not ask for heal_drift: nothing was executed. To run exactly this plan, repeat with --approve ${short}\n`,
    );
  });

  it('a Portuguese read-only question is held the same way', async () => {
    await modelThatHeals();

    const run = await ialctl(['--yes'], 'o que está com drift?');

    expect(run.json.toolCalls.map((c: { status: string }) => c.status)).toEqual(['needs_confirmation']);
    expect(await desiredCount()).toBe(5);
  });

  it('a question about healing ("is it safe to heal?") is not an order: nothing is written', async () => {
    await modelThatHeals();

    const run = await ialctl(['--yes'], 'is it safe to heal?');

    expect(run.json.toolCalls.map((c: { status: string; notRequested?: boolean }) => [c.status, c.notRequested])).toEqual([['needs_confirmation', true]]);
    expect(await desiredCount()).toBe(5);
  });

  it('"heal the drift": the user asked, --yes approves, AWS is healed', async () => {
    await modelThatHeals();

    const run = await ialctl(['--yes'], 'heal the drift');

    expect(run.code).toBe(0);
    expect(run.json.toolCalls).toEqual([{ name: 'heal_drift', input: { mode: 'apply' }, status: 'done', planId: expect.stringMatching(/^[0-9a-f]{64}$/), actions: 1, executed: true }]);
    expect(await desiredCount()).toBe(2);
    expect(run.stderr).toBe('');
  });

  it('--approve with the plan id shown: exactly that plan runs, whatever the message says', async () => {
    await modelThatHeals();
    const held = await ialctl([], 'what is drifting?');
    const planId = held.json.toolCalls[0].planId as string;
    expect(await desiredCount()).toBe(5);
    await model!.close();
    await modelThatHeals();

    const run = await ialctl(['--approve', planId.slice(0, 12)], 'ok, go ahead');

    expect(run.json.toolCalls).toEqual([{ name: 'heal_drift', input: { mode: 'apply' }, status: 'done', planId, actions: 1, executed: true }]);
    expect(await desiredCount()).toBe(2);
  });

  it('--approve with another id: denied, nothing is written', async () => {
    await modelThatHeals();

    const run = await ialctl(['--yes', '--approve', 'abcdef012345'], 'heal the drift');

    expect(run.json.toolCalls).toEqual([
      { name: 'heal_drift', input: { mode: 'apply' }, status: 'denied', planId: expect.stringMatching(/^[0-9a-f]{64}$/), error: expect.stringContaining('Refused: the user approved plan abcdef012345 with --approve'), denyReason: 'not_approved', actions: 1, executed: false },
    ]);
    expect(await desiredCount()).toBe(5);
    expect(run.stderr).toMatch(/^ialctl: --approve abcdef012345 is not the plan this conversation led to \([0-9a-f]{12}\): nothing was executed\n$/);
  });

  it('--approve that is not a plan id: exit 1, the flag named, nothing asked of the model or AWS', async () => {
    model = await startScriptedModel([]);

    const run = await ialctl(['--approve', 'latest'], 'heal the drift');

    expect(run.code).toBe(1);
    expect(run.stderr).toBe('ialctl: --approve expects a plan id (12 to 64 hex digits, as the plan shows it), got "latest"\n');
    expect(model.requests).toEqual([]);
    expect(await desiredCount()).toBe(5);
  });
});
