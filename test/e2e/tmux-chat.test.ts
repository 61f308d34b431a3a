// The chat in a real terminal: tmux runs `ialctl --demo` (the CLI's own entry, src/cli/run.ts, through
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
const SERVER = `ialctl-e2e-${process.pid}`;
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

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Types `text` one key at a time, as a person does (~every 80 ms), while `busy` holds and then for
 * `after` more keys: typing that starts before something appears on screen and goes on through it.
 */
async function typeAheadThrough(text: string, appeared: () => boolean, after: number): Promise<string> {
  let typed = '';
  let extra = 0;
  for (let i = 0; extra < after; i++) {
    const key = text[i % text.length] as string;
    tmux('send-keys', '-t', SESSION, '-l', key);
    typed += key;
    if (appeared()) extra++;
    await pause(80);
  }
  return typed;
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

describe('ialctl --demo in a real terminal (tmux)', () => {
  it('checks drift; text typed ahead while the heal plan is prepared never approves it; n leaves the account unchanged; Ctrl+C twice exits', async () => {
    await waitForScreen('the chat to open', (s) => s.includes('Digite uma mensagem ou /help'));

    await typeLine('verificar drift');
    const checked = await waitForScreen('the drift report', (s) => s.includes('19 recursos · 9 em sincronia · 10 com drift') && s.includes('Encontrei drift'));
    expect(checked).toContain('✓ 10 recursos com drift');
    expect(checked).toContain('● MainDb (rds-main-db) · AWS::RDS::DBInstance · configuração alterada');
    expect(checked).toContain('ialctl · demo (conta sandbox) · conta 123456789012 · região us-east-1');

    await typeLine('corrigir drift automaticamente');
    // The operator keeps typing while the plan is prepared, and on after the dialog is drawn: the
    // y's among those keys must not approve anything.
    const dialogShown = (s: string): boolean => s.includes('[y] sim   [n] não   [d] detalhes');
    await typeAheadThrough('is it safe? yes y', () => dialogShown(screen()), 12);
    const dialog = await waitForScreen('the dialog saying the typed-ahead text was ignored', (s) => dialogShown(s) && s.includes('texto digitado antes do plano ignorado: “'));
    expect(dialog).toMatch(/Aplicar na AWS este plano de correção \(\d+ aç(ão|ões)\)\?/);
    expect(dialog).not.toContain('aprovado por você');
    expect(dialog).not.toContain('corrigido');

    // A person reads the plan, then answers with one key: the dialog takes a key only after the
    // keyboard was quiet for its settle time (500 ms).
    await pause(1500);
    press('n');
    await waitForScreen('the refusal', (s) => s.includes('⊘ recusado por você: nada foi executado') && s.includes('Digite uma mensagem ou /help'));

    // The sandbox account is unchanged: a new check finds the same drift.
    await typeLine('verificar drift');
    const again = await waitForScreen('the second report', (s) => count(s, 'Encontrei drift') === 2);
    expect(count(again, '✓ 10 recursos com drift')).toBe(2);

    press('C-c');
    await waitForScreen('the exit hint', (s) => s.includes('Pressione Ctrl+C de novo para sair.'));
    press('C-c');
    const exited = await waitForScreen('the process to exit', (s) => s.includes(EXIT_MARK));
    expect(exited).toContain(`${EXIT_MARK} 0]`);
  }, 120_000);
});
