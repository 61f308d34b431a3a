// What a writer is: one function per AWS operation, taking the exact SDK input the plan computed.
import type { JsonObject } from '../../drift/model.js';
import type { AwsClients } from '../clients.js';

export interface Writer {
  /** IAM actions the writer calls, including any it needs around the main call (stop/start, waiters). */
  iamActions: readonly string[];
  run(clients: AwsClients, parameters: JsonObject): Promise<void>;
}

/** Operation (`service:Operation`, as in a plan) → its writer. */
export type WriterTable = Readonly<Record<string, Writer>>;

/** Plans carry SDK inputs as JSON; the plan builder typed them against the SDK when it made them. */
export function sdkInput<T>(parameters: JsonObject): T {
  return parameters as unknown as T;
}
