// What --yes may approve for one message: decided from the user's words (the offline intent router,
// and a clearly imperative request — deny by default), never from the model.
import { describe, expect, it } from 'vitest';
import { defaultRouter } from '../../src/agent/router/index.js';
import { isPlainRequest, mutationsRequested } from '../../src/agent/yes-scope.js';

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

  // The review's repros: each routes to a mutation, and none is an order.
  it.each([
    'show the heal plan',
    'heal dry run',
    'preview the heal',
    'mostre o plano de correção',
    'simular a correção',
    'so, is it safe to heal',
    'hey should we heal the database',
    'ok so is heal safe',
    'tell me if healing is safe',
    'safe to heal the db？',
    'heal﹖',
    "won't heal the database",
  ])('the reviewed phrasing %j approves nothing', (text) => {
    expect(asked(text)).toEqual([]);
  });
});

// Deny by default: ≥ 40 phrasings each way, Portuguese and English.
const ORDERS = [
  'heal the drift',
  'heal',
  'Heal the drift now.',
  'heal the database',
  'heal the tag on Bastion',
  'heal all safe drift',
  'please heal the drift',
  'ok, heal the drift',
  'okay heal it',
  'please fix the drift',
  'fix the drift',
  'fix it',
  'repair the drift',
  'revert the drift',
  'restore the desired count',
  'apply the fix',
  'sync',
  'sync the live values to git',
  'reverse sync',
  'reverse-sync to git',
  'reverse sync without a PR',
  'reverse sync with no PR',
  'auto-heal the safe drift',
  'go ahead and heal the drift',
  'remediate the drift!',
  'corrigir o drift',
  'corrigir drift automaticamente',
  'corrija o drift',
  'corrige o drift',
  'por favor, corrija o drift',
  'pode corrigir o drift',
  'ok corrigir o drift',
  'reverter o drift',
  'reverta as mudanças',
  'restaurar o valor do git',
  'restaure a tag',
  'aplicar a correção',
  'aplique a correção',
  'sincronizar AWS para o Git',
  'sincronize com o git',
  'leva pro git',
  'leva pro git sem PR',
  'consertar o drift',
  'vamos corrigir o drift',
  'Corrigir o drift agora.',
];

const NOT_ORDERS = [
  // questions, with or without a question mark
  'is it safe to heal?',
  'is it safe to heal',
  'so, is it safe to heal',
  'hey should we heal the database',
  'ok so is heal safe',
  'tell me if healing is safe',
  'safe to heal the db？',
  'heal﹖',
  'heal؟',
  '¿heal the drift',
  'heal the drift‽',
  'heal the drift⁇',
  'heal the drift\u037e', // the Greek question mark
  'can you heal the drift',
  'could you fix it',
  'would healing break anything',
  'what would heal do',
  'why heal',
  'heal the drift, or should I wait',
  'fix it if it is safe',
  'é seguro corrigir o drift?',
  'é seguro corrigir o drift',
  'devo fazer o reverse sync',
  'posso corrigir o banco',
  'será que corrigir resolve',
  'corrigir o drift se for seguro',
  'qual drift eu corrijo',
  'corrigir？',
  // negations
  "won't heal the database",
  "don't heal anything",
  'dont heal anything',
  'do not heal the drift',
  'never heal the database',
  'heal nothing',
  'hold off on healing',
  'heal the drift, but not the database',
  'heal everything except the database',
  'não corrija o drift',
  'nao corrija o drift',
  'nunca faça reverse sync',
  'nem pense em corrigir',
  'corrigir drift sem mexer no banco',
  'corrigir tudo menos o banco',
  // previews
  'show the heal plan',
  'show me the heal plan',
  'heal dry run',
  'heal --dry-run',
  'preview the heal',
  'simulate the heal',
  'plan the heal',
  'list what heal would change',
  'mostre o plano de correção',
  'mostrar o plano',
  'simular a correção',
  'prévia da correção',
  'explique a correção',
  // not opening with an order
  'the drift heal',
  'hey heal',
  'healing',
];

describe('isPlainRequest (deny by default)', () => {
  it('tables are large enough', () => {
    expect(ORDERS.length).toBeGreaterThanOrEqual(40);
    expect(NOT_ORDERS.length).toBeGreaterThanOrEqual(40);
  });
  it.each(ORDERS)('an order: %j', (text) => {
    expect(isPlainRequest(text)).toBe(true);
  });
  it.each(NOT_ORDERS)('not an order: %j', (text) => {
    expect(isPlainRequest(text)).toBe(false);
  });
});
