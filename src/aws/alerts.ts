// Publishing what `drift watch` found: CloudWatch metrics (PutMetricData) and SNS notifications
// (Publish). The metric names come from metrics.ts, shared with `ialctl alarm-template`.
import { CloudWatchClient, PutMetricDataCommand, StandardUnit } from '@aws-sdk/client-cloudwatch';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { sanitizeInline } from '../drift/report/sanitize.js';
import type { StaticCredentials } from './clients.js';
import { METRIC_NAMESPACE, type MetricDatum } from './metrics.js';

export interface AlertTargetOptions {
  /** Region for CloudWatch; default AWS_REGION, AWS_DEFAULT_REGION, then the profile's region. */
  region?: string;
  profile?: string;
  endpointUrl?: string;
  credentials?: StaticCredentials;
  env?: NodeJS.ProcessEnv;
}

export interface MetricsPublisher {
  publish(data: readonly MetricDatum[]): Promise<void>;
  destroy(): void;
}

export interface SnsMessage {
  subject: string;
  body: string;
}

export interface SnsNotifier {
  topicArn: string;
  send(message: SnsMessage): Promise<void>;
  destroy(): void;
}

// PutMetricData takes up to 1000 data per call today; 20 was the limit for years and is what some
// emulators still enforce. A watch run publishes fewer than 20 per call anyway.
const DATA_PER_CALL = 20;
// SNS rejects messages over 256 KiB; the notifier keeps well under it.
const MAX_BODY_BYTES = 200 * 1024;
// SNS: subjects are ASCII, no line breaks, under 100 characters.
const MAX_SUBJECT = 99;

function clientConfig(options: AlertTargetOptions, region: string | undefined) {
  return {
    ...(region ? { region } : {}),
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 15_000, throwOnRequestTimeout: true },
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.endpointUrl ? { endpoint: options.endpointUrl } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
  };
}

function configuredRegion(options: AlertTargetOptions): string | undefined {
  const env = options.env ?? process.env;
  // Left undefined, the SDK falls back to the profile's region by itself.
  return options.region || env['AWS_REGION'] || env['AWS_DEFAULT_REGION'] || undefined;
}

export function createMetricsPublisher(options: AlertTargetOptions): MetricsPublisher {
  const client = new CloudWatchClient(clientConfig(options, configuredRegion(options)));
  return {
    async publish(data) {
      for (let i = 0; i < data.length; i += DATA_PER_CALL) {
        await client.send(
          new PutMetricDataCommand({
            Namespace: METRIC_NAMESPACE,
            MetricData: data.slice(i, i + DATA_PER_CALL).map((d) => ({
              MetricName: d.name,
              Dimensions: d.dimensions.map((dim) => ({ Name: dim.name, Value: dim.value })),
              Value: d.value,
              Unit: StandardUnit.Count,
              Timestamp: d.timestamp,
            })),
          }),
        );
      }
    },
    destroy: () => client.destroy(),
  };
}

/** The region in an SNS topic ARN (`arn:aws:sns:REGION:ACCOUNT:NAME`): a topic is only reachable there. */
export function topicRegion(topicArn: string): string {
  const region = topicArn.split(':')[3];
  if (!region) throw new Error(`${topicArn} is not an SNS topic ARN (expected arn:aws:sns:REGION:ACCOUNT:NAME)`);
  return region;
}

export function createSnsNotifier(topicArn: string, options: AlertTargetOptions): SnsNotifier {
  const client = new SNSClient(clientConfig(options, topicRegion(topicArn)));
  return {
    topicArn,
    async send(message) {
      await client.send(new PublishCommand({ TopicArn: topicArn, Subject: snsSubject(message.subject), Message: fitBody(message.body) }));
    },
    destroy: () => client.destroy(),
  };
}

/**
 * A subject SNS accepts: terminal sequences removed, accents folded to ASCII ("verificação" →
 * "verificacao"), anything else outside printable ASCII dropped, one line, under 100 characters.
 */
export function snsSubject(text: string): string {
  const ascii = sanitizeInline(text)
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/ {2,}/g, ' ')
    .trim();
  const subject = ascii.length > MAX_SUBJECT ? `${ascii.slice(0, MAX_SUBJECT - 3)}...` : ascii;
  // SNS refuses an empty subject; better a generic one than losing the notification.
  return subject === '' ? 'ialctl drift' : subject;
}

function fitBody(body: string): string {
  if (Buffer.byteLength(body, 'utf8') <= MAX_BODY_BYTES) return body;
  const marker = '\n[…]\n';
  let cut = body.slice(0, MAX_BODY_BYTES);
  while (Buffer.byteLength(cut + marker, 'utf8') > MAX_BODY_BYTES) cut = cut.slice(0, -1024);
  return cut + marker;
}
