// What the CloudFormation resource specification says about the types ialctl handles: property types,
// replacement behaviour, write-only properties, defaults, allowed values and references.
// The data is precomputed from @aws-cdk/aws-service-spec by scripts/gen-spec.js (`npm run gen:spec`),
// because loading the full spec takes about a second and this module is imported on every CLI start.

import { SPEC_DATA } from './spec-data.js';

export type PrimitiveType = 'String' | 'Integer' | 'Long' | 'Double' | 'Boolean' | 'Json' | 'Timestamp' | 'Any';

export type TypeRef =
  | { kind: 'primitive'; primitive: PrimitiveType }
  | { kind: 'list'; element: TypeRef }
  | { kind: 'map'; element: TypeRef }
  /** A nested property type of the same resource, by name (a key of `ResourceSpec.propertyTypes`). */
  | { kind: 'object'; name: string }
  | { kind: 'union'; options: TypeRef[] };

export type Replacement = 'yes' | 'no' | 'maybe';

export interface PropertySpec {
  name: string;
  type: TypeRef;
  required: boolean;
  /** Whether changing the value makes CloudFormation replace the resource (`maybe`: depends on other values). */
  causesReplacement: Replacement;
  /** Accepted on create/update but never returned by AWS: cannot be compared with live state. */
  writeOnly: boolean;
  /** What AWS uses when the property is omitted, when the spec documents it. */
  defaultValue?: unknown;
  deprecated?: boolean;
  /** Values the property accepts, or each element accepts for a list/map of primitives. */
  allowedValues?: readonly (string | number)[];
  /** Properties of other resources this one may hold, as `AWS::EC2::VPC.VpcId` (what `Ref`/`GetAtt` would give). */
  references?: readonly string[];
}

export interface ResourceSpec {
  type: string;
  properties: Record<string, PropertySpec>;
  /** `Fn::GetAtt` names (`Endpoint.Address`, `Arn`…) and their types. */
  attributes: Record<string, TypeRef>;
  /** Nested object types reachable from properties and attributes, by name. */
  propertyTypes: Record<string, Record<string, PropertySpec>>;
  /** The property holding tags, when the type is taggable. */
  tagPropertyName?: string;
  /** Properties that identify the resource in Cloud Control API. */
  primaryIdentifier?: readonly string[];
  /** What `Ref` returns when it differs from `primaryIdentifier` (ECS services: `ServiceArn`). */
  refIdentifier?: readonly string[];
  /** ARN pattern: `${Partition}`, `${Region}`, `${Account}` and placeholders named by the service (not always property names). */
  arnTemplate?: string;
  /** Holds data that a replacement or deletion would lose (databases). */
  stateful: boolean;
}

/** One property as stored in spec-data.ts: flags that are false are omitted to keep the file small. */
export interface SpecPropertyData {
  type: TypeRef;
  required: boolean;
  causesReplacement: Replacement;
  writeOnly?: true;
  defaultValue?: unknown;
  deprecated?: true;
  allowedValues?: (string | number)[];
  references?: string[];
}

export interface SpecResourceData {
  properties: Record<string, SpecPropertyData>;
  attributes: Record<string, TypeRef>;
  propertyTypes: Record<string, Record<string, SpecPropertyData>>;
  tagPropertyName?: string;
  primaryIdentifier?: string[];
  refIdentifier?: string[];
  arnTemplate?: string;
  stateful: boolean;
}

/** The shape of spec-data.ts. */
export interface SpecData {
  specVersion: string;
  allTypes: string[];
  resources: Record<string, SpecResourceData>;
}

/** Version of @aws-cdk/aws-service-spec the data was generated from. */
export const SPEC_VERSION: string = SPEC_DATA.specVersion;

/** Every CloudFormation resource type name, sorted. */
export const ALL_TYPES: readonly string[] = Object.freeze([...SPEC_DATA.allTypes]);

/** Types ialctl can read from AWS and so check for drift. */
export const SUPPORTED_TYPES: readonly string[] = Object.freeze([
  'AWS::EC2::VPC',
  'AWS::EC2::Subnet',
  'AWS::EC2::SecurityGroup',
  'AWS::EC2::Instance',
  'AWS::ECS::Cluster',
  'AWS::ECS::Service',
  'AWS::RDS::DBInstance',
  'AWS::RDS::DBCluster',
  'AWS::RDS::DBSubnetGroup',
]);

const KNOWN_TYPES: ReadonlySet<string> = new Set(SPEC_DATA.allTypes);

/** True for every type in the CloudFormation spec (`Custom::*` types are not in it). */
export function isCloudFormationType(type: string): boolean {
  return KNOWN_TYPES.has(type);
}

const built = new Map<string, ResourceSpec>();

/**
 * Full spec of the supported types and of the types they reference (SecurityGroupIngress/Egress,
 * ECS TaskDefinition); undefined for any other type. Records have no prototype, so a user-written
 * name such as `constructor` is never mistaken for a property. The result is frozen and shared.
 */
export function resourceSpec(type: string): ResourceSpec | undefined {
  const cached = built.get(type);
  if (cached) return cached;
  if (!Object.hasOwn(SPEC_DATA.resources, type)) return undefined;
  const spec = buildResourceSpec(type, SPEC_DATA.resources[type]!);
  built.set(type, spec);
  return spec;
}

/**
 * The property at a path such as `['SecurityGroupIngress', 'CidrIp']`: list levels are transparent
 * (a numeric segment such as `'0'` may address an element), a map level takes one key segment.
 * `causesReplacement` and `writeOnly` are the effective ones: the strongest along the path, since changing
 * a nested value changes its parent and a value inside a write-only property is unreadable too.
 * Tag paths (`Tags.<Key>`) are not property paths: use `tagPropertyName`.
 */
export function propertySpecAt(type: string, path: readonly string[]): PropertySpec | undefined {
  const spec = resourceSpec(type);
  if (!spec || path.length === 0) return undefined;
  let current = lookup(spec.properties, path[0]!);
  if (!current) return undefined;
  let replacement = current.causesReplacement;
  let writeOnly = current.writeOnly;
  for (const segment of path.slice(1)) {
    current = stepInto(spec, current.type, segment);
    if (!current) return undefined;
    replacement = strongerReplacement(replacement, current.causesReplacement);
    writeOnly ||= current.writeOnly;
  }
  if (replacement === current.causesReplacement && writeOnly === current.writeOnly) return current;
  return Object.freeze({ ...current, causesReplacement: replacement, writeOnly });
}

/**
 * Property names allowed at a path: the top-level properties for `[]`, otherwise those of the object the
 * path holds (through lists, so `['SecurityGroupIngress']` gives the rule's fields). Undefined when the
 * type is unknown or the path does not hold an object.
 */
export function allowedPropertiesAt(type: string, path: readonly string[]): string[] | undefined {
  const spec = resourceSpec(type);
  if (!spec) return undefined;
  if (path.length === 0) return Object.keys(spec.properties);
  const property = propertySpecAt(type, path);
  if (!property) return undefined;
  const names = new Set<string>();
  for (const objectName of objectTypesOf(property.type)) {
    for (const name of Object.keys(spec.propertyTypes[objectName] ?? {})) names.add(name);
  }
  return names.size > 0 ? [...names] : undefined;
}

/**
 * The candidate closest to `name` by case-insensitive edit distance, for "did you mean" hints; ties go
 * to the earliest candidate. Undefined when the best distance exceeds max(2, name.length / 3).
 */
export function didYouMean(name: string, candidates: readonly string[]): string | undefined {
  if (name.length === 0) return undefined;
  const target = name.toLowerCase();
  const limit = Math.max(2, name.length / 3);
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const bound = Math.min(bestDistance - 1, Math.floor(limit));
    if (Math.abs(candidate.length - target.length) > bound) continue;
    const distance = editDistance(target, candidate.toLowerCase(), bound);
    if (distance <= bound) {
      best = candidate;
      bestDistance = distance;
      if (distance === 0) break;
    }
  }
  return best;
}

/** A type for messages: `String`, `List<Ingress>`, `Map<String>`, `String | Json`. */
export function formatType(type: TypeRef): string {
  switch (type.kind) {
    case 'primitive':
      return type.primitive;
    case 'object':
      return type.name;
    case 'list':
      return `List<${formatType(type.element)}>`;
    case 'map':
      return `Map<${formatType(type.element)}>`;
    case 'union':
      return type.options.map(formatType).join(' | ');
  }
}

function buildResourceSpec(type: string, data: SpecResourceData): ResourceSpec {
  const propertyTypes = record<Record<string, PropertySpec>>();
  for (const [typeName, properties] of Object.entries(data.propertyTypes)) {
    propertyTypes[typeName] = buildProperties(properties);
  }
  const attributes = record<TypeRef>();
  for (const [name, attributeType] of Object.entries(data.attributes)) attributes[name] = attributeType;
  const spec: ResourceSpec = {
    type,
    properties: buildProperties(data.properties),
    attributes,
    propertyTypes,
    stateful: data.stateful,
  };
  if (data.tagPropertyName !== undefined) spec.tagPropertyName = data.tagPropertyName;
  if (data.primaryIdentifier !== undefined) spec.primaryIdentifier = data.primaryIdentifier;
  if (data.refIdentifier !== undefined) spec.refIdentifier = data.refIdentifier;
  if (data.arnTemplate !== undefined) spec.arnTemplate = data.arnTemplate;
  return deepFreeze(spec);
}

function buildProperties(data: Record<string, SpecPropertyData>): Record<string, PropertySpec> {
  const out = record<PropertySpec>();
  for (const [name, { writeOnly, deprecated, ...rest }] of Object.entries(data)) {
    const property: PropertySpec = { name, ...rest, writeOnly: writeOnly === true };
    if (deprecated) property.deprecated = true;
    out[name] = property;
  }
  return out;
}

function record<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

function lookup<T>(records: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(records, key) ? records[key] : undefined;
}

/** The property one segment below a value of type `type`. */
function stepInto(spec: ResourceSpec, type: TypeRef, segment: string): PropertySpec | undefined {
  switch (type.kind) {
    case 'primitive':
      return undefined;
    case 'object': {
      const properties = lookup(spec.propertyTypes, type.name);
      return properties ? lookup(properties, segment) : undefined;
    }
    case 'list':
      if (/^\d+$/.test(segment)) return elementSpec(segment, type.element);
      return stepInto(spec, type.element, segment);
    case 'map':
      return elementSpec(segment, type.element);
    case 'union':
      for (const option of type.options) {
        const found = stepInto(spec, option, segment);
        if (found) return found;
      }
      return undefined;
  }
}

/** A list element or map entry, seen as a property so paths can go through it. */
function elementSpec(name: string, type: TypeRef): PropertySpec {
  return { name, type, required: false, causesReplacement: 'no', writeOnly: false };
}

function objectTypesOf(type: TypeRef): string[] {
  switch (type.kind) {
    case 'object':
      return [type.name];
    case 'list':
      return objectTypesOf(type.element);
    case 'union':
      return type.options.flatMap(objectTypesOf);
    case 'primitive':
    case 'map':
      return [];
  }
}

const REPLACEMENT_RANK: Record<Replacement, number> = { no: 0, maybe: 1, yes: 2 };

function strongerReplacement(a: Replacement, b: Replacement): Replacement {
  return REPLACEMENT_RANK[b] > REPLACEMENT_RANK[a] ? b : a;
}

/** Levenshtein distance; returns early with a value above `bound` once the result must exceed it. */
function editDistance(a: string, b: string, bound: number): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution);
      current.push(value);
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > bound) return rowMin;
    previous = current;
  }
  return previous[b.length]!;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}
