// The CLI end to end against moto: `ialctl drift check` as a user runs it (real process, endpoint and
// credentials from the environment), its JSON contract (ARCHITECTURE §5) and its exit codes.
import { UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiCallCounter } from '../../src/aws/clients.js';
import { startFaultProxy, type FaultProxy } from '../harness/fault-proxy.js';
import { motoEndpoint, useFreshMoto } from '../harness/moto.js';
import { runCli } from '../cli/run-cli.js';
import { sdk } from './fixtures.js';
import { CLUSTER, ESTATE_PHASES, TEST_CREDENTIALS_ENV, checkWorkspace, createEstate, declaredAt, removeWorkspaces, writePhases, type Estate, type PhaseWorkspace } from './scenario-estate.js';

useFreshMoto();

/** Distinctive, so the test can prove it never reaches any output (moto accepts any secret). */
const SECRET_KEY = 'cli-e2e-secret-7Qx9';

let ws: PhaseWorkspace;
let estate: Estate;
let proxy: FaultProxy;

beforeAll(async () => {
  ws = writePhases(ESTATE_PHASES);
  proxy = await startFaultProxy(motoEndpoint());
});
afterAll(async () => {
  removeWorkspaces();
  await proxy.close();
});
beforeEach(async () => {
  proxy.setRules([]);
  estate = await createEstate(sdk());
});

function awsEnv(endpoint: string = motoEndpoint()): Record<string, string> {
  return { AWS_ENDPOINT_URL: endpoint, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: SECRET_KEY };
}

const cli = (args: string[], env: Record<string, string> = awsEnv()) => runCli(args, { cwd: ws.cwd, env });

async function driftDesiredCount(): Promise<void> {
  await sdk().ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: 'web', desiredCount: 3 }));
}

describe('drift check --format json', () => {
  it('in sync: the contract JSON with complete=true and no items, exit 0', async () => {
    const run = await cli(['drift', 'check', '--phases', 'phases', '--format', 'json']);

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(Object.keys(json).slice(0, 7)).toEqual(['schemaVersion', 'generatedAt', 'region', 'complete', 'errors', 'summary', 'items']);
    expect(json).toMatchObject({ schemaVersion: 1, region: 'us-east-1', complete: true, errors: [], items: [] });
    expect(Date.parse(json.generatedAt)).not.toBeNaN();
    // The contract's summary fields (later fields may be added: "add fields freely, never rename").
    expect(Object.keys(json.summary).slice(0, 6)).toEqual(['resources', 'inSync', 'drifted', 'bySeverity', 'byType', 'coverage']);
    expect(json.summary).toMatchObject({
      resources: 12,
      inSync: 12,
      drifted: 0,
      bySeverity: { low: 0, medium: 0, high: 0, critical: 0 },
      byType: { missing_resource: 0, extra_resource: 0, configuration_drift: 0, tag_drift: 0 },
      coverage: { propertiesCompared: 71, propertiesNotChecked: 2 },
    });
  });

  it('drift: items with the contract fields in contract order, exit 2', async () => {
    await driftDesiredCount();

    const run = await cli(['drift', 'check', '--phases', 'phases', '--format', 'json']);

    expect(run.code).toBe(2);
    const json = JSON.parse(run.stdout);
    expect(json.complete).toBe(true);
    expect(json.summary.byType).toEqual({ missing_resource: 0, extra_resource: 0, configuration_drift: 1, tag_drift: 0 });
    expect(json.items).toHaveLength(1);
    const item = json.items[0];
    expect(Object.keys(item).slice(0, 11)).toEqual([
      'id', 'type', 'severity', 'resourceType', 'logicalId', 'physicalId', 'phase', 'file', 'line', 'differences', 'autoHeal',
    ]);
    expect(item).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f]{16}$/),
      type: 'configuration_drift',
      severity: 'medium',
      resourceType: 'AWS::ECS::Service',
      logicalId: 'WebService',
      physicalId: estate.serviceArn,
      ...declaredAt('20-compute/02-ecs.yaml', 'WebService'),
      differences: [{ path: 'DesiredCount', kind: 'NOT_EQUAL', expected: 2, actual: 3 }],
      autoHeal: { eligible: true, reason: expect.any(String), code: 'eligible', params: { severity: 'medium', limit: 'medium' } },
    });
    // Stable id: the same finding on a second run has the same id.
    const again = JSON.parse((await cli(['drift', 'check', '--phases', 'phases', '--format', 'json'])).stdout);
    expect(again.items[0].id).toBe(item.id);
  });

  it('incomplete (ECS services denied): complete=false, the error names the action, exit 1, report still printed', async () => {
    proxy.setRules([{ service: 'ecs', operation: 'DescribeServices', kind: 'access-denied' }]);

    const run = await cli(['drift', 'check', '--phases', 'phases', '--format', 'json'], awsEnv(proxy.endpoint));

    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout);
    expect(json.complete).toBe(false);
    expect(json.errors).toEqual([
      {
        service: 'ecs',
        types: ['AWS::ECS::Service'],
        code: 'AccessDeniedException',
        message: 'DescribeServices failed: User: arn:aws:iam::123456789012:user/test is not authorized',
        requiredAction: 'ecs:DescribeServices',
      },
    ]);
    expect(json.items).toEqual([]);
    expect(json.notChecked.resources.map((r: { logicalId: string }) => r.logicalId)).toEqual(['WebService']);
  });
});

describe('drift check --format text', () => {
  it('--lang pt prints the Portuguese report and summary', async () => {
    await driftDesiredCount();

    const run = await cli(['drift', 'check', '--phases', 'phases', '--format', 'text', '--lang', 'pt']);

    expect(run.code).toBe(2);
    expect(run.stdout).toContain('Relatório de drift · região us-east-1 · conta 123456789012');
    expect(run.stdout).toContain('Resumo\n  Recursos: 12 · Em sincronia: 11 · Com drift: 1 · Não verificados: 0');
    expect(run.stdout).toContain('[MÉDIO] configuração alterada · AWS::ECS::Service · WebService');
    expect(run.stdout).toContain('DesiredCount: 2 → 3');
    // NO_COLOR is set and stdout is a pipe: no escape sequences.
    expect(run.stdout).not.toContain('\u001b[');
  });
});

describe('drift snapshot', () => {
  it('`drift check --snapshot` on a saved snapshot gives the same report as the live check', async () => {
    await driftDesiredCount();
    const live = await cli(['drift', 'check', '--phases', 'phases', '--format', 'json']);
    // --endpoint-url on the command line works like AWS_ENDPOINT_URL.
    const env = awsEnv();
    const { AWS_ENDPOINT_URL: _unused, ...withoutEndpoint } = env;

    const snap = await cli(['drift', 'snapshot', '--out', 'snap.json', '--endpoint-url', motoEndpoint()], withoutEndpoint);
    const offline = await runCli(['drift', 'check', '--phases', 'phases', '--format', 'json', '--snapshot', 'snap.json'], { cwd: ws.cwd });

    expect(snap.code).toBe(0);
    expect(snap.stderr).toMatch(/^snapshot: \d+ resources of 9 types written to snap.json\n$/);
    expect(readFileSync(path.join(ws.cwd, 'snap.json'), 'utf8')).not.toContain('estate-password');
    expect(offline.code).toBe(2);
    const a = JSON.parse(live.stdout);
    const b = JSON.parse(offline.stdout);
    expect(b.items).toEqual(a.items);
    expect(b.summary).toEqual(a.summary);
    expect(b.complete).toBe(true);
  });

  it('a control character in --out reaches stderr in visible escaped form, never raw', async () => {
    const out = 'snap\u001b[2Jx.json';
    const snap = await cli(['drift', 'snapshot', '--out', out]);

    expect(snap.code).toBe(0);
    expect(snap.stderr).toMatch(/^snapshot: \d+ resources of 9 types written to snap␛\[2Jx\.json\n$/);
    expect(snap.stderr).not.toContain('\u001b');
  });
});

describe('iam-policy', () => {
  it('prints a valid policy whose actions cover every AWS call a check makes', async () => {
    await driftDesiredCount();
    const counters: ApiCallCounter[] = [];
    for (const [key, value] of Object.entries(TEST_CREDENTIALS_ENV)) vi.stubEnv(key, value);
    try {
      // A check opens two client sets (stack reads, then the readers): count the calls of both.
      await checkWorkspace(ws, motoEndpoint(), { onClients: (c) => counters.push(c.calls) });
    } finally {
      vi.unstubAllEnvs();
    }
    const debugRun = await cli(['drift', 'check', '--phases', 'phases', '--debug']);

    const policyRun = await runCli(['iam-policy'], { cwd: ws.cwd });

    expect(policyRun.code).toBe(0);
    const policy = JSON.parse(policyRun.stdout);
    expect(policy.Version).toBe('2012-10-17');
    expect(policy.Statement).toHaveLength(1);
    expect(policy.Statement[0]).toMatchObject({ Effect: 'Allow', Resource: '*' });
    const actions: string[] = policy.Statement[0].Action;
    expect(actions.every((a) => /^(ec2|ecs|rds|sts|cloudformation|ssm):(Describe|List|Get)[A-Za-z]+$/.test(a))).toBe(true);

    const counted = [...new Set(counters.flatMap((c) => Object.keys(c.byOperation())))].sort();
    expect(counted.length).toBeGreaterThanOrEqual(13);
    expect(counted.filter((op) => !actions.includes(op))).toEqual([]);
    // The CLI's --debug log names the same calls (one line per call), and never a credential.
    expect(debugRun.code).toBe(2);
    const logged = new Set([...debugRun.stderr.matchAll(/^aws (\w+) (\w+) \d+ms attempts=\d+/gm)].map((m) => `${m[1]}:${m[2]}`));
    expect([...logged].sort()).toEqual(counted);
    expect(debugRun.stderr).not.toContain(SECRET_KEY);
    expect(debugRun.stdout).not.toContain(SECRET_KEY);
  });
});
