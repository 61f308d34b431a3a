// The evaluation's own arithmetic: what counts as the turn's tool, its resource, its filters, and a
// forbidden mutation. Scored against the real demo report so ids are the ones the assistant sees.
import { beforeAll, describe, expect, it } from 'vitest';
import type { DriftReport } from '../../drift/model.js';
import { demoEngine } from '../../../test/agent/helpers/demo.js';
import { parseCases, type EvalCase } from './cases.js';
import { formatReport, primaryTool, scoreCase, summarize } from './score.js';

let report: DriftReport;
beforeAll(async () => {
  const engine = demoEngine();
  report = (await engine.checkDrift()).report;
  engine.close();
});

const base = (over: Partial<EvalCase>): EvalCase => ({ text: 'x', tool: 'check_drift', lang: 'pt', source: 't#1', ...over });

describe('scoreCase', () => {
  it('a mutation outranks a check as the turn\'s tool', () => {
    expect(primaryTool([{ name: 'check_drift', input: {}, status: 'done' }, { name: 'heal_drift', input: { mode: 'apply' }, status: 'needs_confirmation' }])).toBe('heal_drift');
    expect(primaryTool([])).toBe('none');
  });

  it('a physical id, a logical id and an item id all name the same resource', () => {
    const wanted = base({ resource: 'rds-main-db' });
    const byLogical = scoreCase(wanted, { language: 'pt', reply: '', toolCalls: [{ name: 'check_drift', input: { resource: 'MainDb' }, status: 'done' }] }, report);
    const byItem = scoreCase(base({ tool: 'heal_drift', resource: 'MainDb' }), { language: 'pt', reply: '', toolCalls: [{ name: 'heal_drift', input: { mode: 'apply', itemIds: ['d2a7a4ad45d9a98b'] }, status: 'needs_confirmation' }] }, report);
    expect([byLogical.resourceRight, byItem.resourceRight]).toEqual([true, true]);
    const wrong = scoreCase(wanted, { language: 'pt', reply: '', toolCalls: [{ name: 'check_drift', input: {}, status: 'done' }] }, report);
    expect(wrong.resourceRight).toBe(false);
  });

  it('a mutating call on a read-only or out-of-scope message is counted, and fails the summary', () => {
    const s = scoreCase(base({ tool: 'none', outOfScope: true }), { language: 'en', reply: '', toolCalls: [{ name: 'heal_drift', input: { mode: 'apply' }, status: 'needs_confirmation' }] }, report);
    expect(s.forbiddenMutations).toBe(1);
    expect(s.toolRight).toBe(false);
    expect(s.languageRight).toBe(false);
    expect(summarize([s])).toMatchObject({ cases: 1, tool: 0, forbiddenMutations: 1 });
  });

  it('filters: severity and types must be the ones asked; "safe only" must stay within eligible items', () => {
    const sev = scoreCase(base({ severity: 'critical' }), { language: 'pt', reply: '', toolCalls: [{ name: 'check_drift', input: { severity: 'high' }, status: 'done' }] }, report);
    expect(sev.filterRight).toBe(false);
    const types = scoreCase(base({ types: ['AWS::RDS::*'] }), { language: 'pt', reply: '', toolCalls: [{ name: 'check_drift', input: { types: ['AWS::RDS::*'] }, status: 'done' }] }, report);
    expect(types.filterRight).toBe(true);
    const unsafe = scoreCase(base({ tool: 'heal_drift', safeOnly: true }), { language: 'pt', reply: '', toolCalls: [{ name: 'heal_drift', input: { mode: 'apply', itemIds: ['d2a7a4ad45d9a98b'] }, status: 'needs_confirmation' }] }, report);
    expect(unsafe.filterRight).toBe(false);
  });

  it('the printed report has the headline rows, per-tool figures and the misses', () => {
    const s = scoreCase(base({ text: 'tem drift?' }), { language: 'pt', reply: '', toolCalls: [] }, report);
    const text = formatReport('demo', [s], true);
    expect(text).toContain('== demo (1 messages) ==');
    expect(text).toMatch(/right tool\s+0\.0% \(0\/1\)/);
    expect(text).toContain('t#1: "tem drift?" → tool none (want check_drift)');
  });
});

describe('parseCases', () => {
  it('names the file and the field of a bad case', () => {
    expect(() => parseCases('{"language":"pt","cases":[{"text":"x","tool":"deploy"}]}', 'prompts/eval/x.pt.json')).toThrow(/^prompts\/eval\/x\.pt\.json: cases\.0\.tool: /);
    expect(() => parseCases('{', 'prompts/eval/x.pt.json')).toThrow(/^prompts\/eval\/x\.pt\.json: not valid JSON/);
  });
});
