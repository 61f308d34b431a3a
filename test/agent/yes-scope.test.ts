// What --yes may approve for one message: decided from the user's words (the offline intent router,
// and a plain request, not a question or a negation), never from the model.
import { describe, expect, it } from 'vitest';
import { defaultRouter } from '../../src/agent/router/index.js';
import { mutationsRequested } from '../../src/agent/yes-scope.js';

const asked = (text: string): string[] => [...mutationsRequested(text, defaultRouter())];

describe('mutationsRequested', () => {
  it.each([
    'what is drifting?',
    'o que está com drift?',
    'show me the drift',
    'verificar drift',
    'o que é crítico agora?',
    'hello',
  ])('a read asks for no mutation: %j', (text) => {
    expect(asked(text)).toEqual([]);
  });

  it.each([
    'is it safe?',
    'is it safe to heal?',
    'should I heal this',
    'what would heal do?',
    'can you heal the drift?',
    'é seguro corrigir o drift?',
    'devo fazer o reverse sync',
  ])('a question about a mutation approves nothing: %j', (text) => {
    expect(asked(text)).toEqual([]);
  });

  it.each([
    "don't heal anything",
    'do not heal the drift',
    'heal the drift, but not the database',
    'não corrija o drift',
    'nunca faça reverse sync',
    'corrigir drift sem mexer no banco',
  ])('a negation approves nothing: %j', (text) => {
    expect(asked(text)).toEqual([]);
  });

  it.each([
    ['heal the drift', 'heal_drift'],
    ['auto-heal the safe drift', 'heal_drift'],
    ['corrigir drift automaticamente', 'heal_drift'],
    ['Corrigir o drift agora.', 'heal_drift'],
    ['reverse sync', 'reverse_sync'],
    ['sincronizar AWS para o Git', 'reverse_sync'],
    ['reverse sync sem PR', 'reverse_sync'],
    ['reverse sync without a pull request', 'reverse_sync'],
  ])('%j asks for %s', (text, tool) => {
    expect(asked(text)).toEqual([tool]);
  });
});
