// The examples in examples/ stay in step with the product: they parse, they run the commands and
// options this build has, and the scheduled task's IAM policy grants exactly the read actions the
// check needs (from `ialctl iam-policy`) plus the metric and notification calls.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, type Tags } from 'yaml';
import { describe, expect, it } from 'vitest';
import { readOnlyPolicy } from '../../src/aws/iam-policy.js';
import { METRIC_NAMESPACE } from '../../src/aws/metrics.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const read = (file: string) => readFileSync(path.join(ROOT, 'examples', file), 'utf8');

// CloudFormation short-form intrinsics, kept as plain objects.
const cfnTags: Tags = ['Ref', 'GetAtt', 'Sub'].flatMap((name) => [
  { tag: `!${name}`, resolve: (value: string) => ({ [name === 'Ref' ? 'Ref' : `Fn::${name}`]: value }) },
  { tag: `!${name}`, collection: 'seq' as const, resolve: (value: unknown) => ({ [`Fn::${name}`]: value }) },
]);

describe('examples/github-actions-drift.yml', () => {
  const workflow = parse(read('github-actions-drift.yml')) as {
    permissions: Record<string, string>;
    jobs: { drift: { steps: Array<{ run?: string; uses?: string; with?: Record<string, string> }> } };
  };

  it('checks with SARIF output and --fail-on, and uploads the SARIF to code scanning', () => {
    const steps = workflow.jobs.drift.steps;
    const check = steps.find((s) => s.run?.includes('ialctl drift check'));
    expect(check?.run).toContain('npx ialctl drift check --format sarif --fail-on high --lang en > drift.sarif');
    const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
    expect(upload?.with?.['sarif_file']).toBe('drift.sarif');
    expect(workflow.permissions).toEqual({ contents: 'read', 'id-token': 'write', 'security-events': 'write' });
  });
});

describe('examples/eventbridge-ecs-scheduled-task.yaml', () => {
  const template = parse(read('eventbridge-ecs-scheduled-task.yaml'), { customTags: cfnTags }) as {
    Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
  };
  const resources = template.Resources;

  it('runs `drift watch --once` on the EFS volume that keeps the history', () => {
    const task = resources['TaskDefinition']!.Properties as {
      ContainerDefinitions: Array<{ Command: string[]; WorkingDirectory: string; MountPoints: Array<{ ContainerPath: string }>; Environment: Array<{ Name: string }> }>;
    };
    const container = task.ContainerDefinitions[0]!;
    expect(container.Command.slice(0, 3)).toEqual(['drift', 'watch', '--once']);
    expect(container.MountPoints.map((m) => m.ContainerPath)).toEqual([container.WorkingDirectory]);
    expect(container.Environment.map((e) => e.Name)).toEqual(expect.arrayContaining(['IAL_SNS_TOPIC_ARN', 'IAL_AUTO_HEAL_ENABLED']));
    expect(resources['ScheduleRule']!.Type).toBe('AWS::Events::Rule');
  });

  it('grants the read actions of `ialctl iam-policy`, PutMetricData on namespace IAL only, and Publish', () => {
    const role = resources['TaskRole']!.Properties as {
      Policies: Array<{ PolicyDocument: { Statement: Array<{ Sid: string; Action: string | string[]; Condition?: unknown }> } }>;
    };
    const statements = role.Policies[0]!.PolicyDocument.Statement;
    const read = statements.find((s) => s.Sid === 'IalctlReadLiveState');
    expect(read?.Action).toEqual(readOnlyPolicy().Statement[0]!.Action);
    const metrics = statements.find((s) => s.Sid === 'IalctlMetrics');
    expect(metrics).toMatchObject({ Action: 'cloudwatch:PutMetricData', Condition: { StringEquals: { 'cloudwatch:namespace': METRIC_NAMESPACE } } });
    expect(statements.find((s) => s.Sid === 'IalctlNotifications')?.Action).toBe('sns:Publish');
  });
});
