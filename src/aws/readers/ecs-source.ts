// ECS list + batch-describe calls, each made at most once per read and shared by the Cluster and
// Service readers (services need the cluster list).
import {
  DescribeClustersCommand,
  DescribeServicesCommand,
  paginateListClusters,
  paginateListServices,
  type Cluster,
  type ECSClient,
  type Failure,
  type Service,
} from '@aws-sdk/client-ecs';
import { NotAnAwsAnswerError } from '../aws-answer.js';
import { chunk, mapWithLimit } from '../concurrency.js';
import { markFailedOperation } from '../errors.js';
import { collectPages, MAX_PAGES_PER_CALL } from '../pagination.js';
import { once } from './once.js';

/** API limits: ListClusters/ListServices return ≤100 per page, DescribeClusters takes ≤100, DescribeServices ≤10. */
const LIST_PAGE_SIZE = 100;
const DESCRIBE_CLUSTERS_BATCH = 100;
const DESCRIBE_SERVICES_BATCH = 10;

/**
 * A cluster or service deleted between List and Describe comes back as a `MISSING` failure: it is
 * simply gone. Any other failure means part of the answer is unknown, so the whole read fails.
 */
function assertOnlyMissing(operation: string, failures: Failure[] | undefined): void {
  const real = (failures ?? []).filter((f) => f.reason !== 'MISSING');
  if (real.length > 0) {
    const detail = real.map((f) => `${f.arn ?? '?'}: ${f.reason ?? 'unknown'}${f.detail ? ` (${f.detail})` : ''}`).join('; ');
    throw new Error(`${operation} could not describe ${real.length} item(s): ${detail}`);
  }
}

/**
 * Every ARN asked about comes back, described or as a failure. A reply that leaves some out (an empty
 * `{}` from something that is not ECS) would otherwise make those resources look deleted.
 */
function assertAllAnswered(
  operation: string,
  requested: readonly string[],
  described: readonly (string | undefined)[],
  failures: Failure[] | undefined,
): void {
  const answered = new Set([...described, ...(failures ?? []).map((f) => f.arn)]);
  const unanswered = requested.filter((arn) => !answered.has(arn));
  if (unanswered.length > 0) {
    const problem =
      `it answers for ${requested.length - unanswered.length} of the ${requested.length} item(s) asked about, ` +
      `with no description or failure for ${unanswered.slice(0, 3).join(', ')}${unanswered.length > 3 ? ', …' : ''}`;
    const error = new NotAnAwsAnswerError('ecs', operation, problem, 200, undefined);
    markFailedOperation(error, `ecs:${operation}`);
    throw error;
  }
}

export class EcsSource {
  constructor(
    private readonly client: ECSClient,
    private readonly concurrency: number,
    /** Page cap per listing call (see collectPages). */
    private readonly maxPages: number = MAX_PAGES_PER_CALL,
  ) {}

  readonly clusters = once(async (): Promise<Cluster[]> => {
    const arns = await collectPages({
      operation: 'ecs:ListClusters',
      pages: paginateListClusters({ client: this.client, pageSize: LIST_PAGE_SIZE }, {}),
      items: (p) => p.clusterArns,
      nextToken: (p) => p.nextToken,
      maxPages: this.maxPages,
    });
    const batches = await mapWithLimit(chunk(arns, DESCRIBE_CLUSTERS_BATCH), this.concurrency, async (batch) => {
      const out = await this.client.send(
        new DescribeClustersCommand({ clusters: batch, include: ['SETTINGS', 'TAGS', 'CONFIGURATIONS'] }),
      );
      assertOnlyMissing('ecs:DescribeClusters', out.failures);
      assertAllAnswered('DescribeClusters', batch, (out.clusters ?? []).map((c) => c.clusterArn), out.failures);
      return out.clusters ?? [];
    });
    // Deleted clusters linger as INACTIVE for a while; they are no longer resources.
    return batches.flat().filter((c) => c.status !== 'INACTIVE');
  });

  readonly services = once(async (): Promise<Service[]> => {
    const clusters = await this.clusters();
    const perCluster = await mapWithLimit(clusters, this.concurrency, async (cluster) => {
      const arns = await collectPages({
        operation: 'ecs:ListServices',
        pages: paginateListServices({ client: this.client, pageSize: LIST_PAGE_SIZE }, { cluster: cluster.clusterArn }),
        items: (p) => p.serviceArns,
        nextToken: (p) => p.nextToken,
        maxPages: this.maxPages,
      });
      const described: Service[] = [];
      for (const batch of chunk(arns, DESCRIBE_SERVICES_BATCH)) {
        const out = await this.client.send(
          new DescribeServicesCommand({ cluster: cluster.clusterArn, services: batch, include: ['TAGS'] }),
        );
        assertOnlyMissing('ecs:DescribeServices', out.failures);
        assertAllAnswered('DescribeServices', batch, (out.services ?? []).map((s) => s.serviceArn), out.failures);
        described.push(...(out.services ?? []));
      }
      return described;
    });
    return perCluster.flat().filter((s) => s.status !== 'INACTIVE');
  });
}

export type { Cluster, Service };
