import { render } from 'ink-testing-library';
import { describe, expect, it, vi } from 'vitest';
import type { ConfirmAnswer, ConfirmationRequest } from '../../agent/events.js';
import { uiMessages } from '../../i18n/ui.js';
import type { HealActionView, HealPlanView, SyncPlanView } from '../../tools/engine-port.js';
import { inputReady, plain, waitFor } from '../flow.test-helper.js';
import { ConfirmDialog } from './ConfirmDialog.js';
import { PLAN_PREVIEW } from './PlanSummary.js';
import { SETTLE_MS } from '../type-ahead.js';

const action = (overrides: Partial<HealActionView> = {}): HealActionView => ({
  itemId: 'item-1',
  resourceType: 'AWS::ECS::Service',
  logicalId: 'WebService',
  physicalId: 'web',
  operation: 'ecs:UpdateService',
  changes: [{ path: 'DesiredCount', from: 2, to: 4 }],
  disruptive: false,
  ...overrides,
});

const healPlan = (actions: HealActionView[]): HealPlanView => ({
  kind: 'heal',
  planId: 'ab'.repeat(32),
  actions,
  skipped: [{ itemId: 'c0ffee00c0ffee', reason: 'missing resource: needs approval' }],
});

// The dialog's clock, in milliseconds since it was drawn: each test says when each key arrives.
let now = 0;
const clock = (): number => now;

async function dialog(request: ConfirmationRequest, lang: 'pt' | 'en' = 'en', lastKeyAt?: number) {
  now = 0;
  const answers: ConfirmAnswer[] = [];
  const screen = render(
    <ConfirmDialog request={request} m={uiMessages(lang)} width={100} onAnswer={(a) => answers.push(a)} clock={clock} {...(lastKeyAt !== undefined ? { lastKeyAt } : {})} />,
  );
  await inputReady(screen.stdin);
  return { screen, answers, frame: () => plain(screen.lastFrame()) };
}

/** A distinct key press: the operator read the plan, then pressed one key. */
const press = (screen: { stdin: { write(s: string): void } }, key: string): void => {
  now += 2 * SETTLE_MS;
  screen.stdin.write(key);
};

/** A key `ms` after the previous one, as typing goes. */
const typeAt = (screen: { stdin: { write(s: string): void } }, at: number, key: string): void => {
  now = at;
  screen.stdin.write(key);
};

describe('ConfirmDialog', () => {
  it('lists the exact actions with each change, and marks disruptive ones', async () => {
    const plan = healPlan([
      action(),
      action({ itemId: 'item-2', operation: 'rds:ModifyDBInstance', logicalId: 'MainDb', physicalId: 'rds-main-db', resourceType: 'AWS::RDS::DBInstance', changes: [{ path: 'DBInstanceClass', from: 'db.t3.large', to: 'db.t3.medium' }], disruptive: true, disruption: 'reboots the instance' }),
    ]);
    const { frame } = await dialog({ callId: 'c1', tool: 'heal_drift', plan });
    const f = frame();
    expect(f).toContain('Apply this healing plan to AWS (2 actions)?  plan abababababab');
    expect(f).toContain('1. ecs:UpdateService WebService (web) · AWS::ECS::Service');
    expect(f).toContain('DesiredCount: 2 → 4');
    expect(f).toContain('2. rds:ModifyDBInstance MainDb (rds-main-db)');
    expect(f).toContain('⚠ DISRUPTIVE: reboots the instance');
    expect(f).toContain('DBInstanceClass: "db.t3.large" → "db.t3.medium"');
    expect(f).toContain('(1 item is left out: not healed by this plan — [d] says why)');
    expect(f).toContain('[y] yes   [n] no   [d] details      Enter = no');
  });

  it.each([
    ['y', 'yes'],
    ['Y', 'yes'],
    ['n', 'no'],
    ['\r', 'no'],
    ['\u001b', 'no'],
  ] as const)('key %j answers %s', async (key, expected) => {
    const { screen, answers } = await dialog({ callId: 'c1', tool: 'heal_drift', plan: healPlan([action()]) });
    press(screen, key);
    // Polled: Escape is recognised only after a pause (it may start a sequence).
    await vi.waitFor(() => expect(answers).toEqual([expected]), { timeout: 10_000 });
  });

  it('other keys answer nothing: only y approves', async () => {
    const { screen, answers, frame } = await dialog({ callId: 'c1', tool: 'heal_drift', plan: healPlan([action()]) });
    for (const key of ['s', 'x', ' ', '1', 'sim', 'yes']) press(screen, key);
    // Keys are handled in order: once d has shown the details, every key before it was handled too.
    press(screen, 'd');
    await waitFor(frame, (f) => f.includes('d: hide details'));
    expect(answers).toEqual([]);
  });

  it('d toggles the details: every action, every skipped item with its reason, the full plan id', async () => {
    const actions = Array.from({ length: PLAN_PREVIEW + 2 }, (_, i) => action({ itemId: `item-${i}`, logicalId: `Svc${i}` }));
    const { screen, frame } = await dialog({ callId: 'c1', tool: 'heal_drift', plan: healPlan(actions) });
    expect(frame()).not.toContain('Svc9');
    expect(frame()).toContain('… 2 more actions — [d] details shows them all');
    press(screen, 'd');
    const details = await waitFor(frame, (f) => f.includes('Svc9'));
    expect(details).toContain('• c0ffee00c0ff: missing resource: needs approval');
    expect(details).toContain(`plan ${'ab'.repeat(32)}`);
    press(screen, 'd');
    const hidden = await waitFor(frame, (f) => !f.includes('Svc9'));
    expect(hidden).toContain('… 2 more actions — [d] details shows them all');
  });

  it('a reverse sync plan shows the branch, the pull request and each file', async () => {
    const plan: SyncPlanView = {
      kind: 'sync',
      planId: 'cd'.repeat(32),
      base: 'main',
      branch: 'ialctl/reverse-sync-1',
      files: [{
        path: 'phases/40-data/02-aurora-postgresql.yaml', changes: 2, items: ['i1', 'i2'],
        values: [
          { itemId: 'i1', logicalId: 'MainDb', path: 'PreferredBackupWindow', kind: 'set', from: '03:00-04:00', to: '05:00-06:00', line: 14 },
          { itemId: 'i2', logicalId: 'MainCluster', path: 'DeletionProtection', kind: 'set', from: true, to: false, line: 30 },
        ],
      }],
      unresolved: [],
      createPr: true,
      pullRequestSkipped: null,
    };
    const { screen, frame } = await dialog({ callId: 'c2', tool: 'reverse_sync', plan }, 'pt');
    const f = frame();
    expect(f).toContain('Gravar no Git este reverse sync (1 arquivo)?');
    expect(f).toContain('branch ialctl/reverse-sync-1 a partir de main · abre um pull request');
    expect(f).toContain('valor no Git → valor na AWS (o que o Git passa a declarar)');
    expect(f).toContain('1. phases/40-data/02-aurora-postgresql.yaml · 2 mudanças');
    expect(f).toContain('MainDb PreferredBackupWindow: "03:00-04:00" → "05:00-06:00"');
    expect(f).toContain('MainCluster DeletionProtection: true → false');
    expect(f).toContain('[y] sim   [n] não   [d] detalhes      Enter = não');
    press(screen, 'd');
    const details = await waitFor(frame, (x) => x.includes('(linha 14)'));
    expect(details).toContain('MainDb PreferredBackupWindow: "03:00-04:00" → "05:00-06:00"  (linha 14)');
    expect(details).not.toContain('i1\n');
  });

  it('a reverse sync without a token does not promise a pull request', async () => {
    const plan: SyncPlanView = {
      kind: 'sync', planId: 'cd'.repeat(32), base: 'main', branch: 'reverse-sync-20260301-120000',
      files: [{ path: 'phases/30-compute/02-ecs.yaml', changes: 1, items: ['i1'], values: [{ itemId: 'i1', logicalId: 'WebService', path: 'DesiredCount', kind: 'set', from: 4, to: 2, line: 9 }] }],
      unresolved: [{ itemId: 'dead00beef00', reason: 'no YAML place to write it', subject: 'WorkerService' }],
      createPr: true, pullRequestSkipped: 'no-token',
    };
    const { screen, frame } = await dialog({ callId: 'c3', tool: 'reverse_sync', plan }, 'pt');
    const f = frame();
    expect(f).toContain('branch reverse-sync-20260301-120000 a partir de main · sem pull request: GITHUB_TOKEN não está');
    expect(f).not.toContain('abre um pull request');
    press(screen, 'd');
    const details = await waitFor(frame, (x) => x.includes('WorkerService: no YAML place'));
    expect(details).not.toContain('dead00beef00');
  });

  it('a security group rule shows whole, as a firewall line, wrapped on a narrow dialog', async () => {
    const rule = { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '0.0.0.0/0', Description: 'debug ssh from anywhere' };
    const plan = healPlan([action({
      operation: 'ec2:RevokeSecurityGroupIngress', logicalId: 'WebSecurityGroup', physicalId: 'sg-0c1d2e3f4a5b6c7d8',
      resourceType: 'AWS::EC2::SecurityGroup', changes: [{ path: 'SecurityGroupIngress', from: rule, to: null }],
    })]);
    const answers: ConfirmAnswer[] = [];
    const screen = render(<ConfirmDialog request={{ callId: 'c4', tool: 'heal_drift', plan }} m={uiMessages('pt')} width={48} onAnswer={(a) => answers.push(a)} />);
    await inputReady(screen.stdin);
    const f = plain(screen.lastFrame()).replace(/[│\s]+/g, ' ');
    expect(f).toContain('tcp 22 de 0.0.0.0/0 "debug ssh from anywhere" → —');
    expect(f).toContain('valor atual na AWS → valor que a correção grava');
  });

  describe('type-ahead never answers', () => {
    const plan = () => ({ callId: 'c1', tool: 'heal_drift', plan: healPlan([action()]) });

    it('a y pressed as the dialog appears is ignored and shown as ignored; a later distinct y answers', async () => {
      const { screen, answers, frame } = await dialog(plan());
      typeAt(screen, 100, 'y');
      await waitFor(frame, (f) => f.includes('ignored typed-ahead text: “y” — read the plan, then press a key'));
      expect(answers).toEqual([]);

      press(screen, 'y');
      await vi.waitFor(() => expect(answers).toEqual(['yes']), { timeout: 10_000 });
    });

    it('a chunk of several characters (a paste, or text buffered while the plan was prepared) never answers', async () => {
      const { screen, answers, frame } = await dialog(plan());
      press(screen, 'is it safe? yes y');
      press(screen, 'y\r');
      press(screen, 'yy');
      await waitFor(frame, (f) => f.includes('ignored typed-ahead text: “is it safe? yes yy⏎yy”'));
      expect(answers).toEqual([]);
      press(screen, 'n');
      await vi.waitFor(() => expect(answers).toEqual(['no']), { timeout: 10_000 });
    });

    it('typing that started before the dialog and goes on through it never answers, Enter included', async () => {
      // Typed one key every 150 ms, the last one before the dialog 50 ms before it was drawn.
      const { screen, answers, frame } = await dialog(plan(), 'en', -50);
      let at = 100;
      for (const key of [...'so, it is all ok, yo? y', '\r']) {
        typeAt(screen, at, key);
        at += 150;
      }
      await waitFor(frame, (f) => f.includes('ok, yo? y⏎”'));
      expect(answers).toEqual([]);

      typeAt(screen, at + SETTLE_MS, 'y');
      await vi.waitFor(() => expect(answers).toEqual(['yes']), { timeout: 10_000 });
    });

    it('in Portuguese too', async () => {
      const { screen, frame } = await dialog(plan(), 'pt');
      typeAt(screen, 10, 's');
      await waitFor(frame, (f) => f.includes('texto digitado antes do plano ignorado: “s” — leia o plano e aperte uma tecla'));
    });

    it('escapes in the ignored text are shown, never sent to the terminal', async () => {
      const { screen, frame } = await dialog(plan());
      press(screen, 'a\u202eb\u009bc');
      const f = await waitFor(frame, (x) => x.includes('ignored typed-ahead text'));
      expect(f).toContain('“a\\u202eb\\u009bc”');
      expect(screen.lastFrame()).not.toMatch(/[\u202e\u009b]/);
    });
  });
});
