// A 200 that is not an AWS answer (a proxy's login page, an empty body, a body of the wrong shape, no
// request id) must never read as "no resources": the types the call serves are not checked, the
// report is incomplete, nothing is reported missing, the error names the operation and what was
// wrong, and the call is not retried (one request at the proxy).
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { exitCodeFor } from '../../src/cli/commands/check.js';
import type { DriftReport } from '../../src/drift/model.js';
import { startFaultProxy, type FaultKind, type FaultProxy, type FaultService } from '../harness/fault-proxy.js';
import { motoEndpoint, resetMoto } from '../harness/moto.js';
import { runCli } from '../cli/run-cli.js';
import { sdk } from './fixtures.js';
import { ESTATE_PHASES, TEST_CREDENTIALS_ENV, checkWorkspace, createEstate, removeWorkspaces, writePhases, type PhaseWorkspace } from './scenario-estate.js';

let ws: PhaseWorkspace;
let proxy: FaultProxy;

// The faults change nothing in moto: one estate serves every case.
beforeAll(async () => {
  for (const [key, value] of Object.entries(TEST_CREDENTIALS_ENV)) vi.stubEnv(key, value);
  ws = writePhases(ESTATE_PHASES);
  proxy = await startFaultProxy(motoEndpoint());
  await resetMoto();
  await createEstate(sdk());
});
afterAll(async () => {
  vi.unstubAllEnvs();
  removeWorkspaces();
  await proxy.close();
});
beforeEach(() => proxy.setRules([]));

const ALL_TYPES = [
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
const ALL_LOGICAL_IDS = [
  'AppSecurityGroup',
  'AuroraCluster',
  'Bastion',
  'DbSecurityGroup',
  'DbSubnetGroup',
  'OrdersDb',
  'PrivateSubnetA',
  'PrivateSubnetB',
  'Vpc',
  'WebCluster',
  'WebSecurityGroup',
  'WebService',
];

interface OperationCase {
  service: FaultService;
  operation: string;
  /** The types the failed call leaves unread, in the order the report names them. */
  types: string[];
  notChecked: string[];
}

const OPERATIONS: OperationCase[] = [
  { service: 'ec2', operation: 'DescribeInstances', types: ['AWS::EC2::Instance'], notChecked: ['Bastion'] },
  // The security groups are matched by GroupName within their VpcId: without the VPC, not checked either.
  {
    service: 'ec2',
    operation: 'DescribeVpcs',
    types: ['AWS::EC2::VPC'],
    notChecked: ['AppSecurityGroup', 'DbSecurityGroup', 'Vpc', 'WebSecurityGroup'],
  },
  { service: 'ec2', operation: 'DescribeSubnets', types: ['AWS::EC2::Subnet'], notChecked: ['PrivateSubnetA', 'PrivateSubnetB'] },
  {
    service: 'ec2',
    operation: 'DescribeSecurityGroups',
    types: ['AWS::EC2::VPC', 'AWS::EC2::SecurityGroup'],
    notChecked: ['AppSecurityGroup', 'DbSecurityGroup', 'Vpc', 'WebSecurityGroup'],
  },
  { service: 'rds', operation: 'DescribeDBInstances', types: ['AWS::RDS::DBInstance'], notChecked: ['OrdersDb'] },
  { service: 'rds', operation: 'DescribeDBClusters', types: ['AWS::RDS::DBCluster'], notChecked: ['AuroraCluster'] },
  { service: 'rds', operation: 'DescribeDBSubnetGroups', types: ['AWS::RDS::DBSubnetGroup'], notChecked: ['DbSubnetGroup'] },
  { service: 'ecs', operation: 'ListClusters', types: ['AWS::ECS::Cluster', 'AWS::ECS::Service'], notChecked: ['WebCluster', 'WebService'] },
  { service: 'ecs', operation: 'ListServices', types: ['AWS::ECS::Service'], notChecked: ['WebService'] },
  { service: 'ecs', operation: 'DescribeServices', types: ['AWS::ECS::Service'], notChecked: ['WebService'] },
  { service: 'sts', operation: 'GetCallerIdentity', types: ALL_TYPES, notChecked: ALL_LOGICAL_IDS },
];

const XML_CONTENT_TYPE = 'text/xml';
const JSON_CONTENT_TYPE = 'application/x-amz-json-1.1';

/** What the error says about each fault, per protocol of the faulted service. */
function expectedProblem(kind: FaultKind, { service, operation }: OperationCase): { contentType: string; problem: string } {
  const json = service === 'ecs';
  const contentType = json ? JSON_CONTENT_TYPE : XML_CONTENT_TYPE;
  switch (kind) {
    case 'html-200':
      return { contentType: 'text/html; charset=utf-8', problem: 'the body is an HTML page ("Corporate proxy - sign in")' };
    case 'empty-200':
      return { contentType, problem: 'the body is empty' };
    case 'wrong-root':
      return {
        contentType,
        problem: json ? 'its root is an array, not a JSON object' : `its root element is <Response>, not <${operation}Response>`,
      };
    case 'no-request-id':
      return { contentType, problem: 'it carries no AWS request id (no x-amzn-RequestId header or RequestId element)' };
    default:
      throw new Error(`no expectation for ${kind}`);
  }
}

function expectNoMissing(report: DriftReport): void {
  expect(report.items.filter((i) => i.type === 'missing_resource')).toEqual([]);
}

const KINDS: FaultKind[] = ['html-200', 'empty-200', 'wrong-root', 'no-request-id'];

describe.each(KINDS)('a %s reply', (kind) => {
  it.each(OPERATIONS)('to $service $operation: its types not checked, never missing, one request, exit 1', async (op) => {
    proxy.setRules([{ service: op.service, operation: op.operation, kind }]);

    const { report } = await checkWorkspace(ws, proxy.endpoint);

    const { contentType, problem } = expectedProblem(kind, op);
    expect(report.complete).toBe(false);
    expect(report.errors).toEqual([
      {
        service: op.service,
        types: op.types,
        code: 'NotAnAwsAnswer',
        message: `${op.operation} failed: the reply is not an AWS answer (HTTP 200, ${contentType}): ${problem}`,
      },
    ]);
    expect(report.notChecked.resources.map((r) => r.logicalId).sort()).toEqual(op.notChecked);
    expectNoMissing(report);
    // The estate is in sync: whatever was read shows no drift, and nothing was invented.
    expect(report.items).toEqual([]);
    expect(report.summary).toMatchObject({ resources: 12, drifted: 0, notChecked: op.notChecked.length });
    expect(exitCodeFor(report)).toBe(1);
    // A reply that is not an AWS answer is not retried: it would only come back the same.
    expect(proxy.requests(`${op.service}:${op.operation}`)).toBe(1);
    expect(proxy.faults(`${op.service}:${op.operation}`)).toBe(1);
  });
});

describe('a well-formed {} that answers for none of the ECS items asked about', () => {
  it.each([
    { operation: 'DescribeClusters', types: ['AWS::ECS::Cluster', 'AWS::ECS::Service'], notChecked: ['WebCluster', 'WebService'], arn: 'cluster/shop-prod' },
    { operation: 'DescribeServices', types: ['AWS::ECS::Service'], notChecked: ['WebService'], arn: 'service/shop-prod/web' },
  ])('ecs $operation: not checked, never deleted', async ({ operation, types, notChecked, arn }) => {
    proxy.setRules([{ service: 'ecs', operation, kind: 'empty-answer' }]);

    const { report } = await checkWorkspace(ws, proxy.endpoint);

    expect(report.complete).toBe(false);
    expect(report.errors).toEqual([
      {
        service: 'ecs',
        types,
        code: 'NotAnAwsAnswer',
        message:
          `${operation} failed: the reply is not an AWS answer (HTTP 200): it answers for 0 of the 1 item(s) asked about, ` +
          `with no description or failure for arn:aws:ecs:us-east-1:123456789012:${arn}`,
      },
    ]);
    expect(report.notChecked.resources.map((r) => r.logicalId).sort()).toEqual(notChecked);
    expectNoMissing(report);
    expect(report.items).toEqual([]);
    expect(proxy.requests(`ecs:${operation}`)).toBe(1);
  });
});

describe('a well-formed DescribeVpcAttribute answer without the VPC or the value asked for', () => {
  it('leaves the VPC not checked instead of reading its DNS settings as unset', async () => {
    proxy.setRules([{ service: 'ec2', operation: 'DescribeVpcAttribute', kind: 'empty-answer', times: 1 }]);

    const { report } = await checkWorkspace(ws, proxy.endpoint);

    expect(report.complete).toBe(false);
    expect(report.errors).toEqual([
      {
        service: 'ec2',
        types: ['AWS::EC2::VPC'],
        code: 'NotAnAwsAnswer',
        message: expect.stringMatching(/^DescribeVpcAttribute failed: the reply is not an AWS answer \(HTTP 200\): it is about no VPC, not vpc-[0-9a-f]+$/),
      },
    ]);
    expect(report.notChecked.resources.map((r) => r.logicalId).sort()).toEqual(['AppSecurityGroup', 'DbSecurityGroup', 'Vpc', 'WebSecurityGroup']);
    expect(report.items).toEqual([]);
  });
});

describe('the control: the same estate through the proxy without faults', () => {
  it('is complete and in sync, so the cases above fail only because of the faults', async () => {
    const { report } = await checkWorkspace(ws, proxy.endpoint);

    expect(report.errors).toEqual([]);
    expect(report.complete).toBe(true);
    expect(report.summary).toMatchObject({ resources: 12, inSync: 12, drifted: 0, notChecked: 0 });
  });
});

describe('ialctl drift check behind a proxy that answers with its login page', () => {
  const env = () => ({
    AWS_ENDPOINT_URL: proxy.endpoint,
    AWS_REGION: 'us-east-1',
    ...TEST_CREDENTIALS_ENV,
  });

  it('prints the incomplete report naming the operation, the problem and the hint, and exits 1', async () => {
    proxy.setRules([{ service: 'ec2', operation: 'DescribeInstances', kind: 'html-200' }]);

    const run = await runCli(['drift', 'check', '--phases', 'phases'], { cwd: ws.cwd, env: env() });

    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain(
      '✖ ec2 NotAnAwsAnswer: DescribeInstances failed: the reply is not an AWS answer (HTTP 200, text/html; charset=utf-8): ' +
        'the body is an HTML page ("Corporate proxy - sign in")',
    );
    expect(run.stdout).toContain('is a proxy in the way? Check --endpoint-url and HTTPS_PROXY.');
    expect(run.stdout).toContain('types not checked: AWS::EC2::Instance');
    expect(run.stdout).not.toMatch(/missing resource/i);
  });

  it('in Portuguese with --lang pt', async () => {
    proxy.setRules([{ service: 'rds', operation: 'DescribeDBInstances', kind: 'empty-200' }]);

    const run = await runCli(['drift', 'check', '--phases', 'phases', '--lang', 'pt'], { cwd: ws.cwd, env: env() });

    expect(run.code).toBe(1);
    expect(run.stdout).toContain('✖ rds NotAnAwsAnswer: DescribeDBInstances failed: the reply is not an AWS answer (HTTP 200, text/xml): the body is empty');
    expect(run.stdout).toContain('há um proxy no caminho? Verifique --endpoint-url e HTTPS_PROXY.');
  });

  it("a gateway's `{}` to ecs ListClusters with its own x-gateway-request-id: ECS not checked, not zero clusters", async () => {
    proxy.setRules([{ service: 'ecs', operation: 'ListClusters', kind: 'gateway-empty' }]);

    const run = await runCli(['drift', 'check', '--phases', 'phases', '--format', 'json'], { cwd: ws.cwd, env: env() });

    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout);
    expect(json.complete).toBe(false);
    expect(json.errors).toEqual([
      {
        service: 'ecs',
        types: ['AWS::ECS::Cluster', 'AWS::ECS::Service'],
        code: 'NotAnAwsAnswer',
        message: `ListClusters failed: the reply is not an AWS answer (HTTP 200, ${JSON_CONTENT_TYPE}): it carries no AWS request id (no x-amzn-RequestId header or RequestId element)`,
      },
    ]);
  });

  it('--format json: complete=false, the error with its code, no items, exit 1', async () => {
    proxy.setRules([{ service: 'ecs', operation: 'ListClusters', kind: 'wrong-root' }]);

    const run = await runCli(['drift', 'check', '--phases', 'phases', '--format', 'json'], { cwd: ws.cwd, env: env() });

    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout);
    expect(json.complete).toBe(false);
    expect(json.items).toEqual([]);
    expect(json.errors).toEqual([
      {
        service: 'ecs',
        types: ['AWS::ECS::Cluster', 'AWS::ECS::Service'],
        code: 'NotAnAwsAnswer',
        message: `ListClusters failed: the reply is not an AWS answer (HTTP 200, ${JSON_CONTENT_TYPE}): its root is an array, not a JSON object`,
      },
    ]);
  });
});
