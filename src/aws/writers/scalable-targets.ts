// Which ECS services Application Auto Scaling sizes: their DesiredCount belongs to the autoscaler, and a
// heal that set it back would fight it. Read once per plan, only when a plan would touch a DesiredCount.
import {
  ApplicationAutoScalingClient,
  paginateDescribeScalableTargets,
} from '@aws-sdk/client-application-auto-scaling';
import { installAnswerCheck } from '../aws-answer.js';
import { requestHandlerOptions, type ApiCallCounter, type AwsClientOptions } from '../clients.js';
import { attemptsOf, awsErrorCode, errorMessage } from '../errors.js';
import { collectPages } from '../pagination.js';

export type ScalableTargets = Map<string, { min: number; max: number }>;

export interface ScalableTargetsSource {
  /** Targets of the `ecs:service:DesiredCount` dimension among `resourceIds` (`service/<cluster>/<service>`). */
  read(resourceIds: readonly string[]): Promise<ScalableTargets>;
  destroy(): void;
}

/** DescribeScalableTargets accepts at most 50 resource ids per call. */
const IDS_PER_CALL = 50;

export const SCALABLE_TARGETS_ACTION = 'application-autoscaling:DescribeScalableTargets';

export function createScalableTargetsSource(
  options: Pick<AwsClientOptions, 'profile' | 'endpointUrl' | 'credentials' | 'maxAttempts' | 'requestTimeoutMs'> & { region: string },
  calls: ApiCallCounter,
): ScalableTargetsSource {
  const client = new ApplicationAutoScalingClient({
    region: options.region,
    maxAttempts: options.maxAttempts ?? 5,
    retryMode: 'adaptive',
    requestHandler: requestHandlerOptions(options.requestTimeoutMs),
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.endpointUrl ? { endpoint: options.endpointUrl } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
  });
  // Counted with the other clients' calls, so a run's call log is complete.
  client.middlewareStack.add(
    (next) => async (args) => {
      try {
        const result = await next(args);
        calls.record(SCALABLE_TARGETS_ACTION, attemptsOf(result.output));
        return result;
      } catch (error) {
        calls.record(SCALABLE_TARGETS_ACTION, attemptsOf(error));
        throw error;
      }
    },
    { step: 'initialize', name: 'ialctlScalableTargetsTracker', priority: 'high' },
  );
  // A login page read as "no scalable targets" would let a heal fight the autoscaler.
  installAnswerCheck(client.middlewareStack, 'application-autoscaling');
  return {
    async read(resourceIds) {
      const targets: ScalableTargets = new Map();
      const ids = [...new Set(resourceIds)];
      for (let i = 0; i < ids.length; i += IDS_PER_CALL) {
        const found = await collectPages({
          operation: SCALABLE_TARGETS_ACTION,
          pages: paginateDescribeScalableTargets(
            { client },
            { ServiceNamespace: 'ecs', ScalableDimension: 'ecs:service:DesiredCount', ResourceIds: ids.slice(i, i + IDS_PER_CALL) },
          ),
          items: (page) => page.ScalableTargets,
          nextToken: (page) => page.NextToken,
        });
        for (const t of found) {
          if (t.ResourceId) targets.set(t.ResourceId, { min: t.MinCapacity ?? 0, max: t.MaxCapacity ?? 0 });
        }
      }
      return targets;
    },
    destroy: () => client.destroy(),
  };
}

/** Why the targets could not be read, for the plan's skip reason. */
export function describeScalableTargetsError(error: unknown): string {
  const code = awsErrorCode(error);
  return `${SCALABLE_TARGETS_ACTION} failed: ${code ? `${code}: ` : ''}${errorMessage(error)}`;
}
