// check_drift: the read tool. Runs a drift check through the engine and gives the model a compact,
// filtered view: summary, then the items that matter most, with ids the model can cite.
import { z } from 'zod';
import { SEVERITIES, severityRank, type DriftItem, type DriftReport, type DriftType } from '../drift/model.js';
import { findResourceItems, type ResourceInventory } from '../drift/report/diff.js';
import { bySeverityDesc } from '../drift/report/items.js';
import { sanitizeInline } from '../drift/report/sanitize.js';
import { globMatch } from '../drift/rules.js';
import { AWS_DATA_NOTE, awsData, awsJson, gitJson } from './aws-data.js';
import { cappedJson } from './result.js';
import type { ReadTool, ToolResult } from './types.js';

export const checkDriftSchema = z
  .object({
    resource: z
      .string()
      .min(1)
      .max(256)
      .optional()
      .describe('Only this resource: its logical id from the phase files (e.g. MainDb) or its physical id in AWS (e.g. rds-main-db).'),
    severity: z.enum(SEVERITIES).optional().describe('Only items at or above this severity.'),
    types: z
      .array(z.string().min(1).max(128))
      .max(20)
      .optional()
      .describe('Only these CloudFormation resource types; globs allowed, e.g. ["AWS::RDS::*"].'),
    detail: z.boolean().optional().describe('Include every difference in full and the reasons for each severity (longer result).'),
  })
  .strict();

export type CheckDriftInput = z.output<typeof checkDriftSchema>;

export interface CheckDriftData {
  report: DriftReport;
  /** The items that passed the filters, most severe first. */
  items: DriftItem[];
  /** Set when `resource` was given. */
  resource?: {
    query: string;
    found: boolean;
    suggestions: string[];
    notCheckedReason?: string;
    /** True: checked and in sync; false: no resource has that name; absent: the engine gave no inventory. */
    exists?: boolean;
  };
}

const SHORT_VALUE = 80;
const DIFFERENCES_WHEN_SHORT = 5;

function itemForModel(item: DriftItem, detail: boolean): Record<string, unknown> {
  const max = detail ? 200 : SHORT_VALUE;
  const differences = detail ? item.differences : item.differences.slice(0, DIFFERENCES_WHEN_SHORT);
  const out: Record<string, unknown> = {
    id: item.id,
    severity: item.severity,
    type: item.type,
    resourceType: item.resourceType,
    logicalId: item.logicalId === null ? null : sanitizeInline(item.logicalId),
    physicalId: item.physicalId === null ? null : awsData(item.physicalId),
    file: item.file === null ? null : `${sanitizeInline(item.file)}${item.line === null ? '' : `:${item.line}`}`,
    differences: differences.map((d) => ({
      path: sanitizeInline(d.path),
      kind: d.kind,
      ...(d.expected !== undefined ? { expected: gitJson(d.expected, max) } : {}),
      ...(d.actual !== undefined ? { actual: awsJson(d.actual, max) } : {}),
    })),
    autoHeal: item.autoHeal.eligible ? 'eligible' : `not eligible: ${sanitizeInline(item.autoHeal.reason)}`,
  };
  if (item.differences.length > differences.length) out['moreDifferences'] = item.differences.length - differences.length;
  if (detail) out['severityReasons'] = item.severityReasons.map((r) => sanitizeInline(r));
  return out;
}

function applyFilters(report: DriftReport, input: CheckDriftInput, inventory?: ResourceInventory): CheckDriftData {
  let items = [...report.items];
  let resource: CheckDriftData['resource'];
  if (input.resource !== undefined) {
    const match = findResourceItems(report, input.resource, inventory);
    items = match.items;
    resource = {
      query: input.resource,
      found: match.items.length > 0,
      suggestions: match.suggestions,
      ...(match.notChecked ? { notCheckedReason: match.notChecked.reason } : {}),
      ...(match.exists !== undefined ? { exists: match.exists } : {}),
    };
  }
  if (input.severity !== undefined) {
    const floor = severityRank(input.severity);
    items = items.filter((i) => severityRank(i.severity) >= floor);
  }
  if (input.types !== undefined && input.types.length > 0) {
    const globs = input.types;
    items = items.filter((i) => globs.some((g) => globMatch(g, i.resourceType)));
  }
  items.sort(bySeverityDesc);
  return { report, items, ...(resource ? { resource } : {}) };
}

export function checkResult(data: CheckDriftData, input: CheckDriftInput): ToolResult<CheckDriftData> {
  const { report } = data;
  const base: Record<string, unknown> = {
    note: AWS_DATA_NOTE,
    complete: report.complete,
    region: report.region,
    accountId: report.accountId === null ? null : awsData(report.accountId),
    summary: {
      resources: report.summary.resources,
      inSync: report.summary.inSync,
      drifted: report.summary.drifted,
      notChecked: report.summary.notChecked,
      // So the model can say "3 of 5 compared" rather than "in sync" when resources were not compared.
      declared: report.summary.declared,
      checked: report.summary.checked,
      bySeverity: report.summary.bySeverity,
      byType: report.summary.byType as Record<DriftType, number>,
    },
  };
  if (report.errors.length > 0) {
    base['readErrors'] = report.errors.map((e) => ({
      service: e.service,
      types: e.types,
      ...(e.code ? { code: awsData(e.code) } : {}),
      message: awsData(e.message),
    }));
  }
  const filters = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
  if (Object.keys(filters).length > 0) base['filters'] = filters;
  if (data.resource && !data.resource.found) {
    base['resource'] = {
      query: sanitizeInline(data.resource.query),
      found: false,
      ...(data.resource.exists !== undefined ? { exists: data.resource.exists, ...(data.resource.exists ? { inSync: true } : {}) } : {}),
      ...(data.resource.notCheckedReason ? { notChecked: sanitizeInline(data.resource.notCheckedReason) } : {}),
      suggestions: data.resource.suggestions.map((s) => sanitizeInline(s)),
    };
  }
  const detail = input.detail === true || input.resource !== undefined;
  const { text } = cappedJson(base, 'items', data.items.map((i) => itemForModel(i, detail)), (n) =>
    `${n} more item(s) not shown to keep this result short; call check_drift again with severity, types or resource to see them.`,
  );
  return { content: text, data };
}

export const checkDriftTool: ReadTool<typeof checkDriftSchema> = {
  kind: 'read',
  name: 'check_drift',
  description:
    'Compare the desired state in the Git phase files with the live AWS account and report drift. ' +
    'Read-only: never changes anything. Returns a summary (counts by severity and type), whether the check was complete, ' +
    'and the drift items most severe first, each with an id you can cite, its resource, file:line in Git, the differences ' +
    '(expected = Git, actual = AWS) and whether it is eligible for auto-heal. ' +
    'Use `resource` to look at one resource in detail, `severity` for triage (e.g. "critical"), `types` to narrow by resource type.',
  schema: checkDriftSchema,
  async run(input, ctx) {
    const { report, inventory } = await ctx.engine.checkDrift(ctx.signal, ctx.onProgress);
    return checkResult(applyFilters(report, input, inventory), input);
  },
};
