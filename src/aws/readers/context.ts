// The per-read context: one SDK-backed source per service, each caching its batch calls for one read.
import type { AwsClients } from '../clients.js';
import { MAX_PAGES_PER_CALL } from '../pagination.js';
import { Ec2Source } from './ec2-source.js';
import { EcsSource } from './ecs-source.js';
import { RdsSource } from './rds-source.js';
import type { ReadContext } from './reader.js';

/** A fresh per-read context: every source starts with an empty cache. */
export function createReadContext(clients: AwsClients, concurrency: number, maxPagesPerCall = MAX_PAGES_PER_CALL): ReadContext {
  return {
    clients,
    concurrency,
    ec2: new Ec2Source(clients.ec2, concurrency, maxPagesPerCall),
    ecs: new EcsSource(clients.ecs, concurrency, maxPagesPerCall),
    rds: new RdsSource(clients.rds, concurrency, maxPagesPerCall),
  };
}
