// The declarative SDK → CloudFormation mapping: each resource type declares one table of
// `CFN property name → extractor`, and these helpers apply it and convert common shapes.
import type { Json, JsonObject } from '../../drift/model.js';

/** Returns the CloudFormation-shaped value, or undefined when AWS reports nothing for it. */
export type Extractor<S> = (source: S) => Json | undefined;

/** One row per CloudFormation property (or `Fn::GetAtt` attribute) the reader can produce. */
export type PropertyTable<S> = Readonly<Record<string, Extractor<S>>>;

/**
 * Applies a table to one SDK record. Absent values (undefined, null, '') are left out so that
 * "AWS did not report it" stays distinguishable from a real value; AWS and moto both use '' for
 * "unset" on fields such as `Placement.GroupName` or `PublicDnsName`.
 */
export function applyTable<S>(table: PropertyTable<S>, source: S): JsonObject {
  const out: JsonObject = {};
  for (const [name, extract] of Object.entries(table)) {
    const value = extract(source);
    if (value !== undefined && value !== null && value !== '') out[name] = value;
  }
  return out;
}

interface SdkTag {
  Key?: string | undefined;
  Value?: string | undefined;
}

/** EC2/RDS `[{Key, Value}]` → CloudFormation `Tags`, sorted by key (tags are a map; order is noise). */
export function cfnTags(tags: readonly SdkTag[] | undefined): Json {
  return (tags ?? [])
    .filter((t): t is { Key: string; Value?: string } => typeof t.Key === 'string')
    .map((t) => ({ Key: t.Key, Value: t.Value ?? '' }))
    .sort((a, b) => (a.Key < b.Key ? -1 : a.Key > b.Key ? 1 : 0));
}

/** ECS `[{key, value}]` → CloudFormation `Tags`. */
export function cfnTagsFromLowercase(
  tags: readonly { key?: string | undefined; value?: string | undefined }[] | undefined,
): Json {
  return cfnTags(tags?.map((t) => ({ Key: t.key, Value: t.value })));
}

/**
 * Deep-converts an SDK structure whose member names are the camelCase form of the CloudFormation
 * names (ECS: `deploymentCircuitBreaker.enable` → `DeploymentCircuitBreaker.Enable`). Dates become
 * ISO strings; undefined members are dropped.
 */
export function pascalCaseKeys(value: unknown): Json | undefined {
  if (value === undefined || value === null) return undefined;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => pascalCaseKeys(v) ?? null);
  if (typeof value === 'object') {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) {
      const converted = pascalCaseKeys(v);
      if (converted !== undefined) out[k.charAt(0).toUpperCase() + k.slice(1)] = converted;
    }
    return out;
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return undefined;
}

/** Copies defined members of a flat SDK structure, renaming them per `names` (`{CfnName: sdkName}`). */
export function pick<T extends object>(source: T | undefined, names: Readonly<Record<string, keyof T>>): JsonObject | undefined {
  if (source === undefined) return undefined;
  const out: JsonObject = {};
  for (const [cfnName, sdkName] of Object.entries(names)) {
    const v = pascalCaseKeys(source[sdkName]);
    if (v !== undefined && v !== '') out[cfnName] = v;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Drops undefined entries from a list of ids (SDK lists type their members as optional). */
export function ids(values: readonly (string | undefined)[] | undefined): string[] | undefined {
  return values?.filter((v): v is string => typeof v === 'string' && v !== '');
}

/** CloudFormation declares some numeric RDS properties (AllocatedStorage, Port) as strings. */
export function asString(value: number | undefined): string | undefined {
  return value === undefined ? undefined : String(value);
}
