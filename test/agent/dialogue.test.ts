// Conversation-level behaviour of the offline assistant over the real demo engine: focus across
// turns, scoped plans, out-of-scope and small talk answers, clarifying questions, language.
import { describe, expect, it } from 'vitest';
import { Conversation } from '../../src/agent/conversation.js';
import { assistantMessages } from '../../src/i18n/assistant.js';
import { agentMessages } from '../../src/i18n/agent.js';
import { oneShotJson } from '../../src/cli/commands/chat.js';
import { demoEngine, NOW, spyOn } from './helpers/demo.js';

const pt = { ...agentMessages('pt'), ...assistantMessages('pt') };
const en = { ...agentMessages('en'), ...assistantMessages('en') };

function offline() {
  const spy = spyOn(demoEngine());
  return { chat: new Conversation({ engine: spy.engine, fallbackLang: 'en', now: () => NOW }), calls: spy.calls };
}

const calls = (r: { toolCalls: { name: string; input: unknown; status: string }[] }) => r.toolCalls.map((c) => [c.name, c.input, c.status]);

describe('focus across turns', () => {
  it('"verificar drift" → "e o banco?" → "reverte esse" ends at a confirmation of the database\'s heal plan; nothing runs headless', async () => {
    const { chat, calls: engineCalls } = offline();
    await chat.send('verificar drift');

    const db = await chat.send('e o banco?');
    expect(calls(db)).toEqual([['check_drift', { types: ['AWS::RDS::*'] }, 'done']]);
    expect(db.reply.split('\n').slice(0, 3)).toEqual([
      '2 de 10 itens de drift (tipos AWS::RDS::*):',
      '  [CRÍTICO] MainCluster (rds-main-cluster): DeletionProtection: true → false',
      '  [CRÍTICO] MainDb (rds-main-db): PreferredBackupWindow: "03:00-04:00" → "05:00-06:00"',
    ]);

    const heal = await chat.send('reverte esse');
    expect(calls(heal)).toEqual([['heal_drift', { mode: 'apply', itemIds: ['dd513bf4afc02fe2', 'd2a7a4ad45d9a98b'] }, 'needs_confirmation']]);
    expect(heal.reply).toMatch(/^Plano de correção [0-9a-f]{12}: 2 ações na AWS\./);
    expect(heal.reply).toContain('rds:ModifyDBCluster — DeletionProtection: false → true');
    expect(heal.reply).toContain('rds:ModifyDBInstance — PreferredBackupWindow: "05:00-06:00" → "03:00-04:00"');
    expect(heal.reply.endsWith(pt.needsConfirmation)).toBe(true);
    expect(engineCalls).not.toContain('applyHeal');
  });

  it('a pending plan stays pending across a clarifying turn: "sim" proposes the same scoped plan again', async () => {
    const { chat, calls: engineCalls } = offline();
    const heal = await chat.send('reverter a mudança do backup window');
    expect(calls(heal)).toEqual([['heal_drift', { mode: 'apply', itemIds: ['d2a7a4ad45d9a98b'] }, 'needs_confirmation']]);
    const question = await chat.send('o que é drift?');
    expect(question.toolCalls).toEqual([]);
    const yes = await chat.send('sim');
    expect(calls(yes)).toEqual([['heal_drift', { mode: 'apply', itemIds: ['d2a7a4ad45d9a98b'] }, 'needs_confirmation']]);
    expect(engineCalls).not.toContain('applyHeal');
  });

  it('"ok" answers the question asked after a check; on its own it is an acknowledgement', async () => {
    const { chat } = offline();
    await chat.send('verificar drift');
    expect(calls(await chat.send('ok'))).toEqual([['reverse_sync', { mode: 'apply' }, 'needs_confirmation']]);
    const alone = await offline().chat.send('ok');
    expect(alone.toolCalls).toEqual([]);
    expect(alone.reply).toBe(en.ack);
  });

  it('a kind the report has no drift for is still a filtered check', async () => {
    const r = await offline().chat.send('is the vpc ok?');
    expect(calls(r)).toEqual([['check_drift', { types: ['AWS::EC2::VPC'] }, 'done']]);
    expect(r.reply).toBe(en.filteredNone(en.filterTypes('AWS::EC2::VPC')));
  });

  it('"sim" with nothing pending says so and calls nothing', async () => {
    const { chat } = offline();
    const yes = await chat.send('sim');
    expect(yes.reply).toBe(pt.nothingPending);
    expect(yes.toolCalls).toEqual([]);
  });

  it('"that one" after a diff scopes the sync to that resource', async () => {
    const { chat } = offline();
    await chat.send('diff the bastion');
    const sync = await chat.send('keep that one in git');
    expect(calls(sync)).toEqual([['reverse_sync', { mode: 'apply', itemIds: ['8669334ccd1e46f8'] }, 'needs_confirmation']]);
  });
});

describe('scope follows the words', () => {
  it('a property named scopes the heal to the item that changed it', async () => {
    const { chat } = offline();
    const r = await chat.send('close port 22 on the web SG, someone opened it by hand');
    expect(calls(r)).toEqual([['heal_drift', { mode: 'apply', itemIds: ['ad56000357aa04fa'] }, 'needs_confirmation']]);
  });

  it('negation reads the direction: "não reverte, leva pro git" is a reverse sync of that resource', async () => {
    const { chat } = offline();
    const r = await chat.send('nao reverte nao, a janela de backup nova do banco principal é a certa, leva pro git');
    expect(calls(r)).toEqual([['reverse_sync', { mode: 'apply', itemIds: ['d2a7a4ad45d9a98b'] }, 'needs_confirmation']]);
    const heal = await offline().chat.send('não quero aceitar essas mudanças, desfaz tudo na aws');
    expect(calls(heal)).toEqual([['heal_drift', { mode: 'apply' }, 'needs_confirmation']]);
  });

  it('read-only words never produce a mutating call', async () => {
    const { chat } = offline();
    const r = await chat.send('não corrige nada, só mostra o que tá diferente');
    expect(calls(r)).toEqual([['check_drift', {}, 'done']]);
    expect(r.reply.endsWith(pt.readOnlyNote)).toBe(true);
  });

  it('"mostra o plano de heal sem aplicar" is a dry run: mode plan, nothing proposed, nothing executed', async () => {
    const { chat, calls: engineCalls } = offline();
    const r = await chat.send('mostra o plano de heal sem aplicar');
    expect(calls(r)).toEqual([['heal_drift', { mode: 'plan' }, 'done']]);
    expect(r.reply).toMatch(/^Plano de correção [0-9a-f]{12}: 6 ações na AWS\./);
    expect(r.reply.endsWith(pt.readOnlyNote)).toBe(true);
    expect(engineCalls).not.toContain('applyHeal');
  });

  it('severity and type filters reach check_drift', async () => {
    expect(calls(await offline().chat.send('only the critical stuff'))).toEqual([['check_drift', { severity: 'critical' }, 'done']]);
    expect(calls(await offline().chat.send('só RDS'))).toEqual([['check_drift', { types: ['AWS::RDS::*'] }, 'done']]);
  });

  it('"safe only" heals only what the policy marks eligible', async () => {
    const r = await offline().chat.send('heal only the safe ones');
    expect(calls(r)).toEqual([['heal_drift', { mode: 'apply', itemIds: ['4dc54e51e88b065b', 'e55670526aaf64c4', '8669334ccd1e46f8'] }, 'needs_confirmation']]);
  });

  it('an empty heal plan says nothing was to be done, and the one-shot JSON says actions 0, executed false', async () => {
    const r = await offline().chat.send('corrige o WorkerService');
    expect(r.reply).toBe(pt.nothingToHeal);
    expect(oneShotJson(r)['toolCalls']).toEqual([
      { name: 'heal_drift', input: { mode: 'apply', itemIds: ['WorkerService'] }, status: 'done', planId: expect.stringMatching(/^[0-9a-f]{64}$/), actions: 0, executed: false },
    ]);
  });
});

describe('what ialctl does not do', () => {
  it.each([
    ['delete the production database', en.outOfScope('delete'), en.canDo],
    ['restart the web service', en.outOfScope('restart'), en.canDo],
    ['scale the web service to 10 tasks', en.outOfScope('scale'), en.canDo],
    ['beleza, agora apaga o banco', pt.outOfScope('delete'), pt.canDo],
    ['da acesso de admin pro joao', pt.outOfScope('access'), pt.canDo],
  ])('%s → a plain answer, no tool', async (text, first, second) => {
    const { chat, calls: engineCalls } = offline();
    const r = await chat.send(text);
    expect(r.toolCalls).toEqual([]);
    expect(r.reply).toBe(`${first}\n${second}`);
    expect(engineCalls.filter((c) => c !== 'checkDrift')).toEqual([]);
  });

  it.each([
    ['oi', 'pt', pt.greeting],
    ['vlw, obrigado', 'pt', pt.thanks],
    ['thanks!', 'en', en.thanks],
    ['o que é drift?', 'pt', pt.whatIsDrift],
    ['what is drift?', 'en', en.whatIsDrift],
  ])('small talk: %s', async (text, lang, reply) => {
    const r = await offline().chat.send(text);
    expect(r.toolCalls).toEqual([]);
    expect(r.language).toBe(lang);
    expect(r.reply).toBe(reply);
  });
});

describe('asking instead of guessing', () => {
  it('a name that fits several resources of different kinds gets "which one?" with the candidates', async () => {
    const r = await offline().chat.send('what about the web one');
    expect(r.toolCalls).toEqual([]);
    expect(r.reply).toBe(
      en.whichOne('WebSecurityGroup (sg-0c1d2e3f4a5b6c7d8), WebCluster (shop-prod), WebService (arn:aws:ecs:us-east-1:123456789012:service/shop-prod/web)'),
    );
  });

  it('"a mudança" in the singular with several drifted resources asks which one; the plural takes all', async () => {
    const { chat } = offline();
    await chat.send('verificar drift');
    const which = await chat.send('reverte a mudança');
    expect(which.toolCalls).toEqual([]);
    expect(which.reply.startsWith('Qual deles? MainCluster (rds-main-cluster), MainDb (rds-main-db), WorkerService,')).toBe(true);
    const all = await chat.send('reverte as mudanças');
    expect(calls(all)).toEqual([['heal_drift', { mode: 'apply' }, 'needs_confirmation']]);
  });

  it('history questions without history say how history gets recorded', async () => {
    const r = await offline().chat.send('what changed in AWS since yesterday?');
    expect(calls(r)).toEqual([['drift_history', {}, 'done']]);
    expect(r.reply).toBe(`${en.historySinceNone}\n${en.historyHowRecorded}`);
  });
});

describe('language of the conversation', () => {
  it('laughter and mixed messages keep the session language', async () => {
    const { chat } = offline();
    expect((await chat.send('verificar drift')).language).toBe('pt');
    expect((await chat.send('kkkkk')).language).toBe('pt');
    expect((await chat.send('check o drift pls')).language).toBe('pt');
    expect((await chat.send('ok')).language).toBe('pt');
    expect((await chat.send('show me the drift report please')).language).toBe('en');
  });

  it('Brazilian laughter as the first message is Portuguese', async () => {
    expect((await offline().chat.send('kkkkk')).language).toBe('pt');
  });
});
