// Test-side helpers for the shared moto_server started by test/harness/global-setup.ts.
import { beforeEach, inject } from 'vitest';
import type { AwsClientOptions } from '../../src/aws/clients.js';
import './moto-server.js';

export const MOTO_REGION = 'us-east-1';
/** moto's fixed account id. */
export const MOTO_ACCOUNT_ID = '123456789012';

export function motoEndpoint(): string {
  const endpoint = inject('motoEndpoint');
  if (!endpoint) {
    throw new Error('motoEndpoint was not provided: add test/harness/global-setup.ts to the vitest globalSetup');
  }
  return endpoint;
}

/** Drops every resource in moto (it re-creates the default VPC, subnets and security groups). */
export async function resetMoto(endpoint: string = motoEndpoint()): Promise<void> {
  const res = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`moto reset failed: HTTP ${res.status}`);
}

/** Config for SDK clients that set up fixtures directly against moto. */
export function awsClientConfig(endpoint: string = motoEndpoint()) {
  return {
    endpoint,
    region: MOTO_REGION,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  };
}

/** Options for `createAwsClients` pointing at moto (or at a proxy in front of it). */
export function motoClientOptions(endpoint: string = motoEndpoint(), extra: AwsClientOptions = {}): AwsClientOptions {
  return { endpointUrl: endpoint, region: MOTO_REGION, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, ...extra };
}

/** Registers a reset before each test of the calling file: tests never see each other's resources. */
export function useFreshMoto(): void {
  beforeEach(async () => {
    await resetMoto();
  });
}
