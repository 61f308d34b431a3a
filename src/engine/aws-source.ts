// Live state from AWS itself: clients built from the CLI options, then every needed reader.
import { createAwsClients } from '../aws/clients.js';
import { readLiveState } from '../aws/read-live.js';
import type { LiveState } from '../drift/model.js';

export interface AwsSourceOptions {
  region?: string;
  profile?: string;
  endpointUrl?: string;
  debug?: boolean;
}

export async function readAwsState(options: AwsSourceOptions, types: string[]): Promise<LiveState> {
  const clients = await createAwsClients(options);
  try {
    return await readLiveState(clients, types, {});
  } finally {
    clients.destroy();
  }
}
