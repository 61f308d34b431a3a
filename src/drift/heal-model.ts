// The shapes of a healing plan and the hash that binds an approval to one exact plan. Pure.
import { createHash } from 'node:crypto';
import type { Json, JsonObject, Severity } from './model.js';

/** `attended`: a human approves the plan. `unattended`: the auto-heal policy decides (watch mode). */
export type HealMode = 'attended' | 'unattended';

export interface HealChange {
  /** Difference path: top-level property first, `Tags.<Key>` for tags. */
  path: string;
  /** The live value before the action; null when absent. */
  from: Json;
  /** The value the action writes; null when the action removes it. */
  to: Json;
  /** Present when `from`/`to` are whole members of the set at `path` (security group rules), not its value. */
  member?: true;
}

export interface HealAction {
  itemId: string;
  resourceType: string;
  physicalId: string;
  logicalId: string | null;
  /** `service:Operation`, which is also the IAM action (e.g. `ecs:UpdateService`). */
  operation: string;
  /** The exact SDK input of the call. */
  parameters: JsonObject;
  changes: HealChange[];
  /** The resource is interrupted (stopped, restarted) while the action runs. */
  disruptive: boolean;
  /** What the interruption is, when disruptive. */
  disruption?: string;
  /** Undo can write the previous values back (false when a previous value was unset: AWS has no "unset"). */
  reversible: boolean;
  severity: Severity;
}

export interface HealSkip {
  itemId: string;
  reason: string;
  resourceType: string;
  logicalId: string | null;
  physicalId: string | null;
  /** The difference path the reason is about, when it is about one property rather than the item. */
  path?: string;
  /** The reason as a code the catalogues translate (absent for reasons only given in English). */
  code?: HealSkipCode;
  params?: Record<string, string>;
}

export type HealSkipCode =
  | 'needs_approval'
  | 'not_eligible'
  | 'live_not_read'
  | 'undeclared_tag'
  | 'replaces'
  | 'no_writer'
  | 'over_max_resources';

export interface HealPlan {
  /** sha256 of the canonical JSON of `actions`: executing requires this id. */
  id: string;
  mode: HealMode;
  actions: HealAction[];
  skipped: HealSkip[];
}

/** What the policy reads from `auto_heal` configuration. */
export interface HealPolicy {
  removeUndeclaredTags: boolean;
  applyImmediately: boolean;
  maxResources: number;
}

/** Facts about who else owns a value, gathered by the engine before planning. */
export interface HealFacts {
  /**
   * Application Auto Scaling targets of ECS services, by resource id (`service/<cluster>/<service>`).
   * Undefined when not known: then no DesiredCount is healed, since an autoscaler may own it.
   */
  scalableTargets?: ReadonlyMap<string, { min: number; max: number }>;
  /** Why `scalableTargets` is unknown. */
  scalableTargetsError?: string;
}

/** JSON with object keys sorted at every level: equal values give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/** The plan id: the approval of a plan is bound to exactly these actions, parameters and previous values. */
export function planIdOf(actions: readonly HealAction[]): string {
  return createHash('sha256').update(canonicalJson(actions)).digest('hex');
}

export function jsonEqual(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}
