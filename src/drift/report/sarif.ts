// `drift check --format sarif`: SARIF 2.1.0 for GitHub code scanning, so drift shows on the lines of
// the phase files. One rule per drift type × severity (levels: critical/high → error, medium →
// warning, low → note); each result points at the line of its first drifted property and carries the
// item id as a fingerprint, so an alert follows its finding across runs.

import { safeJson } from './sanitize.js';
import { pendingSarifNotes } from './pending.js';
import type { DesiredResource } from '../phases.js';
import { DRIFT_TYPES, SEVERITIES, type DriftItem, type DriftReport, type DriftType, type PropertyDifference, type Severity } from '../model.js';
import { topLevelProperty } from '../classify.js';
import { catalogue, type Lang } from '../../i18n/index.js';
import { watchMessages } from '../../i18n/watch.js';
import { resourceLabel } from './items.js';
import { sanitizeInline } from './sanitize.js';
import { compactValue } from './values.js';
import { checkCoverage, isFullyCompared, reasonList } from './coverage.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
/** Key of `partialFingerprints`: versioned, as GitHub compares fingerprints by key. */
export const FINGERPRINT_KEY = 'ialDriftItem/v1';

export type SarifLevel = 'error' | 'warning' | 'note';

export interface SarifOptions {
  lang: Lang;
  /** ialctl's version, shown by code scanning as the tool version. */
  toolVersion: string;
  /**
   * The declared resources (from the phase loader): results point at the line of the drifted property
   * rather than the resource, and extra resources at the first declaration of their type.
   */
  declared?: ReadonlyArray<Pick<DesiredResource, 'logicalId' | 'type' | 'file' | 'line' | 'propertyLines'>>;
}

const VALUE_WIDTH = 60;

export function sarifLevel(severity: Severity): SarifLevel {
  return severity === 'critical' || severity === 'high' ? 'error' : severity === 'medium' ? 'warning' : 'note';
}

export function sarifRuleId(type: DriftType, severity: Severity): string {
  return `${type}/${severity}`;
}

interface Rule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  defaultConfiguration: { level: SarifLevel };
  properties: { tags: string[]; driftType: DriftType; severity: Severity };
}

function rules(lang: Lang): Rule[] {
  const common = catalogue(lang).common;
  const msg = watchMessages(lang).sarif;
  return DRIFT_TYPES.flatMap((type) =>
    [...SEVERITIES].reverse().map((severity) => ({
      id: sarifRuleId(type, severity),
      name: `${pascal(type)}${pascal(severity)}`,
      shortDescription: { text: msg.ruleName(common.driftType[type], common.severity[severity]) },
      fullDescription: { text: msg.ruleDescription(common.driftType[type], common.severity[severity]) },
      defaultConfiguration: { level: sarifLevel(severity) },
      properties: { tags: ['drift', 'infrastructure-as-code', type], driftType: type, severity },
    })),
  );
}

function pascal(text: string): string {
  return text
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

/** A relative path as a URI reference: each segment percent-encoded, `/` kept. */
function fileUri(file: string): string {
  return file
    .split(/[\\/]/)
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

function describeDifference(d: PropertyDifference): string {
  const path = sanitizeInline(d.path);
  switch (d.kind) {
    case 'ADD':
      return `+ ${path} = ${compactValue(d.actual, VALUE_WIDTH, { path: d.path })}`;
    case 'REMOVE':
      return `- ${path}`;
    case 'NOT_EQUAL':
      return `${path}: ${compactValue(d.expected, VALUE_WIDTH, { path: d.path })} → ${compactValue(d.actual, VALUE_WIDTH, { path: d.path })}`;
  }
}

interface Located {
  file: string;
  line: number;
  fallback: boolean;
}

function locate(item: DriftItem, options: SarifOptions): Located | undefined {
  const declared = options.declared ?? [];
  if (item.file !== null) {
    const resource = item.logicalId === null ? undefined : declared.find((r) => r.logicalId === item.logicalId && r.file === item.file);
    const first = item.differences[0];
    const propertyLine = resource && first ? resource.propertyLines[topLevelProperty(first.path)] : undefined;
    return { file: item.file, line: propertyLine ?? item.line ?? resource?.line ?? 1, fallback: false };
  }
  // Extra resources live in no file; code scanning needs a file, and the first declaration of the
  // type is where someone would add it.
  const sameType = declared.find((r) => r.type === item.resourceType);
  return sameType ? { file: sameType.file, line: sameType.line, fallback: true } : undefined;
}

function result(item: DriftItem, ruleIndex: Map<string, number>, options: SarifOptions): object {
  const common = catalogue(options.lang).common;
  const msg = watchMessages(options.lang).sarif;
  const title = [common.driftType[item.type], sanitizeInline(item.resourceType), resourceLabel(item)].join(' · ');
  const detail =
    item.type === 'missing_resource' && item.differences.length === 0
      ? msg.missing
      : item.type === 'extra_resource' && item.differences.length === 0
        ? msg.extra
        : item.differences.map(describeDifference).join('; ');
  const where = locate(item, options);
  const text = `${title}: ${detail}${where?.fallback ? ` (${msg.extraLocation})` : ''}`;
  const ruleId = sarifRuleId(item.type, item.severity);
  const name = sanitizeInline(item.logicalId ?? item.physicalId ?? item.resourceType);
  return {
    ruleId,
    ruleIndex: ruleIndex.get(ruleId),
    level: sarifLevel(item.severity),
    message: { text },
    locations: where
      ? [
          {
            physicalLocation: {
              artifactLocation: { uri: fileUri(where.file), uriBaseId: '%SRCROOT%' },
              region: { startLine: Math.max(1, where.line) },
            },
            logicalLocations: [{ name, fullyQualifiedName: `${sanitizeInline(item.resourceType)}/${name}`, kind: 'resource' }],
          },
        ]
      : [],
    partialFingerprints: { [FINGERPRINT_KEY]: item.id },
    properties: {
      itemId: item.id,
      driftType: item.type,
      severity: item.severity,
      resourceType: item.resourceType,
      logicalId: item.logicalId,
      physicalId: item.physicalId,
      phase: item.phase,
      differences: item.differences,
      autoHeal: item.autoHeal,
    },
  };
}

/** A warning notification when declared resources were not compared (code scanning shows it on the run). */
function notComparedNotification(report: DriftReport, lang: Lang): Array<{ level: 'warning'; message: { text: string } }> {
  if (report.summary.notChecked === 0) return [];
  const msg = catalogue(lang);
  const c = checkCoverage(report);
  return [{ level: 'warning', message: { text: msg.report.partial(c.checked, c.declared, c.notChecked, reasonList(c.reasons, sanitizeInline, msg.report.moreReasons)) } }];
}

export function renderSarif(report: DriftReport, options: SarifOptions): string {
  const ruleList = rules(options.lang);
  const ruleIndex = new Map(ruleList.map((r, i) => [r.id, i]));
  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'ialctl',
            version: options.toolVersion,
            semanticVersion: options.toolVersion,
            rules: ruleList,
          },
        },
        // Code scanning keeps one set of alerts per category: one per account and region.
        automationDetails: { id: `ialctl-drift/${sanitizeInline(report.accountId ?? 'unknown-account')}/${sanitizeInline(report.region)}/` },
        invocations: [
          {
            executionSuccessful: report.complete,
            endTimeUtc: report.generatedAt,
            toolExecutionNotifications: [
              ...report.errors.map((e) => ({
                level: 'error',
                message: {
                  text: `${sanitizeInline(e.service)}${e.code ? ` ${sanitizeInline(e.code)}` : ''}: ${sanitizeInline(e.message)} (${e.types.map(sanitizeInline).join(', ')})`,
                },
              })),
              ...notComparedNotification(report, options.lang),
              ...pendingSarifNotes(report, options.lang),
            ],
          },
        ],
        language: options.lang === 'pt' ? 'pt-BR' : 'en-US',
        columnKind: 'unicodeCodePoints',
        results: report.items.map((item) => result(item, ruleIndex, options)),
        properties: {
          region: report.region,
          accountId: report.accountId,
          complete: report.complete,
          // No results must not read as "in sync" when declared resources were not compared.
          fullyCompared: isFullyCompared(report),
          summary: report.summary,
        },
      },
    ],
  };
  return safeJson(log, 2) + '\n';
}
