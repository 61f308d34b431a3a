import { describe, expect, it } from 'vitest';
import { uiMessages } from '../i18n/ui.js';
import { parseLine } from './commands.js';

const pt = uiMessages('pt');
const en = uiMessages('en');

describe('parseLine', () => {
  it.each([
    ['verificar drift', pt, { kind: 'send', text: 'verificar drift', shown: 'verificar drift' }],
    ['  /check ', pt, { kind: 'send', text: 'verificar drift', shown: '/check' }],
    ['/check', en, { kind: 'send', text: 'check drift', shown: '/check' }],
    ['/diff rds-main-db', pt, { kind: 'send', text: 'diff do rds-main-db', shown: '/diff rds-main-db' }],
    ['/diff alb-web-prod', en, { kind: 'send', text: 'what changed on alb-web-prod', shown: '/diff alb-web-prod' }],
    ['/heal', pt, { kind: 'send', text: 'corrigir drift', shown: '/heal' }],
    ['/sync', en, { kind: 'send', text: 'reverse sync', shown: '/sync' }],
    ['/lang en', pt, { kind: 'lang', lang: 'en' }],
    ['/LANG PT', en, { kind: 'lang', lang: 'pt' }],
    ['/expand', pt, { kind: 'expand' }],
    ['/clear', pt, { kind: 'clear' }],
    ['/help', pt, { kind: 'help' }],
    ['/exit', pt, { kind: 'exit' }],
    ['/quit', pt, { kind: 'exit' }],
    ['   ', pt, { kind: 'empty' }],
  ] as const)('%j → %o', (line, m, expected) => {
    expect(parseLine(line, m)).toEqual(expected);
  });

  it('says how to use a command given wrong arguments', () => {
    expect(parseLine('/diff', pt)).toEqual({ kind: 'usage', message: 'Uso: /diff <recurso> — por exemplo /diff rds-main-db' });
    expect(parseLine('/lang fr', en)).toEqual({ kind: 'usage', message: 'Usage: /lang pt or /lang en' });
    expect(parseLine('/lang', en)).toEqual({ kind: 'usage', message: 'Usage: /lang pt or /lang en' });
  });

  it('names an unknown command, sanitized', () => {
    expect(parseLine('/d\u001b[31mrop x', en)).toEqual({ kind: 'usage', message: 'Unknown command: /drop. /help lists the commands.' });
  });
});
