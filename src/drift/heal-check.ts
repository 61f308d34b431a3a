// Whether a healing change is in effect on a live resource, and whether a reported difference is one a
// change was meant to remove. Both go through the comparison's own normalization, so `"20"` equals `20`
// and case-insensitive values stay so. Pure.
import { tagValue } from './identity.js';
import { isTagPath, tagKeyOf, topLevelOf } from './heal-actions.js';
import { jsonEqual, type HealChange } from './heal-model.js';
import type { Json, JsonObject, LiveResource, PropertyDifference } from './model.js';
import { diffProperty } from './normalize.js';

/** Lists whose elements are addressed by a key field in difference paths (`ClusterSettings.<Name>.Value`). */
const KEYED_LISTS: Readonly<Record<string, string>> = {
  'AWS::ECS::Cluster.ClusterSettings': 'Name',
  'AWS::ECS::Service.LoadBalancers': 'ContainerName',
};

/** True when `resource` has the change's `to` in effect (its `from` gone, for a removed set member). */
export function changeHolds(type: string, resource: LiveResource | undefined, change: HealChange): boolean {
  if (!resource) return false;
  if (isTagPath(change.path)) {
    const actual = tagValue(resource.properties['Tags'], tagKeyOf(change.path));
    return change.to === null ? actual === undefined : actual === textOf(change.to);
  }
  const top = topLevelOf(change.path);
  const segments = change.path.split('.').slice(1);
  if (change.member) {
    if (change.to !== null) return memberPresent(type, resource, top, segments, change.to);
    return change.from === null || !memberPresent(type, resource, top, segments, change.from);
  }
  if (change.to === null) return valueAt(type, resource.properties[top], top, segments) === undefined;
  const fragment = fragmentAt(type, top, segments, change.to);
  return diffProperty(top, fragment, resource.properties[top], { resourceType: type }).length === 0;
}

/** True when a difference still reported after healing is one that `change` was meant to remove. */
export function differenceMatchesChange(difference: PropertyDifference, change: HealChange): boolean {
  if (change.member) {
    if (difference.path !== change.path) return false;
    if (difference.kind === 'NOT_EQUAL') return true;
    if (difference.kind === 'ADD') return change.from !== null && change.to === null && jsonEqual(difference.actual, change.from);
    // REMOVE: one declared member, or the whole declared list when AWS has none.
    if (change.to === null) return false;
    const expected = difference.expected;
    return Array.isArray(expected) ? expected.some((e) => jsonEqual(e, change.to)) : jsonEqual(expected, change.to);
  }
  return (
    difference.path === change.path ||
    difference.path.startsWith(`${change.path}.`) ||
    change.path.startsWith(`${difference.path}.`)
  );
}

function memberPresent(type: string, resource: LiveResource, top: string, segments: string[], member: Json): boolean {
  const fragment = fragmentAt(type, top, segments, [member]);
  const path = [top, ...segments].join('.');
  // Only a REMOVE (the member is not covered by a live one) at that path says it is absent; other live members show up as ADD.
  return !diffProperty(top, fragment, resource.properties[top], { resourceType: type }).some(
    (d) => d.kind === 'REMOVE' && d.path === path,
  );
}

/** The smallest declared value that says "`value` at this sub-path", in the shape the comparison expects. */
function fragmentAt(type: string, top: string, segments: string[], value: Json): Json {
  const keyField = KEYED_LISTS[`${type}.${top}`];
  if (keyField && segments.length >= 1) {
    const [key, ...rest] = segments as [string, ...string[]];
    const element: JsonObject = rest.length === 0 && isObject(value) ? { ...value } : { [keyField]: key };
    if (rest.length > 0) Object.assign(element, nest(rest, value));
    element[keyField] = key;
    return [element];
  }
  return segments.length === 0 ? value : nest(segments, value);
}

function nest(segments: string[], value: Json): JsonObject {
  const [head, ...rest] = segments as [string, ...string[]];
  return { [head]: rest.length === 0 ? value : nest(rest, value) };
}

function valueAt(type: string, value: Json | undefined, top: string, segments: string[]): Json | undefined {
  let current: Json | undefined = value;
  const keyField = KEYED_LISTS[`${type}.${top}`];
  for (const [i, segment] of segments.entries()) {
    if (current === undefined || current === null) return undefined;
    if (Array.isArray(current) && keyField && i === 0) {
      current = current.find((e) => isObject(e) && e[keyField] === segment);
    } else if (isObject(current)) {
      current = current[segment];
    } else {
      return undefined;
    }
  }
  return current === null ? undefined : current;
}

function isObject(value: Json | undefined): value is JsonObject {
  return value !== null && value !== undefined && typeof value === 'object' && !Array.isArray(value);
}

function textOf(value: Json): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * Where a live resource stands relative to an action: every change in effect (`applied`), every change's
 * `from` still there (`pending`: nothing of it reached AWS), or anything else (`mixed`: partly applied, or
 * changed by someone else). The engine uses it to learn the real outcome of a write it has no answer
 * for, and, before each write, to check that AWS still holds what the plan was computed from.
 */
export type ActionState = 'applied' | 'pending' | 'mixed' | 'absent';

export function actionState(type: string, resource: LiveResource | undefined, changes: readonly HealChange[]): ActionState {
  if (!resource) return 'absent';
  if (changes.every((c) => changeHolds(type, resource, c))) return 'applied';
  if (changes.every((c) => changeHolds(type, resource, reversed(c)))) return 'pending';
  return 'mixed';
}

function reversed(change: HealChange): HealChange {
  return { path: change.path, from: change.to, to: change.from, ...(change.member ? { member: true as const } : {}) };
}
