// Phase files deployed as CloudFormation stacks in moto (CreateStack / UpdateStack with the real SDK):
// resources named by CloudFormation, no Metadata.IAL.PhysicalId, no --param. The stack is found by
// its logical ids, identity and parameters come from it, drift is live vs the deployed template.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CloudFormationClient, CreateStackCommand, DescribeStacksCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { AuthorizeSecurityGroupIngressCommand, CreateTagsCommand, EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { ModifyDBInstanceCommand, RDSClient } from '@aws-sdk/client-rds';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { exitCodeFor } from '../../src/cli/commands/check.js';
import { startFaultProxy } from '../harness/fault-proxy.js';
import { awsClientConfig, motoEndpoint, useFreshMoto } from '../harness/moto.js';
import { runHealCli } from './heal-fixtures.js';
import { TEST_CREDENTIALS_ENV, checkWorkspace, removeWorkspaces, writePhases, type PhaseWorkspace } from './scenario-estate.js';

useFreshMoto();

const TEMPLATES = path.resolve(import.meta.dirname, '../fixtures/templates');
const template = (name: string): string => readFileSync(path.join(TEMPLATES, name), 'utf8');

/** Phase file → (template, stack name the deployer gave it: not derivable from the file, so discovery finds it). */
const ESTATE: ReadonlyArray<[file: string, template: string, stack: string]> = [
  ['00-network/01-vpc.yaml', 'vpc.yaml', 'acme-network'],
  ['10-compute/01-ec2.yaml', 'ec2.yaml', 'acme-bastion'],
  ['10-compute/02-ecs.yaml', 'ecs.yaml', 'acme-web'],
  ['20-data/01-rds.yaml', 'rds.yaml', 'acme-db'],
  ['30-app/01-conditional.yaml', 'conditional.yaml', 'acme-app'],
];

/**
 * Where moto's CloudFormation applies a template differently from AWS, that is real drift from the
 * template's point of view: these items are what moto returns on a fresh deploy, asserted as such.
 * - the instance is created without the SecurityGroupIds of the template (REMOVE);
 * - the VPC gets EnableDnsHostnames false although the template says true;
 * - the ECS service runs with LaunchType EC2 although the template says FARGATE;
 * - tags of the ECS cluster and service are not applied;
 * - the resource whose Condition is false (DevOnlyCluster, IsDev with Stage=prod) is created anyway:
 *   it is in the stack but not expected, so it is an extra resource.
 */
const MOTO_QUIRKS: ReadonlyArray<[string, string | null, string | null, string[]]> = [
  ['configuration_drift', 'EC2Instance', 'acme-bastion', ['SecurityGroupIds REMOVE']],
  ['configuration_drift', 'Service', 'acme-web', ['LaunchType NOT_EQUAL']],
  ['configuration_drift', 'VPC', 'acme-network', ['EnableDnsHostnames NOT_EQUAL']],
  ['extra_resource', null, null, ['ClusterName ADD']],
  ['tag_drift', 'ECSCluster', 'acme-web', ['Tags.Environment REMOVE']],
  ['tag_drift', 'Service', 'acme-web', ['Tags.Environment REMOVE']],
];
const view = (items: ReadonlyArray<{ type: string; logicalId: string | null; stack?: string | null; differences: Array<{ path: string; kind: string }> }>) =>
  items.map((i) => [i.type, i.logicalId, i.stack ?? null, i.differences.map((d) => `${d.path} ${d.kind}`)]).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

let cf: CloudFormationClient;
let ec2: EC2Client;
let rds: RDSClient;

beforeAll(() => {
  for (const [key, value] of Object.entries(TEST_CREDENTIALS_ENV)) vi.stubEnv(key, value);
});
afterAll(() => {
  vi.unstubAllEnvs();
  removeWorkspaces();
});
beforeEach(async () => {
  cf = new CloudFormationClient(awsClientConfig());
  ec2 = new EC2Client(awsClientConfig());
  rds = new RDSClient(awsClientConfig());
  for (const [, body, stack] of ESTATE) await cf.send(new CreateStackCommand({ StackName: stack, TemplateBody: template(body) }));
});

function workspace(edits: Record<string, [from: string, to: string]> = {}): PhaseWorkspace {
  return writePhases(Object.fromEntries(ESTATE.map(([file, body]) => {
    let text = template(body);
    const edit = edits[file];
    if (edit) {
      if (!text.includes(edit[0])) throw new Error(`${edit[0]} not in ${file}`);
      text = text.replace(edit[0], edit[1]);
    }
    return [file, text];
  })));
}

async function physicalId(stack: string, logicalId: string): Promise<string> {
  const out = await cf.send(new ListStackResourcesCommand({ StackName: stack }));
  const id = out.StackResourceSummaries?.find((r) => r.LogicalResourceId === logicalId)?.PhysicalResourceId;
  if (!id) throw new Error(`${stack} has no ${logicalId}`);
  return id;
}

describe('a freshly deployed stack estate', () => {
  it('every file is found as its stack, identity from the stack, no --param: 0 missing, only the deviations of moto are items', async () => {
    const { report, desired } = await checkWorkspace(workspace(), motoEndpoint());

    expect(view(report.items)).toEqual(view(MOTO_QUIRKS.map(([type, logicalId, stack, differences]) =>
      ({ type, logicalId, stack, differences: differences.map((d) => ({ path: d.split(' ')[0]!, kind: d.split(' ')[1]! })) }))));
    expect(report.items.filter((i) => i.type === 'missing_resource')).toEqual([]);
    expect(report.complete).toBe(true);
    expect(report.errors).toEqual([]);
    expect(report.pendingDeploy).toEqual([]);
    expect(report.summary.pendingDeploy).toBe(0);
    const stackOf = Object.fromEntries([...new Set(desired.resources.map((r) => `${r.file}=${r.stack}`))].map((s) => s.split('=')));
    expect(stackOf).toEqual({
      'phases/00-network/01-vpc.yaml': 'acme-network',
      'phases/10-compute/01-ec2.yaml': 'acme-bastion',
      'phases/10-compute/02-ecs.yaml': 'acme-web',
      'phases/20-data/01-rds.yaml': 'acme-db',
      'phases/30-app/01-conditional.yaml': 'acme-app',
    });
    // Types ialctl cannot read are named, never missing; the dev-only cluster (condition false) is not expected.
    // moto quirk: ListStackResources reports no physical id for the DB subnet group, so it has no identity.
    expect(report.notChecked.resources.map((r) => [r.logicalId, r.code]).sort()).toEqual([
      ['DBSubnetGroup', 'no_identity'],
      ['InternetGateway', 'unsupported_type'],
      ['InternetGatewayAttachment', 'unsupported_type'],
      ['PublicRouteTable', 'unsupported_type'],
      ['PublicSubnet1RouteTableAssociation', 'unsupported_type'],
      ['TaskDefinition', 'unsupported_type'],
    ]);
    expect(report.summary).toMatchObject({ notChecked: 6 });
  });
});

describe('console-style changes on a deployed estate', () => {
  it('an SG rule, a tag and the RDS backup window changed out of band are exactly the items', async () => {
    const sg = await physicalId('acme-bastion', 'InstanceSecurityGroup');
    const vpc = await physicalId('acme-network', 'VPC');
    const db = await physicalId('acme-db', 'Database');
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: sg, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 3389, ToPort: 3389, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
    await ec2.send(new CreateTagsCommand({ Resources: [vpc], Tags: [{ Key: 'Environment', Value: 'hacked' }] }));
    await rds.send(new ModifyDBInstanceCommand({ DBInstanceIdentifier: db, PreferredBackupWindow: '05:00-06:00', ApplyImmediately: true }));

    const { report } = await checkWorkspace(workspace(), motoEndpoint());

    const quirks = new Set(MOTO_QUIRKS.map((q) => JSON.stringify([q[0], q[1], q[2], q[3]])));
    const changes = view(report.items).filter((v) => !quirks.has(JSON.stringify(v)));
    expect(changes).toEqual([
      ['configuration_drift', 'Database', 'acme-db', ['PreferredBackupWindow NOT_EQUAL']],
      ['configuration_drift', 'InstanceSecurityGroup', 'acme-bastion', ['SecurityGroupIngress ADD']],
      ['tag_drift', 'VPC', 'acme-network', ['Tags.Environment NOT_EQUAL']],
    ]);
    expect(report.items.find((i) => i.logicalId === 'Database')?.physicalId).toBe(db);
    expect(report.items.find((i) => i.logicalId === 'InstanceSecurityGroup')?.physicalId).toBe(sg);
    expect(report.items.find((i) => i.type === 'tag_drift' && i.logicalId === 'VPC')?.physicalId).toBe(vpc);
    expect(report.pendingDeploy).toEqual([]);
    expect(exitCodeFor(report)).toBe(2);
  });
});

describe('Git edited without deploying', () => {
  it('is a pendingDeploy entry, not drift, and heal does not touch it', async () => {
    // A parameter default changed in Git is no change at all for a stack (it keeps its deployed value);
    // a property changed in Git is pending until deployed.
    const ws = workspace({ '10-compute/01-ec2.yaml': ['Default: t3.micro, AllowedValues', 'Default: t3.small, AllowedValues'],
      '10-compute/02-ecs.yaml': ['      DesiredCount: !Ref DesiredCount\n', '      DesiredCount: 5\n'] });

    const { report } = await checkWorkspace(ws, motoEndpoint());

    expect(view(report.items)).toEqual(view(MOTO_QUIRKS.map(([type, logicalId, stack, differences]) =>
      ({ type, logicalId, stack, differences: differences.map((d) => ({ path: d.split(' ')[0]!, kind: d.split(' ')[1]! })) }))));
    expect(report.pendingDeploy?.map((p) => [p.stack, p.logicalId, p.path, p.git, p.deployed])).toEqual([
      ['acme-web', 'Service', 'DesiredCount', 5, { Ref: 'DesiredCount' }],
    ]);
    expect(report.summary.pendingDeploy).toBe(1);

    const heal = await runHealCli(['--endpoint-url', motoEndpoint(), '--region', 'us-east-1', 'drift', 'heal', '--format', 'json'], { cwd: ws.cwd });
    const plan = JSON.parse(heal.stdout) as { plan: { actions: Array<{ changes: unknown }> } };
    expect(JSON.stringify(plan.plan.actions)).not.toContain('DesiredCount');
    const stacks = await cf.send(new DescribeStacksCommand({ StackName: 'acme-bastion' }));
    // moto quirk: the SSM-typed parameter is reported with its resolved AMI id as ParameterValue (no ResolvedValue field).
    expect(stacks.Stacks?.[0]?.Parameters?.find((p) => p.ParameterKey === 'LatestAmiId')?.ParameterValue).toMatch(/^ami-/);
  });
});

describe('CloudFormation cannot be read', () => {
  it('the check is incomplete (exit 1) and heal refuses rather than fall back to the Git values', async () => {
    const ws = workspace({ '10-compute/02-ecs.yaml': ['      DesiredCount: !Ref DesiredCount\n', '      DesiredCount: 5\n'] });
    const proxy = await startFaultProxy(motoEndpoint());
    try {
      proxy.setRules([{ service: 'cloudformation', operation: 'DescribeStacks', kind: 'access-denied' }]);
      const { report } = await checkWorkspace(ws, proxy.endpoint);
      expect(report.complete).toBe(false);
      expect(report.errors.map((e) => [e.service, e.code, e.requiredAction])).toEqual([['cloudformation', 'AccessDenied', 'cloudformation:DescribeStacks']]);
      expect(exitCodeFor(report)).toBe(1);

      const heal = await runHealCli(['--endpoint-url', proxy.endpoint, '--region', 'us-east-1', 'drift', 'heal', '--apply', '--yes'], { cwd: ws.cwd });
      expect(heal.code).toBe(1);
      expect(heal.stderr).toContain('cannot read the CloudFormation stacks (AccessDenied');
      expect(heal.stderr).toContain('nothing is healed without the deployed values');
      expect(heal.stdout).toBe('');
    } finally {
      await proxy.close();
    }
  });
});

describe('a standalone file with an SSM parameter type', () => {
  it('compares the AMI id behind the public SSM path, not the path itself', async () => {
    const ssm = new SSMClient(awsClientConfig());
    const path = '/aws/service/ami-amazon-linux-latest/amzn2-ami-hvm-x86_64-gp2';
    const ami = (await ssm.send(new GetParametersCommand({ Names: [path] }))).Parameters?.[0]?.Value;
    expect(ami).toMatch(/^ami-/);
    ssm.destroy();
    await ec2.send(new RunInstancesCommand({ ImageId: ami, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1,
      TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'standalone-box' }] }] }));
    const ws = writePhases({ '40-box/01-box.yaml': [
      'Parameters:',
      '  LatestAmiId:',
      '    Type: AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>',
      `    Default: ${path}`,
      'Resources:',
      '  Box:',
      '    Type: AWS::EC2::Instance',
      '    Properties:',
      '      ImageId: !Ref LatestAmiId',
      '      InstanceType: t3.micro',
      '      Tags: [{ Key: Name, Value: standalone-box }]',
      '',
    ].join('\n') });

    const { report, desired } = await checkWorkspace(ws, motoEndpoint());

    expect(desired.resources.map((r) => [r.logicalId, r.stack])).toEqual([['Box', undefined]]);
    expect(report.items).toEqual([]);
    expect(report.notChecked.properties).toEqual([]);
    expect(report.complete).toBe(true);
  });
});
