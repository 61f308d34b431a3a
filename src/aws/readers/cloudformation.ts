// CloudFormation read path: the account's stacks, their resources, exports and deployed templates.
// Fail-closed like the other readers: a call that fails, a reply that is not a well-formed answer, or
// a paginator that repeats its token throws; the caller reports the check incomplete.
import {
  DescribeStacksCommand, GetTemplateCommand, ListExportsCommand, ListStackResourcesCommand,
} from '@aws-sdk/client-cloudformation';
import { GetParametersCommand } from '@aws-sdk/client-ssm';
import type { DeployedStack, StackResource } from '../../drift/stacks.js';
import type { AwsClients } from '../clients.js';
import { mapWithLimit } from '../concurrency.js';
import { collectPages } from '../pagination.js';

/** IAM actions this module calls, for `ialctl iam-policy`. */
export const CLOUDFORMATION_READ_ACTIONS = [
  'cloudformation:DescribeStacks', 'cloudformation:ListStackResources', 'cloudformation:ListExports', 'cloudformation:GetTemplate',
] as const;
export const SSM_READ_ACTIONS = ['ssm:GetParameters'] as const;

/** Stack statuses whose resources exist: a deleted or never-created stack holds nothing to compare. */
const GONE = new Set(['DELETE_COMPLETE', 'CREATE_FAILED', 'ROLLBACK_COMPLETE', 'DELETE_IN_PROGRESS']);

export class MalformedReplyError extends Error {
  constructor(operation: string, detail: string) {
    super(`${operation} returned a reply that is not a CloudFormation answer (${detail}): not trusted`);
    this.name = 'MalformedReplyError';
  }
}

async function paginate<T>(operation: string, page: (token: string | undefined) => Promise<{ items: T[]; next?: string }>): Promise<T[]> {
  async function* pages(): AsyncGenerator<{ items: T[]; next?: string }> {
    let token: string | undefined;
    for (;;) {
      const current = await page(token);
      yield current;
      if (!current.next) return;
      token = current.next;
    }
  }
  return collectPages({ operation: `cloudformation:${operation}`, pages: pages(), items: (p) => p.items, nextToken: (p) => p.next });
}

/** Every live stack with its parameters, in one DescribeStacks pass. */
export async function describeStacks(clients: AwsClients): Promise<DeployedStack[]> {
  const stacks = await paginate('DescribeStacks', async (NextToken) => {
    const out = await clients.cloudformation.send(new DescribeStacksCommand(NextToken ? { NextToken } : {}));
    if (!Array.isArray(out.Stacks)) throw new MalformedReplyError('DescribeStacks', 'no Stacks list');
    return { items: out.Stacks, ...(out.NextToken ? { next: out.NextToken } : {}) };
  });
  const result: DeployedStack[] = [];
  for (const s of stacks) {
    if (!s.StackName || !s.StackId || !s.StackStatus) throw new MalformedReplyError('DescribeStacks', 'a stack without name, id or status');
    if (GONE.has(s.StackStatus)) continue;
    const parameters: DeployedStack['parameters'] = {};
    for (const p of s.Parameters ?? []) {
      if (!p.ParameterKey) continue;
      parameters[p.ParameterKey] = { value: p.ParameterValue ?? '', ...(p.ResolvedValue ? { resolvedValue: p.ResolvedValue } : {}) };
    }
    result.push({ name: s.StackName, id: s.StackId, status: s.StackStatus, parameters });
  }
  return result;
}

export async function listStackResources(clients: AwsClients, stackName: string): Promise<StackResource[]> {
  const summaries = await paginate('ListStackResources', async (NextToken) => {
    const out = await clients.cloudformation.send(new ListStackResourcesCommand({ StackName: stackName, ...(NextToken ? { NextToken } : {}) }));
    if (!Array.isArray(out.StackResourceSummaries)) throw new MalformedReplyError('ListStackResources', 'no StackResourceSummaries list');
    return { items: out.StackResourceSummaries, ...(out.NextToken ? { next: out.NextToken } : {}) };
  });
  return summaries
    .filter((r) => r.LogicalResourceId && r.ResourceType && r.ResourceStatus !== 'DELETE_COMPLETE')
    .map((r) => ({
      logicalId: r.LogicalResourceId as string,
      type: r.ResourceType as string,
      ...(r.PhysicalResourceId ? { physicalId: r.PhysicalResourceId } : {}),
    }));
}

/** Resources of each stack, with at most `concurrency` calls in flight. */
export async function withResources(clients: AwsClients, stacks: readonly DeployedStack[], concurrency: number): Promise<DeployedStack[]> {
  return mapWithLimit(stacks, concurrency, async (s) => ({ ...s, resources: await listStackResources(clients, s.name) }));
}

export async function listExports(clients: AwsClients): Promise<Record<string, string>> {
  const exports = await paginate('ListExports', async (NextToken) => {
    const out = await clients.cloudformation.send(new ListExportsCommand(NextToken ? { NextToken } : {}));
    if (!Array.isArray(out.Exports)) throw new MalformedReplyError('ListExports', 'no Exports list');
    return { items: out.Exports, ...(out.NextToken ? { next: out.NextToken } : {}) };
  });
  return Object.fromEntries(exports.filter((e) => e.Name && e.Value !== undefined).map((e) => [e.Name as string, e.Value as string]));
}

/** The template CloudFormation last deployed for the stack, as written (YAML or JSON). */
export async function getTemplate(clients: AwsClients, stackName: string): Promise<string> {
  const out = await clients.cloudformation.send(new GetTemplateCommand({ StackName: stackName, TemplateStage: 'Original' }));
  if (typeof out.TemplateBody !== 'string' || out.TemplateBody === '') throw new MalformedReplyError('GetTemplate', 'no TemplateBody');
  return out.TemplateBody;
}

/** Values of SSM parameters (the public `/aws/service/…` AMI paths included), 10 names per call. */
export async function getSsmParameters(clients: AwsClients, names: readonly string[]): Promise<{ values: Record<string, string>; invalid: string[] }> {
  const values: Record<string, string> = {};
  const invalid: string[] = [];
  const unique = [...new Set(names)];
  for (let i = 0; i < unique.length; i += 10) {
    const out = await clients.ssm.send(new GetParametersCommand({ Names: unique.slice(i, i + 10) }));
    if (!Array.isArray(out.Parameters)) throw new Error('GetParameters returned no Parameters list: not trusted');
    for (const p of out.Parameters) if (p.Name && p.Value !== undefined) values[p.Name] = p.Value;
    invalid.push(...(out.InvalidParameters ?? []));
  }
  return { values, invalid };
}
