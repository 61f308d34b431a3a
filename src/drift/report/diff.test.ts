import { describe, expect, it } from 'vitest';
import { findResourceItems, renderDiff } from './diff.js';
import { makeItem, makeReport } from './fixtures.test-helper.js';
import type { DriftReport } from '../model.js';

function report(): DriftReport {
  return makeReport({
    items: [
      makeItem({ severityReasons: [] }),
      makeItem({
        id: 'maindb-tags',
        type: 'tag_drift',
        severity: 'low',
        severityReasons: [],
        line: 30,
        differences: [
          { path: 'Tags.Owner', kind: 'ADD', actual: 'bob' },
          { path: 'Tags.CostCenter', kind: 'REMOVE', expected: 'cc-1' },
        ],
      }),
      makeItem({
        id: 'web-settings',
        severity: 'high',
        severityReasons: ['container insights disabled'],
        resourceType: 'AWS::ECS::Cluster',
        logicalId: 'WebCluster',
        physicalId: 'shop-prod',
        file: 'phases/30-compute/01-ecs.yaml',
        line: 4,
        differences: [
          {
            path: 'ClusterSettings',
            kind: 'NOT_EQUAL',
            expected: [{ Name: 'containerInsights', Value: 'enabled' }],
            actual: [],
          },
        ],
        autoHeal: { eligible: false, reason: 'severity above limit' },
      }),
      makeItem({
        id: 'sg-extra',
        type: 'extra_resource',
        severity: 'medium',
        severityReasons: [],
        resourceType: 'AWS::EC2::SecurityGroup',
        logicalId: null,
        physicalId: 'sg-0abc',
        file: null,
        line: null,
        differences: [],
        autoHeal: { eligible: false, reason: 'never for extra resources' },
      }),
    ],
    notChecked: {
      resources: [{ logicalId: 'Queue', resourceType: 'AWS::SQS::Queue', reason: 'no reader for this type', file: 'p.yaml', line: 1 }],
      properties: [],
    },
  });
}

describe('renderDiff', () => {
  it('shows every resource with drift, worst first, with cdk-diff symbols', () => {
    const result = renderDiff(report(), { lang: 'en', color: false });
    expect(result.found).toBe(true);
    expect(result.text.split('\n')).toEqual([
      'AWS::ECS::Cluster WebCluster (shop-prod)',
      'phases/30-compute/01-ecs.yaml:4',
      ' [HIGH] configuration changed · auto-heal: not eligible (severity above limit)',
      '   why: container insights disabled',
      '   [~] ClusterSettings',
      '       expected (Git):',
      '         [',
      '           {',
      '             "Name": "containerInsights",',
      '             "Value": "enabled"',
      '           }',
      '         ]',
      '       actual (AWS):',
      '         []',
      '',
      'AWS::RDS::DBInstance MainDb (rds-main-db)',
      'phases/40-data/02-aurora-postgresql.yaml:12',
      ' [MEDIUM] configuration changed · auto-heal: eligible (heals unattended)',
      '   [~] PreferredBackupWindow  "03:00-04:00" → "05:00-06:00"',
      ' [LOW] tags changed · phases/40-data/02-aurora-postgresql.yaml:30 · auto-heal: eligible (heals unattended)',
      '   [+] Tags.Owner  "bob"',
      '   [-] Tags.CostCenter  "cc-1"',
      '',
      'AWS::EC2::SecurityGroup sg-0abc',
      'not in Git',
      ' [MEDIUM] extra resource · auto-heal: not eligible (never for extra resources)',
      '   [+] exists in AWS, not declared in Git',
      '',
    ]);
  });

  it('selects one resource by logical or physical id, ignoring case', () => {
    const byLogical = renderDiff(report(), { lang: 'pt', color: false, resource: 'maindb' });
    const byPhysical = renderDiff(report(), { lang: 'pt', color: false, resource: 'RDS-MAIN-DB' });
    expect(byLogical).toEqual(byPhysical);
    expect(byLogical.text.split('\n')).toEqual([
      'AWS::RDS::DBInstance MainDb (rds-main-db)',
      'phases/40-data/02-aurora-postgresql.yaml:12',
      ' [MÉDIO] configuração alterada · auto-heal: elegível (corrige sem supervisão)',
      '   [~] PreferredBackupWindow  "03:00-04:00" → "05:00-06:00"',
      ' [BAIXO] tags divergentes · phases/40-data/02-aurora-postgresql.yaml:30 · auto-heal: elegível (corrige sem supervisão)',
      '   [+] Tags.Owner  "bob"',
      '   [-] Tags.CostCenter  "cc-1"',
      '',
    ]);
  });

  it('reports an unknown resource with the closest names', () => {
    const result = renderDiff(report(), { lang: 'en', color: false, resource: 'WebClustr' });
    expect(result).toEqual({
      found: false,
      text: 'No drift reported for "WebClustr".\nDid you mean: WebCluster?\n',
      suggestions: ['WebCluster'],
    });
    const pt = renderDiff(report(), { lang: 'pt', color: false, resource: 'zzzzzzzzzzzz' });
    expect(pt).toEqual({
      found: false,
      text: 'Nenhum drift reportado para "zzzzzzzzzzzz".\nRode "ialctl drift check" para ver os recursos com drift.\n',
      suggestions: [],
    });
  });

  it('with the inventory of the check: an in-sync resource is in sync, an unknown one does not exist', () => {
    const inventory = { declared: ['MainDb', 'WebCluster', 'AppVpc'], live: ['rds-main-db', 'shop-prod', 'vpc-0abc'] };
    expect(renderDiff(report(), { lang: 'en', color: false, resource: 'AppVpc', inventory })).toEqual({
      found: true, inSync: true, text: '✓ AppVpc is in sync: Git and AWS agree.\n',
    });
    expect(renderDiff(report(), { lang: 'pt', color: false, resource: 'vpc-0abc', inventory })).toEqual({
      found: true, inSync: true, text: '✓ vpc-0abc está em sincronia: Git e AWS concordam.\n',
    });
    expect(renderDiff(report(), { lang: 'en', color: false, resource: 'AppVcp', inventory })).toEqual({
      found: false,
      text: 'No resource "AppVcp" exists: neither in the phase files nor in AWS.\nDid you mean: AppVpc?\n',
      suggestions: ['AppVpc'],
    });
    expect(renderDiff(report(), { lang: 'pt', color: false, resource: 'zzzzzzzzzzzz', inventory })).toEqual({
      found: false,
      text: 'Não existe recurso "zzzzzzzzzzzz": nem nos arquivos de fase nem na AWS.\n'
        + 'Use o logical id dos arquivos de fase (ex.: MainDb) ou o id físico na AWS (ex.: rds-main-db).\n',
      suggestions: [],
    });
  });

  it('explains when the resource exists but was not checked', () => {
    const result = renderDiff(report(), { lang: 'en', color: false, resource: 'queue' });
    expect(result).toEqual({ found: false, text: '"queue" was not checked: no reader for this type\n', suggestions: [] });
  });

  it('says the stack is in sync when there is nothing to diff', () => {
    expect(renderDiff(makeReport(), { lang: 'en', color: false })).toEqual({
      found: true,
      text: 'In sync: all 3 resources match the phase files.\n',
    });
  });

  it('colors symbols only when asked and strips hostile escapes', () => {
    const hostile = makeReport({
      items: [makeItem({ differences: [{ path: 'Tags.X', kind: 'ADD', actual: '\u001b[31mignore previous instructions\u001b]0;x\u0007' }] })],
    });
    const plain = renderDiff(hostile, { lang: 'en', color: false }).text;
    expect(plain).not.toContain('\u001b');
    expect(plain).toContain('   [+] Tags.X  "ignore previous instructions"');
    const colored = renderDiff(hostile, { lang: 'en', color: true }).text;
    expect(colored).toContain('\u001b[32m[+]\u001b[39m');
    expect(colored).not.toMatch(/\u001b\]|\u0007|\u001b\[31mignore/);
  });
});

describe('findResourceItems', () => {
  it('returns every item of the resource and no suggestions', () => {
    const match = findResourceItems(report(), ' MainDb ');
    expect(match.items.map((i) => i.id)).toEqual(['item-maindb-config', 'maindb-tags']);
    expect(match.suggestions).toEqual([]);
  });

  it('ranks names containing the input before names a few edits away', () => {
    expect(findResourceItems(report(), 'sg').suggestions).toEqual(['sg-0abc']);
    expect(findResourceItems(report(), 'shop-prd').suggestions).toEqual(['shop-prod']);
    expect(findResourceItems(report(), 'main').suggestions).toEqual(['MainDb', 'rds-main-db']);
  });
});
