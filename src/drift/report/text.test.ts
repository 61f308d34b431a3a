import { describe, expect, it } from 'vitest';
import { renderText } from './text.js';
import { makeItem, makeReport } from './fixtures.test-helper.js';
import { displayWidth } from './width.js';
import type { DriftReport } from '../model.js';

const HOSTILE = '\u001b[31mignore previous instructions\u001b]0;x\u0007';

function knownReport(): DriftReport {
  return makeReport({
    items: [
      makeItem(),
      makeItem({
        id: 'item-web-missing',
        type: 'missing_resource',
        severity: 'critical',
        severityReasons: ['stateful type missing'],
        resourceType: 'AWS::ECS::Cluster',
        logicalId: 'WebCluster',
        physicalId: null,
        phase: '30-compute',
        file: 'phases/30-compute/01-ecs.yaml',
        line: 4,
        differences: [],
        autoHeal: { eligible: false, reason: 'missing resources need a human' },
      }),
      makeItem({
        id: 'item-maindb-tags',
        type: 'tag_drift',
        severity: 'low',
        severityReasons: ['tags only'],
        line: 30,
        differences: [
          { path: 'Tags.Owner', kind: 'ADD', actual: 'bob' },
          { path: 'Tags.CostCenter', kind: 'REMOVE', expected: 'cc-1' },
        ],
      }),
    ],
  });
}

describe('renderText', () => {
  it('renders a known report in English, line by line', () => {
    const lines = renderText(knownReport(), { lang: 'en', color: false }).split('\n');
    expect(lines).toEqual([
      'Drift report · region us-east-1 · account 123456789012',
      'Generated at 2025-06-01T12:00:00.000Z',
      'Check complete: every declared resource type was read.',
      '',
      'Summary',
      '  Resources: 5 · In sync: 3 · With drift: 2 · Not checked: 0',
      '  Severity: critical 1 · high 0 · medium 1 · low 1',
      '  Coverage: 20 properties compared, 0 not checked',
      '',
      'Differences: value in Git → value in AWS',
      '',
      'Critical (1)',
      '  [CRITICAL] missing resource · AWS::ECS::Cluster · WebCluster',
      '    phases/30-compute/01-ecs.yaml:4',
      '    declared in Git, absent in AWS',
      '    auto-heal: not eligible (missing resources need a human)',
      '',
      'Medium (1)',
      '  [MEDIUM] configuration changed · AWS::RDS::DBInstance · MainDb (rds-main-db)',
      '    phases/40-data/02-aurora-postgresql.yaml:12',
      '    PreferredBackupWindow: "03:00-04:00" → "05:00-06:00"',
      '    auto-heal: eligible (heals unattended)',
      '',
      'Low (1)',
      '  [LOW] tags changed · AWS::RDS::DBInstance · MainDb (rds-main-db)',
      '    phases/40-data/02-aurora-postgresql.yaml:30',
      '    + Tags.Owner = "bob" (not declared in Git)',
      '    - Tags.CostCenter (declared, absent in AWS)',
      '    auto-heal: eligible (heals unattended)',
      '',
      'Next steps',
      '  ialctl drift diff WebCluster           see the property-level differences',
      '  ialctl drift heal                      plan the heal (dry run): 2 items healable with your approval, 2 unattended-eligible (auto-heal)',
      '  ialctl drift heal --apply              heal in AWS after your confirmation',
      '  ialctl reverse-sync --dry-run          preview bringing the AWS changes into Git (branch + PR)',
      '  ialctl reverse-sync --resource MainDb  bring just this resource into Git',
      '',
    ]);
  });

  it('renders the same report in Brazilian Portuguese, line by line', () => {
    const lines = renderText(knownReport(), { lang: 'pt', color: false }).split('\n');
    expect(lines).toEqual([
      'Relatório de drift · região us-east-1 · conta 123456789012',
      'Gerado em 2025-06-01T12:00:00.000Z',
      'Verificação completa: todos os tipos de recurso declarados foram lidos.',
      '',
      'Resumo',
      '  Recursos: 5 · Em sincronia: 3 · Com drift: 2 · Não verificados: 0',
      '  Severidade: crítico 1 · alto 0 · médio 1 · baixo 1',
      '  Cobertura: 20 propriedades comparadas, 0 não verificadas',
      '',
      'Diferenças: valor no Git → valor na AWS',
      '',
      'Crítico (1)',
      '  [CRÍTICO] recurso ausente · AWS::ECS::Cluster · WebCluster',
      '    phases/30-compute/01-ecs.yaml:4',
      '    declarado no Git, ausente na AWS',
      '    auto-heal: não elegível (missing resources need a human)',
      '',
      'Médio (1)',
      '  [MÉDIO] configuração alterada · AWS::RDS::DBInstance · MainDb (rds-main-db)',
      '    phases/40-data/02-aurora-postgresql.yaml:12',
      '    PreferredBackupWindow: "03:00-04:00" → "05:00-06:00"',
      '    auto-heal: elegível (corrige sem supervisão)',
      '',
      'Baixo (1)',
      '  [BAIXO] tags divergentes · AWS::RDS::DBInstance · MainDb (rds-main-db)',
      '    phases/40-data/02-aurora-postgresql.yaml:30',
      '    + Tags.Owner = "bob" (não declarado no Git)',
      '    - Tags.CostCenter (declarado, ausente na AWS)',
      '    auto-heal: elegível (corrige sem supervisão)',
      '',
      'Próximos passos',
      '  ialctl drift diff WebCluster           ver as diferenças por propriedade',
      '  ialctl drift heal                      planejar a correção (simulação): 2 itens corrigíveis com a sua aprovação, 2 elegíveis para auto-heal sem supervisão',
      '  ialctl drift heal --apply              corrigir na AWS depois da sua confirmação',
      '  ialctl reverse-sync --dry-run          pré-visualizar as mudanças da AWS indo para o Git (branch + PR)',
      '  ialctl reverse-sync --resource MainDb  levar só este recurso para o Git',
      '',
    ]);
  });

  it('shows severity reasons and what was not checked only with detail', () => {
    const report = makeReport({
      items: [makeItem({ severityReasons: ['backup window changed', 'production tag'] })],
      notChecked: {
        resources: [
          { logicalId: 'Queue', resourceType: 'AWS::SQS::Queue', reason: 'no reader for this type', file: 'phases/50-app/01.yaml', line: 7 },
        ],
        properties: [
          {
            logicalId: 'MainDb',
            resourceType: 'AWS::RDS::DBInstance',
            path: 'MasterUserPassword',
            reason: 'write-only property',
            file: 'phases/40-data/02-aurora-postgresql.yaml',
            line: 15,
          },
        ],
      },
    });
    const plain = renderText(report, { lang: 'en', color: false });
    expect(plain).not.toContain('why:');
    expect(plain).not.toContain('write-only property');

    const lines = renderText(report, { lang: 'en', color: false, detail: true }).split('\n');
    expect(lines).toContain('    why: backup window changed; production tag');
    const notChecked = lines.indexOf('Not checked');
    expect(lines.slice(notChecked, notChecked + 3)).toEqual([
      'Not checked',
      '  Queue (AWS::SQS::Queue) phases/50-app/01.yaml:7: no reader for this type',
      '  MainDb.MasterUserPassword phases/40-data/02-aurora-postgresql.yaml:15: write-only property',
    ]);
  });

  it('says everything is in sync and suggests nothing when there is no drift', () => {
    const text = renderText(makeReport(), { lang: 'en', color: false });
    expect(text.split('\n')).toContain('✔ In sync: all 3 resources match the phase files.');
    expect(text).not.toContain('Next steps');
    expect(renderText(makeReport(), { lang: 'pt', color: false })).toContain(
      '✔ Tudo em sincronia: os 3 recursos batem com os arquivos de fase.',
    );
  });

  it('lists read errors prominently and warns that their types were not checked', () => {
    const report = makeReport({
      complete: false,
      errors: [
        {
          service: 'ec2',
          types: ['AWS::EC2::VPC', 'AWS::EC2::Subnet'],
          code: 'UnauthorizedOperation',
          message: 'You are not authorized to perform this operation.',
          requiredAction: 'ec2:DescribeVpcs',
        },
      ],
    });
    const lines = renderText(report, { lang: 'en', color: false }).split('\n');
    expect(lines.slice(2, 7)).toEqual([
      'INCOMPLETE CHECK: 1 read error',
      '  ✖ ec2 UnauthorizedOperation: You are not authorized to perform this operation.',
      '    types not checked: AWS::EC2::VPC, AWS::EC2::Subnet',
      '    missing permission: ec2:DescribeVpcs',
      '  Resources of these types were NOT checked and are not reported as missing.',
    ]);
    expect(lines).toContain('No drift in the resources that were checked, but the check is incomplete (see above).');
    expect(lines).not.toContain('✔ In sync: all 3 resources match the phase files.');
    expect(lines).toContain('  ialctl drift check  run again after fixing the read errors above');

    const pt = renderText(report, { lang: 'pt', color: false }).split('\n');
    expect(pt).toContain('VERIFICAÇÃO INCOMPLETA: 1 erro de leitura');
    expect(pt).toContain('  Recursos desses tipos NÃO foram verificados e não aparecem como ausentes.');
  });

  it('suggests heal only for eligible items and reverse sync only for config, tag or extra drift', () => {
    const missingOnly = makeReport({
      items: [
        makeItem({ type: 'missing_resource', differences: [], physicalId: null, autoHeal: { eligible: false, reason: 'never' } }),
      ],
    });
    const text = renderText(missingOnly, { lang: 'en', color: false });
    expect(text).toContain('ialctl drift diff MainDb');
    expect(text).not.toContain('ialctl drift heal');
    expect(text).not.toContain('ialctl reverse-sync');

    const extra = makeReport({
      items: [
        makeItem({
          type: 'extra_resource',
          logicalId: null,
          physicalId: 'sg 0abc',
          file: null,
          line: null,
          differences: [],
          autoHeal: { eligible: false, reason: 'never' },
        }),
      ],
    });
    const extraLines = renderText(extra, { lang: 'en', color: false }).split('\n');
    expect(extraLines).toContain('    not in Git');
    expect(extraLines).toContain('    exists in AWS, not declared in Git');
    expect(extraLines).toContain("  ialctl drift diff 'sg 0abc'               see the property-level differences");
    expect(extraLines).toContain('  ialctl reverse-sync --dry-run             preview bringing the AWS changes into Git (branch + PR)');
    expect(extraLines).toContain("  ialctl reverse-sync --resource 'sg 0abc'  bring just this resource into Git");
    expect(extraLines.some((l) => l.includes('drift heal'))).toBe(false);
  });

  it('counts unattended-eligible and healable-with-approval apart, and prefixes the demo commands', () => {
    const report = makeReport({
      items: [
        makeItem({ id: 'a', autoHeal: { eligible: true, reason: 'ok', code: 'eligible' } }),
        makeItem({ id: 'b', severity: 'critical', autoHeal: { eligible: false, reason: 'above', code: 'above_severity_limit' } }),
        makeItem({
          id: 'c', type: 'tag_drift', differences: [{ path: 'Tags.temp', kind: 'ADD', actual: 'x' }],
          autoHeal: { eligible: false, reason: 'undeclared', code: 'undeclared_tags' },
        }),
      ],
    });
    const lines = renderText(report, { lang: 'en', color: false, command: 'ialctl --demo' }).split('\n');
    expect(lines.some((l) => l.startsWith('  ialctl --demo drift heal ') && l.endsWith('2 items healable with your approval, 1 unattended-eligible (auto-heal)'))).toBe(true);
    expect(lines.some((l) => l.startsWith('  ialctl --demo drift heal --apply '))).toBe(true);
    expect(lines.some((l) => l.startsWith('  ialctl drift'))).toBe(false);
  });

  it('marks items new or known since their first sighting when the history is given', () => {
    const history = new Map([
      ['item-web-missing', { firstSeen: '2025-05-30T06:00:00.000Z', isNew: false }],
      ['item-maindb-config', { firstSeen: '2025-06-01T12:00:00.000Z', isNew: true }],
    ]);
    const lines = renderText(knownReport(), { lang: 'en', color: false, history }).split('\n');
    expect(lines).toContain('    phases/30-compute/01-ecs.yaml:4 · known since 2025-05-30T06:00:00.000Z');
    expect(lines).toContain('    phases/40-data/02-aurora-postgresql.yaml:12 · NEW');
    // An item the history does not know keeps its plain location line.
    expect(lines).toContain('    phases/40-data/02-aurora-postgresql.yaml:30');
    const pt = renderText(knownReport(), { lang: 'pt', color: false, history }).split('\n');
    expect(pt).toContain('    phases/30-compute/01-ecs.yaml:4 · conhecido desde 2025-05-30T06:00:00.000Z');
    expect(pt).toContain('    phases/40-data/02-aurora-postgresql.yaml:12 · NOVO');
  });

  it('uses no escape codes at all without color', () => {
    const text = renderText(knownReport(), { lang: 'en', color: false, detail: true });
    expect(text).not.toContain('\u001b');
  });

  it('colors by severity with color on', () => {
    const text = renderText(knownReport(), { lang: 'en', color: true });
    expect(text).toContain('\u001b[1m\u001b[31m[CRITICAL]\u001b[39m\u001b[22m');
    expect(text).toContain('\u001b[33m[MEDIUM]\u001b[39m');
    expect(text).toContain('\u001b[36m[LOW]\u001b[39m');
  });

  it('renders hostile AWS strings without their escape sequences', () => {
    const report = makeReport({
      complete: false,
      errors: [{ service: 'ecs', types: ['AWS::ECS::Service'], message: `denied ${HOSTILE}` }],
      items: [
        makeItem({
          type: 'tag_drift',
          physicalId: `db\n[CRITICAL] fake line ${HOSTILE}`,
          differences: [{ path: 'Tags.Note', kind: 'NOT_EQUAL', expected: 'ok', actual: HOSTILE }],
          autoHeal: { eligible: false, reason: HOSTILE },
        }),
      ],
    });
    for (const color of [false, true]) {
      const text = renderText(report, { lang: 'en', color, detail: true });
      expect(text).not.toMatch(/\u001b\]|\u0007|\u001b\[31mignore/);
      expect(text).toContain('ignore previous instructions');
    }
    const lines = renderText(report, { lang: 'en', color: false }).split('\n');
    expect(lines).toContain('    Tags.Note: "ok" → "ignore previous instructions"');
    expect(lines.some((l) => l.startsWith('[CRITICAL] fake line'))).toBe(false);
    expect(lines).toContain('  ✖ ecs: denied ignore previous instructions');
  });

  it('cuts long values so item lines fit the terminal width', () => {
    const report = makeReport({
      items: [
        makeItem({
          differences: [
            { path: 'Description', kind: 'NOT_EQUAL', expected: 'a'.repeat(300), actual: '日本語'.repeat(80) },
            { path: 'Tags.Long', kind: 'ADD', actual: { nested: 'x'.repeat(500) } },
            { path: `Tags.${'k'.repeat(200)}`, kind: 'REMOVE', expected: 'v' },
          ],
          autoHeal: { eligible: false, reason: 'r'.repeat(300) },
        }),
      ],
    });
    const width = 60;
    const lines = renderText(report, { lang: 'en', color: false, width }).split('\n');
    const start = lines.indexOf('Medium (1)');
    const itemLines = lines.slice(start, lines.indexOf('', start));
    expect(itemLines.length).toBe(7);
    for (const line of itemLines) expect(displayWidth(line)).toBeLessThanOrEqual(width);
    expect(itemLines[3]).toBe(`    Description: "${'a'.repeat(18)}… → "${'日本語'.repeat(3)}…`);
  });

  it('falls back to 100 columns when the terminal reports no usable width', () => {
    const report = makeReport({ items: [makeItem({ differences: [{ path: 'P', kind: 'NOT_EQUAL', expected: 'a'.repeat(200), actual: 'b' }] })] });
    const expected = renderText(report, { lang: 'en', color: false, width: 100 });
    expect(renderText(report, { lang: 'en', color: false })).toBe(expected);
    expect(renderText(report, { lang: 'en', color: false, width: 0 })).toBe(expected);
    expect(renderText(report, { lang: 'en', color: false, width: Number.NaN })).toBe(expected);
    expect(expected).toContain(`    P: "${'a'.repeat(43)}… → "b"`);
  });
});
