// Model text, model-chosen tool names and tool input with control, bidi and zero-width characters:
// never raw on a terminal. `--json` keeps the exact data, written as \u escapes; text mode and the
// chat's tool line show them inert. The model is a loopback server speaking the Anthropic API.
import { Box } from 'ink';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { registerChat } from '../../src/cli/commands/chat.js';
import { reportError } from '../../src/cli/errors.js';
import { buildBaseProgram, globals, type CliIo } from '../../src/cli/main.js';
import { uiMessages } from '../../src/i18n/ui.js';
import type { ToolActivity } from '../../src/ui/chat-state.js';
import { BlocksView } from '../../src/ui/components/BlocksView.js';
import { ToolLine } from '../../src/ui/components/ToolLine.js';
import { plain } from '../../src/ui/flow.test-helper.js';
import { callTool, say, startScriptedModel, type ScriptedModel } from './helpers/anthropic-server.js';
import { NOW, testProvider } from './helpers/demo.js';

const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/u;

const TOOL_NAME = 'heal\u202e_drift\u001b]0;owned\u0007';
const INPUT = { severity: 'crit\u200bical\u009b2J' };
const REPLY = 'All fine \u202e!dlrow\u200b \u009b2J \u001b[31mred\u2066.';

let model: ScriptedModel | undefined;
afterEach(async () => {
  await model?.close();
  model = undefined;
});

async function ialctl(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  model = await startScriptedModel([callTool('toolu_1', TOOL_NAME, {}), callTool('toolu_2', 'check_drift', INPUT), say(REPLY)]);
  let stdout = '';
  let stderr = '';
  let code = 0;
  const io: CliIo = {
    stdout: { write: (s: string) => ((stdout += s), true) } as unknown as CliIo['stdout'],
    stderr: { write: (s: string) => ((stderr += s), true) } as unknown as CliIo['stderr'],
    env: { LANG: 'en_US.UTF-8' },
    cwd: process.cwd(),
    now: () => NOW,
  };
  const program = buildBaseProgram(io, (c) => (code = c));
  const drift = program.commands.find((c) => c.name() === 'drift')!;
  registerChat({ program, drift, io, setExitCode: (c) => (code = c), globals }, { provider: testProvider(model.url, 0) });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    code = reportError(error, io.stderr, false);
  }
  return { code, stdout, stderr };
}

describe('escapes from the model', () => {
  it('--json: no raw control character in the output, and the data parses back exactly', async () => {
    const run = await ialctl(['--demo', '--json', 'check\u2066 drift']);

    expect(run.stdout).not.toMatch(RAW);
    expect(run.stdout).toContain('"name": "heal\\u202e_drift\\u001b]0;owned\\u0007"');
    const json = JSON.parse(run.stdout);
    expect(json.reply).toBe(REPLY);
    expect(json.toolCalls.map((c: { name: string; input: unknown; status: string }) => [c.name, c.input, c.status])).toEqual([
      [TOOL_NAME, {}, 'failed'],
      ['check_drift', INPUT, 'failed'],
    ]);
    expect(run.stderr).not.toMatch(RAW);
  });

  it('text mode: the reply is printed with its control, bidi and zero-width characters shown as escapes', async () => {
    const run = await ialctl(['--demo', 'check drift']);

    expect(run.stdout).not.toMatch(RAW);
    expect(run.stdout).toBe('All fine \\u202e!dlrow\\u200b \\u009b2J ␛[31mred\\u2066.\n');
    expect(run.stderr).not.toMatch(RAW);
  });

  it('the chat\'s tool line shows a made-up tool name with its escapes visible', () => {
    const activity: ToolActivity = { callId: 'c1', name: TOOL_NAME, status: 'running', approved: false, startedAt: 0 };
    const screen = render(
      <Box width={100}>
        <ToolLine activity={activity} m={uiMessages('en')} now={1_000} />
      </Box>,
    );

    const frame = screen.lastFrame() ?? '';
    expect(plain(frame)).toContain('heal\\u202e_drift␛]0;owned␇');
    expect(frame).not.toMatch(/[\u0007\u202e]|\u001b\]/);
  });

  it('the chat transcript shows the model\'s text and errors with their escapes visible', () => {
    const screen = render(
      <BlocksView
        blocks={[
          { kind: 'text', text: REPLY },
          { kind: 'error', message: 'API said \u001b]52;c;eA==\u0007 no' },
        ]}
        lang="en"
        width={100}
        now={0}
      />,
    );

    const frame = screen.lastFrame() ?? '';
    expect(plain(frame)).toContain('All fine \\u202e!dlrow\\u200b \\u009b2J ␛[31mred\\u2066.');
    expect(plain(frame)).toContain('API said ␛]52;c;eA==␇ no');
    expect(frame).not.toMatch(/[\u0007\u009b\u200b\u202e\u2066]/);
    expect(frame).not.toContain('\u001b]52');
  });
});

