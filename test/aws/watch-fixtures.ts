// Fixtures for the watch tests against moto: a phase workspace with one ECS cluster, an SNS topic
// with an SQS queue subscribed (to read notifications back) and CloudWatch read-back helpers.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CloudWatchClient, GetMetricDataCommand, ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import { CreateClusterCommand, DescribeClustersCommand, ECSClient, TagResourceCommand } from '@aws-sdk/client-ecs';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, DeleteMessageCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterEach } from 'vitest';
import { awsClientConfig, motoEndpoint } from '../harness/moto.js';

export const CLUSTER_NAME = 'watch-test';

const open: Array<{ destroy(): void }> = [];
const dirs: string[] = [];
afterEach(() => {
  for (const c of open.splice(0)) c.destroy();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function track<T extends { destroy(): void }>(client: T): T {
  open.push(client);
  return client;
}

export interface DeclaredCluster {
  phase: string;
  logicalId: string;
  name: string;
}

/** A temp working directory with `phases/` declaring ECS clusters tagged Owner=platform (by default one). */
export function clusterWorkspace(clusters: readonly DeclaredCluster[] = [{ phase: '30-compute', logicalId: 'WatchCluster', name: CLUSTER_NAME }]): string {
  const cwd = mkdtempSync(path.join(tmpdir(), 'ialctl-watch-'));
  dirs.push(cwd);
  for (const c of clusters) {
    mkdirSync(path.join(cwd, 'phases', c.phase), { recursive: true });
    writeFileSync(
      path.join(cwd, 'phases', c.phase, '01-cluster.yaml'),
      ['Resources:', `  ${c.logicalId}:`, '    Type: AWS::ECS::Cluster', '    Properties:', `      ClusterName: ${c.name}`, '      Tags:', '        - { Key: Owner, Value: platform }', ''].join('\n'),
    );
  }
  return cwd;
}

/** Creates a cluster in moto with the given Owner tag: anything but `platform` is tag drift. */
export async function createCluster(owner: string, name: string = CLUSTER_NAME): Promise<string> {
  const ecs = track(new ECSClient(awsClientConfig()));
  const out = await ecs.send(new CreateClusterCommand({ clusterName: name, tags: [{ key: 'Owner', value: owner }] }));
  return out.cluster!.clusterArn!;
}

/** The Owner tag of a cluster, as moto has it now. */
export async function clusterOwner(name: string): Promise<string | undefined> {
  const ecs = track(new ECSClient(awsClientConfig()));
  const out = await ecs.send(new DescribeClustersCommand({ clusters: [name], include: ['TAGS'] }));
  return out.clusters?.[0]?.tags?.find((t) => t.key === 'Owner')?.value;
}

export async function retagCluster(arn: string, owner: string): Promise<void> {
  const ecs = track(new ECSClient(awsClientConfig()));
  await ecs.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'Owner', value: owner }] }));
}

export interface TopicWithQueue {
  topicArn: string;
  queueUrl: string;
}

/** An SNS topic with an SQS queue subscribed (envelope delivery, so the subject is kept). */
export async function topicWithQueue(name = 'ialctl-drift'): Promise<TopicWithQueue> {
  const sns = track(new SNSClient(awsClientConfig()));
  const sqs = track(new SQSClient(awsClientConfig()));
  const queue = await sqs.send(new CreateQueueCommand({ QueueName: `${name}-inbox` }));
  const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queue.QueueUrl!, AttributeNames: ['QueueArn'] }));
  const topic = await sns.send(new CreateTopicCommand({ Name: name }));
  await sns.send(new SubscribeCommand({ TopicArn: topic.TopicArn!, Protocol: 'sqs', Endpoint: attrs.Attributes!['QueueArn']! }));
  return { topicArn: topic.TopicArn!, queueUrl: queue.QueueUrl! };
}

export interface ReceivedNotification {
  subject: string;
  message: string;
}

/** Every message in the queue (read and deleted until a receive comes back empty). */
export async function drainNotifications(queueUrl: string): Promise<ReceivedNotification[]> {
  const sqs = track(new SQSClient(awsClientConfig()));
  const received: ReceivedNotification[] = [];
  for (;;) {
    const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
    const messages = out.Messages ?? [];
    if (messages.length === 0) return received;
    for (const m of messages) {
      const envelope = JSON.parse(m.Body!) as { Subject?: string; Message: string };
      received.push({ subject: envelope.Subject ?? '', message: envelope.Message });
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle! }));
    }
  }
}

export interface MetricReadBack {
  /** Data points published (SampleCount summed over the periods). */
  samples: number;
  /** Largest value published. */
  maximum: number | undefined;
  /** Every value's sum. */
  sum: number;
}

/** Reads a metric of namespace IAL back from CloudWatch (moto) with GetMetricData. */
export async function readMetric(name: string, dimensions: Record<string, string> = {}, since = new Date(Date.now() - 15 * 60_000)): Promise<MetricReadBack> {
  const cw = track(new CloudWatchClient(awsClientConfig()));
  const metric = { Namespace: 'IAL', MetricName: name, Dimensions: Object.entries(dimensions).map(([Name, Value]) => ({ Name, Value })) };
  const out = await cw.send(
    new GetMetricDataCommand({
      StartTime: since,
      EndTime: new Date(Date.now() + 5 * 60_000),
      MetricDataQueries: [
        { Id: 'samples', MetricStat: { Metric: metric, Period: 60, Stat: 'SampleCount' } },
        { Id: 'maximum', MetricStat: { Metric: metric, Period: 60, Stat: 'Maximum' } },
        { Id: 'sum', MetricStat: { Metric: metric, Period: 60, Stat: 'Sum' } },
      ],
    }),
  );
  const values = (id: string) => out.MetricDataResults?.find((r) => r.Id === id)?.Values ?? [];
  const max = values('maximum');
  return {
    samples: values('samples').reduce((a, b) => a + b, 0),
    maximum: max.length > 0 ? Math.max(...max) : undefined,
    sum: values('sum').reduce((a, b) => a + b, 0),
  };
}

/**
 * The distinct dimension sets CloudWatch holds for a metric of namespace IAL, as `Name=Value,…`
 * strings, sorted (moto lists one entry per data point, CloudWatch one per set).
 */
export async function metricDimensionSets(name: string): Promise<string[]> {
  const cw = track(new CloudWatchClient(awsClientConfig()));
  const out = await cw.send(new ListMetricsCommand({ Namespace: 'IAL', MetricName: name }));
  return [...new Set((out.Metrics ?? []).map((m) => (m.Dimensions ?? []).map((d) => `${d.Name}=${d.Value}`).join(',')))].sort();
}

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } }).trim();
}

/** Makes `cwd` a Git checkout of `main` with its phases committed and a bare repository as origin. */
export function gitWorkspace(cwd: string): { remote: string } {
  const remote = mkdtempSync(path.join(tmpdir(), 'ialctl-watch-remote-'));
  dirs.push(remote);
  git(remote, 'init', '--quiet', '--bare', '--initial-branch=main');
  git(cwd, 'init', '--quiet', '--initial-branch=main');
  git(cwd, 'config', 'user.name', 'Watch Test');
  git(cwd, 'config', 'user.email', 'watch@example.invalid');
  git(cwd, 'config', 'commit.gpgsign', 'false');
  writeFileSync(path.join(cwd, '.gitignore'), '.ial/\n');
  git(cwd, 'add', '--all');
  git(cwd, 'commit', '--quiet', '-m', 'Phases');
  git(cwd, 'remote', 'add', 'origin', remote);
  git(cwd, 'push', '--quiet', '-u', 'origin', 'main');
  return { remote };
}

export { motoEndpoint };
