// The least-privilege IAM policy for reading live state, derived from what the readers declare
// (so it cannot fall out of step with the calls they make).
import { READERS, readerFor } from './readers/index.js';

export interface IamPolicyDocument {
  Version: '2012-10-17';
  Statement: { Sid: string; Effect: 'Allow'; Action: string[]; Resource: '*' }[];
}

/** STS GetCallerIdentity identifies the account; AWS allows it without a grant, listed for clarity. */
const ACCOUNT_ACTIONS = ['sts:GetCallerIdentity'];

/**
 * Read-only policy for the given types (default: every supported type). Describe/List calls in
 * EC2, ECS and RDS do not support resource-level scoping for these operations, hence `Resource: *`.
 */
export function readOnlyPolicy(types?: readonly string[]): IamPolicyDocument {
  const readers = types === undefined ? READERS : types.map((t) => {
    const reader = readerFor(t);
    if (!reader) throw new Error(`No reader for ${t}: cannot derive its IAM actions`);
    return reader;
  });
  const actions = new Set(ACCOUNT_ACTIONS);
  for (const reader of readers) for (const action of reader.actions) actions.add(action);
  return {
    Version: '2012-10-17',
    Statement: [{ Sid: 'IalctlReadLiveState', Effect: 'Allow', Action: [...actions].sort(), Resource: '*' }],
  };
}

/**
 * What `ialctl iam-policy` prints: the reader actions plus the stack reads every check makes
 * (DescribeStacks, ListStackResources, ListExports, GetTemplate) and SSM GetParameters for
 * `AWS::SSM::Parameter::Value<…>` parameters of standalone files.
 */
export async function checkPolicy(): Promise<IamPolicyDocument> {
  const { CLOUDFORMATION_READ_ACTIONS, SSM_READ_ACTIONS } = await import('./readers/cloudformation.js');
  const policy = readOnlyPolicy();
  const statement = policy.Statement[0] as IamPolicyDocument['Statement'][number];
  const actions = new Set([...statement.Action, ...CLOUDFORMATION_READ_ACTIONS, ...SSM_READ_ACTIONS]);
  return { ...policy, Statement: [{ ...statement, Action: [...actions].sort() }] };
}
