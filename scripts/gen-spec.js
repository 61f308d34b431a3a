// Precomputes the slice of the CloudFormation resource specification that ialctl needs.
//
// Loading @aws-cdk/aws-service-spec costs about a second (a 15 MB JSON database), far too slow for
// every CLI start, so `npm run gen:spec` distils it into one committed module, src/drift/spec-data.ts:
// `tsc` compiles it into dist/ with no copy step, the CLI imports it without touching the file system,
// and its one-line-per-property layout keeps spec upgrades reviewable as small diffs.
// Re-run after upgrading @aws-cdk/aws-service-spec; src/drift/spec.test.ts fails while the file is stale.

import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);

/** Types ialctl reads from AWS, in the order the architecture lists them. */
export const SUPPORTED_TYPES = [
  'AWS::EC2::VPC',
  'AWS::EC2::Subnet',
  'AWS::EC2::SecurityGroup',
  'AWS::EC2::Instance',
  'AWS::ECS::Cluster',
  'AWS::ECS::Service',
  'AWS::RDS::DBInstance',
  'AWS::RDS::DBCluster',
  'AWS::RDS::DBSubnetGroup',
];

/** Types that phase files reference next to the supported ones (rules of a group, a service's task definition). */
export const REFERENCED_TYPES = ['AWS::EC2::SecurityGroupIngress', 'AWS::EC2::SecurityGroupEgress', 'AWS::ECS::TaskDefinition'];

/**
 * Write-only properties: values CloudFormation accepts but the service never returns, so they can never be
 * compared with live state. The spec database has no write-only marker, so this table copies the
 * `writeOnlyProperties` of each type's CloudFormation registry schema (as published in the cfn-lint
 * us-east-1/us-west-2 provider schemas). Paths use the schema's JSON-pointer form without `/properties/`;
 * `*` steps into a list element. Types whose schema lists none (SecurityGroupIngress/Egress,
 * TaskDefinition) are absent.
 *
 * Deliberately left out although a schema lists them, because the Describe API does return them and
 * they are exactly what a phase file declares to pin down:
 *   AWS::RDS::DBInstance    Port       (DescribeDBInstances: Endpoint.Port / DbInstancePort)
 *   AWS::RDS::DBSubnetGroup SubnetIds  (DescribeDBSubnetGroups: Subnets[].SubnetIdentifier)
 */
export const WRITE_ONLY = {
  'AWS::EC2::VPC': ['Ipv4IpamPoolId', 'Ipv4NetmaskLength'],
  'AWS::EC2::Subnet': ['EnableLniAtDeviceIndex', 'Ipv4IpamPoolId', 'Ipv4NetmaskLength', 'Ipv6IpamPoolId', 'Ipv6NetmaskLength'],
  'AWS::EC2::SecurityGroup': ['SecurityGroupIngress/*/SourceSecurityGroupName'],
  'AWS::EC2::Instance': [
    'AdditionalInfo',
    'BlockDeviceMappings/*/NoDevice',
    'BlockDeviceMappings/*/VirtualName',
    'Ipv6AddressCount',
    'Ipv6Addresses',
    'LicenseSpecifications',
    'PropagateTagsToVolumeOnCreation',
  ],
  'AWS::ECS::Cluster': ['ServiceConnectDefaults'],
  'AWS::ECS::Service': ['ServiceConnectConfiguration', 'VolumeConfigurations'],
  'AWS::RDS::DBInstance': [
    'AllowMajorVersionUpgrade',
    'CertificateRotationRestart',
    'DBSnapshotIdentifier',
    'DeleteAutomatedBackups',
    'MasterUserPassword',
    'RestoreTime',
    'SourceDBInstanceAutomatedBackupsArn',
    'SourceDBInstanceIdentifier',
    'SourceDbiResourceId',
    'SourceRegion',
    'TdeCredentialPassword',
    'UseDefaultProcessorFeatures',
    'UseLatestRestorableTime',
  ],
  'AWS::RDS::DBCluster': [
    'DBInstanceParameterGroupName',
    'MasterUserPassword',
    'RestoreToTime',
    'RestoreType',
    'SnapshotIdentifier',
    'SourceDBClusterIdentifier',
    'SourceRegion',
    'UseLatestRestorableTime',
  ],
};

const PRIMITIVES = {
  string: 'String',
  integer: 'Integer',
  number: 'Double',
  boolean: 'Boolean',
  json: 'Json',
  'date-time': 'Timestamp',
};

// The spec encodes standard CloudFormation tags as a builtin `tag` type instead of a type definition;
// ialctl walks tags like any other nested object, so they get an explicit `Tag` definition.
const TAG_TYPE_NAME = 'Tag';
const tagProperties = () => ({
  Key: { type: { kind: 'primitive', primitive: 'String' }, required: true, causesReplacement: 'no' },
  Value: { type: { kind: 'primitive', primitive: 'String' }, required: true, causesReplacement: 'no' },
});

export function specPackageVersion() {
  return require('@aws-cdk/aws-service-spec/package.json').version;
}

/** Loads the spec database and returns the data written to spec-data.ts. Takes about a second. */
export async function generateSpecData() {
  const { loadAwsServiceSpec } = require('@aws-cdk/aws-service-spec');
  const db = await loadAwsServiceSpec();
  return buildSpecData(db, specPackageVersion());
}

export function buildSpecData(db, specVersion) {
  const allTypes = db
    .all('resource')
    .map((r) => r.cloudFormationType)
    .sort(compareStrings);
  const resources = {};
  for (const type of [...SUPPORTED_TYPES, ...REFERENCED_TYPES].sort(compareStrings)) {
    resources[type] = buildResource(db, type);
  }
  return { specVersion, allTypes: [...new Set(allTypes)], resources };
}

function buildResource(db, cfnType) {
  const matches = db.lookup('resource', 'cloudFormationType', 'equals', cfnType);
  if (matches.length !== 1) {
    throw new Error(`${cfnType}: expected exactly one resource in @aws-cdk/aws-service-spec, found ${matches.length}`);
  }
  const resource = matches[0];
  const definitions = new TypeDefinitions(db, cfnType);

  const properties = convertProperties(resource.properties, definitions);
  const attributes = {};
  for (const name of Object.keys(resource.attributes).sort(compareStrings)) {
    attributes[name] = definitions.typeRef(resource.attributes[name].type);
  }
  const out = { properties, attributes, propertyTypes: definitions.finish() };

  for (const path of resource.additionalReplacementProperties ?? []) {
    locateProperty(out, cfnType, path).causesReplacement = 'yes';
  }
  for (const pointer of WRITE_ONLY[cfnType] ?? []) {
    locateProperty(out, cfnType, pointer.split('/')).writeOnly = true;
  }

  if (resource.tagInformation) out.tagPropertyName = resource.tagInformation.tagPropertyName;
  if (resource.primaryIdentifier) out.primaryIdentifier = [...resource.primaryIdentifier];
  if (resource.cfnRefIdentifier) out.refIdentifier = [...resource.cfnRefIdentifier];
  if (resource.arnTemplate) out.arnTemplate = resource.arnTemplate;
  out.stateful = resource.isStateful === true;
  return out;
}

/** Converts the type definitions a resource reaches, naming each by its spec name. */
class TypeDefinitions {
  constructor(db, cfnType) {
    this.db = db;
    this.cfnType = cfnType;
    this.byName = new Map(); // name -> { id, properties } (properties filled after conversion)
    this.pending = [];
  }

  typeRef(type) {
    switch (type.type) {
      case 'ref':
        return { kind: 'object', name: this.nameOf(type.reference.$ref) };
      case 'tag':
        this.claim(TAG_TYPE_NAME, 'builtin:tag', tagProperties);
        return { kind: 'object', name: TAG_TYPE_NAME };
      case 'array':
        return { kind: 'list', element: this.typeRef(type.element) };
      case 'map':
        return { kind: 'map', element: this.typeRef(type.element) };
      case 'union': {
        // `null` only says "may be omitted"; absence is already expressed by `required`.
        const options = type.types.filter((t) => t.type !== 'null').map((t) => this.typeRef(t));
        return options.length === 1 ? options[0] : { kind: 'union', options };
      }
      default: {
        const primitive = PRIMITIVES[type.type];
        if (!primitive) throw new Error(`${this.cfnType}: unknown property type ${JSON.stringify(type)}; extend PRIMITIVES in scripts/gen-spec.js`);
        return { kind: 'primitive', primitive };
      }
    }
  }

  nameOf(id) {
    const definition = this.db.get('typeDefinition', id);
    this.claim(definition.name, id, () => convertProperties(definition.properties, this));
    return definition.name;
  }

  claim(name, id, convert) {
    const existing = this.byName.get(name);
    if (existing) {
      if (existing.id !== id) throw new Error(`${this.cfnType}: two nested types are both named ${name}; spec.ts addresses them by name`);
      return;
    }
    const entry = { id, properties: undefined };
    this.byName.set(name, entry);
    // Converted after registration so recursive definitions terminate.
    entry.properties = convert();
  }

  finish() {
    const out = {};
    for (const name of [...this.byName.keys()].sort(compareStrings)) out[name] = this.byName.get(name).properties;
    return out;
  }
}

function convertProperties(properties, definitions) {
  const out = {};
  for (const name of Object.keys(properties).sort(compareStrings)) {
    const property = properties[name];
    // IGNORE marks properties that were added to the spec by mistake: CloudFormation rejects them.
    if (property.deprecated === 'IGNORE') continue;
    const spec = {
      type: definitions.typeRef(property.type),
      required: property.required === true,
      causesReplacement: property.causesReplacement ?? 'no',
    };
    if (property.defaultValue !== undefined) spec.defaultValue = JSON.parse(property.defaultValue);
    if (property.deprecated === 'WARN') spec.deprecated = true;
    const allowed = allowedValuesOf(property.type);
    if (allowed) spec.allowedValues = [...allowed];
    if (property.relationshipRefs?.length) {
      spec.references = property.relationshipRefs.map((r) => `${r.cloudFormationType}.${r.propertyName}`);
    }
    out[name] = spec;
  }
  return out;
}

/** Allowed values of a primitive, or of each element of a list/map of primitives. */
function allowedValuesOf(type) {
  if (type.type === 'array' || type.type === 'map') return allowedValuesOf(type.element);
  return type.allowedValues;
}

/** Finds the converted property at a path; `*` (or nothing) steps through list and map elements. */
function locateProperty(resource, cfnType, path) {
  let properties = resource.properties;
  let found;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    if (segment === '*') continue;
    found = properties?.[segment];
    if (!found) {
      throw new Error(
        `${cfnType}: no property at ${path.join('/')} in the spec; update WRITE_ONLY in scripts/gen-spec.js to the current CloudFormation schema`,
      );
    }
    let type = found.type;
    while (type.kind === 'list' || type.kind === 'map') type = type.element;
    properties = type.kind === 'object' ? resource.propertyTypes[type.name] : undefined;
  }
  return found;
}

function compareStrings(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

// Fixed key order inside a property, whatever order the generator set them in.
const PROPERTY_KEY_ORDER = ['type', 'required', 'causesReplacement', 'writeOnly', 'defaultValue', 'deprecated', 'allowedValues', 'references'];

function orderPropertyKeys(property) {
  const unknown = Object.keys(property).filter((k) => !PROPERTY_KEY_ORDER.includes(k));
  if (unknown.length) throw new Error(`property keys ${unknown.join(', ')} missing from PROPERTY_KEY_ORDER`);
  const out = {};
  for (const key of PROPERTY_KEY_ORDER) if (key in property) out[key] = property[key];
  return out;
}

function render(value, indent) {
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v !== 'object' || v === null) && value.length <= 4) return JSON.stringify(value);
    const inner = indent + '  ';
    return `[\n${value.map((v) => inner + render(v, inner)).join(',\n')}\n${indent}]`;
  }
  if (typeof value === 'object' && value !== null) {
    if ('kind' in value) return JSON.stringify(value);
    if ('causesReplacement' in value) return JSON.stringify(orderPropertyKeys(value));
    const keys = Object.keys(value);
    if (keys.length === 0) return '{}';
    const inner = indent + '  ';
    return `{\n${keys.map((k) => `${inner}${JSON.stringify(k)}: ${render(value[k], inner)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}

export function renderTs(data) {
  return [
    '// Generated by scripts/gen-spec.js from @aws-cdk/aws-service-spec: do not edit. Run `npm run gen:spec`.',
    '// A module rather than JSON so tsc compiles it into dist/ and startup needs no file read.',
    "import type { SpecData } from './spec.js';",
    '',
    `export const SPEC_DATA: SpecData = ${render(data, '')};`,
    '',
  ].join('\n');
}

export const TS_PATH = fileURLToPath(new URL('../src/drift/spec-data.ts', import.meta.url));

async function main() {
  const data = await generateSpecData();
  const ts = renderTs(data);
  writeFileSync(TS_PATH, ts);
  const kb = (Buffer.byteLength(ts) / 1024).toFixed(0);
  console.log(`spec ${data.specVersion}: ${data.allTypes.length} types, ${Object.keys(data.resources).length} detailed; wrote ${TS_PATH} (${kb} KB)`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(`gen-spec failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
