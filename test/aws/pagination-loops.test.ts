// A listing whose page token repeats (A, A…) or cycles (A→B→A) would make the reader ask forever;
// one that never ends would too. Each must stop after a bounded number of requests (counted at the
// proxy) and fail closed: the types the listing serves are not checked, nothing is reported missing,
// and the error names the operation.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { exitCodeFor } from '../../src/cli/commands/check.js';
import { MAX_PAGES_PER_CALL } from '../../src/aws/pagination.js';
import { readLiveState } from '../../src/aws/read-live.js';
import { startFaultProxy, type FaultProxy, type FaultService } from '../harness/fault-proxy.js';
import { motoEndpoint, resetMoto } from '../harness/moto.js';
import { runCli } from '../cli/run-cli.js';
import { productClients, sdk } from './fixtures.js';
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

interface ListingCase {
  service: FaultService;
  operation: string;
  types: string[];
  notChecked: string[];
}

const LISTINGS: ListingCase[] = [
  // The security groups are matched by GroupName within their VpcId: without the VPC, not checked either.
  {
    service: 'ec2',
    operation: 'DescribeVpcs',
    types: ['AWS::EC2::VPC'],
    notChecked: ['AppSecurityGroup', 'DbSecurityGroup', 'Vpc', 'WebSecurityGroup'],
  },
  { service: 'ec2', operation: 'DescribeInstances', types: ['AWS::EC2::Instance'], notChecked: ['Bastion'] },
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
];

const LOOPS = [
  { kind: 'repeat-token' as const, what: 'the same token every page (A, A)', requests: 2, token: 'fault-token-A' },
  { kind: 'cycle-tokens' as const, what: 'tokens cycling A→B→A', requests: 3, token: 'fault-token-A' },
];

describe.each(LOOPS)('$what', ({ kind, requests, token }) => {
  it.each(LISTINGS)(`$service $operation stops after ${requests} requests: its types not checked, never missing, exit 1`, async (listing) => {
    proxy.setRules([{ service: listing.service, operation: listing.operation, kind }]);

    const { report } = await checkWorkspace(ws, proxy.endpoint);

    expect(report.complete).toBe(false);
    expect(report.errors).toEqual([
      {
        service: listing.service,
        types: listing.types,
        code: 'PaginationLoop',
        message:
          `${listing.operation} failed: page ${requests} handed back the page token "${token}" that an earlier page already gave: ` +
          `the listing would never end, so it was stopped after ${requests} requests.`,
      },
    ]);
    expect(report.notChecked.resources.map((r) => r.logicalId).sort()).toEqual(listing.notChecked);
    expect(report.items.filter((i) => i.type === 'missing_resource')).toEqual([]);
    expect(report.items).toEqual([]);
    expect(exitCodeFor(report)).toBe(1);
    expect(proxy.requests(`${listing.service}:${listing.operation}`)).toBe(requests);
  });
});

describe('a listing that never ends (a fresh token on every page)', () => {
  it('stops at the page cap given to the read, naming the operation', async () => {
    proxy.setRules([{ service: 'rds', operation: 'DescribeDBInstances', kind: 'endless-tokens' }]);
    const clients = await productClients({}, proxy.endpoint);
    try {
      const live = await readLiveState(clients, ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster'], { maxPagesPerCall: 5 });

      expect(live.readTypes).toEqual(['AWS::RDS::DBCluster']);
      expect(live.resources.map((r) => r.type)).toEqual(['AWS::RDS::DBCluster']);
      expect(live.errors).toEqual([
        {
          service: 'rds',
          types: ['AWS::RDS::DBInstance'],
          code: 'TooManyPages',
          message:
            'DescribeDBInstances failed: still had more results after 5 pages, the most one listing may take; stopped rather than read without end.',
        },
      ]);
      expect(proxy.requests('rds:DescribeDBInstances')).toBe(5);
    } finally {
      clients.destroy();
    }
  });

  // A thousand real round trips: a generous timeout for a loaded machine (no assertion on time).
  it(`stops at the default cap of ${MAX_PAGES_PER_CALL} pages in a whole check`, { timeout: 240_000 }, async () => {
    proxy.setRules([{ service: 'ecs', operation: 'ListServices', kind: 'endless-tokens' }]);

    const { report } = await checkWorkspace(ws, proxy.endpoint);

    expect(report.complete).toBe(false);
    expect(report.errors).toEqual([
      {
        service: 'ecs',
        types: ['AWS::ECS::Service'],
        code: 'TooManyPages',
        message: `ListServices failed: still had more results after ${MAX_PAGES_PER_CALL} pages, the most one listing may take; stopped rather than read without end.`,
      },
    ]);
    expect(report.notChecked.resources.map((r) => r.logicalId)).toEqual(['WebService']);
    expect(report.items).toEqual([]);
    expect(proxy.requests('ecs:ListServices')).toBe(MAX_PAGES_PER_CALL);
  });
});

describe('ialctl drift check against a listing that loops', () => {
  it('prints the incomplete report naming the operation and the hint, and exits 1', async () => {
    proxy.setRules([{ service: 'ec2', operation: 'DescribeInstances', kind: 'cycle-tokens' }]);
    const env = { AWS_ENDPOINT_URL: proxy.endpoint, AWS_REGION: 'us-east-1', ...TEST_CREDENTIALS_ENV };

    const run = await runCli(['drift', 'check', '--phases', 'phases'], { cwd: ws.cwd, env });

    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain(
      '✖ ec2 PaginationLoop: DescribeInstances failed: page 3 handed back the page token "fault-token-A" that an earlier page already gave: ' +
        'the listing would never end, so it was stopped after 3 requests.',
    );
    expect(run.stdout).toContain('is a proxy or cache replaying answers? Check --endpoint-url and HTTPS_PROXY');
    expect(run.stdout).toContain('types not checked: AWS::EC2::Instance');
    expect(run.stdout).not.toMatch(/missing resource/i);
    expect(proxy.requests('ec2:DescribeInstances')).toBe(3);
  });
});
