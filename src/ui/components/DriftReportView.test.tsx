import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { makeItem, makeReport } from '../../drift/report/fixtures.test-helper.js';
import type { CheckDriftData } from '../../tools/check-drift.js';
import { plain } from '../flow.test-helper.js';
import { COLLAPSED_ITEMS, DriftReportView } from './DriftReportView.js';

function data(items = [makeItem()], extra: Partial<CheckDriftData> = {}, report = makeReport({ items })): CheckDriftData {
  return { report, items: report.items, ...extra };
}

const show = (d: CheckDriftData, options: { width?: number; expanded?: boolean; lang?: 'pt' | 'en' } = {}) =>
  plain(render(<DriftReportView data={d} lang={options.lang ?? 'en'} width={options.width ?? 100} expanded={options.expanded ?? false} />).lastFrame());

const many = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    makeItem({ id: `item-${i}`, logicalId: `Res${i}`, physicalId: `res-${i}`, severity: i < 2 ? 'critical' : 'low' }),
  );

describe('DriftReportView', () => {
  it('shows the summary with a count per severity, then the items grouped by severity', () => {
    const frame = show(
      data([
        makeItem({ id: 'a', severity: 'low', type: 'tag_drift', logicalId: 'Bastion', physicalId: 'i-1', differences: [{ path: 'Tags.Owner', kind: 'REMOVE', expected: 'x' }] }),
        makeItem({ id: 'b', severity: 'critical' }),
      ]),
    );
    expect(frame).toContain('5 resources · 3 in sync · 2 with drift');
    expect(frame).toContain('● 1 critical   ● 0 high   ● 0 medium   ● 1 low');
    // Most severe group first.
    expect(frame.indexOf('CRITICAL (1)')).toBeLessThan(frame.indexOf('LOW (1)'));
    expect(frame).toContain('● MainDb (rds-main-db) · AWS::RDS::DBInstance · configuration changed · auto-heal eligible');
    expect(frame).toContain('phases/40-data/02-aurora-postgresql.yaml:12');
    expect(frame).toContain('~ PreferredBackupWindow: "03:00-04:00" → "05:00-06:00"');
    expect(frame).toContain('- Tags.Owner (absent in AWS)');
  });

  it('nothing compared: says how much was compared and never "Everything is in sync" (en and pt)', () => {
    const report = makeReport({
      notChecked: { resources: [{ logicalId: 'Topic', resourceType: 'AWS::SNS::Topic', reason: 'ialctl does not read AWS::SNS::Topic yet', file: 'p.yaml', line: 2 }], properties: [] },
      summary: { resources: 1, inSync: 0, drifted: 0, notChecked: 1, declared: 1, checked: 0 },
    });
    const en = show(data([], {}, report), { width: 200 });
    expect(en).toContain('1 resource · 0 in sync · 0 with drift · 1 not checked · 0 of 1 declared');
    expect(en).toContain('Nothing was compared with AWS');
    expect(en).not.toContain('Everything is in sync');
    const pt = show(data([], {}, report), { width: 200, lang: 'pt' });
    expect(pt).toContain('0 de 1 declarado');
    expect(pt).toContain('Nada foi comparado com a AWS');
    expect(pt).not.toContain('Tudo em sincronia');
  });

  it('everything compared and no drift: "Everything is in sync"', () => {
    expect(show(data([]))).toContain('Everything is in sync with the phase files.');
  });

  it('collapses a long list and says how to see the rest; expanded shows every item', () => {
    const d = data(many(COLLAPSED_ITEMS + 3));
    const collapsed = show(d);
    expect(collapsed).toContain('Res5');
    expect(collapsed).not.toContain('Res6');
    expect(collapsed).toContain('… 3 more items (3 low) — type /expand to see them all');
    const expanded = show(d, { expanded: true });
    expect(expanded).toContain('Res8');
    expect(expanded).not.toContain('/expand');
  });

  it('missing and extra resources say so instead of listing properties', () => {
    const frame = show(
      data([
        makeItem({ id: 'm', type: 'missing_resource', physicalId: null, differences: [] }),
        makeItem({ id: 'x', type: 'extra_resource', logicalId: null, physicalId: 'sg-0dde', file: null, line: null, differences: [{ path: 'GroupName', kind: 'ADD', actual: 'shop-prod-debug' }] }),
      ]),
      {},
    );
    expect(frame).toContain('declared in Git, absent in AWS');
    expect(frame).toContain('exists in AWS, not in Git');
    expect(frame).toContain('+ GroupName = "shop-prod-debug" (AWS only)');
  });

  it('prints AWS strings as inert text: no escape sequences, no line breaks that fake a report line', () => {
    const hostile = '\u001b[2J\u001b]0;pwned\u0007evil\nCRITICAL (99)';
    const frame = show(data([makeItem({ physicalId: hostile, differences: [{ path: 'Tags.Owner', kind: 'NOT_EQUAL', expected: 'a', actual: hostile }] })]));
    expect(frame).not.toMatch(/\u001b/);
    expect(frame).toContain('MainDb (evil CRITICAL (99))');
    expect(frame).toContain('Tags.Owner: "a" → "evil\\nCRITICAL (99)"');
  });

  it('keeps every line within the terminal width', () => {
    const long = 'x'.repeat(300);
    const frame = show(data([makeItem({ physicalId: long, differences: [{ path: 'Description', kind: 'NOT_EQUAL', expected: long, actual: long }] })]), { width: 60 });
    for (const line of frame.split('\n')) expect(Array.from(line).length).toBeLessThanOrEqual(60);
    expect(frame).toContain('…');
  });

  it('an incomplete check says so, with each read error', () => {
    const report = makeReport({ complete: false, errors: [{ service: 'rds', types: ['AWS::RDS::DBInstance'], code: 'AccessDenied', message: 'not allowed' }] });
    const frame = show(data([], {}, report));
    expect(frame).toContain('Incomplete check: 1 read error.');
    expect(frame).toContain('✖ rds: AccessDenied not allowed');
    expect(frame).not.toContain('proxy');
  });

  it('a reply that was not an AWS answer comes with the hint to check the endpoint and proxy, in the chat language', () => {
    const error = { service: 'ec2', types: ['AWS::EC2::Instance'], code: 'NotAnAwsAnswer', message: 'DescribeInstances failed: the reply is not an AWS answer' };
    const report = makeReport({ complete: false, errors: [error] });
    expect(show(data([], {}, report))).toContain('is a proxy in the way? Check --endpoint-url and HTTPS_PROXY.');
    expect(show(data([], {}, report), { lang: 'pt' })).toContain('há um proxy no caminho? Verifique --endpoint-url e HTTPS_PROXY.');
  });

  it('a check of one resource lists its items with every difference', () => {
    const item = makeItem({
      differences: ['A', 'B', 'C', 'D'].map((p) => ({ path: p, kind: 'NOT_EQUAL' as const, expected: 1, actual: 2 })),
    });
    const report = makeReport({ items: [item] });
    const frame = show({ report, items: [item], resource: { query: 'rds-main-db', found: true, suggestions: [] } });
    expect(frame).not.toContain('with drift');
    expect(frame).toContain('~ D: 1 → 2');
  });

  it('speaks Portuguese', () => {
    const frame = show(data(), { lang: 'pt' });
    expect(frame).toContain('4 recursos · 3 em sincronia · 1 com drift');
    expect(frame).toContain('MÉDIO (1)');
    expect(frame).toContain('configuração alterada · auto-heal elegível');
  });
});
