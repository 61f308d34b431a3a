// Desired resources × live state → findings: matching by identity, then property comparison. Pure.
import { resourceKey, type DesiredResource } from './phases.js';
import type {
  Finding, Json, LiveResource, LiveState, NotCheckedCode, NotCheckedProperty, NotCheckedResource, PropertyDifference,
} from './model.js';
import { Intrinsic, evaluateCondition, resolveExpr, type Expr, type Resolution, type ResolveScope } from './intrinsics.js';
import { IDENTITY_RULES, MATCH_ORDER, arnResourceName, liveKeysOf, physicalIdKey, tagValue } from './identity.js';
import { diffProperty, diffTags } from './normalize.js';
import { resourceSpec } from './spec.js';

export interface ExtraResourceScope {
  /** Only live resources carrying this tag (and value, when given) can be extra. */
  tag?: { key: string; value?: string };
  /**
   * Physical ids of every resource in the stacks the phase files map to. When given, a live VPC,
   * cluster or database is extra only if one of those stacks holds it: in a shared account the
   * others belong to someone else.
   */
  stackPhysicalIds?: ReadonlySet<string>;
}

export interface CompareOptions {
  /** Properties the readers map for a type; others are reported as not checked. Undefined: trust the live data. */
  readableProperties?: (type: string) => ReadonlySet<string> | undefined;
  extraScope?: ExtraResourceScope;
}

export interface Comparison {
  findings: Finding[];
  /** logicalId → the live resource it matched (the first file's, when an id is declared in several files). */
  matches: Map<string, LiveResource>;
  /** resourceKey (`file#LogicalId`) → the live resource it matched. */
  matchesByKey: Map<string, LiveResource>;
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
  const byKey = new Map(desired.map((d) => [resourceKey(d), d]));
  const byFile = new Map<string, Map<string, DesiredResource>>();
  const byId = new Map<string, DesiredResource[]>();
  for (const d of desired) {
    let inFile = byFile.get(d.file);
    if (!inFile) byFile.set(d.file, (inFile = new Map()));
    inFile.set(d.logicalId, d);
    byId.set(d.logicalId, [...(byId.get(d.logicalId) ?? []), d]);
  }
  // Logical ids are per file (stack); a name the file does not declare may name the one resource of that
  // name elsewhere in the tree (the IAL convention of cross-file Refs), never one of several.
  const target = (fromFile: string, id: string): DesiredResource | undefined => {
    const own = byFile.get(fromFile)?.get(id);
    if (own) return own;
    const elsewhere = byId.get(id);
    return elsewhere && elsewhere.length === 1 ? elsewhere[0] : undefined;
  };
  const matches = new Map<string, LiveResource>();
  const matchesByKey = new Map<string, LiveResource>();
  const missing = new Set<string>();
  const claimed = new Set<LiveResource>();
  const basePseudo: Record<string, string> = {
    'AWS::Region': live.region,
    'AWS::AccountId': live.accountId,
    'AWS::Partition': live.region.startsWith('cn-') ? 'aws-cn' : live.region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws',
    'AWS::URLSuffix': live.region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com',
  };
  const errorFor = (type: string): string => {
    const e = live.errors.find((x) => x.types.includes(type));
    return e ? `${e.service} could not be read: ${e.code ? `${e.code}: ` : ''}${e.message}` : `${type} was not read`;
  };

  // One scope per file (all resources of a file share its parameters, conditions and names).
  const scopes = new Map<string, ResolveScope>();
  const scopeFor = (resource: DesiredResource): ResolveScope => {
    let scope = scopes.get(resource.file);
    if (!scope) {
      scope = makeScope(resource);
      scopes.set(resource.file, scope);
    }
    return scope;
  };
  const importValue = (name: string, seen: ReadonlySet<string>): Resolution => {
    if (seen.has(name)) return { ok: false, reason: `exports import each other in a circle (${name})` };
    for (const d of desired) {
      const template = d.template;
      if (!template || template.exports.length === 0) continue;
      const scope = scopeFor(d);
      for (const exported of template.exports) {
        const exportName = resolveExpr(exported.name, scope);
        if (exportName.ok && exportName.value === name) return resolveExpr(exported.value, withImports(scope, new Set([...seen, name])));
      }
    }
    const deployed = live.exports?.[name];
    if (deployed !== undefined) return { ok: true, value: deployed };
    return { ok: false, reason: `export ${name} is declared in no phase file and not in the account's exports`, code: 'unresolved_reference' };
  };
  const withImports = (scope: ResolveScope, seen: ReadonlySet<string>): ResolveScope => ({ ...scope, importValue: (n) => importValue(n, seen) });
  const makeScope = (resource: DesiredResource): ResolveScope => {
    const file = resource.file;
    const pseudo: Record<string, string> = { ...basePseudo, ...(resource.stack ? { 'AWS::StackName': resource.stack } : {}) };
    const stackId = resource.stack ? live.stackIds?.[resource.stack] : undefined;
    if (stackId) pseudo['AWS::StackId'] = stackId;
    return {
      parameters: resource.parameters,
      pseudo,
      isResource: (id) => target(file, id) !== undefined,
      physicalIdOf: (id): Resolution => {
        const t = target(file, id);
        const m = t ? matchesByKey.get(resourceKey(t)) : undefined;
        if (m) return { ok: true, value: m.physicalId };
        return { ok: false, reason: referenceReason(t, id), code: 'unresolved_reference' };
      },
      attributeOf: (id, attribute): Resolution => {
        const t = target(file, id);
        const m = t ? matchesByKey.get(resourceKey(t)) : undefined;
        if (!m) return { ok: false, reason: referenceReason(t, id), code: 'unresolved_reference' };
        const value = m.attributes[attribute];
        if (value === undefined) return { ok: false, reason: `attribute ${id}.${attribute} is not known for the live resource`, code: 'unresolved_reference' };
        return { ok: true, value };
      },
      ...(resource.template ? { conditions: resource.template.conditions, mappings: resource.template.mappings } : {}),
      ...(live.availabilityZones ? { availabilityZones: live.availabilityZones } : {}),
      importValue: (name) => importValue(name, new Set()),
    };
  };
  const referenceReason = (t: DesiredResource | undefined, id: string): string => {
    if (t && missing.has(resourceKey(t))) return `references ${id}, which is missing in AWS`;
    if (t && !t.supported) return `references ${id} (${t.type}), a type ialctl does not read`;
    if (t && !readTypes.has(t.type)) return `references ${id}, whose type could not be read`;
    if (t && excluded.has(resourceKey(t))) return `references ${id}, whose condition is false`;
    return `references ${id}, which is not matched yet`;
  };
  void byKey;

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
  const excluded = new Set<string>();
  const locate = (d: DesiredResource) => ({ phase: d.phase, file: d.file, line: d.line, ...(d.stack !== undefined ? { stack: d.stack } : {}) });
  const notChecked = (d: DesiredResource, reason: string, code: NotCheckedCode): void => {
    notCheckedResources.push({ logicalId: d.logicalId, resourceType: d.type, reason, code, file: d.file, line: d.line });
  };

  const ordered = [...desired].sort((a, b) => typeOrder(a.type) - typeOrder(b.type));
  // Matches by position in `ordered` too: the property pass reads them without a map lookup.
  const matchedByPosition: Array<LiveResource | undefined> = new Array(ordered.length);
  for (let position = 0; position < ordered.length; position++) {
    const d = ordered[position] as DesiredResource;
    if (d.condition !== undefined) {
      const condition = evaluateCondition(d.condition, scopeFor(d));
      if (!condition.ok) {
        notChecked(d, `condition ${d.condition} cannot be evaluated: ${condition.reason}`, condition.code ?? 'unsupported_intrinsic');
        unidentifiedTypes.add(d.type);
        continue;
      }
      // CloudFormation does not create a resource whose condition is false: it is not expected.
      if (!condition.value) {
        excluded.add(resourceKey(d));
        continue;
      }
    }
    if (!d.supported) {
      notChecked(d, `ialctl does not read ${d.type} yet`, 'unsupported_type');
      continue;
    }
    if (!readTypes.has(d.type)) {
      notChecked(d, errorFor(d.type), 'read_failed');
      continue;
    }
    const key = desiredKey(d, scopeFor(d));
    if (key.kind === 'unresolvable') {
      notChecked(d, key.reason, 'no_identity');
      unidentifiedTypes.add(d.type);
      continue;
    }
    checkedResources++;
    const candidates = key.kind === 'key' ? (index.get(d.type)?.get(key.key) ?? []) : [];
    const found = candidates.find((c) => !claimed.has(c));
    if (!found) {
      missing.add(resourceKey(d));
      findings.push({ type: 'missing_resource', resourceType: d.type, logicalId: d.logicalId, physicalId: null, ...locate(d), differences: [] });
      continue;
    }
    claimed.add(found);
    if (!matches.has(d.logicalId)) matches.set(d.logicalId, found);
    matchesByKey.set(resourceKey(d), found);
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
      const skip = (reason: string, code: NotCheckedCode): void => {
        notCheckedProperties.push({ logicalId: d.logicalId, resourceType: d.type, path: property, reason, code, file: d.file, line: d.propertyLines[property] ?? d.line });
      };
      if (spec?.properties[property]?.writeOnly) {
        skip('write-only: AWS never returns this value', 'write_only');
        continue;
      }
      if (readable && !readable.has(property)) {
        skip(`ialctl does not read ${property} for ${d.type} yet`, 'unsupported_property');
        continue;
      }
      const value = resolveExpr(expr as Expr, scope);
      if (!value.ok) {
        skip(value.reason, value.code ?? 'unsupported_intrinsic');
        continue;
      }
      if (value.noValue) continue; // `!Ref AWS::NoValue`: the property is not declared
      propertiesCompared++;
      if (property === spec?.tagPropertyName || property === 'Tags') tags.push(...diffTags(value.value, l.properties[property]));
      else config.push(...diffProperty(property, value.value, l.properties[property], { resourceType: d.type, accountId: live.accountId }));
    }
    const base = { resourceType: d.type, logicalId: d.logicalId, physicalId: l.physicalId, ...locate(d) };
    if (config.length > 0) findings.push({ type: 'configuration_drift', ...base, differences: config });
    if (tags.length > 0) findings.push({ type: 'tag_drift', ...base, differences: tags });
  }

  const expected = desired.filter((d) => !excluded.has(resourceKey(d)));
  const extras = findExtras(expected, live, claimed, matches, readTypes, unidentifiedTypes, options);
  for (const r of extras) {
    findings.push({ type: 'extra_resource', resourceType: r.type, logicalId: null, physicalId: r.physicalId, phase: null, file: null, line: null, differences: describeExtra(r) });
  }

  return { findings, matches, matchesByKey, notCheckedResources, notCheckedProperties, propertiesCompared, checkedResources, extraResources: extras.length };
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
  return key === undefined ? { kind: 'unresolvable', reason: `no identity: ialctl matches ${d.type} by ${rule.requirement}` } : { kind: 'key', key };
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
    // The container a matched child lives in is managed too, even when the phases only reference it
    // (a security group in a VPC passed as a parameter).
    const parentOfChild = PARENT_PROPERTY[l.type];
    const parentValue = parentOfChild ? l.properties[parentOfChild.property] : undefined;
    if (parentOfChild && typeof parentValue === 'string') {
      const parents = managedParents.get(parentOfChild.parentType) ?? new Set<string>();
      parents.add(parentValue);
      parents.add(arnResourceName(parentValue));
      managedParents.set(parentOfChild.parentType, parents);
    }
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
    if (parent) {
      const parents = managedParents.get(parent.parentType) ?? new Set<string>();
      const value = r.properties[parent.property];
      if (typeof value === 'string' && !parents.has(value) && !parents.has(arnResourceName(value))) return false;
      return true;
    }
    const inStacks = options.extraScope?.stackPhysicalIds;
    if (inStacks && !tag && !inStacks.has(r.physicalId)) return false;
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
