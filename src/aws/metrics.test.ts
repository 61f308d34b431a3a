import { describe, expect, it } from 'vitest';
import { DRIFT_TYPES, SEVERITIES } from '../drift/model.js';
import { makeItem, makeReport } from '../drift/report/fixtures.test-helper.js';
import { checkFailedDatum, driftCountData, healedCountDatum } from './metrics.js';
import { snsSubject, topicRegion } from './alerts.js';

const AT = new Date('2025-06-01T12:00:00.000Z');

describe('driftCountData', () => {
  it('one datum per severity × type plus the aggregate, counts matching the items', () => {
    const report = makeReport({
      items: [
        makeItem({ id: 'a', severity: 'critical', type: 'missing_resource' }),
        makeItem({ id: 'b', severity: 'critical', type: 'missing_resource' }),
        makeItem({ id: 'c', severity: 'low', type: 'tag_drift' }),
      ],
    });
    const data = driftCountData(report, AT);
    expect(data).toHaveLength(1 + SEVERITIES.length * DRIFT_TYPES.length);
    expect(data[0]).toEqual({ name: 'DriftCount', dimensions: [], value: 3, timestamp: AT });
    const byKey = new Map(data.slice(1).map((d) => [d.dimensions.map((x) => `${x.name}=${x.value}`).join(','), d.value]));
    expect(byKey.get('Severity=critical,Type=missing_resource')).toBe(2);
    expect(byKey.get('Severity=low,Type=tag_drift')).toBe(1);
    expect([...byKey.values()].reduce((a, b) => a + b, 0)).toBe(3);
    expect(new Set(data.map((d) => d.timestamp))).toEqual(new Set([AT]));
  });

  it('an in-sync account still publishes every datum, as zeros, so alarms resolve', () => {
    const data = driftCountData(makeReport({ items: [] }), AT);
    expect(data).toHaveLength(17);
    expect(data.every((d) => d.value === 0)).toBe(true);
  });

  it('an incomplete check publishes no DriftCount at all', () => {
    expect(driftCountData(makeReport({ complete: false, items: [makeItem()] }), AT)).toEqual([]);
  });

  it('DriftCheckFailed and HealedCount have no dimensions', () => {
    expect(checkFailedDatum(true, AT)).toEqual({ name: 'DriftCheckFailed', dimensions: [], value: 1, timestamp: AT });
    expect(checkFailedDatum(false, AT).value).toBe(0);
    expect(healedCountDatum(4, AT)).toEqual({ name: 'HealedCount', dimensions: [], value: 4, timestamp: AT });
  });
});

describe('SNS helpers', () => {
  it.each([
    ['ialctl: verificação de drift FALHOU em 123/us-east-1', 'ialctl: verificacao de drift FALHOU em 123/us-east-1'],
    ['line one\nline two\tend', 'line one line two end'],
    ['emoji 🚨 and \u001b[31mred', 'emoji and red'],
    ['', 'ialctl drift'],
  ])('snsSubject(%j) = %j', (input, subject) => {
    expect(snsSubject(input)).toBe(subject);
  });

  it('snsSubject keeps subjects under 100 characters', () => {
    const subject = snsSubject('x'.repeat(300));
    expect(subject).toHaveLength(99);
    expect(subject.endsWith('...')).toBe(true);
  });

  it('topicRegion reads the region of the ARN', () => {
    expect(topicRegion('arn:aws:sns:sa-east-1:123456789012:drift')).toBe('sa-east-1');
    expect(() => topicRegion('drift')).toThrow('drift is not an SNS topic ARN (expected arn:aws:sns:REGION:ACCOUNT:NAME)');
  });
});
