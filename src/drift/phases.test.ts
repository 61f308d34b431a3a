import { describe, expect, test } from 'vitest';
import { compare } from './compare.js';
import { PhaseLoadError, formatDiagnostic, type Diagnostic } from './diagnostics.js';
import { Intrinsic } from './intrinsics.js';
import { loadPhases } from './phases.js';
import { DEFAULT_FILE, lines, liveState, liveVpc, load, loadErrors, source, withoutLocations } from './test-fixtures.js';

const FILE = DEFAULT_FILE;

/** A file with one VPC whose `EnableDnsSupport` (line 8, value at column 25) holds `value`. */
function vpcWith(value: string): string {
  return lines(
    'Resources:',
    '  Vpc:',
    '    Type: AWS::EC2::VPC',
    '    Properties:',
    '      CidrBlock: 10.0.0.0/16',
    '      Tags:',
    '        - { Key: Name, Value: main }',
    `      EnableDnsSupport: ${value}`,
  );
}

/** A VPC and a subnet whose `CidrBlock` (line 12, value at column 18) holds `value`. */
function subnetWith(value: string): string {
  return lines(
    'Parameters:',
    '  Project: { Type: String, Default: shop }',
    'Resources:',
    '  Vpc:',
    '    Type: AWS::EC2::VPC',
    '    Properties:',
    '      Tags: [{ Key: Name, Value: main }]',
    '  Subnet:',
    '    Type: AWS::EC2::Subnet',
    '    Properties:',
    '      Tags: [{ Key: Name, Value: a }]',
    `      CidrBlock: ${value}`,
  );
}

function parsedProperty(text: string, logicalId: string, property: string): unknown {
  const resource = load(text).resources.find((r) => r.logicalId === logicalId);
  if (!resource) throw new Error(`${logicalId} not loaded`);
  return withoutLocations(resource.properties[property] ?? null);
}

describe('intrinsic forms', () => {
  test.each([
    ['!Ref Project', '{ Ref: Project }', { fn: 'Ref', arg: 'Project' }],
    ['!Sub "${Project}-a"', '{ "Fn::Sub": "${Project}-a" }', { fn: 'Fn::Sub', arg: '${Project}-a' }],
    ['!Sub ["${X}-a", { X: !Ref Project }]', '{ "Fn::Sub": ["${X}-a", { X: { Ref: Project } }] }', { fn: 'Fn::Sub', arg: ['${X}-a', { X: { fn: 'Ref', arg: 'Project' } }] }],
    ['!GetAtt Vpc.CidrBlock', '{ "Fn::GetAtt": [Vpc, CidrBlock] }', { fn: 'Fn::GetAtt', arg: ['Vpc', 'CidrBlock'] }],
    ['!GetAtt [Vpc, CidrBlock]', '{ "Fn::GetAtt": "Vpc.CidrBlock" }', { fn: 'Fn::GetAtt', arg: ['Vpc', 'CidrBlock'] }],
    ['!Join ["/", [!Ref Project, "24"]]', '{ "Fn::Join": ["/", [{ Ref: Project }, "24"]] }', { fn: 'Fn::Join', arg: ['/', [{ fn: 'Ref', arg: 'Project' }, '24']] }],
  ])('%s is the same expression as %s', (short, long, expected) => {
    expect(parsedProperty(subnetWith(short), 'Subnet', 'CidrBlock')).toEqual(expected);
    expect(parsedProperty(subnetWith(long), 'Subnet', 'CidrBlock')).toEqual(expected);
  });

  test('an intrinsic records where it is written: the tag for the short form, the key for the long form', () => {
    const short = load(subnetWith('!Ref Project')).resources[1]!.properties['CidrBlock'];
    const long = load(subnetWith('{ Ref: Project }')).resources[1]!.properties['CidrBlock'];
    expect(short).toBeInstanceOf(Intrinsic);
    expect((short as Intrinsic).location).toEqual({ file: FILE, line: 12, column: 18 });
    expect((long as Intrinsic).location).toEqual({ file: FILE, line: 12, column: 20 });
  });

  test.each([
    ['!Transform { Name: AWS::Include }', 'Fn::Transform'],
    ['!Rain::Embed file.txt', '!Rain::Embed'],
    ['{ "Fn::Frobnicate": [a] }', 'Fn::Frobnicate'],
  ])('%s loads without error and leaves the property not checked, with the reason', (value, fn) => {
    const state = load(vpcWith(value));
    expect((state.resources[0]!.properties['EnableDnsSupport'] as Intrinsic).fn).toBe(fn);
    const result = compare(state.resources, liveState([liveVpc('vpc-1', 'main', { EnableDnsSupport: false })]));
    expect(result.findings).toEqual([]);
    expect(result.notCheckedProperties).toEqual([
      {
        logicalId: 'Vpc',
        resourceType: 'AWS::EC2::VPC',
        path: 'EnableDnsSupport',
        reason: `${fn} is not evaluated by ialctl`,
        code: 'unsupported_intrinsic',
        file: FILE,
        line: 8,
      },
    ]);
    expect(result.propertiesCompared).toBe(2);
  });
});

describe('parameters', () => {
  const template = lines(
    'Parameters:',
    '  Project: { Type: String, Default: from-template }',
    'Resources:',
    '  Vpc:',
    '    Type: AWS::EC2::VPC',
    '    Properties:',
    '      Tags: [{ Key: Name, Value: !Ref Project }]',
  );
  const parametersFile = { file: 'phases/parameters.yaml', text: 'Project: from-parameters-yaml\n' };

  test.each([
    ['takes the template Default when nothing overrides it', {}, 'from-template'],
    ['takes parameters.yaml over the Default', { parametersFile }, 'from-parameters-yaml'],
    ['takes --param over parameters.yaml', { parametersFile, parameterOverrides: { Project: 'from-override' } }, 'from-override'],
    ['takes --param over the Default', { parameterOverrides: { Project: 'from-override' } }, 'from-override'],
  ])('%s', (_name, options, expected) => {
    expect(load(template, options).resources[0]!.parameters).toEqual({ Project: expected });
  });

  test('parameters.yaml values keep their YAML type and apply to every file', () => {
    const other = lines(
      'Parameters:',
      '  Size: { Type: Number, Default: 1 }',
      'Resources:',
      '  Vpc2:',
      '    Type: AWS::EC2::VPC',
      '    Properties:',
      '      Tags: [{ Key: Name, Value: two }]',
    );
    const state = load([template, other], { parametersFile: { file: 'phases/parameters.yaml', text: 'Project: p\nSize: 20\nPublic: false\n' } });
    expect(state.resources.map((r) => r.parameters)).toEqual([
      { Project: 'p', Size: 20, Public: false },
      { Project: 'p', Size: 20, Public: false },
    ]);
  });

  test('a parameter without Default is fine when parameters.yaml or --param gives it', () => {
    const noDefault = template.replace('{ Type: String, Default: from-template }', '{ Type: String }');
    expect(load(noDefault, { parametersFile }).resources[0]!.parameters).toEqual({ Project: 'from-parameters-yaml' });
    expect(load(noDefault, { parameterOverrides: { Project: 'x' } }).resources[0]!.parameters).toEqual({ Project: 'x' });
  });
});

describe('desired resources', () => {
  const network = lines(
    '# The network of the shop',
    'Resources:',
    '  Vpc:',
    '    Type: AWS::EC2::VPC',
    '    Properties:',
    '      CidrBlock: 10.0.0.0/16 # keep /16',
    '      Tags:',
    '        - { Key: Name, Value: main }',
  );
  const data = lines(
    'Resources:',
    '  Bucket:',
    '    Type: AWS::S3::Bucket',
    '    Properties:',
    '      BucketName: logs',
    '  Db:',
    '    Type: AWS::RDS::DBInstance',
    '    Metadata:',
    '      IAL: { PhysicalId: legacy-db-01 }',
    '    Properties:',
    '      Engine: postgres',
  );
  const state = loadPhases([source(network, 'phases/00-foundation/01-vpc.yaml'), source(data, 'phases/40-data/01-db.yaml')], { keepDocuments: true });

  test('every resource carries its phase, file, line, column and the line of each property', () => {
    expect(state.resources.map((r) => ({ id: r.logicalId, phase: r.phase, file: r.file, line: r.line, column: r.column, propertyLines: r.propertyLines }))).toEqual([
      { id: 'Vpc', phase: '00-foundation', file: 'phases/00-foundation/01-vpc.yaml', line: 3, column: 3, propertyLines: { CidrBlock: 6, Tags: 7 } },
      { id: 'Bucket', phase: '40-data', file: 'phases/40-data/01-db.yaml', line: 2, column: 3, propertyLines: { BucketName: 5 } },
      { id: 'Db', phase: '40-data', file: 'phases/40-data/01-db.yaml', line: 6, column: 3, propertyLines: { Engine: 11 } },
    ]);
  });

  test('a CloudFormation type ialctl cannot read loads as unsupported instead of failing', () => {
    expect(state.resources.map((r) => [r.logicalId, r.type, r.supported])).toEqual([
      ['Vpc', 'AWS::EC2::VPC', true],
      ['Bucket', 'AWS::S3::Bucket', false],
      ['Db', 'AWS::RDS::DBInstance', true],
    ]);
  });

  test('Metadata.IAL.PhysicalId is kept as the identity override and replaces the identity requirement', () => {
    expect(state.resources[2]!.physicalIdOverride).toBe('legacy-db-01');
    expect(state.resources[0]!.physicalIdOverride).toBeUndefined();
  });

  test('without keepDocuments no YAML document is retained', () => {
    expect(loadPhases([source(network, 'phases/00-foundation/01-vpc.yaml')]).documents).toEqual([]);
  });

  test('the parsed YAML documents are kept on request, comments included, one per file in order', () => {
    expect(state.documents.map((d) => [d.file, d.phase])).toEqual([
      ['phases/00-foundation/01-vpc.yaml', '00-foundation'],
      ['phases/40-data/01-db.yaml', '40-data'],
    ]);
    const doc = state.documents[0]!.document;
    expect(doc.getIn(['Resources', 'Vpc', 'Properties', 'CidrBlock'])).toBe('10.0.0.0/16');
    expect(doc.toString()).toBe(network);
    expect(state.documents[0]!.lineCounter.linePos(network.indexOf('Vpc:'))).toEqual({ line: 3, col: 3 });
  });

  test('short-form tags survive a round trip of the kept document', () => {
    const text = lines(
      'Resources:',
      '  Vpc:',
      '    Type: AWS::EC2::VPC',
      '    Properties:',
      '      CidrBlock: !GetAtt [ Other, CidrBlock ] # comment kept',
      '      Tags:',
      '        - Key: Name',
      '          Value: !Sub "${AWS::Region}-vpc"',
      '  Other:',
      '    Type: AWS::EC2::VPC',
      '    Properties:',
      '      Tags:',
      '        - Key: Name',
      '          Value: other',
    );
    expect(load(text, { keepDocuments: true }).documents[0]!.document.toString()).toBe(text);
  });

  test('an empty file declares nothing', () => {
    expect(load(['', network]).resources.map((r) => r.logicalId)).toEqual(['Vpc']);
  });
});

describe('each bad input gives exactly one diagnostic, at the right file:line:column', () => {
  const vpcHeader = ['Resources:', '  Vpc:', '    Type: AWS::EC2::VPC', '    Properties:', '      Tags: [{ Key: Name, Value: main }]'];

  const cases: Array<[string, string | string[], Diagnostic]> = [
    [
      'invalid YAML',
      lines('Resources:', '  Vpc:', '    Type: AWS::EC2::VPC', '   Properties:', '      CidrBlock: 10.0.0.0/16'),
      {
        file: FILE, line: 4, column: 1,
        message: 'invalid YAML: All mapping items must start at the same column',
        hint: 'fix the YAML syntax (indentation, quotes, colons) at this position',
      },
    ],
    [
      'unknown resource type with a did-you-mean',
      lines('Resources:', '  Vpc:', '    Type: AWS::EC2::Vpc', '    Properties:', '      CidrBlock: 10.0.0.0/16'),
      { file: FILE, line: 3, column: 11, message: 'unknown resource type AWS::EC2::Vpc', hint: 'did you mean AWS::EC2::VPC?' },
    ],
    [
      'a near miss of a type ialctl does not read',
      lines('Resources:', '  Logs:', '    Type: AWS::S3::Buckt'),
      { file: FILE, line: 3, column: 11, message: 'unknown resource type AWS::S3::Buckt', hint: 'did you mean AWS::S3::Bucket?' },
    ],
    [
      'unknown property with a did-you-mean',
      lines(...vpcHeader, '      CidrBlok: 10.0.0.0/16'),
      { file: FILE, line: 6, column: 7, message: 'unknown property CidrBlok for AWS::EC2::VPC (resource Vpc)', hint: 'did you mean CidrBlock?' },
    ],
    [
      'unknown nested property',
      lines(
        'Resources:', '  Bastion:', '    Type: AWS::EC2::Instance', '    Properties:', '      Tags: [{ Key: Name, Value: bastion }]',
        '      MetadataOptions:', '        HttpTokenz: required',
      ),
      {
        file: FILE, line: 7, column: 9,
        message: 'unknown property HttpTokenz for AWS::EC2::Instance MetadataOptions (resource Bastion)',
        hint: 'did you mean HttpTokens?',
      },
    ],
    [
      'a misspelt tag field (no identity error on top of it)',
      lines('Resources:', '  Vpc:', '    Type: AWS::EC2::VPC', '    Properties:', '      Tags: [{ Key: Name, Valeu: main }]'),
      { file: FILE, line: 5, column: 27, message: 'unknown property Valeu for AWS::EC2::VPC Tags (resource Vpc)', hint: 'did you mean Value?' },
    ],
    [
      'Ref to an unknown name with a did-you-mean',
      lines(...vpcHeader, '  Sg:', '    Type: AWS::EC2::SecurityGroup', '    Properties:', '      GroupName: web', '      GroupDescription: web', '      VpcId: !Ref Vcp'),
      { file: FILE, line: 11, column: 14, message: 'Sg.VpcId: Ref to unknown name Vcp', hint: 'did you mean Vpc?' },
    ],
    [
      'Ref to an unknown name nested in a tag list points at the Ref itself',
      lines(...vpcHeader, '      InstanceTenancy: default', '  Sg:', '    Type: AWS::EC2::SecurityGroup', '    Properties:', '      GroupName: web', '      GroupDescription: web',
        '      Tags:', '        - Key: Env', '          Value: !Ref Environment'),
      {
        file: FILE, line: 14, column: 18, message: 'Sg.Tags: Ref to unknown name Environment',
        hint: 'declare it under Parameters, in phases/parameters.yaml, or as a resource',
      },
    ],
    [
      'GetAtt on an unknown resource',
      lines(...vpcHeader, '  Sg:', '    Type: AWS::EC2::SecurityGroup', '    Properties:', '      GroupName: web', '      GroupDescription: web', '      VpcId: !GetAtt Vcp.VpcId'),
      { file: FILE, line: 11, column: 14, message: 'Sg.VpcId: GetAtt on unknown resource Vcp', hint: 'did you mean Vpc?' },
    ],
    [
      'GetAtt of an unknown attribute',
      lines(...vpcHeader, '  Sg:', '    Type: AWS::EC2::SecurityGroup', '    Properties:', '      GroupName: web', '      GroupDescription: web', '      VpcId: !GetAtt Vpc.VpcIdd'),
      { file: FILE, line: 11, column: 14, message: 'Sg.VpcId: AWS::EC2::VPC has no attribute VpcIdd', hint: 'did you mean VpcId?' },
    ],
    [
      'Sub variable naming an unknown attribute',
      lines(...vpcHeader, '      InstanceTenancy: !Sub "${Vpc.Tenancy}"'),
      {
        file: FILE, line: 6, column: 24, message: 'Vpc.InstanceTenancy: AWS::EC2::VPC has no attribute Tenancy',
        hint: 'attributes: CidrBlock, CidrBlockAssociations, DefaultNetworkAcl, DefaultSecurityGroup, Ipv6CidrBlocks, '
          + 'VpcEncryptionControl.ResourceExclusions, VpcEncryptionControl.ResourceExclusions.EgressOnlyInternetGateway, '
          + 'VpcEncryptionControl.ResourceExclusions.EgressOnlyInternetGateway.State, '
          + 'VpcEncryptionControl.ResourceExclusions.EgressOnlyInternetGateway.StateMessage, '
          + 'VpcEncryptionControl.ResourceExclusions.ElasticFileSystem, VpcEncryptionControl.ResourceExclusions.ElasticFileSystem.State, '
          + 'VpcEncryptionControl.ResourceExclusions.ElasticFileSystem.StateMessage, …',
      },
    ],
    [
      'malformed intrinsic: !GetAtt without a dot',
      vpcWith('!GetAtt NoDot'),
      { file: FILE, line: 8, column: 25, message: 'Fn::GetAtt expects "LogicalId.Attribute"', hint: 'see the CloudFormation reference for Fn::GetAtt' },
    ],
    [
      'malformed intrinsic: !Join on a string',
      vpcWith('!Join "x"'),
      { file: FILE, line: 8, column: 25, message: 'Fn::Join expects [separator, [values…]]', hint: 'see the CloudFormation reference for Fn::Join' },
    ],
    [
      'malformed intrinsic: !Sub on a list of numbers',
      vpcWith('!Sub [1, 2]'),
      { file: FILE, line: 8, column: 25, message: 'Fn::Sub expects a string or [string, {Variable: value}]', hint: 'see the CloudFormation reference for Fn::Sub' },
    ],
    [
      'malformed intrinsic: long-form Ref to a list',
      vpcWith('{ Ref: [a, b] }'),
      { file: FILE, line: 8, column: 27, message: 'Ref expects the name of a parameter or resource', hint: 'see the CloudFormation reference for Ref' },
    ],
    [
      'parameter without default and without value (its Refs are not reported again)',
      lines('Parameters:', '  Environment: { Type: String }', 'Resources:', '  Vpc:', '    Type: AWS::EC2::VPC', '    Properties:',
        '      Tags: [{ Key: Name, Value: main }, { Key: Env, Value: !Ref Environment }]'),
      {
        file: FILE, line: 2, column: 3, message: 'parameter Environment has no Default and no value',
        hint: 'add Default:, set it in phases/parameters.yaml, pass --param Environment=VALUE, or deploy the file as a stack',
      },
    ],
    [
      'an empty Metadata.IAL.PhysicalId (no identity error on top of it)',
      lines('Resources:', '  Vpc:', '    Type: AWS::EC2::VPC', '    Metadata: { IAL: { PhysicalId: "" } }', '    Properties:', '      CidrBlock: 10.0.0.0/16'),
      { file: FILE, line: 4, column: 36, message: 'resource Vpc: Metadata.IAL.PhysicalId must be a non-empty string' } as Diagnostic,
    ],
    [
      'logical id that is not alphanumeric',
      lines('Resources:', '  my-vpc:', '    Type: AWS::EC2::VPC'),
      { file: FILE, line: 2, column: 3, message: 'logical id "my-vpc" must be alphanumeric (A-Z, a-z, 0-9)' } as Diagnostic,
    ],
  ];

  test.each(cases)('%s', (_name, texts, expected) => {
    expect(loadErrors(texts)).toEqual([expected]);
  });

  test('independent problems of one resource are all reported at once', () => {
    const text = lines('Resources:', '  Vpc:', '    Type: AWS::EC2::VPC', '    Properties:', '      CidrBlok: 10.0.0.0/16', '      Tags: [{ Key: Owner, Value: !Reff x }]');
    expect(loadErrors(text).map((d) => `${d.line}:${d.column}: ${d.message}`)).toEqual([
      '5:7: unknown property CidrBlok for AWS::EC2::VPC (resource Vpc)',
    ]);
  });

  test('the error message of PhaseLoadError lists each diagnostic as file:line:column with its hint', () => {
    let thrown: unknown;
    try {
      load(lines('Resources:', '  Vpc:', '    Type: AWS::EC2::Vpc'));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(PhaseLoadError);
    expect((thrown as PhaseLoadError).message).toBe(`${FILE}:3:11: unknown resource type AWS::EC2::Vpc\n  hint: did you mean AWS::EC2::VPC?`);
    expect(formatDiagnostic({ file: 'a.yaml', line: 1, column: 2, message: 'm' })).toBe('a.yaml:1:2: m');
  });

  test('a bad parameters.yaml is reported at its own position', () => {
    expect(loadErrors(lines(...vpcHeader), { parametersFile: { file: 'phases/parameters.yaml', text: 'Project: [a, b]\n' } })).toEqual([
      { file: 'phases/parameters.yaml', line: 1, column: 10, message: 'parameter Project must be a plain value (string, number or boolean)' },
    ]);
  });
});

describe('several bad files', () => {
  const goodNetwork = lines(
    'Resources:',
    '  Vpc:',
    '    Type: AWS::EC2::VPC',
    '    Properties:',
    '      Tags: [{ Key: Name, Value: main }]',
  );
  const badYaml = lines('Resources:', '  Db: {', '    Type: AWS::RDS::DBInstance');
  const badType = lines('Resources:', '  Cluster:', '    Type: AWS::ECS::Clustr', '    Properties:', '      ClusterName: web');
  const usesBoth = lines(
    'Resources:',
    '  Service:',
    '    Type: AWS::ECS::Service',
    '    Properties:',
    '      ServiceName: web',
    '      Cluster: !Ref Cluster',
    '      DesiredCount: !GetAtt Db.Endpoint.Port',
    '      NetworkConfiguration:',
    '        AwsvpcConfiguration:',
    '          Subnets: [!Ref Vpc]',
    '          SecurityGroupz: []',
  );

  test('lists the errors of every bad file at once, sorted by file, without echoes from the files that use them', () => {
    const diagnostics = loadErrors([
      source(goodNetwork, 'phases/00-net/01-vpc.yaml'),
      source(badYaml, 'phases/40-data/01-db.yaml'),
      source(badType, 'phases/30-compute/01-cluster.yaml'),
      source(usesBoth, 'phases/30-compute/02-service.yaml'),
    ]);
    expect(diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`)).toEqual([
      'phases/30-compute/01-cluster.yaml:3:11: unknown resource type AWS::ECS::Clustr',
      'phases/30-compute/02-service.yaml:11:11: unknown property SecurityGroupz for AWS::ECS::Service NetworkConfiguration.AwsvpcConfiguration (resource Service)',
      'phases/40-data/01-db.yaml:4:1: invalid YAML: Flow map in block collection must be sufficiently indented and end with a }',
    ]);
  });

  test('the good files alone still load completely', () => {
    expect(load([source(goodNetwork, 'phases/00-net/01-vpc.yaml')]).resources.map((r) => r.logicalId)).toEqual(['Vpc']);
  });
});
