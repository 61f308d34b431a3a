// Scoped requests in a real terminal: tmux runs `ialctl --demo` (the CLI's own entry, src/cli/run.ts, through
// tsx so the test always runs the current source), types into it and reads the screen back.
// Needs tmux (`.ci/run` installs it). A private tmux server (-L) keeps the operator's sessions untouched.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ENTRY = path.join(ROOT, 'src/cli/run.ts');
const TSX = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const SERVER = `ialctl-e2e-scope-${process.pid}`;
const SESSION = 'chat';
const EXIT_MARK = '[ialctl exited';

function tmux(...args: string[]): string {
  return execFileSync('tmux', ['-L', SERVER, ...args], { encoding: 'utf8' });
}

/** The whole pane, scrollback included, wrapped lines joined. */
function screen(): string {
  return tmux('capture-pane', '-p', '-J', '-S', '-', '-t', SESSION);
}

function press(...keys: string[]): void {
  tmux('send-keys', '-t', SESSION, ...keys);
}

const count = (haystack: string, needle: string): number => haystack.split(needle).length - 1;

/** Types a line and presses Enter once the input box shows all of it, as a person does. */
async function typeLine(text: string): Promise<void> {
  // Counted, not just searched: the scrollback may keep a copy of an earlier frame of the box.
  const box = `│ › ${text}`;
  const before = count(screen(), box);
  // -l sends the text literally; Enter goes separately.
  tmux('send-keys', '-t', SESSION, '-l', text);
  await waitForScreen(`"${text}" in the input box`, (s) => count(s, box) > before);
  press('Enter');
}

async function waitForScreen(what: string, predicate: (s: string) => boolean, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    last = screen();
    if (predicate(last)) return last;
    if (last.includes(EXIT_MARK)) break;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`gave up waiting for ${what} (timeout, or ialctl exited); the terminal showed:\n${last}`);
}

let cwd: string;

beforeAll(() => {
  try {
    execFileSync('tmux', ['-V'], { encoding: 'utf8' });
  } catch {
    throw new Error('tmux is not installed: install it (apt-get install tmux; .ci/run does) to run the terminal end-to-end test');
  }
  // An empty working directory: no config file, so the run depends on nothing but the bundled demo.
  cwd = mkdtempSync(path.join(tmpdir(), 'ialctl-tmux-'));
  // Ink draws only static output when it believes it runs in CI, so CI markers are removed for the
  // child; tsx gets the repository's tsconfig (JSX settings) since it runs from elsewhere. The shell
  // then prints the exit code and keeps the pane open to be read.
  const command = [
    'env -u CI -u CONTINUOUS_INTEGRATION LANG=pt_BR.UTF-8 TERM=xterm-256color',
    `TSX_TSCONFIG_PATH=${JSON.stringify(path.join(ROOT, 'tsconfig.json'))}`,
    `node --import ${JSON.stringify(TSX)} ${JSON.stringify(ENTRY)} --demo;`,
    `echo "${EXIT_MARK} $?]"; sleep 600`,
  ].join(' ');
  tmux('new-session', '-d', '-s', SESSION, '-x', '120', '-y', '40', '-c', cwd, command);
});

afterAll(() => {
  try {
    tmux('kill-server');
  } catch {
    // Already gone (the session ended).
  }
  rmSync(cwd, { recursive: true, force: true });
});

describe('scoped requests in a real terminal (tmux)', () => {
  it('"reverter a mudança do backup window" plans only that change; n leaves the account unchanged', async () => {
    await waitForScreen('the chat to open', (s) => s.includes('Digite uma mensagem ou /help'));

    await typeLine('reverter a mudança do backup window');
    const dialog = await waitForScreen('the confirmation dialog', (s) => s.includes('[y] sim   [n] não   [d] detalhes'));
    // One action, on the database, for the property named: not the whole estate's plan.
    expect(dialog).toContain('Aplicar na AWS este plano de correção (1 ação)?');
    expect(dialog).toContain('PreferredBackupWindow');
    expect(dialog).not.toContain('DeletionProtection');
    expect(dialog).not.toContain('RevokeSecurityGroupIngress');

    // A person reads the plan, then answers with one key: the dialog takes a key only after the
    // keyboard was quiet for its settle time.
    await new Promise((r) => setTimeout(r, 1500));
    press('n');
    await waitForScreen('the refusal', (s) => s.includes('⊘ recusado por você: nada foi executado') && s.includes('Digite uma mensagem ou /help'));

    await typeLine('apaga o banco');
    await waitForScreen('the out-of-scope answer', (s) => s.includes('Não apago nem encerro recursos'));

    press('C-c');
    await waitForScreen('the exit hint', (s) => s.includes('Pressione Ctrl+C de novo para sair.'));
    press('C-c');
    const exited = await waitForScreen('the process to exit', (s) => s.includes(EXIT_MARK));
    expect(exited).toContain(`${EXIT_MARK} 0]`);
  }, 120_000);
});
