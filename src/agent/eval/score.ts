// Scores what the assistant did for each evaluation case. Pure: the runner feeds it the turn's tool
// calls and the report that names the estate, so physical ids and item ids count as the resource.
import type { DriftReport } from '../../drift/model.js';
import { fold } from '../router/text.js';
import { EXPECTED_TOOLS, type EvalCase, type ExpectedTool } from './cases.js';

export interface ObservedCall {
  name: string;
  input: unknown;
  status: string;
}

export interface Observation {
  language: string;
  toolCalls: ObservedCall[];
  reply: string;
}

export const MUTATING_TOOLS: ReadonlySet<string> = new Set(['heal_drift', 'reverse_sync']);

/** The call that says what the turn did: a mutation outranks history, history outranks a check. */
export function primaryTool(calls: readonly ObservedCall[]): ExpectedTool {
  for (const name of ['heal_drift', 'reverse_sync', 'drift_history', 'check_drift'] as const) {
    if (calls.some((c) => c.name === name)) return name;
  }
  return 'none';
}

/** Any name of a resource (logical id, physical id, item id) → its logical id (or physical id when not in Git). */
export function canonicalNames(report: DriftReport): Map<string, string> {
  const names = new Map<string, string>();
  for (const item of report.items) {
    const canonical = item.logicalId ?? item.physicalId;
    if (canonical === null) continue;
    names.set(fold(item.id), canonical);
    if (item.logicalId) names.set(fold(item.logicalId), canonical);
    if (item.physicalId) names.set(fold(item.physicalId), canonical);
  }
  return names;
}

function resourcesOf(call: ObservedCall | undefined, names: ReadonlyMap<string, string>): string[] {
  if (call === undefined || typeof call.input !== 'object' || call.input === null) return [];
  const input = call.input as Record<string, unknown>;
  const raw: string[] = [];
  if (typeof input['resource'] === 'string') raw.push(input['resource']);
  if (Array.isArray(input['itemIds'])) raw.push(...input['itemIds'].filter((x): x is string => typeof x === 'string'));
  return [...new Set(raw.map((r) => names.get(fold(r)) ?? r))];
}

export interface CaseScore {
  source: string;
  lang: string;
  text: string;
  expected: ExpectedTool;
  got: ExpectedTool;
  toolRight: boolean;
  /** Undefined when the case names no resource. */
  resourceRight?: boolean;
  gotResources: string[];
  /** Undefined when the case sets no filter. */
  filterRight?: boolean;
  languageRight: boolean;
  /** Mutating calls on a message that asked for none (read-only, out of scope, small talk). */
  forbiddenMutations: number;
}

export function scoreCase(c: EvalCase, seen: Observation, report: DriftReport): CaseScore {
  const names = canonicalNames(report);
  const got = primaryTool(seen.toolCalls);
  const call = seen.toolCalls.find((x) => x.name === got);
  const gotResources = resourcesOf(call, names);
  const score: CaseScore = {
    source: c.source,
    lang: c.lang,
    text: c.text,
    expected: c.tool,
    got,
    toolRight: got === c.tool,
    gotResources,
    languageRight: seen.language === c.lang,
    forbiddenMutations: 0,
  };
  if (c.resource !== undefined) {
    const wanted = names.get(fold(c.resource)) ?? c.resource;
    score.resourceRight = gotResources.length === 1 && gotResources[0] === wanted;
  }
  const filters: boolean[] = [];
  const input = (call?.input ?? {}) as Record<string, unknown>;
  if (c.severity !== undefined) filters.push(input['severity'] === c.severity);
  if (c.types !== undefined) {
    const types = Array.isArray(input['types']) ? [...(input['types'] as string[])].sort() : [];
    filters.push(JSON.stringify(types) === JSON.stringify([...c.types].sort()));
  }
  if (c.safeOnly === true) {
    // "Safe only" is honoured when the heal is scoped to items the policy marks eligible, and only those.
    const eligible = new Set(report.items.filter((i) => i.autoHeal.eligible).map((i) => i.id));
    const ids = Array.isArray(input['itemIds']) ? (input['itemIds'] as unknown[]) : [];
    filters.push(got === 'heal_drift' && ids.length > 0 && ids.every((id) => typeof id === 'string' && eligible.has(id)));
  }
  if (c.readOnly === true) filters.push(!seen.toolCalls.some((x) => MUTATING_TOOLS.has(x.name) && (x.input as { mode?: string } | null)?.mode !== 'plan'));
  if (filters.length > 0) score.filterRight = filters.every(Boolean);
  if (c.readOnly === true || c.outOfScope === true || c.smallTalk === true) {
    // A dry run (mode "plan") changes nothing and proposes nothing: only apply calls count.
    score.forbiddenMutations = seen.toolCalls.filter((x) => MUTATING_TOOLS.has(x.name) && (x.input as { mode?: string } | null)?.mode !== 'plan').length;
  }
  return score;
}

const pct = (n: number, d: number): string => (d === 0 ? '   n/a' : `${((100 * n) / d).toFixed(1).padStart(5)}%`);

function ratio(scores: readonly CaseScore[], pick: (s: CaseScore) => boolean | undefined): { n: number; d: number } {
  const judged = scores.map(pick).filter((x): x is boolean => x !== undefined);
  return { n: judged.filter(Boolean).length, d: judged.length };
}

export interface Summary {
  cases: number;
  tool: number;
  resource: number;
  filters: number;
  language: number;
  forbiddenMutations: number;
}

export function summarize(scores: readonly CaseScore[]): Summary {
  const f = (r: { n: number; d: number }): number => (r.d === 0 ? 1 : r.n / r.d);
  return {
    cases: scores.length,
    tool: f(ratio(scores, (s) => s.toolRight)),
    resource: f(ratio(scores, (s) => s.resourceRight)),
    filters: f(ratio(scores, (s) => s.filterRight)),
    language: f(ratio(scores, (s) => s.languageRight)),
    forbiddenMutations: scores.reduce((sum, s) => sum + s.forbiddenMutations, 0),
  };
}

/** The printed report: headline table per language, per-tool precision/recall, confusion matrix, misses. */
export function formatReport(title: string, scores: readonly CaseScore[], showMisses: boolean): string {
  const lines: string[] = [`== ${title} (${scores.length} messages) ==`];
  const groups: [string, CaseScore[]][] = [
    ['pt', scores.filter((s) => s.lang === 'pt')],
    ['en', scores.filter((s) => s.lang === 'en')],
    ['all', [...scores]],
  ];
  lines.push(`${''.padEnd(28)}${groups.map(([g]) => g.padStart(16)).join('')}`);
  const row = (label: string, pick: (s: CaseScore) => boolean | undefined): string =>
    `${label.padEnd(28)}${groups
      .map(([, g]) => {
        const r = ratio(g, pick);
        return `${pct(r.n, r.d)} (${r.n}/${r.d})`.padStart(16);
      })
      .join('')}`;
  lines.push(row('right tool', (s) => s.toolRight));
  lines.push(row('right resource (named)', (s) => s.resourceRight));
  lines.push(row('filters honoured', (s) => s.filterRight));
  lines.push(row('reply language', (s) => s.languageRight));
  lines.push(
    `${'mutating calls, read-only'.padEnd(28)}${groups.map(([, g]) => String(g.reduce((n, s) => n + s.forbiddenMutations, 0)).padStart(16)).join('')}`,
  );
  lines.push('', 'per tool        precision        recall');
  for (const tool of EXPECTED_TOOLS) {
    const predicted = scores.filter((s) => s.got === tool);
    const actual = scores.filter((s) => s.expected === tool);
    const tp = predicted.filter((s) => s.expected === tool).length;
    lines.push(`${tool.padEnd(16)}${`${pct(tp, predicted.length)} (${tp}/${predicted.length})`.padEnd(17)}${pct(tp, actual.length)} (${tp}/${actual.length})`);
  }
  lines.push('', `confusion (rows expected, columns got)`, `${''.padEnd(16)}${EXPECTED_TOOLS.map((t) => t.slice(0, 12).padStart(14)).join('')}`);
  for (const expected of EXPECTED_TOOLS) {
    lines.push(
      `${expected.padEnd(16)}${EXPECTED_TOOLS.map((got) => String(scores.filter((s) => s.expected === expected && s.got === got).length).padStart(14)).join('')}`,
    );
  }
  if (showMisses) {
    const misses = scores.filter((s) => !s.toolRight || s.resourceRight === false || s.filterRight === false || !s.languageRight || s.forbiddenMutations > 0);
    if (misses.length > 0) lines.push('', 'misses:');
    for (const s of misses) {
      const what = [
        !s.toolRight ? `tool ${s.got} (want ${s.expected})` : '',
        s.resourceRight === false ? `resource [${s.gotResources.join(', ')}]` : '',
        s.filterRight === false ? 'filter' : '',
        !s.languageRight ? 'language' : '',
        s.forbiddenMutations > 0 ? 'MUTATION' : '',
      ].filter((x) => x !== '');
      lines.push(`  ${s.source}: "${s.text}" → ${what.join('; ')}`);
    }
  }
  return lines.join('\n');
}
