import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import {
  ALL_TYPES,
  SPEC_VERSION,
  SUPPORTED_TYPES,
  allowedPropertiesAt,
  didYouMean,
  formatType,
  isCloudFormationType,
  propertySpecAt,
  resourceSpec,
  type SpecData,
  type TypeRef,
} from './spec.js';

const STRING: TypeRef = { kind: 'primitive', primitive: 'String' };
const REFERENCED_TYPES = ['AWS::EC2::SecurityGroupIngress', 'AWS::EC2::SecurityGroupEgress', 'AWS::ECS::TaskDefinition'];

function property(type: string, name: string) {
  const spec = resourceSpec(type);
  if (!spec) throw new Error(`no spec for ${type}`);
  return spec.properties[name];
}

describe('resource types', () => {
  it('lists the nine readable types in architecture order', () => {
    expect(SUPPORTED_TYPES).toEqual([
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
  });

  it('has a full spec for every supported and referenced type, and none for others', () => {
    for (const type of [...SUPPORTED_TYPES, ...REFERENCED_TYPES]) expect(resourceSpec(type)?.type).toBe(type);
    expect(resourceSpec('AWS::S3::Bucket')).toBeUndefined();
    expect(resourceSpec('AWS::EC2::Vpc')).toBeUndefined();
    expect(resourceSpec('constructor')).toBeUndefined();
  });

  it('knows every CloudFormation type, case-sensitively, and no custom ones', () => {
    expect(isCloudFormationType('AWS::S3::Bucket')).toBe(true);
    expect(isCloudFormationType('AWS::EC2::VPC')).toBe(true);
    expect(isCloudFormationType('AWS::EC2::Vpc')).toBe(false);
    expect(isCloudFormationType('Custom::Thing')).toBe(false);
    expect(isCloudFormationType('')).toBe(false);
    expect(ALL_TYPES.length).toBeGreaterThan(1500);
    expect([...ALL_TYPES].sort()).toEqual(ALL_TYPES);
    expect(new Set(ALL_TYPES).size).toBe(ALL_TYPES.length);
  });

  it('records identifiers, tags, statefulness and ARN patterns', () => {
    const instance = resourceSpec('AWS::RDS::DBInstance')!;
    expect(instance.primaryIdentifier).toEqual(['DBInstanceIdentifier']);
    expect(instance.stateful).toBe(true);
    expect(instance.tagPropertyName).toBe('Tags');
    expect(instance.arnTemplate).toBe('arn:${Partition}:rds:${Region}:${Account}:db:${DbInstanceName}');
    const service = resourceSpec('AWS::ECS::Service')!;
    expect(service.primaryIdentifier).toEqual(['ServiceArn', 'Cluster']);
    expect(service.refIdentifier).toEqual(['ServiceArn']);
    expect(resourceSpec('AWS::EC2::VPC')!.stateful).toBe(false);
    expect(resourceSpec('AWS::EC2::SecurityGroupIngress')!.tagPropertyName).toBeUndefined();
  });

  it('returns frozen, shared specs', () => {
    const spec = resourceSpec('AWS::EC2::VPC')!;
    expect(resourceSpec('AWS::EC2::VPC')).toBe(spec);
    expect(() => {
      (spec.properties as Record<string, unknown>).CidrBlock = undefined;
    }).toThrow(TypeError);
  });
});

describe('properties', () => {
  it('marks passwords and other unreadable inputs write-only, and nothing else', () => {
    expect(property('AWS::RDS::DBInstance', 'MasterUserPassword')).toMatchObject({ type: STRING, writeOnly: true });
    expect(property('AWS::RDS::DBCluster', 'MasterUserPassword')).toMatchObject({ type: STRING, writeOnly: true });
    expect(property('AWS::RDS::DBInstance', 'ManageMasterUserPassword')?.writeOnly).toBe(false);
    expect(property('AWS::RDS::DBInstance', 'MasterUsername')?.writeOnly).toBe(false);
    expect(property('AWS::RDS::DBInstance', 'DBInstanceClass')?.writeOnly).toBe(false);
    // Listed write-only by their CloudFormation schemas but returned by the Describe APIs.
    expect(property('AWS::RDS::DBInstance', 'Port')?.writeOnly).toBe(false);
    expect(property('AWS::RDS::DBSubnetGroup', 'SubnetIds')).toMatchObject({ required: true, writeOnly: false });
    expect(property('AWS::ECS::Service', 'ServiceConnectConfiguration')?.writeOnly).toBe(true);
  });

  it('counts write-only properties per type exactly', () => {
    const counts = Object.fromEntries(
      [...SUPPORTED_TYPES, ...REFERENCED_TYPES].map((type) => [
        type,
        Object.values(resourceSpec(type)!.properties).filter((p) => p.writeOnly).length,
      ]),
    );
    expect(counts).toEqual({
      'AWS::EC2::VPC': 2,
      'AWS::EC2::Subnet': 5,
      'AWS::EC2::SecurityGroup': 0,
      'AWS::EC2::Instance': 5,
      'AWS::ECS::Cluster': 1,
      'AWS::ECS::Service': 2,
      'AWS::RDS::DBInstance': 13,
      'AWS::RDS::DBCluster': 8,
      'AWS::RDS::DBSubnetGroup': 0,
      'AWS::EC2::SecurityGroupIngress': 0,
      'AWS::EC2::SecurityGroupEgress': 0,
      'AWS::ECS::TaskDefinition': 0,
    });
  });

  it('marks nested write-only fields on their property type', () => {
    expect(resourceSpec('AWS::EC2::SecurityGroup')!.propertyTypes.Ingress!.SourceSecurityGroupName!.writeOnly).toBe(true);
    expect(resourceSpec('AWS::EC2::SecurityGroup')!.propertyTypes.Ingress!.CidrIp!.writeOnly).toBe(false);
    expect(resourceSpec('AWS::EC2::Instance')!.propertyTypes.BlockDeviceMapping!.VirtualName!.writeOnly).toBe(true);
  });

  it('carries replacement behaviour from the spec', () => {
    expect(property('AWS::EC2::Instance', 'ImageId')).toEqual({
      name: 'ImageId',
      type: STRING,
      required: false,
      causesReplacement: 'yes',
      writeOnly: false,
    });
    expect(property('AWS::EC2::Instance', 'InstanceType')?.causesReplacement).toBe('maybe');
    expect(property('AWS::EC2::Instance', 'Tags')?.causesReplacement).toBe('no');
    expect(property('AWS::RDS::DBInstance', 'DBSubnetGroupName')?.causesReplacement).toBe('yes');
  });

  it('types ClusterSettings as a list of Name/Value objects', () => {
    const cluster = resourceSpec('AWS::ECS::Cluster')!;
    expect(cluster.properties.ClusterSettings!.type).toEqual({
      kind: 'list',
      element: { kind: 'object', name: 'ClusterSettings' },
    });
    expect(Object.keys(cluster.propertyTypes.ClusterSettings!)).toEqual(['Name', 'Value']);
    expect(cluster.propertyTypes.ClusterSettings!.Name!.type).toEqual(STRING);
  });

  it('gives tags an explicit Key/Value type', () => {
    const vpc = resourceSpec('AWS::EC2::VPC')!;
    expect(vpc.tagPropertyName).toBe('Tags');
    expect(vpc.properties.Tags!.type).toEqual({ kind: 'list', element: { kind: 'object', name: 'Tag' } });
    expect(vpc.propertyTypes.Tag).toEqual({
      Key: { name: 'Key', type: STRING, required: true, causesReplacement: 'no', writeOnly: false },
      Value: { name: 'Value', type: STRING, required: true, causesReplacement: 'no', writeOnly: false },
    });
  });

  it('parses documented defaults into JSON values', () => {
    expect(property('AWS::ECS::Service', 'PlatformVersion')?.defaultValue).toBe('LATEST');
    expect(property('AWS::RDS::DBCluster', 'BackupRetentionPeriod')?.defaultValue).toBe(1);
    expect(propertySpecAt('AWS::EC2::Instance', ['MetadataOptions', 'HttpPutResponseHopLimit'])?.defaultValue).toBe(1);
    expect(property('AWS::EC2::VPC', 'CidrBlock')).not.toHaveProperty('defaultValue');
  });

  it('carries allowed values, references and deprecation', () => {
    expect(property('AWS::ECS::Service', 'LaunchType')?.allowedValues).toEqual(['EC2', 'FARGATE', 'EXTERNAL']);
    expect(property('AWS::EC2::Subnet', 'VpcId')?.references).toEqual(['AWS::EC2::VPC.VpcId']);
    expect(property('AWS::ECS::Service', 'Cluster')?.references).toEqual(['AWS::ECS::Cluster.ClusterName']);
    expect(property('AWS::RDS::DBInstance', 'TdeCredentialArn')?.deprecated).toBe(true);
    expect(property('AWS::RDS::DBInstance', 'Engine')?.deprecated).toBeUndefined();
  });

  it('types GetAtt attributes, including dotted names', () => {
    const instance = resourceSpec('AWS::RDS::DBInstance')!;
    expect(instance.attributes['Endpoint.Address']).toEqual(STRING);
    expect(instance.attributes['Endpoint.Port']).toEqual(STRING);
    expect(resourceSpec('AWS::ECS::Cluster')!.attributes).toEqual({ Arn: STRING });
  });

  it('resolves every object type reference to a property type of the same resource', () => {
    const unresolved: string[] = [];
    const visit = (owner: string, type: TypeRef, where: string): void => {
      if (type.kind === 'object' && !resourceSpec(owner)!.propertyTypes[type.name]) unresolved.push(`${owner} ${where}`);
      if (type.kind === 'list' || type.kind === 'map') visit(owner, type.element, where);
      if (type.kind === 'union') for (const option of type.options) visit(owner, option, where);
    };
    for (const owner of [...SUPPORTED_TYPES, ...REFERENCED_TYPES]) {
      const spec = resourceSpec(owner)!;
      for (const p of Object.values(spec.properties)) visit(owner, p.type, p.name);
      for (const [name, type] of Object.entries(spec.attributes)) visit(owner, type, name);
      for (const [typeName, props] of Object.entries(spec.propertyTypes)) {
        for (const p of Object.values(props)) visit(owner, p.type, `${typeName}.${p.name}`);
      }
    }
    expect(unresolved).toEqual([]);
  });
});

describe('propertySpecAt', () => {
  it('walks through lists into nested objects', () => {
    expect(propertySpecAt('AWS::EC2::SecurityGroup', ['SecurityGroupIngress', 'CidrIp'])).toEqual({
      name: 'CidrIp',
      type: STRING,
      required: false,
      causesReplacement: 'no',
      writeOnly: false,
    });
    expect(propertySpecAt('AWS::EC2::SecurityGroup', ['SecurityGroupIngress', '0', 'CidrIp'])?.type).toEqual(STRING);
    expect(propertySpecAt('AWS::ECS::Cluster', ['ClusterSettings', 'Name'])?.type).toEqual(STRING);
    expect(propertySpecAt('AWS::EC2::SecurityGroup', ['SecurityGroupIngress', '0'])?.type).toEqual({
      kind: 'object',
      name: 'Ingress',
    });
  });

  it('returns top-level properties for one-segment paths', () => {
    expect(propertySpecAt('AWS::EC2::Instance', ['ImageId'])).toBe(property('AWS::EC2::Instance', 'ImageId'));
  });

  it('takes one key segment through maps', () => {
    expect(propertySpecAt('AWS::ECS::TaskDefinition', ['ContainerDefinitions', 'DockerLabels', 'com.example.team'])).toEqual({
      name: 'com.example.team',
      type: STRING,
      required: false,
      causesReplacement: 'yes',
      writeOnly: false,
    });
  });

  it('reports the strongest replacement and write-only flag along the path', () => {
    const raw = resourceSpec('AWS::ECS::TaskDefinition')!.propertyTypes.ContainerDefinition!.VersionConsistency!;
    expect(raw.causesReplacement).toBe('no');
    expect(propertySpecAt('AWS::ECS::TaskDefinition', ['ContainerDefinitions', 'VersionConsistency'])?.causesReplacement).toBe('yes');
    expect(resourceSpec('AWS::ECS::Service')!.propertyTypes.ServiceConnectConfiguration!.Enabled!.writeOnly).toBe(false);
    expect(propertySpecAt('AWS::ECS::Service', ['ServiceConnectConfiguration', 'Enabled'])?.writeOnly).toBe(true);
  });

  it('is undefined for unknown types, names and paths below primitives', () => {
    expect(propertySpecAt('AWS::S3::Bucket', ['BucketName'])).toBeUndefined();
    expect(propertySpecAt('AWS::EC2::VPC', [])).toBeUndefined();
    expect(propertySpecAt('AWS::EC2::VPC', ['CidrBlok'])).toBeUndefined();
    expect(propertySpecAt('AWS::EC2::VPC', ['CidrBlock', 'X'])).toBeUndefined();
    expect(propertySpecAt('AWS::EC2::VPC', ['constructor'])).toBeUndefined();
    expect(propertySpecAt('AWS::EC2::SecurityGroup', ['SecurityGroupIngress', 'toString'])).toBeUndefined();
  });
});

describe('allowedPropertiesAt', () => {
  it('lists top-level properties for the empty path', () => {
    expect(allowedPropertiesAt('AWS::RDS::DBSubnetGroup', [])).toEqual([
      'DBSubnetGroupDescription',
      'DBSubnetGroupName',
      'SubnetIds',
      'Tags',
    ]);
  });

  it('lists the fields of the object a path holds, through lists', () => {
    expect(allowedPropertiesAt('AWS::ECS::Cluster', ['ClusterSettings'])).toEqual(['Name', 'Value']);
    expect(allowedPropertiesAt('AWS::EC2::VPC', ['Tags', '0'])).toEqual(['Key', 'Value']);
    expect(allowedPropertiesAt('AWS::EC2::SecurityGroup', ['SecurityGroupIngress'])).toEqual([
      'CidrIp',
      'CidrIpv6',
      'Description',
      'FromPort',
      'IpProtocol',
      'SourcePrefixListId',
      'SourceSecurityGroupId',
      'SourceSecurityGroupName',
      'SourceSecurityGroupOwnerId',
      'ToPort',
    ]);
  });

  it('is undefined when the path holds no object or the type is unknown', () => {
    expect(allowedPropertiesAt('AWS::ECS::Cluster', ['ClusterName'])).toBeUndefined();
    expect(allowedPropertiesAt('AWS::ECS::TaskDefinition', ['ContainerDefinitions', 'DockerLabels'])).toBeUndefined();
    expect(allowedPropertiesAt('AWS::ECS::Cluster', ['Nope'])).toBeUndefined();
    expect(allowedPropertiesAt('AWS::S3::Bucket', [])).toBeUndefined();
  });
});

describe('didYouMean', () => {
  it('finds type names regardless of case', () => {
    expect(didYouMean('AWS::EC2::Vpc', ALL_TYPES)).toBe('AWS::EC2::VPC');
    expect(didYouMean('AWS::RDS::DbInstance', ALL_TYPES)).toBe('AWS::RDS::DBInstance');
    expect(didYouMean('AWS::ECS::Clustr', ALL_TYPES)).toBe('AWS::ECS::Cluster');
  });

  it('finds misspelt property names', () => {
    const names = allowedPropertiesAt('AWS::ECS::Cluster', [])!;
    expect(didYouMean('ClusterNme', names)).toBe('ClusterName');
    expect(didYouMean('clustersettings', names)).toBe('ClusterSettings');
  });

  it('gives up when nothing is close: distance above max(2, length / 3)', () => {
    expect(didYouMean('Banana', ['ClusterName', 'Tags'])).toBeUndefined();
    expect(didYouMean('abcd', ['abxy'])).toBe('abxy'); // 2 edits, floor of the limit
    expect(didYouMean('abcd', ['axyz'])).toBeUndefined(); // 3 edits
    expect(didYouMean('abcdefghi', ['abcxyzghi'])).toBe('abcxyzghi'); // 3 edits = 9 / 3
    expect(didYouMean('abcdefghi', ['abwxyzghi'])).toBeUndefined(); // 4 edits
    expect(didYouMean('', ['a'])).toBeUndefined();
    expect(didYouMean('Name', [])).toBeUndefined();
  });

  it('prefers the closest candidate, then the earliest', () => {
    expect(didYouMean('Nam', ['Value', 'Names', 'Name'])).toBe('Name'); // 1 edit beats the earlier 'Names' (2)
    expect(didYouMean('Nme', ['Nae', 'Name'])).toBe('Nae');
    expect(didYouMean('NAME', ['Names', 'name'])).toBe('name');
  });
});

describe('formatType', () => {
  it('renders types for messages', () => {
    expect(formatType(property('AWS::EC2::SecurityGroup', 'SecurityGroupIngress')!.type)).toBe('List<Ingress>');
    expect(formatType({ kind: 'map', element: STRING })).toBe('Map<String>');
    expect(formatType({ kind: 'union', options: [STRING, { kind: 'primitive', primitive: 'Json' }] })).toBe('String | Json');
  });
});

interface GenSpecModule {
  generateSpecData(): Promise<SpecData>;
  renderTs(data: SpecData): string;
  TS_PATH: string;
}

describe('generated data', () => {
  it('matches a fresh generation from the installed @aws-cdk/aws-service-spec (run `npm run gen:spec` if not)', async () => {
    // Loaded by URL because the generator is plain JS outside the TypeScript project.
    const generator = (await import(new URL('../../scripts/gen-spec.js', import.meta.url).href)) as GenSpecModule;
    const data = await generator.generateSpecData();
    const ts = generator.renderTs(data);
    expect(readFileSync(generator.TS_PATH, 'utf8')).toBe(ts);
    expect(Buffer.byteLength(ts)).toBeLessThan(400 * 1024);
  }, 30_000);

  it('records the installed spec package version', () => {
    const require = createRequire(import.meta.url);
    const installed = (require('@aws-cdk/aws-service-spec/package.json') as { version: string }).version;
    expect(SPEC_VERSION).toBe(installed);
  });
});
