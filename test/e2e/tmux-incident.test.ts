// The whole incident in a real terminal, in Portuguese and in English: check → heal (y) → reverse sync (y).
// What an operator must be able to trust: the dialogs show the values they approve, the sync after a heal
// carries only values the sandbox (AWS) has now, the branch named is the branch created, and a Portuguese
// session answers in Portuguese. tmux runs `ialctl --demo` from source (tsx), as tmux-chat.test.ts does.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ENTRY = path.join(ROOT, 'src/cli/run.ts');
const TSX = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const EXIT_MARK = '[ialctl exited';

// Common English words that have no business in a Portuguese reply. Identifiers (MainDb, ecs:UpdateService),
// paths, values and the allow-listed terms (drift, reverse sync, pull request, branch, auto-heal, AWS names)
// are not in this list; "no", "a", "item" are Portuguese words too and are left out on purpose.
const ENGLISH = new Set([
  'the', 'and', 'of', 'to', 'is', 'are', 'with', 'from', 'for', 'not', 'this', 'that', 'will', 'be', 'has', 'have',
  'was', 'were', 'been', 'by', 'it', 'its', 'or', 'yes', 'on', 'at', 'changed', 'change', 'changes', 'healed', 'heal',
  'needs', 'approval', 'unattended', 'eligible', 'left', 'out', 'resource', 'resources', 'found', 'missing', 'written',
  'write', 'declared', 'exists', 'replaces', 'removed', 'only', 'when', 'above', 'within', 'severity',
  'limit', 'next', 'step', 'open', 'opened', 'done', 'plan', 'apply', 'details', 'current', 'value', 'target', 'all',
]);

interface Terminal {
  screen(): string;
  press(...keys: string[]): void;
  typeLine(text: string): Promise<void>;
  waitFor(what: string, predicate: (s: string) => boolean, timeoutMs?: number): Promise<string>;
  answer(key: string): Promise<void>;
  close(): void;
}

const count = (haystack: string, needle: string): number => haystack.split(needle).length - 1;

function openTerminal(lang: string): Terminal {
  try {
    execFileSync('tmux', ['-V'], { encoding: 'utf8' });
  } catch {
    throw new Error('tmux is not installed: install it (apt-get install tmux; .ci/run does) to run the terminal end-to-end test');
  }
  const server = `ialctl-incident-${process.pid}-${lang}`;
  const cwd = mkdtempSync(path.join(tmpdir(), 'ialctl-incident-'));
  const tmux = (...args: string[]): string => execFileSync('tmux', ['-L', server, ...args], { encoding: 'utf8' });
  const command = [
    `env -u CI -u CONTINUOUS_INTEGRATION -u GITHUB_TOKEN -u GH_TOKEN LANG=${lang} TERM=xterm-256color`,
    `TSX_TSCONFIG_PATH=${JSON.stringify(path.join(ROOT, 'tsconfig.json'))}`,
    `node --import ${JSON.stringify(TSX)} ${JSON.stringify(ENTRY)} --demo;`,
    `echo "${EXIT_MARK} $?]"; sleep 600`,
  ].join(' ');
  tmux('new-session', '-d', '-s', 'chat', '-x', '160', '-y', '50', '-c', cwd, command);
  const screen = (): string => tmux('capture-pane', '-p', '-J', '-S', '-', '-t', 'chat');
  const waitFor = async (what: string, predicate: (s: string) => boolean, timeoutMs = 60_000): Promise<string> => {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      last = screen();
      if (predicate(last)) return last;
      if (last.includes(EXIT_MARK)) break;
      await new Promise((r) => setTimeout(r, 150));
    }
    throw new Error(`gave up waiting for ${what} (timeout, or ialctl exited); the terminal showed:\n${last}`);
  };
  return {
    screen,
    press: (...keys) => void tmux('send-keys', '-t', 'chat', ...keys),
    // A person reads the dialog before answering: the dialog only takes a key pressed after the keyboard
    // was quiet for its settle time (500 ms), so answer as a person would.
    async answer(key) {
      await new Promise((r) => setTimeout(r, 900));
      tmux('send-keys', '-t', 'chat', key);
    },
    async typeLine(text) {
      const box = `│ › ${text}`;
      const before = count(screen(), box);
      tmux('send-keys', '-t', 'chat', '-l', text);
      await waitFor(`"${text}" in the input box`, (s) => count(s, box) > before);
      tmux('send-keys', '-t', 'chat', 'Enter');
    },
    waitFor,
    close() {
      try {
        tmux('kill-server');
      } catch {
        // Already gone.
      }
      rmSync(cwd, { recursive: true, force: true });
    },
  };
}

/** The text after the last occurrence of `marker` (the part of the screen one step produced). */
const after = (s: string, marker: string): string => s.slice(s.lastIndexOf(marker));
const between = (s: string, start: string, end: string): string => {
  const from = s.lastIndexOf(start);
  const to = s.indexOf(end, from);
  return s.slice(from, to === -1 ? undefined : to);
};

/** English words in what ialctl wrote (input lines, box borders and code/values are dropped first). */
function englishWords(screen: string): string[] {
  const written = screen
    .split('\n')
    .filter((line) => !line.includes('│ ›'))
    .join('\n')
    // Commands are identifiers: `ialctl --demo drift heal --apply`.
    .replace(/ialctl(\s+(--?[\w-]+|drift|heal|check|diff|watch|snapshot|reverse-sync|[A-Z][\w-]*))*/g, ' ')
    .replace(/"[^"\n]*"/g, ' ')
    .replace(/`[^`\n]*`/g, ' ')
    .replace(/\S*[/:._@-]\S*/g, ' ');
  return [...new Set((written.toLowerCase().match(/[a-z]+/g) ?? []).filter((w) => ENGLISH.has(w)))];
}

const SCENARIOS = [
  {
    lang: 'pt_BR.UTF-8',
    ready: 'Digite uma mensagem ou /help',
    check: 'verificar drift',
    checked: 'Encontrei drift',
    heal: 'corrigir drift automaticamente',
    healTitle: 'Aplicar na AWS este plano de correção',
    healArrow: 'valor atual na AWS → valor que a correção grava',
    healed: 'corrigidos e verificados na AWS',
    sync: 'quero manter a mudança do console no git',
    syncTitle: 'Gravar no Git este reverse sync',
    syncArrow: 'valor no Git → valor na AWS',
    rule: 'tcp 22 de 0.0.0.0/0',
    keys: '[y] sim   [n] não   [d] detalhes',
    synced: 'Pronto: mudanças gravadas no branch ',
    branchWord: 'branch ',
    noPr: 'sem pull request: o repositório não tem remoto origin',
    next: 'Próximo passo',
    portuguese: true,
  },
  {
    lang: 'en_US.UTF-8',
    ready: 'Type a message or /help',
    check: 'check drift',
    checked: 'I found drift',
    heal: 'auto-heal the safe drift',
    healTitle: 'Apply this healing plan to AWS',
    healArrow: 'current value in AWS → value the heal writes',
    healed: 'healed and verified in AWS',
    sync: 'keep the console changes in git',
    syncTitle: 'Write this reverse sync to Git',
    syncArrow: 'value in Git → value in AWS',
    rule: 'tcp 22 from 0.0.0.0/0',
    keys: '[y] yes   [n] no   [d] details',
    synced: 'Done: changes written to branch ',
    branchWord: 'branch ',
    noPr: 'no pull request: the repository has no origin remote',
    next: 'Next step',
    portuguese: false,
  },
] as const;

let terminal: Terminal | undefined;
afterEach(() => {
  terminal?.close();
  terminal = undefined;
});

describe('the whole incident in a real terminal (tmux)', () => {
  it.each(SCENARIOS)('$lang: check → heal (y) → reverse sync (y) carries only what AWS has now', async (s) => {
    const t = (terminal = openTerminal(s.lang));
    await t.waitFor('the chat to open', (x) => x.includes(s.ready));

    await t.typeLine(s.check);
    await t.waitFor('the drift report', (x) => x.includes(s.checked));

    await t.typeLine(s.heal);
    const healDialog = after(await t.waitFor('the heal dialog', (x) => x.includes(s.healTitle) && x.includes(s.keys)), s.healTitle);
    // The dialog shows each value it will write, current → target, labelled.
    expect(healDialog).toContain(s.healArrow);
    expect(healDialog).toContain('DesiredCount: 2 → 4');
    expect(healDialog).toContain('ClusterSettings.containerInsights.Value: "disabled" → "enabled"');
    await t.answer('y');
    await t.waitFor('the heal result', (x) => x.includes(s.healed));

    await t.typeLine(s.sync);
    const syncScreen = await t.waitFor('the sync dialog', (x) => x.includes(s.syncTitle) && x.indexOf(s.keys, x.lastIndexOf(s.syncTitle)) !== -1);
    const syncDialog = between(syncScreen, s.syncTitle, s.keys);
    expect(syncDialog).toContain(s.syncArrow);
    // Only values AWS (the healed sandbox) has: the heal put DesiredCount and containerInsights back.
    expect(syncDialog).not.toContain('DesiredCount');
    expect(syncDialog).not.toContain('containerInsights');
    expect(syncDialog).toContain('MainDb PreferredBackupWindow: "03:00-04:00" → "05:00-06:00"');
    expect(syncDialog).toContain(s.rule);
    // No token and no remote in the demo: no pull request is promised.
    expect(syncDialog).toContain(s.noPr);
    const promised = /branch (reverse-sync-[\w-]+)/.exec(syncDialog)?.[1];
    expect(promised).toBeDefined();

    await t.answer('y');
    const done = await t.waitFor('the sync result', (x) => x.includes(s.synced));
    const created = new RegExp(`${s.synced.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(reverse-sync-[\\w-]+)`).exec(done)?.[1];
    expect(created).toBe(promised);
    expect(after(done, s.synced)).toContain(s.next);

    if (s.portuguese) {
      await t.waitFor('the prompt back', (x) => x.lastIndexOf(s.ready) > x.lastIndexOf(s.synced));
      const screen = t.screen();
      const found = englishWords(screen);
      expect(found, screen.split('\n').filter((l) => found.some((w) => l.toLowerCase().includes(w))).join('\n')).toEqual([]);
    }
  }, 240_000);
});
