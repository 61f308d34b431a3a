// Builds the AWS SDK clients once per run, with the retry policy, endpoint override, per-operation
// call counting and `--debug` call logging every reader and writer relies on.
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { escapeControlsInline } from '../drift/report/sanitize.js';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ECSClient } from '@aws-sdk/client-ecs';
import { RDSClient } from '@aws-sdk/client-rds';
import { SSMClient } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { installAnswerCheck, type MiddlewareStackWithAdd } from './aws-answer.js';
import { attemptsOf, awsErrorCode, markFailedOperation } from './errors.js';
import { regionProblem } from '../config/aws-target.js';
import { UsageError } from '../engine/errors.js';

export type AwsService = 'ec2' | 'ecs' | 'rds' | 'sts' | 'cloudformation' | 'ssm';

export interface StaticCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface AwsClientOptions {
  /** Wins over AWS_REGION / AWS_DEFAULT_REGION and the profile's region. */
  region?: string;
  /** Named profile from ~/.aws/config and ~/.aws/credentials (like AWS_PROFILE). */
  profile?: string;
  /** `--endpoint-url`: one endpoint for every service (moto, LocalStack). The SDK honours AWS_ENDPOINT_URL by itself. */
  endpointUrl?: string;
  /** Log one line per AWS call to `log` (stderr by default). */
  debug?: boolean;
  /** Attempts per call including the first; default 5. */
  maxAttempts?: number;
  /** Abort (and retry) a call whose response has not completed after this many ms; default 30000. */
  requestTimeoutMs?: number;
  /** Fixed credentials instead of the default provider chain (sandbox/demo accounts, tests). */
  credentials?: StaticCredentials;
  /** Where `debug` lines go; default `process.stderr`. */
  log?: (line: string) => void;
  /** Environment consulted for the region; default `process.env`. */
  env?: NodeJS.ProcessEnv;
}

/** Counts AWS API calls per `service:Operation` (the same string as the IAM action). */
export class ApiCallCounter {
  private readonly calls = new Map<string, number>();
  private readonly attemptCounts = new Map<string, number>();

  record(operation: string, attempts: number): void {
    this.calls.set(operation, (this.calls.get(operation) ?? 0) + 1);
    this.attemptCounts.set(operation, (this.attemptCounts.get(operation) ?? 0) + attempts);
  }

  /** Logical calls (retries not counted) for one operation, or for all when omitted. */
  count(operation?: string): number {
    return operation === undefined ? sum(this.calls.values()) : (this.calls.get(operation) ?? 0);
  }

  /** HTTP attempts including retries for one operation, or for all when omitted. */
  attempts(operation?: string): number {
    return operation === undefined ? sum(this.attemptCounts.values()) : (this.attemptCounts.get(operation) ?? 0);
  }

  /** Logical calls per operation, keys sorted. */
  byOperation(): Record<string, number> {
    return Object.fromEntries([...this.calls.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }

  reset(): void {
    this.calls.clear();
    this.attemptCounts.clear();
  }
}

export interface AwsClients {
  region: string;
  ec2: EC2Client;
  ecs: ECSClient;
  rds: RDSClient;
  sts: STSClient;
  /** Stacks: which stack a phase file is, its physical ids, parameters, exports and deployed template. */
  cloudformation: CloudFormationClient;
  /** `AWS::SSM::Parameter::Value<…>` parameters of standalone files. */
  ssm: SSMClient;
  calls: ApiCallCounter;
  /** Account id from STS GetCallerIdentity, fetched once (a failed attempt is not cached). */
  accountId(): Promise<string>;
  /** Closes the HTTP connection pools. */
  destroy(): void;
}

const DEFAULT_MAX_ATTEMPTS = 5;
const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
const CONNECTION_TIMEOUT_MS = 5_000;

/** The timeouts every AWS client of ialctl uses, so no call can hang a run. */
export function requestHandlerOptions(requestTimeoutMs?: number) {
  return {
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    requestTimeout: requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    // Without this the SDK only logs a warning on a breached request timeout and keeps waiting.
    throwOnRequestTimeout: true,
  };
}

export async function createAwsClients(options: AwsClientOptions = {}): Promise<AwsClients> {
  const region = await resolveRegion(options);
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new Error(`maxAttempts must be a positive integer, got ${options.maxAttempts}`);
  }
  const config = {
    region,
    maxAttempts,
    // Adaptive adds client-side rate limiting on top of standard retries: a big account read backs off as a whole.
    retryMode: 'adaptive',
    requestHandler: requestHandlerOptions(options.requestTimeoutMs),
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.endpointUrl ? { endpoint: options.endpointUrl } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
  };
  const calls = new ApiCallCounter();
  const log = options.debug ? (options.log ?? ((line: string) => void process.stderr.write(`${line}\n`))) : undefined;

  const ec2 = new EC2Client(config);
  const ecs = new ECSClient(config);
  const rds = new RDSClient(config);
  const sts = new STSClient(config);
  instrument(ec2.middlewareStack, 'ec2', calls, log);
  instrument(ecs.middlewareStack, 'ecs', calls, log);
  instrument(rds.middlewareStack, 'rds', calls, log);
  instrument(sts.middlewareStack, 'sts', calls, log);
  const cloudformation = new CloudFormationClient(config);
  const ssm = new SSMClient(config);
  instrument(cloudformation.middlewareStack, 'cloudformation', calls, log);
  instrument(ssm.middlewareStack, 'ssm', calls, log);

  let account: Promise<string> | undefined;
  return {
    region,
    ec2,
    ecs,
    rds,
    sts,
    cloudformation,
    ssm,
    calls,
    accountId() {
      account ??= sts.send(new GetCallerIdentityCommand({})).then((out) => {
        if (!out.Account) throw new Error('STS GetCallerIdentity returned no account id');
        return out.Account;
      });
      account.catch(() => {
        account = undefined;
      });
      return account;
    },
    destroy() {
      for (const client of [ec2, ecs, rds, sts, cloudformation, ssm]) client.destroy();
    },
  };
}

async function resolveRegion(options: AwsClientOptions): Promise<string> {
  const env = options.env ?? process.env;
  // The SDK reads AWS_REGION itself but not AWS_DEFAULT_REGION, which the AWS CLI users often have set.
  const explicit = options.region || env.AWS_REGION || env.AWS_DEFAULT_REGION;
  if (explicit) return explicit;
  const probe = new STSClient(options.profile ? { profile: options.profile } : {});
  let fromProfile: string;
  try {
    fromProfile = await probe.config.region();
  } catch {
    const where = options.profile ? `profile "${options.profile}"` : 'the default profile';
    throw new Error(
      `No AWS region configured: pass --region (e.g. --region us-east-1), set AWS_REGION, ` +
        `or add "region = …" to ${where} in ~/.aws/config.`,
    );
  } finally {
    probe.destroy();
  }
  const problem = regionProblem(fromProfile);
  if (problem !== undefined) {
    const where = options.profile ? `profile "${options.profile}"` : 'the default profile';
    throw new UsageError(`the region of ${where} in the AWS config file is not usable: ${problem}`, 'fix "region = …" in ~/.aws/config (or AWS_CONFIG_FILE), or pass --region');
  }
  return fromProfile;
}

type Handler<A, R> = (args: A) => Promise<R>;
/** The slice of the SDK middleware stack this module uses (structural, so no @smithy/types import). */
interface MiddlewareStackLike<A, R> {
  add(
    middleware: (next: Handler<A, R>, context: { commandName?: string }) => Handler<A, R>,
    options: { step: 'initialize'; name: string; priority: 'high' },
  ): void;
}

/**
 * Every client goes through here: call counting and `--debug` logging, and the check that each reply
 * is a well-formed AWS answer for its operation (a new service gets both by being instrumented).
 */
function instrument<A, R extends { output: unknown }>(
  stack: MiddlewareStackLike<A, R> & MiddlewareStackWithAdd,
  service: AwsService,
  calls: ApiCallCounter,
  log: ((line: string) => void) | undefined,
): void {
  stack.add(
    (next, context) => async (args) => {
      const operation = (context.commandName ?? 'UnknownCommand').replace(/Command$/, '');
      const started = performance.now();
      try {
        const result = await next(args);
        const attempts = attemptsOf(result.output);
        calls.record(`${service}:${operation}`, attempts);
        log?.(`aws ${service} ${operation} ${elapsed(started)}ms attempts=${attempts}`);
        return result;
      } catch (err) {
        const attempts = attemptsOf(err);
        calls.record(`${service}:${operation}`, attempts);
        markFailedOperation(err, `${service}:${operation}`);
        log?.(`aws ${service} ${operation} ${elapsed(started)}ms attempts=${attempts} error=${escapeControlsInline(awsErrorCode(err) ?? 'unknown')}`);
        throw err;
      }
    },
    // Initialize runs once per logical call, outside the retry loop: one count and one log line per call.
    { step: 'initialize', name: 'ialctlCallTracker', priority: 'high' },
  );
  installAnswerCheck(stack, service);
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}
