// `ialctl [message...]` through the real command line (buildBaseProgram + registerChat), on the demo.
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { registerChat, type ChatHooks, type ChatSession } from '../../src/cli/commands/chat.js';
import { reportError } from '../../src/cli/errors.js';
import { buildBaseProgram, globals, type CliIo } from '../../src/cli/main.js';
import { say, startScriptedModel, type ScriptedModel } from './helpers/anthropic-server.js';
import { NOW } from './helpers/demo.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function lines(text: string, tty = false): NodeJS.ReadableStream & { isTTY?: boolean } {
  return Object.assign(Readable.from(text === '' ? [] : [text]), { isTTY: tty });
}

async function ialctl(argv: string[], options: { env?: NodeJS.ProcessEnv; stdin?: string; tty?: boolean; hooks?: ChatHooks } = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  let code = 0;
  const io: CliIo = {
    stdout: { write: (s: string) => ((stdout += s), true) } as unknown as CliIo['stdout'],
    stderr: { write: (s: string) => ((stderr += s), true) } as unknown as CliIo['stderr'],
    env: options.env ?? { LANG: 'en_US.UTF-8' },
    cwd: process.cwd(),
    now: () => NOW,
  };
  const program = buildBaseProgram(io, (c) => (code = c));
  const drift = program.commands.find((c) => c.name() === 'drift');
  if (!drift) throw new Error('buildBaseProgram has no drift command');
  registerChat({ program, drift, io, setExitCode: (c) => (code = c), globals }, { stdin: lines(options.stdin ?? '', options.tty), ...options.hooks });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    code = reportError(error, io.stderr, false);
  }
  return { code, stdout, stderr };
}

let model: ScriptedModel | undefined;
afterEach(async () => {
  await model?.close();
  model = undefined;
});

describe('one-shot', () => {
  it('ialctl --demo --json "verificar drift": check_drift done and a Portuguese reply', async () => {
    const run = await ialctl(['--demo', '--json', 'verificar drift']);

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json).toMatchObject({ language: 'pt', mode: 'offline', toolCalls: [{ name: 'check_drift', input: {}, status: 'done' }] });
    expect(json.reply).toMatch(/^Encontrei drift em 10 de 19 recursos/);
  });

  it('ialctl --demo --json "auto-heal the safe drift": heal_drift needs_confirmation and an English reply', async () => {
    const run = await ialctl(['--demo', '--json', 'auto-heal the safe drift'], { env: { LANG: 'pt_BR.UTF-8' } });

    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.language).toBe('en');
    expect(json.toolCalls).toEqual([
      {
        name: 'heal_drift',
        // Only what the auto-heal policy marks eligible: the "safe" drift.
        input: { mode: 'apply', itemIds: ['4dc54e51e88b065b', 'e55670526aaf64c4', '8669334ccd1e46f8'] },
        status: 'needs_confirmation',
        planId: expect.stringMatching(/^[0-9a-f]{64}$/),
        // The plan's size and whether it ran: a plan waiting for a yes has run nothing.
        actions: 3,
        executed: false,
      },
    ]);
    expect(json.reply).toMatch(/^Heal plan [0-9a-f]{12}: 3 actions in AWS\./);
    expect(json.reply).toContain('Nothing was executed: this plan needs your confirmation.');
  });

  it.each(['show the heal plan', 'mostre o plano de correção', 'simular a correção', 'is it safe to heal'])(
    'ialctl --demo --yes --json %j: a preview or a question heals nothing',
    async (message) => {
      const run = await ialctl(['--demo', '--yes', '--json', message]);

      const json = JSON.parse(run.stdout);
      type Call = { name: string; status: string; input: { mode?: string }; executed?: boolean };
      const heals: Call[] = json.toolCalls.filter((call: Call) => call.name === 'heal_drift');
      // A preview may run the tool in plan mode (a read); an apply must wait for a yes. Nothing executes.
      for (const call of heals) {
        expect(call.executed).not.toBe(true);
        if (call.input.mode !== 'plan') expect(call.status).toBe('needs_confirmation');
      }
      expect(json.reply).not.toMatch(/\d+ (items?|itens?) (healed|corrigid[oa]s?)/i);
    },
  );

  it('prints the reply as text without --json, and takes an unquoted message', async () => {
    const run = await ialctl(['--demo', 'o', 'que', 'é', 'crítico', 'agora?']);

    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe('Prioridades agora (2 críticos, 2 altos):');
  });

  it('--yes approves on the user\'s behalf: the demo account is healed', async () => {
    const run = await ialctl(['--demo', '--yes', '--json', 'auto-heal the safe drift']);

    const json = JSON.parse(run.stdout);
    expect(json.toolCalls.map((c: { status: string }) => c.status)).toEqual(['done']);
    expect(json.reply).toMatch(/^Done: 3 items healed and verified in AWS\./);
  });

  it('leaves the subcommands their own options', async () => {
    const run = await ialctl(['drift', 'check', '--demo', '--format', 'json']);

    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout).summary.drifted).toBe(10);
  });
});

describe('line mode and the terminal', () => {
  it('reads one message per line from a non-terminal stdin, in one conversation', async () => {
    const run = await ialctl(['--demo', '--json'], { stdin: 'verificar drift\n\no segundo\n' });

    const replies = run.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(replies.map((r) => r.toolCalls.map((c: { name: string; status: string }) => `${c.name}:${c.status}`))).toEqual([
      ['check_drift:done'],
      ['heal_drift:needs_confirmation'],
    ]);
    expect(replies.map((r) => r.language)).toEqual(['pt', 'pt']);
    expect(run.code).toBe(0);
  });

  it('on a terminal with no interactive chat in the build, says how to use one-shot and line mode', async () => {
    const run = await ialctl(['--demo', '--lang', 'en'], { tty: true });

    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'ialctl: The interactive chat is not in this build. Send one message at a time: ialctl "check drift" (--json for JSON), or pipe messages on standard input, one per line: echo "check drift" | ialctl\n',
    );
  });

  it('on a terminal, hands a session to the interactive chat hook, whose conversations ask its confirm dialog', async () => {
    let session: ChatSession | undefined;
    const run = await ialctl(['--demo', '--lang', 'pt'], {
      tty: true,
      hooks: {
        openInteractiveChat: async (s) => {
          session = s;
          const chat = s.createConversation({ confirm: async () => 'no' });
          const reply = await chat.send('reverter');
          return reply.toolCalls[0]?.status === 'denied' ? 7 : 0;
        },
      },
    });

    expect(run.code).toBe(7);
    expect(session).toMatchObject({ lang: 'pt', langForced: true, mode: 'offline', model: null, demo: true });
  });
});

describe('provider choice', () => {
  it('answers through the Anthropic API when ANTHROPIC_API_KEY is set', async () => {
    model = await startScriptedModel([say('Olá! Nada a relatar.')]);

    const run = await ialctl(['--demo', '--json', 'olá, tudo certo com a infra?'], {
      env: { ANTHROPIC_API_KEY: 'sk-ant-test', ANTHROPIC_BASE_URL: model.url, IAL_MODEL: 'claude-from-env' },
    });

    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ language: 'pt', mode: 'anthropic', reply: 'Olá! Nada a relatar.', toolCalls: [] });
    expect(model.requests[0]?.body.model).toBe('claude-from-env');
    const headers = model.requests[0]?.headers ?? {};
    expect(String(headers['x-api-key'] ?? headers.authorization)).toContain('sk-ant-test');
  });

  it('rejects an unknown IAL_PROVIDER with the allowed values', async () => {
    const run = await ialctl(['--demo', 'check drift'], { env: { IAL_PROVIDER: 'openai' } });

    expect(run.code).toBe(1);
    expect(run.stderr).toBe('ialctl: IAL_PROVIDER must be anthropic, bedrock or offline, got "openai"\n');
  });
});
