// Value normalization and property-level diffing. Each rule below exists to stop a classic
// false positive (a difference that is not a change) without hiding a real change. Pure.
import type { Json, JsonObject, PropertyDifference } from './model.js';
import { arnResourceName } from './identity.js';
import { resourceSpec, type PropertySpec, type TypeRef } from './spec.js';

/** Properties AWS compares case-insensitively (it stores or returns them in another case). */
const CASE_INSENSITIVE: ReadonlySet<string> = new Set([
  'AWS::RDS::DBInstance.DBInstanceIdentifier',
  'AWS::RDS::DBInstance.DBClusterIdentifier',
  'AWS::RDS::DBInstance.DBSubnetGroupName',
  'AWS::RDS::DBInstance.Engine',
  'AWS::RDS::DBInstance.PreferredMaintenanceWindow',
  'AWS::RDS::DBInstance.DBParameterGroupName',
  'AWS::RDS::DBCluster.DBClusterIdentifier',
  'AWS::RDS::DBCluster.DBSubnetGroupName',
  'AWS::RDS::DBCluster.Engine',
  'AWS::RDS::DBCluster.PreferredMaintenanceWindow',
  'AWS::RDS::DBCluster.DBClusterParameterGroupName',
  'AWS::RDS::DBSubnetGroup.DBSubnetGroupName',
  'AWS::EC2::SecurityGroup.SecurityGroupIngress.IpProtocol',
  'AWS::EC2::SecurityGroup.SecurityGroupEgress.IpProtocol',
]);

/**
 * Lists whose elements are identified by a key field: diffed element by element (`ClusterSettings.containerInsights.Value`)
 * rather than as anonymous set members, so a changed value reads as one change.
 */
export const KEYED_LISTS: Readonly<Record<string, string>> = {
  'AWS::ECS::Cluster.ClusterSettings': 'Name',
  'AWS::ECS::Service.LoadBalancers': 'ContainerName',
};

/**
 * Values AWS leaves out of its answer when they hold their default, where the spec documents no default.
 * Declaring them is not drift while AWS omits them.
 */
const OMITTED_DEFAULTS: Readonly<Record<string, Json>> = {
  // DescribeServices omits the grace period on services without a load balancer.
  'AWS::ECS::Service.HealthCheckGracePeriodSeconds': 0,
};

/**
 * Lists where order carries meaning. Every other list is compared as a set: AWS returns
 * ids, rules and subnets in its own order.
 */
const ORDERED_LISTS: ReadonlySet<string> = new Set([
  'AWS::ECS::Service.PlacementStrategies',
]);

/** AWS's protocol numbers as CloudFormation accepts them, to the names AWS returns. */
const IP_PROTOCOL_NAMES: Readonly<Record<string, string>> = { '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6', all: '-1' };

export interface DiffContext {
  resourceType: string;
  /**
   * The account being checked. A declared security group rule's `SourceSecurityGroupOwnerId` naming
   * this account (`!Ref AWS::AccountId`) says nothing AWS keeps: it reports owners only across accounts.
   */
  accountId?: string;
}

/**
 * Normalized form of a security group rule: protocol by name, no ports for all-traffic, no empty
 * description, no owner id when the peer group is in `ctx.accountId` (given for declared rules only).
 */
function normalizeRule(rule: JsonObject, ctx: DiffContext): JsonObject {
  const out: JsonObject = { ...rule };
  const owner = out['SourceSecurityGroupOwnerId'];
  if (ctx.accountId && owner !== undefined && owner !== null && String(owner) === ctx.accountId) delete out['SourceSecurityGroupOwnerId'];
  const protocol = out['IpProtocol'];
  if (protocol !== undefined && protocol !== null) {
    const p = String(protocol).toLowerCase();
    out['IpProtocol'] = IP_PROTOCOL_NAMES[p] ?? p;
  }
  if (out['IpProtocol'] === '-1') {
    delete out['FromPort'];
    delete out['ToPort'];
  }
  for (const port of ['FromPort', 'ToPort']) {
    const v = out[port];
    if (typeof v === 'string' && /^-?\d+$/.test(v)) out[port] = Number(v);
  }
  if (out['Description'] === '' || out['Description'] === null) delete out['Description'];
  return out;
}

const SECURITY_GROUP_RULE_LISTS = new Set([
  'AWS::EC2::SecurityGroup.SecurityGroupIngress',
  'AWS::EC2::SecurityGroup.SecurityGroupEgress',
]);

/** Coerces a value to the spec's primitive type: `"20"` and `20` are the same Integer. */
function coercePrimitive(value: Json, primitive: string): Json {
  switch (primitive) {
    case 'Integer':
    case 'Long':
    case 'Double':
      if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
      return value;
    case 'Boolean':
      if (typeof value === 'string') {
        const v = value.toLowerCase();
        if (v === 'true') return true;
        if (v === 'false') return false;
      }
      return value;
    case 'String':
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      return value;
    case 'Json':
      if (typeof value === 'string') {
        try {
          return JSON.parse(value) as Json;
        } catch {
          return value;
        }
      }
      return value;
    default:
      return value;
  }
}

function isObject(v: Json | undefined): v is JsonObject {
  return v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v);
}

/** Equal after loose scalar coercion; used where the spec gives no type. */
function looseScalarEqual(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (typeof a === 'number' || typeof b === 'number') return String(a) === String(b);
  if (typeof a === 'boolean' || typeof b === 'boolean') return String(a).toLowerCase() === String(b).toLowerCase();
  return false;
}

function scalarEqual(desired: Json, live: Json, caseInsensitive: boolean, isReference = false): boolean {
  if (looseScalarEqual(desired, live)) return true;
  if (typeof desired === 'string' && typeof live === 'string') {
    if (caseInsensitive && desired.toLowerCase() === live.toLowerCase()) return true;
    // A reference (the spec says which properties hold one) may be written as a name and returned
    // as an ARN: ECS service Cluster, task definitions, roles, KMS keys.
    if (isReference && desired.startsWith('arn:') !== live.startsWith('arn:')) {
      return arnResourceName(desired) === arnResourceName(live);
    }
  }
  return false;
}

interface TypeCursor {
  /** Spec key of the value: `AWS::ECS::Cluster.ClusterSettings`, nested keys join with dots. */
  specKey: string;
  type: TypeRef | undefined;
  spec: PropertySpec | undefined;
}

// Cursors are cached: the comparison walks the same property shapes for every resource of a type,
// and allocating a cursor (and its key string) per value dominated the cost on large accounts.
const childCursors = new WeakMap<TypeCursor, Map<string, TypeCursor>>();
const elementCursors = new WeakMap<TypeCursor, TypeCursor>();
const setElementCursors = new WeakMap<TypeCursor, TypeCursor>();
const topCursors = new Map<string, TypeCursor>();

function nestedCursor(ctx: DiffContext, parent: TypeCursor, key: string): TypeCursor {
  let children = childCursors.get(parent);
  if (!children) childCursors.set(parent, (children = new Map()));
  let cursor = children.get(key);
  if (!cursor) {
    const specKey = `${parent.specKey}.${key}`;
    const t = parent.type;
    const spec = t && t.kind === 'object' ? resourceSpec(ctx.resourceType)?.propertyTypes[t.name]?.[key] : undefined;
    cursor = { specKey, type: spec?.type, spec };
    children.set(key, cursor);
  }
  return cursor;
}

/** Cursor of a list's elements; `keepSpec` keeps the list's own spec (defaults, references) for them. */
function elementCursor(cursor: TypeCursor, keepSpec: boolean): TypeCursor {
  const cache = keepSpec ? elementCursors : setElementCursors;
  let el = cache.get(cursor);
  if (!el) {
    el = { specKey: cursor.specKey, type: elementType(cursor.type), spec: keepSpec ? cursor.spec : undefined };
    cache.set(cursor, el);
  }
  return el;
}

function topCursor(resourceType: string, property: string): TypeCursor {
  const key = `${resourceType}.${property}`;
  let cursor = topCursors.get(key);
  if (!cursor) {
    const spec = resourceSpec(resourceType)?.properties[property];
    cursor = { specKey: key, type: spec?.type, spec };
    topCursors.set(key, cursor);
  }
  return cursor;
}

function elementType(t: TypeRef | undefined): TypeRef | undefined {
  if (!t) return undefined;
  if (t.kind === 'list' || t.kind === 'map') return t.element;
  if (t.kind === 'union') return t.options.map(elementType).find((x) => x !== undefined);
  return undefined;
}

function primitiveOf(t: TypeRef | undefined): string | undefined {
  if (!t) return undefined;
  if (t.kind === 'primitive') return t.primitive;
  if (t.kind === 'union') return t.options.map(primitiveOf).find((x) => x !== undefined);
  return undefined;
}

/** Brings a value to the form it is compared in: spec types, rule shapes, case. */
export function canonical(value: Json, cursor: TypeCursor, ctx: DiffContext): Json {
  if (Array.isArray(value)) {
    const el = elementCursor(cursor, true);
    const rules = SECURITY_GROUP_RULE_LISTS.has(cursor.specKey);
    let out: Json[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v = value[i] as Json;
      let c = canonical(v, el, ctx);
      if (rules && isObject(c)) c = normalizeRule(c, ctx);
      if (c !== v) (out ??= value.slice())[i] = c;
    }
    return out ?? value;
  }
  if (isObject(value)) {
    // Copy only when something changes: most values are already canonical.
    let out: JsonObject | undefined;
    for (const k in value) {
      const v = value[k] as Json;
      const c = canonical(v, nestedCursor(ctx, cursor, k), ctx);
      if (c !== v) (out ??= { ...value })[k] = c;
    }
    return out ?? value;
  }
  const primitive = primitiveOf(cursor.type);
  let v = primitive ? coercePrimitive(value, primitive) : value;
  if (typeof v === 'string' && CASE_INSENSITIVE.has(cursor.specKey)) v = v.toLowerCase();
  return v;
}

/**
 * True when every field the desired value declares is present and equal in the live value.
 * Undeclared live fields are AWS's business (CloudFormation's rule), except in sets where
 * a whole extra element is a change.
 */
function covers(desired: Json, live: Json | undefined, cursor: TypeCursor, ctx: DiffContext): boolean {
  return diffAt([], desired, live, cursor, ctx).length === 0;
}

export function diffProperty(
  property: string,
  desired: Json,
  live: Json | undefined,
  ctx: DiffContext,
): PropertyDifference[] {
  const cursor = topCursor(ctx.resourceType, property);
  // Only the declared side drops a same-account owner id: the live value is reported as AWS gave it.
  const { accountId: _declaredSideOnly, ...liveCtx } = ctx;
  return diffAt([property], canonical(desired, cursor, ctx), live === undefined ? undefined : canonical(live, cursor, liveCtx), cursor, ctx);
}

function diffAt(path: string[], desired: Json, live: Json | undefined, cursor: TypeCursor, ctx: DiffContext): PropertyDifference[] {
  const at = path.join('.');
  if (live === undefined || live === null) {
    if (desired === null) return [];
    // Equality-gated default: declaring the value AWS uses anyway is not drift when AWS omits it.
    const fallback = cursor.spec?.defaultValue ?? OMITTED_DEFAULTS[cursor.specKey];
    if (fallback !== undefined && scalarEqual(desired, fallback as Json, false)) return [];
    if (Array.isArray(desired) && desired.length === 0) return [];
    return [{ path: at, kind: 'REMOVE', expected: desired }];
  }
  if (Array.isArray(desired)) {
    if (!Array.isArray(live)) return [{ path: at, kind: 'NOT_EQUAL', expected: desired, actual: live }];
    const keyField = KEYED_LISTS[cursor.specKey];
    if (keyField) return diffKeyedList(path, desired, live, keyField, cursor, ctx);
    if (ORDERED_LISTS.has(cursor.specKey)) {
      return JSON.stringify(desired) === JSON.stringify(live) ? [] : [{ path: at, kind: 'NOT_EQUAL', expected: desired, actual: live }];
    }
    return diffSet(at, desired, live, cursor, ctx);
  }
  if (isObject(desired)) {
    if (!isObject(live)) return [{ path: at, kind: 'NOT_EQUAL', expected: desired, actual: live }];
    const out: PropertyDifference[] = [];
    for (const [k, v] of Object.entries(desired)) {
      out.push(...diffAt([...path, k], v, live[k], nestedCursor(ctx, cursor, k), ctx));
    }
    return out;
  }
  if (isObject(live) || Array.isArray(live)) return [{ path: at, kind: 'NOT_EQUAL', expected: desired, actual: live }];
  return scalarEqual(desired, live, CASE_INSENSITIVE.has(cursor.specKey), cursor.spec?.references !== undefined)
    ? []
    : [{ path: at, kind: 'NOT_EQUAL', expected: desired, actual: live }];
}

/**
 * Set comparison: each declared element must be covered by a distinct live element; leftovers on either
 * side are changes. Covering is not equality (undeclared fields are ignored), so one live element may be
 * covered by several declared ones: a maximum matching (augmenting paths) keeps a greedy first pick from
 * stealing the only live element another declared element could use.
 */
function diffSet(at: string, desired: Json[], live: Json[], cursor: TypeCursor, ctx: DiffContext): PropertyDifference[] {
  const el = elementCursor(cursor, false);
  // Computed on demand: when the lists agree, each declared element usually stops at its first free cover.
  const coverCache = new Map<number, boolean>();
  const coversAt = (d: number, i: number): boolean => {
    const key = d * live.length + i;
    let result = coverCache.get(key);
    if (result === undefined) {
      result = covers(desired[d] as Json, live[i], el, ctx);
      coverCache.set(key, result);
    }
    return result;
  };
  const ownerOfLive = new Map<number, number>();
  const assign = (d: number, visited: Set<number>): boolean => {
    for (let i = 0; i < live.length; i++) {
      if (visited.has(i) || !coversAt(d, i)) continue;
      visited.add(i);
      const owner = ownerOfLive.get(i);
      if (owner === undefined || assign(owner, visited)) {
        ownerOfLive.set(i, d);
        return true;
      }
    }
    return false;
  };
  const matched = new Set<number>();
  desired.forEach((_, d) => {
    if (assign(d, new Set())) matched.add(d);
  });
  const out: PropertyDifference[] = [];
  desired.forEach((d, index) => {
    if (!matched.has(index)) out.push({ path: at, kind: 'REMOVE', expected: d });
  });
  live.forEach((l, i) => {
    if (!ownerOfLive.has(i)) out.push({ path: at, kind: 'ADD', actual: l });
  });
  return out;
}

function diffKeyedList(path: string[], desired: Json[], live: Json[], keyField: string, cursor: TypeCursor, ctx: DiffContext): PropertyDifference[] {
  const el = elementCursor(cursor, false);
  const liveByKey = new Map<string, Json>();
  for (const l of live) if (isObject(l) && l[keyField] !== undefined) liveByKey.set(String(l[keyField]), l);
  const desiredKeys = desired.map((d) => (isObject(d) && d[keyField] !== undefined ? String(d[keyField]) : undefined));
  const liveKeyCount = live.filter((l) => isObject(l) && l[keyField] !== undefined).length;
  // Keys are only an identity when every declared element has one and no key repeats on either side.
  if (desiredKeys.includes(undefined) || new Set(desiredKeys).size !== desired.length || liveByKey.size !== liveKeyCount) {
    return diffSet(path.join('.'), desired, live, cursor, ctx);
  }
  const out: PropertyDifference[] = [];
  for (const d of desired) {
    if (!isObject(d)) continue;
    const key = String(d[keyField]);
    const l = liveByKey.get(key);
    const rest: JsonObject = { ...d };
    delete rest[keyField];
    if (l === undefined) {
      out.push({ path: [...path, key].join('.'), kind: 'REMOVE', expected: d });
      continue;
    }
    for (const [k, v] of Object.entries(rest)) {
      out.push(...diffAt([...path, key, k], v, (l as JsonObject)[k], nestedCursor(ctx, el, k), ctx));
    }
  }
  return out;
}

/** Tags as a map: keys AWS reserves (`aws:`) are ignored; undeclared live tags are ADD. */
export function diffTags(desired: Json, live: Json | undefined): PropertyDifference[] {
  const want = tagEntries(desired);
  const have = tagEntries(live ?? []);
  const out: PropertyDifference[] = [];
  // Tag lists are short (AWS allows 50): linear scans beat building maps for every resource.
  for (const [key, value] of want) {
    const actual = have.find((e) => e[0] === key);
    if (actual === undefined) out.push({ path: `Tags.${key}`, kind: 'REMOVE', expected: value });
    else if (actual[1] !== value) out.push({ path: `Tags.${key}`, kind: 'NOT_EQUAL', expected: value, actual: actual[1] });
  }
  for (const [key, value] of have) {
    if (!want.some((e) => e[0] === key)) out.push({ path: `Tags.${key}`, kind: 'ADD', actual: value });
  }
  return out;
}

function tagEntries(tags: Json): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const add = (key: string, value: Json | undefined): void => {
    if (key.toLowerCase().startsWith('aws:')) return;
    const text = value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
    const existing = out.findIndex((e) => e[0] === key);
    if (existing >= 0) out[existing] = [key, text];
    else out.push([key, text]);
  };
  if (Array.isArray(tags)) {
    for (const t of tags) if (isObject(t)) add(String(t['Key'] ?? t['key']), t['Value'] ?? t['value']);
  } else if (isObject(tags)) {
    for (const key in tags) add(key, tags[key]);
  }
  return out;
}
