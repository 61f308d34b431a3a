import { describe, expect, it } from 'vitest';
import { readLiveState } from '../../src/aws/read-live.js';
import { supportedTypes } from '../../src/aws/readers/index.js';
import { parseSnapshot, serializeSnapshot, SnapshotError } from '../../src/aws/snapshot.js';
import type { LiveState } from '../../src/drift/model.js';
import { useFreshMoto } from '../harness/moto.js';
import { createDbSubnetGroup, createNetwork, productClients, sdk } from './fixtures.js';

useFreshMoto();

const GENERATED_AT = '2025-06-01T12:00:00.000Z';

const small: LiveState = {
  region: 'eu-west-1',
  accountId: '111122223333',
  readTypes: ['AWS::EC2::VPC'],
  errors: [{ service: 'ecs', types: ['AWS::ECS::Cluster'], code: 'AccessDeniedException', message: 'denied', requiredAction: 'ecs:ListClusters' }],
  resources: [
    {
      type: 'AWS::EC2::VPC',
      physicalId: 'vpc-1',
      properties: { CidrBlock: '10.0.0.0/16', Tags: [{ Key: 'Name', Value: 'main' }] },
      attributes: { VpcId: 'vpc-1' },
      awsDefault: true,
    },
  ],
};

function snapshotWith(change: (s: Record<string, any>) => void): string {
  const s = JSON.parse(serializeSnapshot(small, GENERATED_AT));
  change(s);
  return JSON.stringify(s);
}

function parseError(text: string): string {
  try {
    parseSnapshot(text, 'snap.json');
  } catch (err) {
    expect(err).toBeInstanceOf(SnapshotError);
    return (err as Error).message;
  }
  throw new Error('expected parseSnapshot to fail');
}

describe('snapshot', () => {
  it('round-trips a live state read from AWS', async () => {
    const { ec2, rds } = sdk();
    const net = await createNetwork(ec2);
    await createDbSubnetGroup(rds, 'main', [net.subnetA, net.subnetB], { Env: 'prod' });
    const state = await readLiveState(await productClients(), [...supportedTypes(), 'AWS::S3::Bucket']);

    const text = serializeSnapshot(state, GENERATED_AT);

    expect(parseSnapshot(text, 'snap.json')).toStrictEqual(state);
    expect(JSON.parse(text)).toMatchObject({ kind: 'ialctl-snapshot', schemaVersion: 1, generatedAt: GENERATED_AT });
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('writes the documented format', () => {
    expect(JSON.parse(serializeSnapshot(small, GENERATED_AT))).toStrictEqual({
      kind: 'ialctl-snapshot',
      schemaVersion: 1,
      generatedAt: GENERATED_AT,
      ...small,
    });
  });

  it('names the file and the problem for unusable input', () => {
    expect(parseError('{ not json')).toMatch(/^snap\.json: not valid JSON \(.+\); create a snapshot with `ialctl drift snapshot --out FILE`$/);
    expect(parseError('[]')).toBe('snap.json: not an ialctl snapshot (expected a JSON object)');
    expect(parseError(snapshotWith((s) => (s.kind = 'terraform-state')))).toBe(
      'snap.json: kind: expected "ialctl-snapshot", got "terraform-state" — is this an ialctl snapshot?',
    );
    expect(parseError(snapshotWith((s) => (s.schemaVersion = 2)))).toBe(
      'snap.json: schemaVersion: 2 is newer than this ialctl reads (1); upgrade ialctl or regenerate the snapshot',
    );
  });

  it('names the offending field', () => {
    expect(parseError(snapshotWith((s) => delete s.resources[0].physicalId))).toBe(
      'snap.json: invalid snapshot: resources[0].physicalId: Invalid input: expected string, received undefined',
    );
    expect(parseError(snapshotWith((s) => (s.resources[0].type = 'VPC')))).toBe(
      'snap.json: invalid snapshot: resources[0].type: expected a CloudFormation type such as AWS::EC2::VPC',
    );
    expect(parseError(snapshotWith((s) => (s.generatedAt = 'yesterday')))).toMatch(/^snap\.json: invalid snapshot: generatedAt: /);
    expect(parseError(snapshotWith((s) => (s.errors[0].types = 'AWS::ECS::Cluster')))).toMatch(
      /^snap\.json: invalid snapshot: errors\[0\]\.types: /,
    );
  });

  it('rejects inconsistent content', () => {
    expect(parseError(snapshotWith((s) => (s.readTypes = [])))).toBe(
      'snap.json: resources[0].type: AWS::EC2::VPC is not listed in readTypes',
    );
    expect(parseError(snapshotWith((s) => s.resources.push(s.resources[0])))).toBe(
      'snap.json: resources[1]: duplicate AWS::EC2::VPC vpc-1',
    );
    expect(parseError(snapshotWith((s) => s.readTypes.push('AWS::ECS::Cluster')))).toBe(
      'snap.json: errors[0].types: AWS::ECS::Cluster is also listed in readTypes',
    );
  });
});
