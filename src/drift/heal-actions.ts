// What ialctl can write back to AWS, per resource type: which operation heals which property, with
// which exact SDK parameters, whether it interrupts the resource, and which values belong to someone
// else (AWS itself, an autoscaler). Pure: SDK *types* only, so the parameters are checked at compile time.
import type {
  AuthorizeSecurityGroupEgressRequest, AuthorizeSecurityGroupIngressRequest, CreateTagsRequest, DeleteTagsRequest,
  IpPermission, ModifyInstanceAttributeRequest, ModifyVpcAttributeRequest, RevokeSecurityGroupEgressRequest,
  RevokeSecurityGroupIngressRequest,
} from '@aws-sdk/client-ec2';
import type { ClusterSetting, TagResourceRequest, UntagResourceRequest, UpdateClusterRequest, UpdateServiceRequest } from '@aws-sdk/client-ecs';
import type {
  AddTagsToResourceMessage, ModifyDBClusterMessage, ModifyDBInstanceMessage, RemoveTagsFromResourceMessage,
} from '@aws-sdk/client-rds';
import { arnResourceName } from './identity.js';
import type { HealChange, HealFacts } from './heal-model.js';
import type { Json, JsonObject, LiveResource } from './model.js';

export interface BuildContext {
  region: string;
  accountId: string;
  applyImmediately: boolean;
}

/** One API call a plan will make, before it is tied to a drift item. */
export interface ActionDraft {
  operation: string;
  parameters: JsonObject;
  changes: HealChange[];
  disruption?: string;
  reversible: boolean;
  /** Set when no policy may run this action without a human, whatever the item's severity. */
  attendedOnly?: string;
}

interface ConfigWriter {
  operation: (change: HealChange) => string;
  /** Order of the call among the resource's calls (lower first). */
  rank: (change: HealChange) => number;
  /** Why the change interrupts the resource, when it does. */
  disruption?: (change: HealChange, resource: LiveResource) => string | undefined;
  attendedOnly?: string;
  /** Why this writer cannot make this change, when it cannot. */
  refuse?: (change: HealChange) => string | undefined;
  /** The API takes one such change per call (ModifyVpcAttribute). */
  onePerCall?: boolean;
}

const fixed = (operation: string, rank: number, extra: Partial<ConfigWriter> = {}): ConfigWriter => ({
  operation: () => operation,
  rank: () => rank,
  ...extra,
});

const cannotUnset = (change: HealChange): string | undefined =>
  change.to === null ? `AWS cannot unset ${change.path}; declare its value in the phase file` : undefined;

const SG_EXPOSURE = 'security group rules change network exposure: a human must approve them';

/** Ingress/egress rules are sets: a declared rule absent in AWS is authorized, an undeclared live one revoked. */
function ruleWriter(direction: 'Ingress' | 'Egress'): ConfigWriter {
  return {
    operation: (c) => (c.to === null ? `ec2:RevokeSecurityGroup${direction}` : `ec2:AuthorizeSecurityGroup${direction}`),
    // Revoke first: an opened port is closed before anything else happens to the group.
    rank: (c) => (c.to === null ? 10 : 20) + (direction === 'Egress' ? 1 : 0),
    attendedOnly: SG_EXPOSURE,
    refuse: (c) => {
      if (!c.member) return `${c.path} differs as a whole (AWS reported no rule list): heal it with a deploy`;
      const rule = (c.to ?? c.from) as Json;
      return isObject(rule) && peerOf(rule) === undefined ? `a ${c.path} rule names no CIDR, prefix list or group` : undefined;
    },
  };
}

const RDS_INSTANCE_RESTART = 'the DB instance restarts';

/** Per type, the configuration properties ialctl can heal in place. Tags are handled for every type below. */
const CONFIG_WRITERS: Readonly<Record<string, Readonly<Record<string, ConfigWriter>>>> = {
  'AWS::EC2::VPC': {
    // DNS hostnames need DNS support: switch things off hostnames-first, on support-first.
    EnableDnsSupport: { ...fixed('ec2:ModifyVpcAttribute', 0), rank: (c) => (c.to === false ? 1 : 2), onePerCall: true, refuse: cannotUnset },
    EnableDnsHostnames: { ...fixed('ec2:ModifyVpcAttribute', 0), rank: (c) => (c.to === false ? 0 : 3), onePerCall: true, refuse: cannotUnset },
  },
  'AWS::EC2::SecurityGroup': {
    SecurityGroupIngress: ruleWriter('Ingress'),
    SecurityGroupEgress: ruleWriter('Egress'),
  },
  'AWS::EC2::Instance': {
    InstanceType: fixed('ec2:ModifyInstanceAttribute', 0, {
      disruption: () => 'stops the instance, changes its type and starts it again',
      attendedOnly: 'changing the instance type stops the instance: a human must approve it',
      refuse: cannotUnset,
    }),
  },
  'AWS::ECS::Service': {
    DesiredCount: fixed('ecs:UpdateService', 0, { refuse: cannotUnset }),
    TaskDefinition: fixed('ecs:UpdateService', 0, { refuse: cannotUnset }),
    DeploymentConfiguration: fixed('ecs:UpdateService', 0),
  },
  'AWS::ECS::Cluster': {
    ClusterSettings: fixed('ecs:UpdateCluster', 0, {
      refuse: (c) => (c.to === null ? 'AWS cannot remove a cluster setting; declare its value in the phase file' : undefined),
    }),
  },
  'AWS::RDS::DBInstance': {
    PreferredBackupWindow: fixed('rds:ModifyDBInstance', 0, { refuse: cannotUnset }),
    BackupRetentionPeriod: fixed('rds:ModifyDBInstance', 0, {
      // Turning automated backups on or off (0 ↔ n) restarts the instance.
      disruption: (c) => (c.from === 0 || c.to === 0 ? `turning automated backups on or off: ${RDS_INSTANCE_RESTART}` : undefined),
      refuse: cannotUnset,
    }),
    PreferredMaintenanceWindow: fixed('rds:ModifyDBInstance', 0, { refuse: cannotUnset }),
    DeletionProtection: fixed('rds:ModifyDBInstance', 0, { refuse: cannotUnset }),
    DBInstanceClass: fixed('rds:ModifyDBInstance', 0, {
      disruption: () => `changing the instance class: ${RDS_INSTANCE_RESTART}`,
      refuse: cannotUnset,
    }),
  },
  'AWS::RDS::DBCluster': {
    PreferredBackupWindow: fixed('rds:ModifyDBCluster', 0, { refuse: cannotUnset }),
    BackupRetentionPeriod: fixed('rds:ModifyDBCluster', 0, { refuse: cannotUnset }),
    PreferredMaintenanceWindow: fixed('rds:ModifyDBCluster', 0, { refuse: cannotUnset }),
    DeletionProtection: fixed('rds:ModifyDBCluster', 0, { refuse: cannotUnset }),
  },
};

type TagService = 'ec2' | 'ecs' | 'rds';
const TAG_SERVICE: Readonly<Record<string, TagService>> = {
  'AWS::EC2::VPC': 'ec2',
  'AWS::EC2::Subnet': 'ec2',
  'AWS::EC2::SecurityGroup': 'ec2',
  'AWS::EC2::Instance': 'ec2',
  'AWS::ECS::Cluster': 'ecs',
  'AWS::ECS::Service': 'ecs',
  'AWS::RDS::DBInstance': 'rds',
  'AWS::RDS::DBCluster': 'rds',
  'AWS::RDS::DBSubnetGroup': 'rds',
};
const TAG_OPERATIONS: Readonly<Record<TagService, { set: string; unset: string }>> = {
  ec2: { set: 'ec2:CreateTags', unset: 'ec2:DeleteTags' },
  ecs: { set: 'ecs:TagResource', unset: 'ecs:UntagResource' },
  rds: { set: 'rds:AddTagsToResource', unset: 'rds:RemoveTagsFromResource' },
};

/** Every operation a plan can contain, for the IAM policy and the write-call audit. */
export const PLAN_OPERATIONS: readonly string[] = Object.freeze(
  [
    ...new Set([
      ...Object.values(TAG_OPERATIONS).flatMap((o) => [o.set, o.unset]),
      'ec2:ModifyVpcAttribute',
      'ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress',
      'ec2:AuthorizeSecurityGroupEgress', 'ec2:RevokeSecurityGroupEgress',
      'ec2:ModifyInstanceAttribute',
      'ecs:UpdateService', 'ecs:UpdateCluster',
      'rds:ModifyDBInstance', 'rds:ModifyDBCluster',
    ]),
  ].sort(),
);

export function isTagPath(path: string): boolean {
  return path.startsWith('Tags.');
}

export function tagKeyOf(path: string): string {
  return path.slice('Tags.'.length);
}

export function topLevelOf(path: string): string {
  const dot = path.indexOf('.');
  return dot < 0 ? path : path.slice(0, dot);
}

/** True when some writer can heal the property at `path` of `type`. */
export function hasWriter(type: string, path: string): boolean {
  if (isTagPath(path)) return TAG_SERVICE[type] !== undefined;
  return CONFIG_WRITERS[type]?.[topLevelOf(path)] !== undefined;
}

/** Properties ialctl heals for a type (tags aside), for documentation and messages. */
export function writableProperties(type: string): string[] {
  return Object.keys(CONFIG_WRITERS[type] ?? {});
}

/**
 * A value someone other than the phase file legitimately owns: AWS applying minor engine upgrades,
 * Application Auto Scaling sizing a service, a DB cluster holding its members' backup settings.
 * Healing it would fight that owner, so the plan reports it instead.
 */
export function ownedElsewhere(type: string, change: HealChange, resource: LiveResource, facts: HealFacts): string | undefined {
  const property = topLevelOf(change.path);
  const props = resource.properties;
  if ((type === 'AWS::RDS::DBInstance' || type === 'AWS::RDS::DBCluster') && property === 'EngineVersion' && props['AutoMinorVersionUpgrade'] === true) {
    return 'AWS manages EngineVersion: AutoMinorVersionUpgrade is on, so AWS applies minor upgrades; update the phase file instead (reverse sync)';
  }
  if (type === 'AWS::RDS::DBInstance' && (property === 'PreferredBackupWindow' || property === 'BackupRetentionPeriod')) {
    const cluster = props['DBClusterIdentifier'];
    if (typeof cluster === 'string' && cluster !== '') {
      return `${property} of a cluster member is set on its DB cluster ${cluster}: heal the cluster instead`;
    }
  }
  if (type === 'AWS::ECS::Service' && property === 'DesiredCount') {
    const id = serviceResourceId(resource);
    if (facts.scalableTargets === undefined) {
      return `cannot tell whether Application Auto Scaling owns DesiredCount (${facts.scalableTargetsError ?? 'not checked'}), so it is not healed`;
    }
    const target = facts.scalableTargets.get(id);
    if (target) {
      return `Application Auto Scaling owns DesiredCount (scalable target ${id}, ${target.min}–${target.max} tasks): change the scaling range instead`;
    }
  }
  return undefined;
}

/** `service/<cluster>/<service>`: how Application Auto Scaling names an ECS service. */
export function serviceResourceId(resource: LiveResource): string {
  return `service/${clusterNameOf(resource)}/${serviceNameOf(resource)}`;
}

function clusterNameOf(service: LiveResource): string {
  const cluster = service.properties['Cluster'];
  if (typeof cluster === 'string' && cluster !== '') return arnResourceName(cluster);
  // arn:aws:ecs:region:account:service/<cluster>/<name>
  const parts = service.physicalId.split('/');
  return parts.length >= 3 ? (parts[parts.length - 2] ?? '') : 'default';
}

function serviceNameOf(service: LiveResource): string {
  const name = service.properties['ServiceName'];
  return typeof name === 'string' && name !== '' ? name : arnResourceName(service.physicalId);
}

/**
 * The calls that make `changes` true on `resource`, in the order they must run. A change no
 * writer can make comes back in `refused` with the reason.
 */
export function draftActions(
  type: string,
  resource: LiveResource,
  changes: readonly HealChange[],
  ctx: BuildContext,
): { drafts: ActionDraft[]; refused: Array<{ path: string; reason: string }> } {
  const refused: Array<{ path: string; reason: string }> = [];
  const routed: Array<{ change: HealChange; operation: string; rank: number; group: string; disruption?: string; attendedOnly?: string }> = [];
  for (const change of changes) {
    if (isTagPath(change.path)) {
      const service = TAG_SERVICE[type];
      if (!service) {
        refused.push({ path: change.path, reason: `ialctl has no tag writer for ${type}` });
        continue;
      }
      const operation = change.to === null ? TAG_OPERATIONS[service].unset : TAG_OPERATIONS[service].set;
      routed.push({ change, operation, rank: change.to === null ? -1 : -2, group: operation });
      continue;
    }
    const writer = CONFIG_WRITERS[type]?.[topLevelOf(change.path)];
    if (!writer) {
      refused.push({ path: change.path, reason: `ialctl has no writer for ${topLevelOf(change.path)} of ${type}` });
      continue;
    }
    const refusal = writer.refuse?.(change);
    if (refusal) {
      refused.push({ path: change.path, reason: refusal });
      continue;
    }
    const operation = writer.operation(change);
    const disruption = writer.disruption?.(change, resource);
    routed.push({
      change,
      operation,
      rank: writer.rank(change),
      group: `${operation}|${disruption ?? ''}|${writer.attendedOnly ?? ''}|${writer.onePerCall ? change.path : ''}`,
      ...(disruption ? { disruption } : {}),
      ...(writer.attendedOnly ? { attendedOnly: writer.attendedOnly } : {}),
    });
  }

  // Stable sort keeps the report's order among changes of equal rank.
  routed.sort((a, b) => a.rank - b.rank);
  const groups = new Map<string, typeof routed>();
  for (const r of routed) groups.set(r.group, [...(groups.get(r.group) ?? []), r]);

  const drafts: ActionDraft[] = [];
  for (const members of groups.values()) {
    const first = members[0]!;
    const groupChanges = members.map((m) => m.change);
    const disruption = first.disruption;
    drafts.push({
      operation: first.operation,
      parameters: buildParameters(first.operation, type, resource, groupChanges, ctx),
      changes: groupChanges,
      ...(disruption ? { disruption } : {}),
      reversible: groupChanges.every(isReversible),
      ...(first.attendedOnly ? { attendedOnly: first.attendedOnly } : {}),
    });
  }
  return { drafts, refused };
}

/** Undo writes `from` back: possible for tags and set members always, for other values only when `from` was set. */
function isReversible(change: HealChange): boolean {
  return isTagPath(change.path) || change.member === true || change.from !== null;
}

function buildParameters(operation: string, type: string, resource: LiveResource, changes: HealChange[], ctx: BuildContext): JsonObject {
  const id = resource.physicalId;
  switch (operation) {
    case 'ec2:CreateTags':
      return json<CreateTagsRequest>({ Resources: [id], Tags: changes.map((c) => ({ Key: tagKeyOf(c.path), Value: text(c.to) })) });
    case 'ec2:DeleteTags':
      // With the value, EC2 deletes the tag only if it still has the value the plan saw.
      return json<DeleteTagsRequest>({ Resources: [id], Tags: changes.map((c) => ({ Key: tagKeyOf(c.path), Value: text(c.from) })) });
    case 'ecs:TagResource':
      return json<TagResourceRequest>({ resourceArn: ecsArn(type, resource, ctx), tags: changes.map((c) => ({ key: tagKeyOf(c.path), value: text(c.to) })) });
    case 'ecs:UntagResource':
      return json<UntagResourceRequest>({ resourceArn: ecsArn(type, resource, ctx), tagKeys: changes.map((c) => tagKeyOf(c.path)) });
    case 'rds:AddTagsToResource':
      return json<AddTagsToResourceMessage>({ ResourceName: rdsArn(type, resource, ctx), Tags: changes.map((c) => ({ Key: tagKeyOf(c.path), Value: text(c.to) })) });
    case 'rds:RemoveTagsFromResource':
      return json<RemoveTagsFromResourceMessage>({ ResourceName: rdsArn(type, resource, ctx), TagKeys: changes.map((c) => tagKeyOf(c.path)) });
    case 'ec2:ModifyVpcAttribute': {
      const change = changes[0]!;
      return json<ModifyVpcAttributeRequest>({ VpcId: id, [topLevelOf(change.path)]: { Value: change.to === true } });
    }
    case 'ec2:AuthorizeSecurityGroupIngress':
      return json<AuthorizeSecurityGroupIngressRequest>({ GroupId: id, IpPermissions: changes.map((c) => ipPermission(c.to as JsonObject, 'ingress', true)) });
    case 'ec2:RevokeSecurityGroupIngress':
      return json<RevokeSecurityGroupIngressRequest>({ GroupId: id, IpPermissions: changes.map((c) => ipPermission(c.from as JsonObject, 'ingress', false)) });
    case 'ec2:AuthorizeSecurityGroupEgress':
      return json<AuthorizeSecurityGroupEgressRequest>({ GroupId: id, IpPermissions: changes.map((c) => ipPermission(c.to as JsonObject, 'egress', true)) });
    case 'ec2:RevokeSecurityGroupEgress':
      return json<RevokeSecurityGroupEgressRequest>({ GroupId: id, IpPermissions: changes.map((c) => ipPermission(c.from as JsonObject, 'egress', false)) });
    case 'ec2:ModifyInstanceAttribute':
      return json<ModifyInstanceAttributeRequest>({ InstanceId: id, InstanceType: { Value: text(changes[0]!.to) } });
    case 'ecs:UpdateService':
      return json<UpdateServiceRequest>(updateService(resource, changes));
    case 'ecs:UpdateCluster':
      return json<UpdateClusterRequest>({ cluster: id, settings: clusterSettings(resource, changes) });
    case 'rds:ModifyDBInstance':
      return json<ModifyDBInstanceMessage>({ DBInstanceIdentifier: id, ...rdsFields(changes), ApplyImmediately: ctx.applyImmediately });
    case 'rds:ModifyDBCluster':
      return json<ModifyDBClusterMessage>({ DBClusterIdentifier: id, ...rdsFields(changes), ApplyImmediately: ctx.applyImmediately });
    default:
      throw new Error(`no parameter builder for ${operation}`);
  }
}

/** SDK inputs are plain data; typing them against the SDK first catches a misspelt member at compile time. */
function json<T>(value: T): JsonObject {
  return value as unknown as JsonObject;
}

function text(value: Json): string {
  return value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);
}

function isObject(value: Json | undefined): value is JsonObject {
  return value !== null && value !== undefined && typeof value === 'object' && !Array.isArray(value);
}

function partition(region: string): string {
  return region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
}

function ecsArn(type: string, resource: LiveResource, ctx: BuildContext): string {
  if (type === 'AWS::ECS::Service') return resource.physicalId;
  const arn = resource.attributes['Arn'];
  return typeof arn === 'string' && arn !== '' ? arn : `arn:${partition(ctx.region)}:ecs:${ctx.region}:${ctx.accountId}:cluster/${resource.physicalId}`;
}

const RDS_ARN: Readonly<Record<string, { attribute: string; kind: string }>> = {
  'AWS::RDS::DBInstance': { attribute: 'DBInstanceArn', kind: 'db' },
  'AWS::RDS::DBCluster': { attribute: 'DBClusterArn', kind: 'cluster' },
  'AWS::RDS::DBSubnetGroup': { attribute: 'DBSubnetGroupArn', kind: 'subgrp' },
};

function rdsArn(type: string, resource: LiveResource, ctx: BuildContext): string {
  const spec = RDS_ARN[type];
  if (!spec) throw new Error(`${type} is not an RDS type`);
  const arn = resource.attributes[spec.attribute];
  return typeof arn === 'string' && arn !== '' ? arn : `arn:${partition(ctx.region)}:rds:${ctx.region}:${ctx.accountId}:${spec.kind}:${resource.physicalId}`;
}

/** The peer a rule opens to, as CloudFormation names it. */
function peerOf(rule: JsonObject): string | undefined {
  return ['CidrIp', 'CidrIpv6', 'SourcePrefixListId', 'DestinationPrefixListId', 'SourceSecurityGroupId', 'DestinationSecurityGroupId', 'SourceSecurityGroupName'].find(
    (k) => typeof rule[k] === 'string' && rule[k] !== '',
  );
}

/**
 * A CloudFormation rule → the EC2 IpPermission naming the same protocol, ports and peer. Revokes
 * leave the description out: EC2 identifies a rule by protocol, ports and peer.
 */
export function ipPermission(rule: JsonObject, direction: 'ingress' | 'egress', withDescription: boolean): IpPermission {
  const protocol = String(rule['IpProtocol'] ?? '-1');
  const permission: IpPermission = { IpProtocol: protocol };
  if (protocol !== '-1') {
    if (rule['FromPort'] !== undefined) permission.FromPort = Number(rule['FromPort']);
    if (rule['ToPort'] !== undefined) permission.ToPort = Number(rule['ToPort']);
  }
  const description = withDescription && typeof rule['Description'] === 'string' && rule['Description'] !== '' ? { Description: rule['Description'] } : {};
  const str = (key: string): string | undefined => (typeof rule[key] === 'string' && rule[key] !== '' ? (rule[key] as string) : undefined);
  const cidr = str('CidrIp');
  const cidr6 = str('CidrIpv6');
  const prefixList = direction === 'ingress' ? str('SourcePrefixListId') : str('DestinationPrefixListId');
  const groupId = direction === 'ingress' ? str('SourceSecurityGroupId') : str('DestinationSecurityGroupId');
  const groupName = direction === 'ingress' ? str('SourceSecurityGroupName') : undefined;
  const owner = direction === 'ingress' ? str('SourceSecurityGroupOwnerId') : undefined;
  if (cidr) permission.IpRanges = [{ CidrIp: cidr, ...description }];
  if (cidr6) permission.Ipv6Ranges = [{ CidrIpv6: cidr6, ...description }];
  if (prefixList) permission.PrefixListIds = [{ PrefixListId: prefixList, ...description }];
  if (groupId || groupName) {
    permission.UserIdGroupPairs = [
      { ...(groupId ? { GroupId: groupId } : { GroupName: groupName }), ...(owner ? { UserId: owner } : {}), ...description },
    ];
  }
  return permission;
}

function updateService(resource: LiveResource, changes: HealChange[]): UpdateServiceRequest {
  const input: UpdateServiceRequest = { cluster: clusterNameOf(resource), service: resource.physicalId };
  const config: HealChange[] = [];
  for (const c of changes) {
    const property = topLevelOf(c.path);
    if (property === 'DesiredCount') input.desiredCount = Number(c.to);
    else if (property === 'TaskDefinition') input.taskDefinition = text(c.to);
    else if (property === 'DeploymentConfiguration') config.push(c);
  }
  if (config.length > 0) {
    // The whole structure is sent, live values kept, so fields the phase does not declare are not reset.
    const merged = applyChanges(resource.properties['DeploymentConfiguration'] ?? null, 'DeploymentConfiguration', config);
    input.deploymentConfiguration = camelCaseKeys(merged) as UpdateServiceRequest['deploymentConfiguration'];
  }
  return input;
}

/** The full settings list, live values with the changes applied: AWS and moto differ on partial updates. */
function clusterSettings(resource: LiveResource, changes: HealChange[]): ClusterSetting[] {
  const live = resource.properties['ClusterSettings'];
  const settings = new Map<string, string>();
  if (Array.isArray(live)) {
    for (const s of live) if (isObject(s) && typeof s['Name'] === 'string') settings.set(s['Name'], text(s['Value'] ?? null));
  }
  for (const c of changes) {
    const rest = c.path.split('.').slice(1);
    if (rest.length >= 1 && !c.member) {
      // ClusterSettings.<Name>.Value (a changed value) or ClusterSettings.<Name> (a whole declared setting)
      const name = rest[0]!;
      settings.set(name, rest.length >= 2 ? text(c.to) : text(isObject(c.to) ? (c.to['Value'] ?? null) : c.to));
    } else if (isObject(c.to) && typeof c.to['Name'] === 'string') {
      settings.set(c.to['Name'], text(c.to['Value'] ?? null));
    }
  }
  // The SDK types `name` as its enum of known settings; AWS is the judge of names it added since.
  return [...settings].map(([name, value]) => ({ name: name as ClusterSetting['name'], value }));
}

function rdsFields(changes: HealChange[]): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const c of changes) out[topLevelOf(c.path)] = c.to;
  return out;
}

/**
 * The value of `property` after the changes: `live` copied, each change written at its sub-path
 * (members added to or removed from the list there).
 */
export function applyChanges(live: Json, property: string, changes: readonly HealChange[]): Json {
  let value: Json = structuredClone(live);
  for (const c of changes) {
    const segments = c.path.split('.').slice(1);
    if (segments.length === 0 && !c.member) {
      value = structuredClone(c.to);
      continue;
    }
    if (value === null || !isObject(value)) value = {};
    value = setAt(value, segments, c, property);
  }
  return value;
}

function setAt(target: JsonObject, segments: string[], change: HealChange, property: string): JsonObject {
  if (segments.length === 0) throw new Error(`member change at ${property} needs a list path`);
  const [head, ...rest] = segments as [string, ...string[]];
  if (rest.length > 0) {
    const child = target[head];
    target[head] = setAt(isObject(child) ? child : {}, rest, change, property);
    return target;
  }
  if (change.member) {
    const list = Array.isArray(target[head]) ? [...(target[head] as Json[])] : [];
    if (change.to === null) {
      const at = list.findIndex((e) => JSON.stringify(e) === JSON.stringify(change.from));
      if (at >= 0) list.splice(at, 1);
    } else {
      list.push(structuredClone(change.to));
    }
    target[head] = list;
  } else if (change.to === null) {
    delete target[head];
  } else {
    target[head] = structuredClone(change.to);
  }
  return target;
}

/** The inverse of the readers' pascalCaseKeys: CloudFormation member names → ECS SDK member names. */
export function camelCaseKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(camelCaseKeys);
  if (isObject(value)) {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) out[k.charAt(0).toLowerCase() + k.slice(1)] = camelCaseKeys(v);
    return out;
  }
  return value;
}
