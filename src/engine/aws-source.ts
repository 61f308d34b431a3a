// Live state from AWS itself: clients built from the CLI options, then every needed reader.
import { createAwsClients, type AwsClientOptions, type AwsClients } from '../aws/clients.js';
import { readLiveState, type ReadLiveOptions } from '../aws/read-live.js';
import type { LiveState } from '../drift/model.js';

export interface AwsSourceOptions
  extends Pick<AwsClientOptions, 'region' | 'profile' | 'endpointUrl' | 'debug' | 'maxAttempts' | 'requestTimeoutMs'> {
  /** Readers in flight at once (default: readLiveState's default). */
  concurrency?: number;
  /**
   * Receives the clients before any call: the benchmark and the tests read `clients.calls` (the
   * per-operation call counter) after the check, since the clients are closed when it ends.
   */
  onClients?: (clients: AwsClients) => void;
}

/** What a read reports while it runs, independent of where it reads from. */
export type ReadProgressOptions = Pick<ReadLiveOptions, 'onProgress'>;

export async function readAwsState(options: AwsSourceOptions, types: string[], progress: ReadProgressOptions = {}): Promise<LiveState> {
  const { concurrency, onClients, ...clientOptions } = options;
  const clients = await createAwsClients(clientOptions);
  onClients?.(clients);
  try {
    return await readLiveState(clients, types, { concurrency, onProgress: progress.onProgress });
  } finally {
    clients.destroy();
  }
}
