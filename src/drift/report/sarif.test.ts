// SARIF output, validated against the official SARIF 2.1.0 schema (see sarif-schema.test-helper.ts).
import { describe, expect, it } from 'vitest';
import type { DriftItem, DriftReport } from '../model.js';
import { makeItem, makeReport } from './fixtures.test-helper.js';
import { FINGERPRINT_KEY, renderSarif, sarifLevel, type SarifOptions } from './sarif.js';
import { expectValidSarif, validateSarif, type SarifLog } from './sarif-schema.test-helper.js';

const HOSTILE = '\u001b[31mred\u001b]0;title\u0007';

const declared: SarifOptions['declared'] = [
  { logicalId: 'MainDb', type: 'AWS::RDS::DBInstance', file: 'phases/40-data/02-aurora-postgresql.yaml', line: 10, propertyLines: { PreferredBackupWindow: 14, Tags: 20 } },
  { logicalId: 'WebSg', type: 'AWS::EC2::SecurityGroup', file: 'phases/10-security/01-security groups.yaml', line: 3, propertyLines: { SecurityGroupIngress: 8 } },
];

const items: DriftItem[] = [
  makeItem({ id: 'cfg', severity: 'critical', line: 10 }),
  makeItem({
    id: 'tags',
    type: 'tag_drift',
    severity: 'low',
    line: 10,
    differences: [{ path: 'Tags.Owner', kind: 'NOT_EQUAL', expected: 'ops', actual: HOSTILE }],
  }),
  makeItem({
    id: 'extra',
    type: 'extra_resource',
    severity: 'high',
    resourceType: 'AWS::EC2::SecurityGroup',
    logicalId: null,
    physicalId: 'sg-0debug',
    phase: null,
    file: null,
    line: null,
    differences: [],
    autoHeal: { eligible: false, reason: 'extra_resource needs human approval' },
  }),
  makeItem({
    id: 'gone',
    type: 'missing_resource',
    severity: 'medium',
    resourceType: 'AWS::ECS::Service',
    logicalId: 'Worker',
    physicalId: null,
    phase: '30-compute',
    file: 'phases/30-compute/02-ecs.yaml',
    line: 40,
    differences: [],
  }),
];

describe('renderSarif', () => {
  const log = expectValidSarif(renderSarif(makeReport({ items }), { lang: 'en', toolVersion: '0.1.0', declared }));
  const run = log.runs[0]!;

  it('is valid SARIF 2.1.0 with one rule per drift type × severity', () => {
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(run.tool.driver.name).toBe('ialctl');
    expect(run.tool.driver.rules).toHaveLength(16);
    expect(new Set(run.tool.driver.rules.map((r) => r.id)).size).toBe(16);
    expect(run.tool.driver.rules.find((r) => r.id === 'tag_drift/low')?.defaultConfiguration.level).toBe('note');
    expect(run.automationDetails.id).toBe('ialctl-drift/123456789012/us-east-1/');
    expect(run.invocations[0]?.executionSuccessful).toBe(true);
  });

  it('maps severities to levels', () => {
    expect(['critical', 'high', 'medium', 'low'].map((s) => sarifLevel(s as never))).toEqual(['error', 'error', 'warning', 'note']);
  });

  it('points each result at the line of its drifted property in the phase file', () => {
    expect(
      run.results.map((r) => [r.ruleId, r.level, r.locations[0]?.physicalLocation.artifactLocation.uri, r.locations[0]?.physicalLocation.region.startLine]),
    ).toEqual([
      ['configuration_drift/critical', 'error', 'phases/40-data/02-aurora-postgresql.yaml', 14],
      ['tag_drift/low', 'note', 'phases/40-data/02-aurora-postgresql.yaml', 20],
      // Extra resources: at the first declaration of their type (the file name has a space: percent-encoded).
      ['extra_resource/high', 'error', 'phases/10-security/01-security%20groups.yaml', 3],
      ['missing_resource/medium', 'warning', 'phases/30-compute/02-ecs.yaml', 40],
    ]);
    for (const r of run.results) {
      expect(run.tool.driver.rules[r.ruleIndex]?.id).toBe(r.ruleId);
      expect(r.locations[0]?.physicalLocation.artifactLocation.uriBaseId).toBe('%SRCROOT%');
    }
  });

  it('says what differs, with AWS strings sanitized, and fingerprints each result by its item id', () => {
    expect(run.results.map((r) => r.message.text)).toEqual([
      'configuration changed · AWS::RDS::DBInstance · MainDb (rds-main-db): PreferredBackupWindow: "03:00-04:00" → "05:00-06:00"',
      'tags changed · AWS::RDS::DBInstance · MainDb (rds-main-db): Tags.Owner: "ops" → "red"',
      'extra resource · AWS::EC2::SecurityGroup · sg-0debug: exists in AWS, not declared in Git (not declared in any phase file; shown at the first declaration of its type)',
      'missing resource · AWS::ECS::Service · Worker: declared in Git, absent in AWS',
    ]);
    expect(run.results.map((r) => r.partialFingerprints[FINGERPRINT_KEY])).toEqual(['cfg', 'tags', 'extra', 'gone']);
  });

  it('without declared resources, falls back to the resource line', () => {
    const plain = expectValidSarif(renderSarif(makeReport({ items: [items[0]!] }), { lang: 'pt', toolVersion: '0.1.0' }));
    expect(plain.runs[0]!.results[0]!.locations[0]!.physicalLocation.region.startLine).toBe(10);
    expect(plain.runs[0]!.results[0]!.message.text.startsWith('configuração alterada · ')).toBe(true);
  });

  it('an incomplete check is an unsuccessful execution with the read errors as notifications', () => {
    const report: DriftReport = makeReport({
      complete: false,
      errors: [{ service: 'rds', types: ['AWS::RDS::DBInstance'], code: 'AccessDenied', message: `not authorized ${HOSTILE}` }],
    });
    const incomplete = expectValidSarif(renderSarif(report, { lang: 'en', toolVersion: '0.1.0' }));
    expect(incomplete.runs[0]!.invocations[0]).toEqual({
      executionSuccessful: false,
      endTimeUtc: '2025-06-01T12:00:00.000Z',
      toolExecutionNotifications: [{ level: 'error', message: { text: 'rds AccessDenied: not authorized red (AWS::RDS::DBInstance)' } }],
    });
    expect(incomplete.runs[0]!.results).toEqual([]);
  });

  it('the validator does reject a broken log (the test can fail)', () => {
    const broken = JSON.parse(renderSarif(makeReport({ items: [items[0]!] }), { lang: 'en', toolVersion: '0.1.0' })) as SarifLog;
    (broken.runs[0]!.results[0] as unknown as { level: string }).level = 'fatal';
    expect(validateSarif(broken)).toBe(false);
  });
});
