import { describe, expect, it } from 'vitest';
import { catalogue, resolveLanguage } from './index.js';

/** Every key path of a catalogue, with the kind of value it holds. */
function shape(value: unknown, prefix = ''): string[] {
  if (typeof value === 'function') return [`${prefix}:function`];
  if (typeof value === 'string') return [`${prefix}:string`];
  return Object.entries(value as object).flatMap(([key, v]) => shape(v, prefix === '' ? key : `${prefix}.${key}`));
}

describe('resolveLanguage', () => {
  it('lets the flag win over the environment', () => {
    expect(resolveLanguage('en', { LANG: 'pt_BR.UTF-8' })).toBe('en');
    expect(resolveLanguage('pt', { LANG: 'en_US.UTF-8' })).toBe('pt');
  });

  it.each([
    ['pt', 'pt'],
    ['pt-BR', 'pt'],
    ['pt_BR.UTF-8', 'pt'],
    ['PT', 'pt'],
    ['en', 'en'],
    ['en-US', 'en'],
  ] as const)('accepts the flag value %s as %s', (flag, lang) => {
    expect(resolveLanguage(flag)).toBe(lang);
  });

  it.each(['fr', 'portuguese', '', 'p'])('rejects the flag value %j naming --lang and pt|en', (flag) => {
    expect(() => resolveLanguage(flag)).toThrow(`Invalid value ${JSON.stringify(flag)} for --lang: allowed values are pt|en (for example --lang pt).`);
  });

  it.each([
    [{ LANG: 'pt_BR.UTF-8' }, 'pt'],
    [{ LANG: 'pt-BR' }, 'pt'],
    [{ LANG: 'pt_PT@euro' }, 'pt'],
    [{ LANG: 'en_US.UTF-8' }, 'en'],
    [{ LANG: 'fr_FR.UTF-8' }, 'en'],
    [{ LANG: 'C' }, 'en'],
    [{ LANG: 'POSIX' }, 'en'],
    [{}, 'en'],
    [{ LANG: 'en_US.UTF-8', LC_MESSAGES: 'pt_BR.UTF-8' }, 'pt'],
    [{ LANG: 'pt_BR.UTF-8', LC_ALL: 'C.UTF-8', LC_MESSAGES: 'pt_BR.UTF-8' }, 'en'],
    [{ LANG: 'pt_BR.UTF-8', LC_ALL: '' }, 'pt'],
  ] as const)('reads the environment %j as %s', (env, lang) => {
    expect(resolveLanguage(undefined, env)).toBe(lang);
  });

  it('defaults to English with no flag and no environment', () => {
    expect(resolveLanguage()).toBe('en');
  });
});

describe('catalogue', () => {
  it('has the same keys in every language', () => {
    expect(shape(catalogue('pt'))).toEqual(shape(catalogue('en')));
  });

  it('speaks Brazilian Portuguese', () => {
    const pt = catalogue('pt');
    expect(pt.common.driftType).toEqual({
      missing_resource: 'recurso ausente',
      extra_resource: 'recurso extra',
      configuration_drift: 'configuração alterada',
      tag_drift: 'tags divergentes',
    });
    expect(pt.report.added('Tags.Owner', '"bob"')).toBe('+ Tags.Owner = "bob" (não declarado no Git)');
    expect(pt.report.removed('Tags.Owner')).toBe('- Tags.Owner (declarado, ausente na AWS)');
    expect(pt.report.coverage(1, 1)).toBe('1 propriedade comparada, 1 não verificada');
    expect(pt.report.stepHeal(1, 2)).toBe('planejar a correção (simulação): 2 itens corrigíveis com a sua aprovação, 1 elegível para auto-heal sem supervisão');
  });

  it('pluralizes English counts', () => {
    const en = catalogue('en');
    expect(en.report.coverage(1, 0)).toBe('1 property compared, 0 not checked');
    expect(en.report.incomplete(2)).toBe('INCOMPLETE CHECK: 2 read errors');
    expect(en.report.inSyncAll(1)).toBe('In sync: the 1 resource matches the phase files.');
  });
});
