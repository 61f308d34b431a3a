// Desired resources × live state → findings: matching by identity, then property comparison. Pure.
import type { DesiredResource } from './phases.js';
import type {
  Finding, Json, LiveResource, LiveState, NotCheckedProperty, NotCheckedResource, PropertyDifference,
} from './model.js';
import { Intrinsic, resolveExpr, type Expr, type Resolution, type ResolveScope } from './intrinsics.js';
import { IDENTITY_RULES, MATCH_ORDER, arnResourceName, liveKeysOf, physicalIdKey, tagValue } from './identity.js';
import { diffProperty, diffTags } from './normalize.js';
import { resourceSpec } from './spec.js';

export interface ExtraResourceScope {
  /** Only live resources carrying this tag (and value, when given) can be extra. */
  tag?: { key: string; value?: string };
}

export interface CompareOptions {
  /** Properties the readers map for a type; others are reported as not checked. Undefined: trust the live data. */
  readableProperties?: (type: string) => ReadonlySet<string> | undefined;
  extraScope?: ExtraResourceScope;
}

export interface Comparison {
  findings: Finding[];
  /** logicalId → the live resource it matched. */
  matches: Map<string, LiveResource>;
  notCheckedResources: NotCheckedResource[];
  notCheckedProperties: NotCheckedProperty[];
  propertiesCompared: number;
  /** Desired resources that were checked (matched or reported missing). */
  checkedResources: number;
  extraResources: number;
}

const PARENT_PROPERTY: Readonly<Record<string, { property: string; parentType: string }>> = {
  'AWS::EC2::Subnet': { property: 'VpcId', parentType: 'AWS::EC2::VPC' },
  'AWS::EC2::SecurityGroup': { property: 'VpcId', parentType: 'AWS::EC2::VPC' },
  'AWS::EC2::Instance': { property: 'SubnetId', parentType: 'AWS::EC2::Subnet' },
  'AWS::ECS::Service': { property: 'Cluster', parentType: 'AWS::ECS::Cluster' },
};

export function compare(desired: readonly DesiredResource[], live: LiveState, options: CompareOptions = {}): Comparison {
  const readTypes = new Set(live.readTypes);
  const byLogicalId = new Map(desired.map((d) => [d.logicalId, d]));
  const matches = new Map<string, LiveResource>();
  const missing = new Set<string>();
  const claimed = new Set<LiveResource>();
  const pseudo: Record<string, string> = {
    'AWS::Region': live.region,
    'AWS::AccountId': live.accountId,
    'AWS::Partition': live.region.startsWith('cn-') ? 'aws-cn' : live.region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws',
    'AWS::URLSuffix': live.region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com',
  };
  const errorFor = (type: string): string => {
    const e = live.errors.find((x) => x.types.includes(type));
    return e ? `${e.service} could not be read: ${e.code ? `${e.code}: ` : ''}${e.message}` : `${type} was not read`;
  };

  // One scope per parameter set (all resources of a file share theirs): scopes are built once, not per resource.
  const scopes = new Map<Readonly<Record<string, Json>>, ResolveScope>();
  const scopeFor = (resource: DesiredResource): ResolveScope => {
    let scope = scopes.get(resource.parameters);
    if (!scope) {
      scope = makeScope(resource.parameters);
      scopes.set(resource.parameters, scope);
    }
    return scope;
  };
  const makeScope = (parameters: Readonly<Record<string, Json>>): ResolveScope => ({
    parameters,
    pseudo,
    isResource: (id) => byLogicalId.has(id),
    physicalIdOf: (id): Resolution => {
      const m = matches.get(id);
      if (m) return { ok: true, value: m.physicalId };
      return { ok: false, reason: referenceReason(id) };
    },
    attributeOf: (id, attribute): Resolution => {
      const m = matches.get(id);
      if (!m) return { ok: false, reason: referenceReason(id) };
      const value = m.attributes[attribute];
      if (value === undefined) return { ok: false, reason: `attribute ${id}.${attribute} is not known for the live resource` };
      return { ok: true, value };
    },
  });
  const referenceReason = (id: string): string => {
    const target = byLogicalId.get(id);
    if (missing.has(id)) return `references ${id}, which is missing in AWS`;
    if (target && !target.supported) return `references ${id} (${target.type}), a type ialctl does not read`;
    if (target && !readTypes.has(target.type)) return `references ${id}, whose type could not be read`;
    return `references ${id}, which is not matched yet`;
  };

  // Index live resources of successfully read types by every key they answer to, per type.
  // Physical ids are indexed only when some resource is pinned to one (Metadata.IAL.PhysicalId).
  const indexPhysicalIds = desired.some((d) => d.physicalIdOverride !== undefined);
  const index = new Map<string, Map<string, LiveResource[]>>();
  for (const r of live.resources) {
    if (!readTypes.has(r.type)) continue;
    let byKey = index.get(r.type);
    if (!byKey) index.set(r.type, (byKey = new Map()));
    for (const key of liveKeysOf(r, indexPhysicalIds)) {
      const list = byKey.get(key);
      if (list) list.push(r);
      else byKey.set(key, [r]);
    }
  }

  const findings: Finding[] = [];
  const notCheckedResources: NotCheckedResource[] = [];
  const notCheckedProperties: NotCheckedProperty[] = [];
  let checkedResources = 0;
  const unidentifiedTypes = new Set<string>();
  const locate = (d: DesiredResource) => ({ phase: d.phase, file: d.file, line: d.line });

  const ordered = [...desired].sort((a, b) => typeOrder(a.type) - typeOrder(b.type));
  // Matches by position in `ordered` too: the property pass reads them without a map lookup.
  const matchedByPosition: Array<LiveResource | undefined> = new Array(ordered.length);
  for (let position = 0; position < ordered.length; position++) {
    const d = ordered[position] as DesiredResource;
    if (!d.supported) {
      notCheckedResources.push({ logicalId: d.logicalId, resourceType: d.type, reason: `ialctl does not read ${d.type} yet`, file: d.file, line: d.line });
      continue;
    }
    if (!readTypes.has(d.type)) {
      notCheckedResources.push({ logicalId: d.logicalId, resourceType: d.type, reason: errorFor(d.type), file: d.file, line: d.line });
      continue;
    }
    const key = desiredKey(d, scopeFor(d));
    if (key.kind === 'unresolvable') {
      notCheckedResources.push({ logicalId: d.logicalId, resourceType: d.type, reason: key.reason, file: d.file, line: d.line });
      unidentifiedTypes.add(d.type);
      continue;
    }
    checkedResources++;
    const candidates = key.kind === 'key' ? (index.get(d.type)?.get(key.key) ?? []) : [];
    const found = candidates.find((c) => !claimed.has(c));
    if (!found) {
      missing.add(d.logicalId);
      findings.push({ type: 'missing_resource', resourceType: d.type, logicalId: d.logicalId, physicalId: null, ...locate(d), differences: [] });
      continue;
    }
    claimed.add(found);
    matches.set(d.logicalId, found);
    matchedByPosition[position] = found;
  }

  let propertiesCompared = 0;
  for (let position = 0; position < ordered.length; position++) {
    const d = ordered[position] as DesiredResource;
    const l = matchedByPosition[position];
    if (!l) continue;
    const scope = scopeFor(d);
    const readable = options.readableProperties?.(d.type);
    const spec = resourceSpec(d.type);
    const config: PropertyDifference[] = [];
    const tags: PropertyDifference[] = [];
    for (const [property, expr] of Object.entries(d.properties)) {
      const skip = (reason: string): void => {
        notCheckedProperties.push({ logicalId: d.logicalId, resourceType: d.type, path: property, reason, file: d.file, line: d.propertyLines[property] ?? d.line });
      };
      if (spec?.properties[property]?.writeOnly) {
        skip('write-only: AWS never returns this value');
        continue;
      }
      if (readable && !readable.has(property)) {
        skip(`ialctl does not read ${property} for ${d.type} yet`);
        continue;
      }
      const value = resolveExpr(expr as Expr, scope);
      if (!value.ok) {
        skip(value.reason);
        continue;
      }
      propertiesCompared++;
      if (property === spec?.tagPropertyName || property === 'Tags') tags.push(...diffTags(value.value, l.properties[property]));
      else config.push(...diffProperty(property, value.value, l.properties[property], { resourceType: d.type, accountId: live.accountId }));
    }
    const base = { resourceType: d.type, logicalId: d.logicalId, physicalId: l.physicalId, ...locate(d) };
    if (config.length > 0) findings.push({ type: 'configuration_drift', ...base, differences: config });
    if (tags.length > 0) findings.push({ type: 'tag_drift', ...base, differences: tags });
  }

  const extras = findExtras(desired, live, claimed, matches, readTypes, unidentifiedTypes, options);
  for (const r of extras) {
    findings.push({ type: 'extra_resource', resourceType: r.type, logicalId: null, physicalId: r.physicalId, phase: null, file: null, line: null, differences: describeExtra(r) });
  }

  return { findings, matches, notCheckedResources, notCheckedProperties, propertiesCompared, checkedResources, extraResources: extras.length };
}

function typeOrder(type: string): number {
  const i = MATCH_ORDER.indexOf(type);
  return i < 0 ? MATCH_ORDER.length : i;
}

type KeyResult = { kind: 'key'; key: string } | { kind: 'parent-missing' } | { kind: 'unresolvable'; reason: string };

function desiredKey(d: DesiredResource, scope: ResolveScope): KeyResult {
  if (d.physicalIdOverride !== undefined) return { kind: 'key', key: physicalIdKey(d.physicalIdOverride) };
  const rule = IDENTITY_RULES[d.type];
  if (!rule) return { kind: 'unresolvable', reason: `no identity rule for ${d.type}` };
  const values: Record<string, Json | undefined> = {};
  for (const property of rule.properties) {
    let expr = d.properties[property];
    if (expr === undefined) continue;
    // Only the Name tag identifies: an unevaluable value in another tag must not make the resource unmatchable.
    if (property === 'Tags' && Array.isArray(expr)) expr = expr.filter(isNameTag);
    const r = resolveExpr(expr as Expr, scope);
    if (!r.ok) {
      // The parent (VPC, cluster) is missing, so this resource cannot exist where declared either.
      if (r.reason.includes('missing in AWS')) return { kind: 'parent-missing' };
      return { kind: 'unresolvable', reason: `cannot compute its identity: ${r.reason}` };
    }
    values[property] = r.value;
  }
  const key = rule.desiredKey(values);
  return key === undefined ? { kind: 'unresolvable', reason: `no ${rule.requirement}` } : { kind: 'key', key };
}

function isNameTag(tag: Expr): boolean {
  return tag !== null && typeof tag === 'object' && !Array.isArray(tag) && !(tag instanceof Intrinsic) && tag['Key'] === 'Name';
}

function findExtras(
  desired: readonly DesiredResource[],
  live: LiveState,
  claimed: ReadonlySet<LiveResource>,
  matches: ReadonlyMap<string, LiveResource>,
  readTypes: ReadonlySet<string>,
  unidentifiedTypes: ReadonlySet<string>,
  options: CompareOptions,
): LiveResource[] {
  const declaredTypes = new Set(desired.filter((d) => d.supported).map((d) => d.type));
  // Extra resources are looked for only inside the containers the phases manage (their VPCs and
  // clusters): other VPCs and clusters in the account belong to someone else.
  const managedParents = new Map<string, Set<string>>();
  for (const [, l] of matches) {
    const set = managedParents.get(l.type) ?? new Set<string>();
    set.add(l.physicalId);
    if (l.type === 'AWS::ECS::Cluster') {
      const arn = l.attributes['Arn'];
      if (typeof arn === 'string') set.add(arn);
    }
    managedParents.set(l.type, set);
  }
  const tag = options.extraScope?.tag;
  return live.resources.filter((r) => {
    if (claimed.has(r) || r.awsDefault || !declaredTypes.has(r.type) || !readTypes.has(r.type)) return false;
    // A declaration of this type could not be looked for: any unclaimed live one may be its counterpart.
    if (unidentifiedTypes.has(r.type)) return false;
    if (tag) {
      const value = tagValue(r.properties['Tags'], tag.key);
      if (value === undefined || (tag.value !== undefined && value !== tag.value)) return false;
    }
    const parent = PARENT_PROPERTY[r.type];
    if (parent && declaredTypes.has(parent.parentType)) {
      const parents = managedParents.get(parent.parentType) ?? new Set<string>();
      const value = r.properties[parent.property];
      if (typeof value === 'string' && !parents.has(value) && !parents.has(arnResourceName(value))) return false;
    }
    return true;
  });
}

/** What identifies an extra resource to a reader of the report: its name, when it has one. */
function describeExtra(r: LiveResource): PropertyDifference[] {
  const name = tagValue(r.properties['Tags'], 'Name');
  if (name !== undefined) return [{ path: 'Tags.Name', kind: 'ADD', actual: name }];
  for (const p of ['GroupName', 'ClusterName', 'ServiceName', 'DBInstanceIdentifier', 'DBClusterIdentifier', 'DBSubnetGroupName']) {
    const v = r.properties[p];
    if (typeof v === 'string') return [{ path: p, kind: 'ADD', actual: v }];
  }
  return [];
}
