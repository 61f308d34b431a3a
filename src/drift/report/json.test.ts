import { describe, expect, it } from 'vitest';
import { renderJson } from './json.js';
import { makeItem, makeReport } from './fixtures.test-helper.js';

const report = makeReport({
  complete: false,
  errors: [{ service: 'ec2', types: ['AWS::EC2::VPC'], code: 'Throttling', message: 'Rate exceeded' }],
  items: [
    makeItem(),
    makeItem({ id: 'tags', type: 'tag_drift', differences: [{ path: 'Tags.Owner', kind: 'ADD', actual: 'bob' }] }),
  ],
});

describe('renderJson', () => {
  it('uses the contract field names, in contract order, extra fields after', () => {
    const parsed = JSON.parse(renderJson(report));
    expect(Object.keys(parsed)).toEqual([
      'schemaVersion', 'generatedAt', 'region', 'complete', 'errors', 'summary', 'items', 'accountId', 'notChecked',
    ]);
    expect(Object.keys(parsed.summary)).toEqual([
      'resources', 'inSync', 'drifted', 'bySeverity', 'byType', 'coverage', 'notChecked', 'declared', 'checked',
    ]);
    expect(Object.keys(parsed.summary.bySeverity)).toEqual(['low', 'medium', 'high', 'critical']);
    expect(Object.keys(parsed.summary.byType)).toEqual(['missing_resource', 'extra_resource', 'configuration_drift', 'tag_drift']);
    expect(Object.keys(parsed.summary.coverage)).toEqual(['propertiesCompared', 'propertiesNotChecked']);
    expect(Object.keys(parsed.items[0])).toEqual([
      'id', 'type', 'severity', 'resourceType', 'logicalId', 'physicalId', 'phase', 'file', 'line', 'differences', 'autoHeal',
      'severityReasons',
    ]);
    expect(Object.keys(parsed.items[0].differences[0])).toEqual(['path', 'kind', 'expected', 'actual']);
    expect(Object.keys(parsed.items[1].differences[0])).toEqual(['path', 'kind', 'actual']);
    expect(Object.keys(parsed.items[0].autoHeal)).toEqual(['eligible', 'reason']);
    expect(parsed.schemaVersion).toBe(1);
    expect(parsed.errors).toEqual([{ service: 'ec2', types: ['AWS::EC2::VPC'], code: 'Throttling', message: 'Rate exceeded' }]);
  });

  it('round-trips the report exactly', () => {
    expect(JSON.parse(renderJson(report))).toEqual(report);
  });

  it('indents with two spaces and ends with a newline', () => {
    const json = renderJson(report);
    expect(json.startsWith('{\n  "schemaVersion": 1,\n  "generatedAt": "2025-06-01T12:00:00.000Z",\n')).toBe(true);
    expect(json.endsWith('}\n')).toBe(true);
    expect(json.endsWith('}\n\n')).toBe(false);
  });

  it('keeps AWS data exact, with control characters escaped by JSON', () => {
    const hostile = makeReport({ items: [makeItem({ physicalId: 'db\u001b[31m' })] });
    const json = renderJson(hostile);
    expect(json).not.toContain('\u001b');
    expect(json).toContain('"physicalId": "db\\u001b[31m"');
  });

  it('adds firstSeen and new to the items the history knows, after the contract fields', () => {
    const history = new Map([[report.items[0]!.id, { firstSeen: '2025-05-30T06:00:00.000Z', isNew: false }]]);
    const parsed = JSON.parse(renderJson(report, { history }));
    expect(Object.keys(parsed.items[0]).slice(-2)).toEqual(['firstSeen', 'new']);
    expect([parsed.items[0].firstSeen, parsed.items[0].new]).toEqual(['2025-05-30T06:00:00.000Z', false]);
    expect('firstSeen' in parsed.items[1]).toBe(false);
  });

  it('AWS data with C1, bidi and zero-width characters: kept exactly, written as \\u escapes (inert on a terminal)', () => {
    const hostile = 'ops\u202eevil\u200b\u009b2J\u2066x\u2069\u001b]0;t\u0007';
    const out = renderJson(makeReport({ items: [makeItem({ id: 'tags', type: 'tag_drift', differences: [{ path: 'Tags.Owner', kind: 'ADD', actual: hostile }] })] }));

    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/);
    expect(out).toContain('"actual": "ops\\u202eevil\\u200b\\u009b2J\\u2066x\\u2069\\u001b]0;t\\u0007"');
    expect(JSON.parse(out).items[0].differences[0].actual).toBe(hostile);
  });
});

