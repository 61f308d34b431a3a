// Builders for drift-core tests: phase templates (as YAML text, loaded by the real loader), live
// resources and live states. Kept next to the core so every core test speaks the same vocabulary.
import { stringify } from 'yaml';
import { PhaseLoadError, type Diagnostic } from './diagnostics.js';
import { Intrinsic, type Expr } from './intrinsics.js';
import type { Json, JsonObject, LiveResource, LiveState, ReadError } from './model.js';
import { loadPhases, type DesiredResource, type DesiredState, type LoadOptions, type PhaseSource } from './phases.js';
import { SUPPORTED_TYPES } from './spec.js';

export const REGION = 'us-east-1';
export const ACCOUNT = '123456789012';
export const DEFAULT_FILE = 'phases/10-main/01-main.yaml';

/** Lines of a YAML file, so a test can point at `line N` by counting array entries. */
export function lines(...rows: string[]): string {
  return rows.join('\n') + '\n';
}

export interface ResourceDecl {
  Type: string;
  Properties?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
}

export interface ParameterDecl {
  Type?: string;
  Default?: Json;
}

/** A phase file's text from plain objects; intrinsics in their long form (`{ Ref: Vpc }`). */
export function makeTemplate(resources: Record<string, ResourceDecl>, parameters?: Record<string, ParameterDecl>): string {
  const template: Record<string, unknown> = {};
  if (parameters) {
    template['Parameters'] = Object.fromEntries(
      Object.entries(parameters).map(([name, decl]) => [name, { Type: decl.Type ?? 'String', ...(decl.Default !== undefined ? { Default: decl.Default } : {}) }]),
    );
  }
  template['Resources'] = resources;
  return stringify(template);
}

/** A phase source; the phase is the folder name, as the file reader derives it. */
export function source(text: string, file: string = DEFAULT_FILE): PhaseSource {
  const parts = file.split('/');
  return { file, phase: parts[parts.length - 2] ?? '', text };
}

export function load(texts: string | ReadonlyArray<string | PhaseSource>, options: LoadOptions = {}): DesiredState {
  const list = typeof texts === 'string' ? [texts] : texts;
  return loadPhases(
    list.map((t, i) => (typeof t === 'string' ? source(t, i === 0 ? DEFAULT_FILE : `phases/10-main/0${i + 1}-more.yaml`) : t)),
    options,
  );
}

/** Loads one template made from objects and returns its resources. */
export function desired(resources: Record<string, ResourceDecl>, parameters?: Record<string, ParameterDecl>): DesiredResource[] {
  return load(makeTemplate(resources, parameters)).resources;
}

/** The diagnostics of a load that must fail; fails the test when the load succeeds. */
export function loadErrors(texts: string | ReadonlyArray<string | PhaseSource>, options: LoadOptions = {}): Diagnostic[] {
  try {
    load(texts, options);
  } catch (error) {
    if (error instanceof PhaseLoadError) return error.diagnostics;
    throw error;
  }
  throw new Error('expected the phases to fail loading, but they loaded');
}

export function makeLive(resource: {
  type: string;
  physicalId: string;
  properties?: JsonObject;
  attributes?: JsonObject;
  awsDefault?: boolean;
}): LiveResource {
  return {
    type: resource.type,
    physicalId: resource.physicalId,
    properties: resource.properties ?? {},
    attributes: resource.attributes ?? {},
    ...(resource.awsDefault !== undefined ? { awsDefault: resource.awsDefault } : {}),
  };
}

/** A live state in which every supported type was read without error, unless overridden. */
export function liveState(
  resources: LiveResource[],
  overrides: { readTypes?: string[]; errors?: ReadError[]; region?: string; accountId?: string } = {},
): LiveState {
  return {
    region: overrides.region ?? REGION,
    accountId: overrides.accountId ?? ACCOUNT,
    readTypes: overrides.readTypes ?? [...SUPPORTED_TYPES],
    resources,
    errors: overrides.errors ?? [],
  };
}

export function tags(entries: Record<string, string>): Json {
  return Object.entries(entries).map(([Key, Value]) => ({ Key, Value }));
}

export const nameTag = (name: string): Json => [{ Key: 'Name', Value: name }];

export function liveVpc(id: string, name: string | undefined, properties: JsonObject = {}, awsDefault = false): LiveResource {
  return makeLive({
    type: 'AWS::EC2::VPC',
    physicalId: id,
    properties: { CidrBlock: '10.0.0.0/16', ...(name !== undefined ? { Tags: nameTag(name) } : {}), ...properties },
    attributes: { VpcId: id },
    awsDefault,
  });
}

export function liveSubnet(id: string, vpcId: string, name: string | undefined, properties: JsonObject = {}): LiveResource {
  return makeLive({
    type: 'AWS::EC2::Subnet',
    physicalId: id,
    properties: { VpcId: vpcId, CidrBlock: '10.0.1.0/24', ...(name !== undefined ? { Tags: nameTag(name) } : {}), ...properties },
    attributes: { SubnetId: id, VpcId: vpcId },
  });
}

export function liveSecurityGroup(id: string, vpcId: string, groupName: string, properties: JsonObject = {}, awsDefault = false): LiveResource {
  return makeLive({
    type: 'AWS::EC2::SecurityGroup',
    physicalId: id,
    properties: { GroupName: groupName, GroupDescription: groupName, VpcId: vpcId, ...properties },
    attributes: { GroupId: id, VpcId: vpcId },
    awsDefault,
  });
}

export function clusterArn(name: string): string {
  return `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/${name}`;
}

export function serviceArn(cluster: string, name: string): string {
  return `arn:aws:ecs:${REGION}:${ACCOUNT}:service/${cluster}/${name}`;
}

export function liveCluster(name: string, properties: JsonObject = {}): LiveResource {
  return makeLive({
    type: 'AWS::ECS::Cluster',
    physicalId: name,
    properties: { ClusterName: name, ...properties },
    attributes: { Arn: clusterArn(name) },
  });
}

export function liveService(cluster: string, name: string, properties: JsonObject = {}): LiveResource {
  return makeLive({
    type: 'AWS::ECS::Service',
    physicalId: serviceArn(cluster, name),
    properties: { ServiceName: name, Cluster: clusterArn(cluster), ...properties },
    attributes: { ServiceArn: serviceArn(cluster, name), Name: name },
  });
}

export function liveDbInstance(id: string, properties: JsonObject = {}): LiveResource {
  return makeLive({
    type: 'AWS::RDS::DBInstance',
    physicalId: id,
    properties: { DBInstanceIdentifier: id, Engine: 'postgres', DBInstanceClass: 'db.t3.micro', ...properties },
    attributes: { 'Endpoint.Address': `${id}.c9akciq32xyz.${REGION}.rds.amazonaws.com`, 'Endpoint.Port': '5432' },
  });
}

/** An expression with every intrinsic replaced by `{fn, arg}`, to compare parsed values without source locations. */
export function withoutLocations(expr: Expr): unknown {
  if (expr instanceof Intrinsic) return { fn: expr.fn, arg: withoutLocations(expr.arg) };
  if (Array.isArray(expr)) return expr.map(withoutLocations);
  if (expr !== null && typeof expr === 'object') {
    return Object.fromEntries(Object.entries(expr).map(([k, v]) => [k, withoutLocations(v)]));
  }
  return expr;
}
