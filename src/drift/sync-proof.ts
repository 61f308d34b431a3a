// The zero-diff proof of a reverse sync: reload the phases as the plan leaves them and compare them again
// with the same live state. Every synced difference must be gone, and nothing new may appear; otherwise
// the sync stops before any branch exists. Pure.
import { PhaseLoadError } from './diagnostics.js';
import { detectDrift, type DetectOptions } from './detect.js';
import type { DriftItem, DriftReport, Json, LiveState, PropertyDifference } from './model.js';
import { loadPhases, type PhaseSource } from './phases.js';
import { applyPlan, type SyncPlan } from './sync-plan.js';

export interface ProofInput {
  plan: SyncPlan;
  /** The report the plan was made from. */
  before: DriftReport;
  sources: readonly PhaseSource[];
  parametersFile?: { file: string; text: string };
  parameterOverrides?: Record<string, string>;
  live: LiveState;
  detectOptions: DetectOptions;
}

export interface ProofFailure {
  itemId: string;
  resource: string;
  /** What is still different (or newly different) after the edit. */
  differences: PropertyDifference[];
  reason: 'still-drifted' | 'introduced';
}

export interface ZeroDiffProof {
  ok: boolean;
  /** Items the plan syncs (fully or in part) and that the re-check found gone. */
  synced: number;
  failures: ProofFailure[];
  /** Set when the edited phases do not load at all. */
  loadError?: string;
  /** The re-check itself (absent when the phases did not load). */
  after?: DriftReport;
}

const key = (d: PropertyDifference): string =>
  JSON.stringify([d.path, d.kind, d.expected ?? null, d.actual ?? null] as Json[]);

function label(item: Pick<DriftItem, 'logicalId' | 'physicalId' | 'resourceType'>): string {
  return item.logicalId ?? item.physicalId ?? item.resourceType;
}

export function proveSync(input: ProofInput): ZeroDiffProof {
  const { sources, parametersFile } = applyPlan(input.plan, input.sources, input.parametersFile);
  let after: DriftReport;
  try {
    const desired = loadPhases(sources, {
      ...(parametersFile ? { parametersFile } : {}),
      ...(input.parameterOverrides ? { parameterOverrides: input.parameterOverrides } : {}),
    });
    after = detectDrift(desired.resources, input.live, input.detectOptions);
  } catch (error) {
    if (!(error instanceof PhaseLoadError)) throw error;
    return { ok: false, synced: 0, failures: [], loadError: error.message };
  }

  const afterById = new Map(after.items.map((i) => [i.id, i]));
  const beforeById = new Map(input.before.items.map((i) => [i.id, i]));
  const failures: ProofFailure[] = [];

  for (const s of input.plan.synced) {
    const remaining = afterById.get(s.itemId);
    if (s.type === 'missing_resource' || s.type === 'extra_resource') {
      if (remaining) failures.push({ itemId: s.itemId, resource: label(s), differences: remaining.differences, reason: 'still-drifted' });
      continue;
    }
    if (!remaining) continue;
    const synced = new Set(s.differences.map(key));
    const left = remaining.differences.filter((d) => synced.has(key(d)));
    if (left.length > 0) failures.push({ itemId: s.itemId, resource: label(s), differences: left, reason: 'still-drifted' });
  }

  // An edit must not create drift elsewhere: a codified resource that does not match, a parameter used elsewhere.
  for (const item of after.items) {
    const previous = beforeById.get(item.id);
    const known = new Set((previous?.differences ?? []).map(key));
    const fresh = previous ? item.differences.filter((d) => !known.has(key(d))) : item.differences;
    if (!previous || fresh.length > 0) failures.push({ itemId: item.id, resource: label(item), differences: fresh, reason: 'introduced' });
  }

  return { ok: failures.length === 0, synced: input.plan.synced.length, failures, after };
}
