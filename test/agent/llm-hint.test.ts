// With a key, the offline router's resolution of resources and filters reaches the model: the system
// prompt of the request carries it (loopback server speaking the Anthropic Messages API).
import { afterEach, describe, expect, it } from 'vitest';
import { Conversation } from '../../src/agent/conversation.js';
import { callTool, say, startScriptedModel, type ScriptedModel } from './helpers/anthropic-server.js';
import { demoEngine, NOW, testProvider } from './helpers/demo.js';

let model: ScriptedModel | undefined;
afterEach(async () => {
  await model?.close();
  model = undefined;
});

describe('the router\'s resolution in the LLM turn', () => {
  it('after a check, "reverte a janela de backup do banco principal" tells the model which resource and item', async () => {
    model = await startScriptedModel([callTool('toolu_1', 'check_drift', {}), say('10 itens com drift.'), say('Posso planejar a correção do MainDb.')]);
    const chat = new Conversation({ engine: demoEngine(), provider: testProvider(model.url), fallbackLang: 'en', now: () => NOW });
    await chat.send('verificar drift');
    expect(model.requests[0]?.body.system).not.toContain('The offline router read');

    await chat.send('reverte a janela de backup do banco principal');
    const system = model.requests[2]?.body.system ?? '';
    expect(system).toContain("The offline router read the operator's latest message as");
    expect(system).toContain('- resource: MainDb (pass it as check_drift "resource" or in itemIds)');
    expect(system).toContain('- the property named changed in drift item(s) d2a7a4ad45d9a98b: scope itemIds to them');
    expect(system).toContain('- direction: heal_drift (AWS back to Git)');
  });

  it('read-only and out-of-scope words reach the model as such', async () => {
    model = await startScriptedModel([say('Não apago recursos.')]);
    const chat = new Conversation({ engine: demoEngine(), provider: testProvider(model.url), fallbackLang: 'en', now: () => NOW });
    await chat.send('apaga o banco de produção');
    expect(model.requests[0]?.body.system).toContain('- out of scope (delete): no tool does this; say so and what ialctl can do');
  });
});
