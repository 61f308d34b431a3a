// Slots read from operator phrasing, in both languages, with and without accents.
import { describe, expect, it } from 'vitest';
import { isLaughterOrEmoji, slotsOf } from './slots.js';

describe('slotsOf', () => {
  it.each([
    ['só os críticos', 'critical'],
    ['only the critical stuff', 'critical'],
    ['so os criticos pf', 'critical'],
    ["what's on fire right now?", 'high'],
    ['quais os mais graves', 'high'],
  ])('severity: %s → %s', (text, severity) => {
    expect(slotsOf(text).severity).toBe(severity);
  });

  it.each(['não corrige nada, só mostra o que tá diferente', 'nao mexe em nada, so quero ver', "don't fix anything, just show me", 'read only: what drifted?', 'no changes please'])(
    'read only: %s',
    (text) => {
      expect(slotsOf(text).readOnly).toBe(true);
    },
  );

  it.each([
    ['não reverte, leva pro git', 'sync'],
    ['nao reverte nao, a janela de backup nova é a certa, leva pro git', 'sync'],
    ["don't revert it, the new backup window is right, codify it", 'sync'],
    ['não quero manter, desfaz na AWS', 'heal'],
    ['não quero aceitar essas mudanças, desfaz tudo na aws', 'heal'],
    ["I don't want to keep it, undo it in AWS", 'heal'],
    ['the bastion tag change was approved, write it back to git', 'sync'],
    ['close port 22 on the web SG', 'heal'],
  ])('direction: %s → %s', (text, direction) => {
    expect(slotsOf(text).direction).toBe(direction);
  });

  it.each([
    ['delete the production database', 'delete'],
    ['apaga o banco', 'delete'],
    ['terminate that hotfix-runner instance', 'delete'],
    ['restart the web service', 'restart'],
    ['reinicia o web service', 'restart'],
    ['scale the web service to 10 tasks', 'scale'],
    ['escala o web service pra 10 tasks', 'scale'],
    ['grant bob admin access to the account', 'access'],
    ['da acesso de admin pro joao', 'access'],
  ])('out of scope: %s → %s', (text, kind) => {
    expect(slotsOf(text).outOfScope).toBe(kind);
  });

  it('removing what drift added is a heal, not a delete', () => {
    expect(slotsOf('remove the temp-debug tag from the subnet').outOfScope).toBeUndefined();
    expect(slotsOf('tira a regra da porta 22').outOfScope).toBeUndefined();
  });

  it.each([
    ['oi', 'greeting'],
    ['good morning', 'greeting'],
    ['vlw, obrigado', 'thanks'],
    ['thanks!', 'thanks'],
    ['kkkkk', 'laugh'],
    ['😂😂', 'laugh'],
    ['o que é drift?', 'what_is_drift'],
    ['what does drift mean?', 'what_is_drift'],
  ])('small talk: %s → %s', (text, kind) => {
    expect(slotsOf(text).smallTalk).toBe(kind);
  });

  it('small talk around a request is a request', () => {
    expect(slotsOf('vlw, agora reverte o banco principal por favor').smallTalk).toBeUndefined();
  });

  it('time words ask for history; "tudo" asks for everything', () => {
    expect(slotsOf('o que mudou desde ontem?').since).toBe(true);
    expect(slotsOf('how long has MainDb been like this').since).toBe(true);
    expect(slotsOf('verificar drift').since).toBe(false);
    expect(slotsOf('reverte tudo').all).toBe(true);
  });

  it('laughter and emoji carry no request', () => {
    expect(isLaughterOrEmoji('kkkkk')).toBe(true);
    expect(isLaughterOrEmoji('haha')).toBe(true);
    expect(isLaughterOrEmoji('👍')).toBe(true);
    expect(isLaughterOrEmoji('ok')).toBe(false);
  });
});
