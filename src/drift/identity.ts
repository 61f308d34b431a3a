// How a desired resource finds its live counterpart (ARCHITECTURE §2, "Identity").
import type { Json, LiveResource } from './model.js';

export interface IdentityRule {
  /** What the phase file must declare, for the "missing identity" error. */
  requirement: string;
  /** Top-level properties the desired key is computed from (resolved before matching). */
  properties: readonly string[];
  /** Key of a desired resource from its resolved identity properties; undefined when they are absent. */
  desiredKey(props: Readonly<Record<string, Json | undefined>>): string | undefined;
  /** Keys a live resource answers to (more than one when part of the identity is optional). */
  liveKeys(live: LiveResource): string[];
}

export function tagValue(tags: Json | undefined, key: string): string | undefined {
  if (!Array.isArray(tags)) return undefined;
  for (const tag of tags) {
    if (tag && typeof tag === 'object' && !Array.isArray(tag) && tag['Key'] === key) {
      const value = tag['Value'];
      return value === null || value === undefined ? '' : String(value);
    }
  }
  return undefined;
}

/** `arn:aws:ecs:…:cluster/shop-prod` → `shop-prod`; a plain name is returned as is. */
export function arnResourceName(value: string): string {
  if (!value.startsWith('arn:')) return value;
  const resource = value.split(':').slice(5).join(':');
  const slash = resource.lastIndexOf('/');
  return slash >= 0 ? resource.slice(slash + 1) : resource.slice(resource.lastIndexOf(':') + 1);
}

const str = (v: Json | undefined): string | undefined =>
  v === undefined || v === null || typeof v === 'object' ? undefined : String(v);

const byNameTag: IdentityRule = {
  requirement: 'a `Name` tag (or Metadata.IAL.PhysicalId)',
  properties: ['Tags'],
  desiredKey: (p) => {
    const name = tagValue(p['Tags'], 'Name');
    return name === undefined ? undefined : `name:${name}`;
  },
  liveKeys: (live) => {
    const name = tagValue(live.properties['Tags'], 'Name');
    return name === undefined ? [] : [`name:${name}`];
  },
};

function byProperty(property: string, caseInsensitive: boolean): IdentityRule {
  const fold = (s: string): string => (caseInsensitive ? s.toLowerCase() : s);
  return {
    requirement: `\`${property}\` (or Metadata.IAL.PhysicalId)`,
    properties: [property],
    desiredKey: (p) => {
      const v = str(p[property]);
      return v === undefined ? undefined : `${property}:${fold(v)}`;
    },
    liveKeys: (live) => {
      const v = str(live.properties[property]);
      return v === undefined ? [] : [`${property}:${fold(v)}`];
    },
  };
}

const securityGroup: IdentityRule = {
  requirement: '`GroupName` (or Metadata.IAL.PhysicalId)',
  properties: ['GroupName', 'VpcId'],
  desiredKey: (p) => {
    const name = str(p['GroupName']);
    if (name === undefined) return undefined;
    const vpc = str(p['VpcId']);
    return vpc === undefined ? `sg:${name}` : `sg:${vpc}/${name}`;
  },
  liveKeys: (live) => {
    const name = str(live.properties['GroupName']);
    if (name === undefined) return [];
    const vpc = str(live.properties['VpcId']);
    return vpc === undefined ? [`sg:${name}`] : [`sg:${vpc}/${name}`, `sg:${name}`];
  },
};

const ecsService: IdentityRule = {
  requirement: '`ServiceName` (or Metadata.IAL.PhysicalId)',
  properties: ['ServiceName', 'Cluster'],
  desiredKey: (p) => {
    const name = str(p['ServiceName']);
    if (name === undefined) return undefined;
    return `svc:${arnResourceName(str(p['Cluster']) ?? 'default')}/${name}`;
  },
  liveKeys: (live) => {
    const name = str(live.properties['ServiceName']);
    if (name === undefined) return [];
    return [`svc:${arnResourceName(str(live.properties['Cluster']) ?? 'default')}/${name}`];
  },
};

export const IDENTITY_RULES: Readonly<Record<string, IdentityRule>> = {
  'AWS::EC2::VPC': byNameTag,
  'AWS::EC2::Subnet': byNameTag,
  'AWS::EC2::Instance': byNameTag,
  'AWS::EC2::SecurityGroup': securityGroup,
  'AWS::ECS::Cluster': byProperty('ClusterName', false),
  'AWS::ECS::Service': ecsService,
  // RDS stores identifiers in lower case whatever case they were created with.
  'AWS::RDS::DBInstance': byProperty('DBInstanceIdentifier', true),
  'AWS::RDS::DBCluster': byProperty('DBClusterIdentifier', true),
  'AWS::RDS::DBSubnetGroup': byProperty('DBSubnetGroupName', true),
};

/**
 * Types in the order they are matched: a type's identity may reference resources of the
 * types before it (a security group's VpcId, a service's Cluster).
 */
export const MATCH_ORDER: readonly string[] = [
  'AWS::EC2::VPC',
  'AWS::EC2::Subnet',
  'AWS::EC2::SecurityGroup',
  'AWS::EC2::Instance',
  'AWS::ECS::Cluster',
  'AWS::ECS::Service',
  'AWS::RDS::DBSubnetGroup',
  'AWS::RDS::DBCluster',
  'AWS::RDS::DBInstance',
];

export const physicalIdKey = (id: string): string => `id:${id}`;

export function liveKeysOf(live: LiveResource, includePhysicalId = true): string[] {
  const rule = IDENTITY_RULES[live.type];
  const keys = rule ? rule.liveKeys(live) : [];
  return includePhysicalId ? [physicalIdKey(live.physicalId), ...keys] : keys;
}

