// Extra resources (live, declared nowhere) → new phase files. Only what someone chose is written: no
// read-only or computed values, no values AWS would use anyway, no secrets, and `!Ref` to declared
// resources instead of their ids, so the new declaration reads like the rest of the phases. Pure.
import type { Json, LiveResource } from './model.js';
import { IDENTITY_RULES, tagValue } from './identity.js';
import { allowedPropertiesAt, propertySpecAt, resourceSpec } from './spec.js';
import { renderBlockEntry, renderScalar, type YamlValue } from './sync-yaml-values.js';

/** Live ids that `!Ref` to a resource in the phases would give: physical ids (and ARNs) → logical ids. */
export type ReferenceIndex = ReadonlyMap<string, ReadonlyArray<{ logicalId: string; type: string }>>;

export function buildReferenceIndex(entries: Iterable<{ logicalId: string; live: LiveResource }>): Map<string, Array<{ logicalId: string; type: string }>> {
  const index = new Map<string, Array<{ logicalId: string; type: string }>>();
  const add = (id: unknown, logicalId: string, type: string): void => {
    if (typeof id !== 'string' || id === '') return;
    const list = index.get(id) ?? [];
    if (!list.some((e) => e.logicalId === logicalId)) list.push({ logicalId, type });
    index.set(id, list);
  };
  for (const { logicalId, live } of entries) {
    add(live.physicalId, logicalId, live.type);
    // A reference may be returned as an ARN where the phases write the name (ECS services' Cluster).
    add(live.attributes['Arn'], logicalId, live.type);
  }
  return index;
}

/**
 * The value to write for a live value at `path` of a `type` resource: ids of resources in the phases
 * become `!Ref`, where the spec says the property refers to that resource type.
 */
export function toYamlValue(value: Json, type: string, path: readonly string[], refs: ReferenceIndex): YamlValue {
  if (Array.isArray(value)) return value.map((v) => toYamlValue(v, type, path, refs));
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: YamlValue } = {};
    for (const [k, v] of Object.entries(value)) out[k] = toYamlValue(v, type, [...path, k], refs);
    return out;
  }
  if (typeof value !== 'string' || path.length === 0) return value;
  const targets = (propertySpecAt(type, path)?.references ?? []).map((r) => r.slice(0, r.lastIndexOf('.')));
  if (targets.length === 0) return value;
  const match = refs.get(value)?.find((e) => targets.includes(e.type));
  return match ? { intrinsic: 'Ref', target: match.logicalId } : value;
}

/**
 * Values AWS uses when a property is omitted, beyond the few the CloudFormation spec documents.
 * Keyed by `Type.Path`; a codified resource leaves them out.
 */
const AWS_DEFAULTS: Readonly<Record<string, Json>> = {
  'AWS::EC2::VPC.InstanceTenancy': 'default',
  'AWS::EC2::VPC.EnableDnsSupport': true,
  'AWS::EC2::VPC.EnableDnsHostnames': false,
  'AWS::EC2::Subnet.MapPublicIpOnLaunch': false,
  'AWS::EC2::Subnet.AssignIpv6AddressOnCreation': false,
  'AWS::EC2::Subnet.EnableDns64': false,
  'AWS::EC2::Subnet.Ipv6Native': false,
  'AWS::EC2::Subnet.PrivateDnsNameOptionsOnLaunch.HostnameType': 'ip-name',
  'AWS::EC2::Subnet.PrivateDnsNameOptionsOnLaunch.EnableResourceNameDnsARecord': false,
  'AWS::EC2::Subnet.PrivateDnsNameOptionsOnLaunch.EnableResourceNameDnsAAAARecord': false,
  'AWS::EC2::SecurityGroup.SecurityGroupEgress': [{ IpProtocol: '-1', CidrIp: '0.0.0.0/0' }],
  'AWS::EC2::Instance.Monitoring': false,
  'AWS::EC2::Instance.EbsOptimized': false,
  'AWS::EC2::Instance.SourceDestCheck': true,
  'AWS::EC2::Instance.Tenancy': 'default',
  'AWS::EC2::Instance.HibernationOptions.Configured': false,
  'AWS::EC2::Instance.EnclaveOptions.Enabled': false,
  'AWS::EC2::Instance.MetadataOptions.HttpEndpoint': 'enabled',
  'AWS::EC2::Instance.MetadataOptions.HttpProtocolIpv6': 'disabled',
  'AWS::EC2::Instance.MetadataOptions.InstanceMetadataTags': 'disabled',
  'AWS::EC2::Instance.MetadataOptions.HttpPutResponseHopLimit': 1,
  'AWS::EC2::Instance.MetadataOptions.HttpTokens': 'optional',
  'AWS::EC2::Instance.PrivateDnsNameOptions.HostnameType': 'ip-name',
  'AWS::EC2::Instance.PrivateDnsNameOptions.EnableResourceNameDnsARecord': false,
  'AWS::EC2::Instance.PrivateDnsNameOptions.EnableResourceNameDnsAAAARecord': false,
  'AWS::ECS::Service.SchedulingStrategy': 'REPLICA',
  'AWS::ECS::Service.DeploymentController.Type': 'ECS',
  'AWS::ECS::Service.DeploymentConfiguration.MaximumPercent': 200,
  'AWS::ECS::Service.DeploymentConfiguration.MinimumHealthyPercent': 100,
  'AWS::ECS::Service.DeploymentConfiguration.DeploymentCircuitBreaker.Enable': false,
  'AWS::ECS::Service.DeploymentConfiguration.DeploymentCircuitBreaker.Rollback': false,
  'AWS::ECS::Service.DeploymentConfiguration.Strategy': 'ROLLING',
  'AWS::ECS::Service.NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp': 'DISABLED',
  'AWS::ECS::Service.EnableECSManagedTags': false,
  'AWS::ECS::Service.EnableExecuteCommand': false,
  'AWS::ECS::Service.PropagateTags': 'NONE',
  'AWS::ECS::Service.HealthCheckGracePeriodSeconds': 0,
  'AWS::RDS::DBInstance.AutoMinorVersionUpgrade': true,
  'AWS::RDS::DBInstance.CopyTagsToSnapshot': false,
  'AWS::RDS::DBInstance.DeletionProtection': false,
  'AWS::RDS::DBInstance.MultiAZ': false,
  'AWS::RDS::DBInstance.PubliclyAccessible': false,
  'AWS::RDS::DBInstance.StorageEncrypted': false,
  'AWS::RDS::DBInstance.EnableIAMDatabaseAuthentication': false,
  'AWS::RDS::DBInstance.EnablePerformanceInsights': false,
  'AWS::RDS::DBInstance.MonitoringInterval': 0,
  'AWS::RDS::DBInstance.NetworkType': 'IPV4',
  'AWS::RDS::DBInstance.BackupRetentionPeriod': 1,
  'AWS::RDS::DBInstance.DedicatedLogVolume': false,
  'AWS::RDS::DBInstance.DatabaseInsightsMode': 'standard',
  'AWS::RDS::DBInstance.EngineLifecycleSupport': 'open-source-rds-extended-support',
  'AWS::RDS::DBCluster.EngineLifecycleSupport': 'open-source-rds-extended-support',
  'AWS::RDS::DBCluster.StorageEncrypted': false,
  'AWS::RDS::DBCluster.DeletionProtection': false,
  'AWS::RDS::DBCluster.CopyTagsToSnapshot': false,
  'AWS::RDS::DBCluster.EnableHttpEndpoint': false,
  'AWS::RDS::DBCluster.EnableIAMDatabaseAuthentication': false,
  'AWS::RDS::DBCluster.AutoMinorVersionUpgrade': true,
  'AWS::RDS::DBCluster.PerformanceInsightsEnabled': false,
  'AWS::RDS::DBCluster.MonitoringInterval': 0,
  'AWS::RDS::DBCluster.NetworkType': 'IPV4',
  'AWS::RDS::DBCluster.EngineMode': 'provisioned',
  'AWS::RDS::DBCluster.DatabaseInsightsMode': 'standard',
};

/** Engines' default ports: an RDS port equal to its engine's default was not a choice. */
const DEFAULT_PORTS: Readonly<Record<string, number>> = {
  postgres: 5432, 'aurora-postgresql': 5432, mysql: 3306, 'aurora-mysql': 3306, mariadb: 3306, oracle: 1521, sqlserver: 1433,
};

/**
 * Properties AWS derives from others (the zone from the subnet, CPU options from the instance type, the
 * certificate authority, cluster members' storage and credentials) or that repeat another property
 * (security group names next to their ids). Declaring them pins what nobody chose.
 */
function derived(type: string, properties: Readonly<Record<string, Json>>): ReadonlySet<string> {
  switch (type) {
    case 'AWS::EC2::Subnet':
      return new Set(properties['AvailabilityZone'] !== undefined ? ['AvailabilityZoneId'] : []);
    case 'AWS::EC2::Instance':
      return new Set([
        'PrivateIpAddress', 'CpuOptions', 'KernelId', 'RamdiskId',
        ...(properties['SubnetId'] !== undefined ? ['AvailabilityZone'] : []),
        ...(properties['SecurityGroupIds'] !== undefined ? ['SecurityGroups'] : []),
      ]);
    case 'AWS::RDS::DBInstance':
      return new Set([
        'CACertificateIdentifier', 'LicenseModel', 'AvailabilityZone', 'PerformanceInsightsRetentionPeriod',
        ...(properties['DBClusterIdentifier'] !== undefined
          ? ['EngineVersion', 'MasterUsername', 'AllocatedStorage', 'StorageEncrypted', 'KmsKeyId', 'BackupRetentionPeriod',
              'PreferredBackupWindow', 'VPCSecurityGroups', 'DeletionProtection', 'CopyTagsToSnapshot', 'Port', 'StorageType',
              'Iops', 'StorageThroughput', 'DBName', 'EnableIAMDatabaseAuthentication', 'MultiAZ', 'DBSubnetGroupName',
              'EnableCloudwatchLogsExports', 'EngineLifecycleSupport']
          : []),
      ]);
    case 'AWS::RDS::DBCluster':
      return new Set(['AvailabilityZones', 'PerformanceInsightsRetentionPeriod']);
    default:
      return new Set();
  }
}

/** Names that hold credentials or point at them: never written to Git, whatever the spec says. */
const SECRET_NAME = /password|secret|credential|token/i;

function looseEqual(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => looseEqual(v, b[i] as Json));
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && looseEqual(a[k] as Json, b[k] as Json));
  }
  if (typeof a === 'object' || typeof b === 'object') return false;
  return String(a).toLowerCase() === String(b).toLowerCase();
}

function isDefault(type: string, path: readonly string[], value: Json, properties: Readonly<Record<string, Json>>): boolean {
  const known = AWS_DEFAULTS[`${type}.${path.join('.')}`];
  if (known !== undefined && looseEqual(known, value)) return true;
  const specDefault = propertySpecAt(type, path)?.defaultValue;
  if (specDefault !== undefined && looseEqual(specDefault as Json, value)) return true;
  if (path.length === 1 && path[0] === 'Port' && type.startsWith('AWS::RDS::')) {
    const engine = properties['Engine'];
    return typeof engine === 'string' && DEFAULT_PORTS[engine.toLowerCase()] === Number(value);
  }
  // gp3 volumes below 400 GiB get a fixed baseline of 3000 IOPS and 125 MiB/s, whatever was asked.
  if (type === 'AWS::RDS::DBInstance' && properties['StorageType'] === 'gp3' && Number(properties['AllocatedStorage']) < 400) {
    if (path[0] === 'Iops' && Number(value) === 3000) return true;
    if (path[0] === 'StorageThroughput' && Number(value) === 125) return true;
  }
  if (type.startsWith('AWS::RDS::') && path.length === 1 && /ParameterGroupName$|^OptionGroupName$/.test(path[0] as string)) {
    return typeof value === 'string' && /^default[.:]/.test(value);
  }
  // The ECS service-linked role is what AWS uses when no role is given.
  if (type === 'AWS::ECS::Service' && path[0] === 'Role') return typeof value === 'string' && value.includes('/aws-service-role/');
  return false;
}

/** The value without empty parts, AWS defaults and fields the spec does not know; undefined when nothing is left. */
function meaningful(type: string, path: string[], value: Json, properties: Readonly<Record<string, Json>>): Json | undefined {
  if (value === null || value === '') return undefined;
  if (isDefault(type, path, value, properties)) return undefined;
  if (Array.isArray(value)) {
    const out: Json[] = [];
    for (const element of value) {
      const kept = element !== null && typeof element === 'object' && !Array.isArray(element)
        ? meaningfulObject(type, path, element, properties)
        : element;
      if (kept !== undefined && kept !== null) out.push(kept);
    }
    return out.length === 0 ? undefined : out;
  }
  if (typeof value === 'object') return meaningfulObject(type, path, value, properties);
  return value;
}

function meaningfulObject(type: string, path: string[], value: { [key: string]: Json }, properties: Readonly<Record<string, Json>>): Json | undefined {
  const allowed = allowedPropertiesAt(type, path);
  const out: { [key: string]: Json } = {};
  for (const [key, v] of Object.entries(value)) {
    // Fields the SDK returns but CloudFormation does not accept would make the file fail to load.
    if (allowed !== undefined && !allowed.includes(key)) continue;
    if (SECRET_NAME.test(key)) continue;
    const kept = meaningful(type, [...path, key], v, properties);
    if (kept !== undefined) out[key] = kept;
  }
  return Object.keys(out).length === 0 ? undefined : out;
}

function isTagProperty(type: string, name: string): boolean {
  return name === (resourceSpec(type)?.tagPropertyName ?? 'Tags');
}

function userTags(value: Json): Json | undefined {
  if (!Array.isArray(value)) return undefined;
  const tags = value.filter(
    (t) => t !== null && typeof t === 'object' && !Array.isArray(t) && !String(t['Key'] ?? '').toLowerCase().startsWith('aws:'),
  );
  return tags.length === 0 ? undefined : tags;
}

/** Properties to declare for a live resource: identity first, tags last, the rest in AWS's order. */
export function codifiedProperties(
  live: LiveResource,
  refs: ReferenceIndex,
  readable?: ReadonlySet<string>,
): { [key: string]: YamlValue } {
  const spec = resourceSpec(live.type);
  const skip = derived(live.type, live.properties);
  const identity: readonly string[] = IDENTITY_RULES[live.type]?.properties ?? [];
  const names = Object.keys(live.properties).sort((a, b) => rank(a) - rank(b));
  function rank(name: string): number {
    if (isTagProperty(live.type, name)) return 2;
    return identity.includes(name) ? 0 : 1;
  }
  const out: { [key: string]: YamlValue } = {};
  for (const name of names) {
    const property = spec?.properties[name];
    if (!property || property.writeOnly || property.deprecated || SECRET_NAME.test(name) || skip.has(name)) continue;
    if (readable && !readable.has(name)) continue;
    const value = live.properties[name] as Json;
    // Tags are kept as they are (an empty value is still a tag), without the ones AWS reserves.
    const kept = isTagProperty(live.type, name) ? userTags(value) : meaningful(live.type, [name], value, live.properties);
    if (kept === undefined) continue;
    out[name] = toYamlValue(kept, live.type, [name], refs);
  }
  return out;
}

/** The name people gave the resource: its Name tag or its name property; undefined when it has none. */
export function givenName(live: LiveResource): string | undefined {
  const tag = tagValue(live.properties['Tags'], 'Name');
  if (tag !== undefined && tag !== '') return tag;
  for (const p of ['GroupName', 'ClusterName', 'ServiceName', 'DBClusterIdentifier', 'DBInstanceIdentifier', 'DBSubnetGroupName']) {
    const v = live.properties[p];
    if (typeof v === 'string' && v !== '') return v;
  }
  return undefined;
}

/** The name people know the resource by: its given name, or its id. */
export function resourceName(live: LiveResource): string {
  return givenName(live) ?? live.physicalId;
}

function words(name: string): string[] {
  return name.normalize('NFKD').replace(/[^A-Za-z0-9]+/g, ' ').trim().split(' ').filter((w) => w !== '');
}

/** `shop-prod-debug` → `shop-prod-debug` for file names: lower case ASCII, dashes, at most 40 characters. */
export function fileSlug(name: string): string {
  const slug = words(name).join('-').toLowerCase().slice(0, 40).replace(/-+$/, '');
  return slug === '' ? 'resource' : slug;
}

/** A logical id not used yet: `ShopProdDebug`, then with the type (`ShopProdDebugSecurityGroup`), then numbered. */
export function freshLogicalId(name: string, type: string, taken: ReadonlySet<string>): string {
  const typeName = type.split('::').pop() ?? 'Resource';
  let base = words(name).map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('').slice(0, 60);
  if (base === '' || /^[0-9]/.test(base)) base = `${typeName}${base}`;
  if (!taken.has(base)) return base;
  const typed = base.endsWith(typeName) ? base : `${base}${typeName}`;
  if (!taken.has(typed)) return typed;
  for (let n = 2; ; n++) if (!taken.has(`${typed}${n}`)) return `${typed}${n}`;
}

/** The domain a type belongs to, and the folder created for it when the phases have none. */
const DOMAINS: Readonly<Record<string, { domain: string; folder: string }>> = {
  'AWS::EC2::VPC': { domain: 'network', folder: '20-network' },
  'AWS::EC2::Subnet': { domain: 'network', folder: '20-network' },
  'AWS::EC2::SecurityGroup': { domain: 'network', folder: '20-network' },
  'AWS::EC2::Instance': { domain: 'compute', folder: '30-compute' },
  'AWS::ECS::Cluster': { domain: 'compute', folder: '30-compute' },
  'AWS::ECS::Service': { domain: 'compute', folder: '30-compute' },
  'AWS::RDS::DBInstance': { domain: 'data', folder: '40-data' },
  'AWS::RDS::DBCluster': { domain: 'data', folder: '40-data' },
  'AWS::RDS::DBSubnetGroup': { domain: 'data', folder: '40-data' },
};

export interface PhaseLayout {
  /** Existing phase folders (names) with the types declared in each. */
  phases: ReadonlyArray<{ phase: string; types: readonly string[] }>;
}

/**
 * The phase folder for a new resource: where the phases already declare that type; else a folder of its
 * domain (`…-network`, `…-compute`, `…-data`); else the domain's default folder, created.
 */
export function phaseFor(type: string, layout: PhaseLayout): string {
  let best: { phase: string; count: number } | undefined;
  for (const p of layout.phases) {
    const count = p.types.filter((t) => t === type).length;
    if (count > 0 && (best === undefined || count > best.count)) best = { phase: p.phase, count };
  }
  if (best) return best.phase;
  const domain = DOMAINS[type] ?? { domain: 'resources', folder: '90-resources' };
  const existing = layout.phases.find((p) => p.phase === domain.domain || p.phase.endsWith(`-${domain.domain}`));
  return existing?.phase ?? domain.folder;
}

/** `NN-reverse-sync-<slug>.yaml` with NN one above the highest number used in the folder. */
export function newFileName(slug: string, existingNames: readonly string[]): string {
  const numbers = existingNames.map((n) => /^(\d+)-/.exec(n)?.[1]).filter((n): n is string => n !== undefined).map(Number);
  const next = numbers.length === 0 ? 1 : Math.max(...numbers) + 1;
  return `${String(next).padStart(2, '0')}-reverse-sync-${slug}.yaml`;
}

/** The text of a new phase file declaring one resource. */
export function renderCodifiedFile(options: {
  logicalId: string;
  live: LiveResource;
  properties: { [key: string]: YamlValue };
  /** ISO time of the check that found the resource. */
  foundAt: string;
  /** Pins the live resource when the declared properties cannot identify it (no Name tag, say). */
  physicalId?: string;
}): string {
  const { logicalId, live, properties } = options;
  const description = `${live.type} ${live.physicalId}, created outside Git and codified by ialctl reverse-sync`;
  const lines = [
    `# Found in AWS on ${options.foundAt.slice(0, 10)} as an extra resource (declared in no phase file).`,
    '# Review every value: this file states what exists, not what should.',
    `Description: ${renderScalar(description, 'block')}`,
    '',
    'Resources:',
    `  ${logicalId}:`,
    `    Type: ${live.type}`,
  ];
  if (options.physicalId !== undefined) {
    lines.push('    Metadata:', `      IAL: { PhysicalId: ${renderScalar(options.physicalId, 'flow')} }`);
  }
  const entries = Object.entries(properties);
  if (entries.length > 0) {
    lines.push('    Properties:');
    for (const [name, value] of entries) lines.push(...renderBlockEntry(name, value, 6));
  }
  return `${lines.join('\n')}\n`;
}
