import { describe, expect, it } from 'vitest';
import { IntentClassifier } from './classifier.js';
import { INTENTS, loadCorpus, parseCorpus, splitCorpus, type Utterance } from './corpus.js';
import { defaultRouter } from './index.js';
import { LanguageDetector } from './language.js';
import { looksLikeResourceName, prepare, RESOURCE_TOKEN } from './text.js';

const pt = splitCorpus(loadCorpus('pt'));
const en = splitCorpus(loadCorpus('en'));
const training = [...pt.train, ...en.train];
const classifier = IntentClassifier.train(training);
const detector = LanguageDetector.train(training);

function accuracy(heldOut: readonly Utterance[]): { correct: number; total: number; misses: string[] } {
  const misses = heldOut
    .map((u) => ({ u, got: classifier.classify(u.text).intent }))
    .filter((r) => r.got !== r.u.intent)
    .map((r) => `"${r.u.text}": ${r.u.intent} → ${r.got}`);
  return { correct: heldOut.length - misses.length, total: heldOut.length, misses };
}

describe('the router corpus', () => {
  it.each(['pt', 'en'] as const)('%s has hundreds of utterances covering every intent, none labelled twice', (lang) => {
    const split = lang === 'pt' ? pt : en;
    const all = [...split.train, ...split.heldOut];
    expect(all.length).toBeGreaterThan(900);
    for (const intent of INTENTS) expect(all.filter((u) => u.intent === intent).length, intent).toBeGreaterThanOrEqual(25);
    const byText = new Map<string, string>();
    for (const u of all) {
      const key = u.text.toLowerCase();
      expect(byText.get(key) ?? u.intent, `${lang}: "${u.text}"`).toBe(u.intent);
      byText.set(key, u.intent);
    }
  });

  it('holds out every 5th utterance of each intent, so the split never changes between runs', () => {
    const corpus = parseCorpus(JSON.stringify({ language: 'en', intents: Object.fromEntries(INTENTS.map((i) => [i, ['a', 'b', 'c', 'd', 'e', 'f']])) }), 'x');
    const { train, heldOut } = splitCorpus(corpus);
    expect(heldOut.map((u) => u.text)).toEqual(INTENTS.map(() => 'e'));
    expect(train).toHaveLength(INTENTS.length * 5);
  });

  it('rejects a corpus that misses an intent, naming the file and the intent', () => {
    expect(() => parseCorpus(JSON.stringify({ language: 'pt', intents: { check: ['a', 'b', 'c', 'd', 'e'] } }), 'router-corpus.pt.json')).toThrow(
      'router-corpus.pt.json: no utterances for intent(s) detail, heal',
    );
  });
});

describe('intent accuracy on the held-out split', () => {
  it.each(['pt', 'en'] as const)('%s: at least 95 percent', (lang) => {
    const split = lang === 'pt' ? pt : en;
    const { correct, total, misses } = accuracy(split.heldOut);
    const percent = (100 * correct) / total;
    console.log(`router held-out accuracy ${lang}: ${correct}/${total} = ${percent.toFixed(1)}%${misses.length ? `\n  misses: ${misses.join('\n          ')}` : ''}`);
    expect(percent).toBeGreaterThanOrEqual(95);
  });

  // Short messages made of words both languages use ("ok", "manual", "no no") are the errors left;
  // in a conversation those keep the conversation's language (see src/agent/language.ts).
  it('language detection on the held-out split: at most 3 wrong per language', () => {
    for (const [lang, split] of [['pt', pt], ['en', en]] as const) {
      const guesses = split.heldOut.map((u) => detector.detect(u.text).lang);
      const wrong = split.heldOut.filter((_, i) => guesses[i] !== undefined && guesses[i] !== lang).map((u) => u.text);
      const abstained = guesses.filter((g) => g === undefined).length;
      console.log(`language detection ${lang}: ${guesses.filter((g) => g === lang).length}/${split.heldOut.length} right, ${abstained} undecided, wrong: ${JSON.stringify(wrong)}`);
      expect(wrong.length).toBeLessThanOrEqual(3);
    }
  });

  it('is deterministic: two trainings give the same probabilities', () => {
    const again = IntentClassifier.train(training);
    for (const u of [...pt.heldOut, ...en.heldOut].slice(0, 40)) expect(again.classify(u.text)).toEqual(classifier.classify(u.text));
  });
});

describe('robustness', () => {
  const router = defaultRouter();

  it.each([
    ['verificar drift', 'check'],
    ['VERIFICAR DRIFT', 'check'],
    ['verifcar drfit', 'check'],
    ['mostar drift', 'check'],
    ['shwo drift', 'check'],
    ['chek drift pls', 'check'],
    ['tem drift?', 'check'],
    ['o que mudou na AWS?', 'check'],
    ['sincronizar AWS para o Git', 'reverse_sync'],
    ['sincornizar aws pro git', 'reverse_sync'],
    ['atualizar o git com o que esta na aws', 'reverse_sync'],
    ['corrigir drift automaticamente', 'heal'],
    ['auto-heal the tags', 'heal'],
    ['auto-heal the safe drift', 'heal'],
    ['reverter', 'heal'],
    ['nao', 'confirm_no'],
    ['NÃO', 'confirm_no'],
    ['cancela', 'confirm_no'],
    ['sim', 'confirm_yes'],
    ['pode', 'confirm_yes'],
    ['o primeiro', 'choose_first'],
    ['o segundo', 'choose_second'],
    ['o que e critico agora', 'critical_now'],
    ['explica esse drift', 'explain'],
  ])('"%s" → %s', (text, intent) => {
    expect(router.route(text).intent).toBe(intent);
  });

  it('finds resource names and stands them in for one token, so any name trains the same pattern', () => {
    expect(prepare('diff do rds-main-db.')).toEqual({ words: ['diff', 'do', RESOURCE_TOKEN], resources: ['rds-main-db'] });
    expect(prepare('what changed on alb-web-prod').resources).toEqual(['alb-web-prod']);
    expect(prepare('detalhes do MainDb').resources).toEqual(['MainDb']);
    expect(prepare('mostre-me o drift').resources).toEqual([]);
    expect(prepare('auto-heal the tags').resources).toEqual([]);
    expect(prepare('diff do worker', new Set(['worker'])).resources).toEqual(['worker']);
    expect(router.route('desde quando o rds-main-db está assim?')).toMatchObject({ intent: 'since_when', resources: ['rds-main-db'], language: 'pt' });
    expect(router.route('what changed on alb-web-prod')).toMatchObject({ intent: 'detail', resources: ['alb-web-prod'], language: 'en' });
  });

  it.each([
    ['i-0f1e2d3c4b5a69788', true],
    ['sg-0c1d2e3f4a5b6c7d8', true],
    ['WebSecurityGroup', true],
    ['shop-prod', true],
    ['1st', false],
    ['corrija-os', false],
    ['reverse-sync', false],
    ['drift', false],
  ])('looksLikeResourceName(%s) = %s', (token, expected) => {
    expect(looksLikeResourceName(token)).toBe(expected);
  });

  it('answers small talk and other topics with none', () => {
    expect(router.route('qual a previsão do tempo?').intent).toBe('none');
    expect(router.route('tell me a joke').intent).toBe('none');
  });
});
