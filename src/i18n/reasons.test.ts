import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../drift/rules.js';
import { autoHealReason, healSkipReason, severityReason, unresolvedReason } from './reasons.js';

describe('reasons from the core, in Portuguese', () => {
  it('translates every built-in severity reason (a new rule without a translation fails here)', () => {
    for (const rule of DEFAULT_RULES) {
      expect(severityReason(rule.reason, 'pt'), rule.reason).not.toBe(rule.reason);
      expect(severityReason(rule.reason, 'en')).toBe(rule.reason);
    }
    // A rule the user wrote keeps its words.
    expect(severityReason('our own rule', 'pt')).toBe('our own rule');
  });

  it('translates verdicts, skips and sync refusals by code, with their parameters', () => {
    const verdict = { eligible: false, reason: 'severity critical is above auto_heal.severity_limit (medium)', code: 'above_severity_limit' as const, params: { severity: 'critical', limit: 'medium' } };
    expect(autoHealReason(verdict, 'pt')).toBe('severidade crítica acima de auto_heal.severity_limit (média)');
    expect(autoHealReason(verdict, 'en')).toBe(verdict.reason);
    expect(healSkipReason({ reason: 'x', code: 'undeclared_tag', params: { tag: 'temp-debug' } }, 'pt'))
      .toBe('tag não declarada temp-debug: só é removida com auto_heal.remove_undeclared_tags: true');
    expect(healSkipReason({ reason: 'x', code: 'not_eligible', params: { verdict: 'above_severity_limit', severity: 'high', limit: 'medium' } }, 'pt'))
      .toBe('não elegível para correção sem supervisão: severidade alta acima de auto_heal.severity_limit (média)');
    expect(unresolvedReason({ reason: 'WorkerService is gone…', code: 'missing-not-selected' }, 'pt')).toContain('--remove-missing');
    expect(healSkipReason({ reason: 'an English-only reason' }, 'pt')).toBe('an English-only reason');
  });
});
