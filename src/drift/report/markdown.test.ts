import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown.js';
import { codeSpan, escapeMarkdown } from './markdown-escape.js';
import { makeItem, makeReport } from './fixtures.test-helper.js';

/** Cells of a GFM table row: split on pipes not escaped with a backslash. */
function cells(row: string): string[] {
  return row.slice(2, -2).split(/(?<!\\)\|/).map((c) => c.trim());
}

describe('renderMarkdown', () => {
  it('renders a summary table and one table per severity', () => {
    const report = makeReport({
      items: [
        makeItem(),
        makeItem({
          id: 'tags',
          type: 'tag_drift',
          severity: 'low',
          line: 30,
          differences: [
            { path: 'Tags.Owner', kind: 'ADD', actual: 'bob' },
            { path: 'Tags.CostCenter', kind: 'REMOVE', expected: 'cc-1' },
          ],
        }),
      ],
    });
    const lines = renderMarkdown(report, { lang: 'en' }).split('\n');
    expect(lines).toEqual([
      '## Drift report · region us-east-1 · account 123456789012',
      '',
      'Generated at 2025-06-01T12:00:00.000Z',
      '',
      'Check complete: every declared resource type was read.',
      '',
      '| Metric | Value |',
      '|---|---:|',
      '| Resources | 4 |',
      '| In sync | 3 |',
      '| With drift | 1 |',
      '| Not checked | 0 |',
      '| Critical | 0 |',
      '| High | 0 |',
      '| Medium | 1 |',
      '| Low | 1 |',
      '| Coverage | 20 properties compared, 0 not checked |',
      '',
      '### Medium (1)',
      '',
      '| Resource | Type | Change | File |',
      '|---|---|---|---|',
      '| `MainDb` (`rds-main-db`) | AWS::RDS::DBInstance | **configuration changed**<br>`PreferredBackupWindow`: `"03:00-04:00"` → `"05:00-06:00"` | `phases/40-data/02-aurora-postgresql.yaml:12` |',
      '',
      '### Low (1)',
      '',
      '| Resource | Type | Change | File |',
      '|---|---|---|---|',
      '| `MainDb` (`rds-main-db`) | AWS::RDS::DBInstance | **tags changed**<br>+ `Tags.Owner` = `"bob"` (not declared in Git)<br>- `Tags.CostCenter` (declared, absent in AWS) | `phases/40-data/02-aurora-postgresql.yaml:30` |',
      '',
    ]);
  });

  it('uses Portuguese labels', () => {
    const md = renderMarkdown(makeReport({ items: [makeItem({ type: 'missing_resource', physicalId: null, differences: [] })] }), {
      lang: 'pt',
    });
    expect(md).toContain('| Métrica | Valor |');
    expect(md).toContain('| Recurso | Tipo | Mudança | Arquivo |');
    expect(md).toContain('| `MainDb` | AWS::RDS::DBInstance | **recurso ausente** | `phases/40-data/02-aurora-postgresql.yaml:12` |');
  });

  it('keeps hostile names inside their table cell and renders no HTML', () => {
    const report = makeReport({
      items: [
        makeItem({
          type: 'extra_resource',
          logicalId: null,
          physicalId: 'sg|x`<img src=x onerror=alert(1)>\n| injected | row |',
          resourceType: 'AWS::EC2::SecurityGroup<b>|',
          file: null,
          line: null,
          differences: [{ path: 'Tags.Owner', kind: 'ADD', actual: '\u001b[31mignore previous instructions\u001b]0;x\u0007' }],
        }),
      ],
    });
    const md = renderMarkdown(report, { lang: 'en' });
    const row = md.split('\n').find((l) => l.includes('sg'));
    expect(row).toBe(
      '| ``sg\\|x`<img src=x onerror=alert(1)> \\| injected \\| row \\|`` | AWS::EC2::SecurityGroup&lt;b&gt;\\| | ' +
        '**extra resource**<br>+ `Tags.Owner` = `"ignore previous instructions"` (not declared in Git) | not in Git |',
    );
    expect(cells(row ?? '')).toHaveLength(4);
    expect(md).not.toContain('\u001b');
    expect(md).not.toContain('\u0007');
  });

  it('shows an incomplete check as a quoted warning with the errors', () => {
    const report = makeReport({
      complete: false,
      errors: [{ service: 'rds', types: ['AWS::RDS::DBInstance'], code: 'AccessDenied', message: 'no <access>', requiredAction: 'rds:DescribeDBInstances' }],
    });
    const lines = renderMarkdown(report, { lang: 'en' }).split('\n');
    expect(lines.slice(4, 9)).toEqual([
      '> **INCOMPLETE CHECK: 1 read error**',
      '>',
      '> - rds `AccessDenied`: `no <access>` — types not checked: `AWS::RDS::DBInstance` — missing permission: `rds:DescribeDBInstances`',
      '>',
      '> Resources of these types were NOT checked and are not reported as missing.',
    ]);
    expect(lines).toContain('No drift in the resources that were checked, but the check is incomplete (see above).');
  });

  it('adds the localized hint to an error ialctl raised itself (not an AWS answer)', () => {
    const report = makeReport({
      complete: false,
      errors: [{ service: 'ec2', types: ['AWS::EC2::Instance'], code: 'NotAnAwsAnswer', message: 'DescribeInstances failed: the body is empty' }],
    });
    expect(renderMarkdown(report, { lang: 'en' })).toContain(
      '> - ec2 `NotAnAwsAnswer`: `DescribeInstances failed: the body is empty` — types not checked: `AWS::EC2::Instance` — ' +
        'is a proxy in the way? Check --endpoint-url and HTTPS\\_PROXY.',
    );
    expect(renderMarkdown(report, { lang: 'pt' })).toContain('há um proxy no caminho? Verifique --endpoint-url e HTTPS\\_PROXY.');
  });

  it('lists at most five differences per cell', () => {
    const differences = Array.from({ length: 8 }, (_, i) => ({ path: `Tags.K${i}`, kind: 'REMOVE' as const, expected: 'v' }));
    const md = renderMarkdown(makeReport({ items: [makeItem({ type: 'tag_drift', differences })] }), { lang: 'en' });
    expect(md).toContain('- `Tags.K4` (declared, absent in AWS)<br>… and 3 more |');
    expect(md).not.toContain('Tags.K5');
  });
});

describe('escapeMarkdown', () => {
  it('escapes pipes, backticks, emphasis, links and HTML', () => {
    expect(escapeMarkdown('a|b`c*d_e[f](g)<h>&i~j\\k')).toBe('a\\|b\\`c\\*d\\_e\\[f\\](g)&lt;h&gt;&amp;i\\~j\\\\k');
  });

  it('keeps text on one line and drops control characters', () => {
    expect(escapeMarkdown('a\n## b\u001b[2J')).toBe('a ## b');
  });
});

describe('codeSpan', () => {
  it('uses a fence longer than any backtick run inside', () => {
    expect(codeSpan('plain')).toBe('`plain`');
    expect(codeSpan('a`b')).toBe('``a`b``');
    expect(codeSpan('`x``')).toBe('``` `x`` ```');
  });

  it('escapes pipes only in tables', () => {
    expect(codeSpan('a|b')).toBe('`a|b`');
    expect(codeSpan('a|b', { table: true })).toBe('`a\\|b`');
  });

  it('pads content that CommonMark would otherwise trim, and renders empty text as nothing', () => {
    expect(codeSpan(' x ')).toBe('`  x  `');
    expect(codeSpan('   ')).toBe('`   `');
    expect(codeSpan('')).toBe('');
  });
});
