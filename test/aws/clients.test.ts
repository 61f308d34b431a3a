import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAwsClients } from '../../src/aws/clients.js';
import { readLiveState } from '../../src/aws/read-live.js';
import { freePort } from '../harness/moto-server.js';
import { MOTO_ACCOUNT_ID, motoClientOptions, useFreshMoto } from '../harness/moto.js';
import { productClients } from './fixtures.js';

useFreshMoto();

describe('createAwsClients region', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ialctl-aws-config-'));
    // Isolate from the developer's own AWS setup.
    vi.stubEnv('AWS_REGION', undefined);
    vi.stubEnv('AWS_DEFAULT_REGION', undefined);
    vi.stubEnv('AWS_PROFILE', undefined);
    vi.stubEnv('AWS_CONFIG_FILE', join(dir, 'config'));
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(dir, 'credentials'));
    writeFileSync(join(dir, 'config'), '[profile eu]\nregion = eu-west-1\n\n[profile noregion]\noutput = json\n');
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    rmSync(dir, { recursive: true, force: true });
  });

  it('takes --region over everything else', async () => {
    const clients = await createAwsClients({ region: 'ap-south-1', profile: 'eu', env: { AWS_REGION: 'us-west-2' } });
    expect(clients.region).toBe('ap-south-1');
    expect(await clients.ec2.config.region()).toBe('ap-south-1');
    clients.destroy();
  });

  it('uses AWS_REGION, then AWS_DEFAULT_REGION (which the SDK alone ignores)', async () => {
    const a = await createAwsClients({ env: { AWS_REGION: 'us-west-2', AWS_DEFAULT_REGION: 'eu-central-1' } });
    const b = await createAwsClients({ env: { AWS_DEFAULT_REGION: 'eu-central-1' } });
    expect([a.region, b.region]).toEqual(['us-west-2', 'eu-central-1']);
    a.destroy();
    b.destroy();
  });

  it("falls back to the profile's region", async () => {
    const clients = await createAwsClients({ profile: 'eu', env: {} });
    expect(clients.region).toBe('eu-west-1');
    clients.destroy();
  });

  it('fails with a fix-it message when no region is configured', async () => {
    await expect(createAwsClients({ profile: 'noregion', env: {} })).rejects.toThrow(
      'No AWS region configured: pass --region (e.g. --region us-east-1), set AWS_REGION, or add "region = …" to profile "noregion" in ~/.aws/config.',
    );
  });
});

describe('createAwsClients instrumentation', () => {
  it('logs one line per call with --debug: service, operation, duration, attempts — nothing else', async () => {
    const lines: string[] = [];
    const clients = await productClients({ debug: true, log: (l) => lines.push(l) });

    await readLiveState(clients, ['AWS::EC2::Subnet']);

    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^aws sts GetCallerIdentity \d+ms attempts=1$/);
    expect(lines[1]).toMatch(/^aws ec2 DescribeSubnets \d+ms attempts=1$/);
  });

  it('logs failed calls with their error code', async () => {
    const lines: string[] = [];
    const dead = `http://127.0.0.1:${await freePort()}`;
    const clients = await createAwsClients(motoClientOptions(dead, { debug: true, log: (l) => lines.push(l), maxAttempts: 1 }));

    await expect(clients.accountId()).rejects.toThrow();

    expect(lines).toEqual([expect.stringMatching(/^aws sts GetCallerIdentity \d+ms attempts=1 error=ECONNREFUSED$/)]);
    clients.destroy();
  });

  it('does not log without --debug', async () => {
    const lines: string[] = [];
    const clients = await productClients({ log: (l) => lines.push(l) });
    await readLiveState(clients, ['AWS::EC2::Subnet']);
    expect(lines).toEqual([]);
  });

  it('reads the account id once from STS', async () => {
    const clients = await productClients();
    expect(await clients.accountId()).toBe(MOTO_ACCOUNT_ID);
    expect(await clients.accountId()).toBe(MOTO_ACCOUNT_ID);
    expect(clients.calls.count('sts:GetCallerIdentity')).toBe(1);
  });

  it('rejects a maxAttempts below 1', async () => {
    await expect(createAwsClients({ region: 'us-east-1', maxAttempts: 0 })).rejects.toThrow(
      'maxAttempts must be a positive integer, got 0',
    );
  });
});
