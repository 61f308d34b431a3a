// The IAM policy `ialctl drift heal` needs: the read-only policy (to plan and to verify) plus exactly
// the write actions the writers call, derived from the writer table so it cannot drift from the code.
import { readOnlyPolicy, type IamPolicyDocument } from './iam-policy.js';
import { writerIamActions } from './writers/index.js';
import { SCALABLE_TARGETS_ACTION } from './writers/scalable-targets.js';
import { CLOUDFORMATION_READ_ACTIONS, SSM_READ_ACTIONS } from './readers/cloudformation.js';

/**
 * Read-only statement + a heal statement. EC2/ECS/RDS writes could be scoped to tagged resources with
 * conditions; `Resource: *` is the portable default, narrowed per account by whoever attaches it.
 */
export function healPolicy(): IamPolicyDocument {
  const read = readOnlyPolicy();
  return {
    Version: '2012-10-17',
    Statement: [
      ...read.Statement,
      // The deployed values of stack files: a heal restores those, and refuses to run without them.
      { Sid: 'IalctlReadStacks', Effect: 'Allow', Action: [...CLOUDFORMATION_READ_ACTIONS, ...SSM_READ_ACTIONS].sort(), Resource: '*' },
      // Tells whether an autoscaler owns a service's DesiredCount before a heal would fight it.
      { Sid: 'IalctlReadHealOwnership', Effect: 'Allow', Action: [SCALABLE_TARGETS_ACTION], Resource: '*' },
      { Sid: 'IalctlHealDrift', Effect: 'Allow', Action: writerIamActions(), Resource: '*' },
    ],
  };
}
