import { describe, expect, it } from 'vitest';
import { PLAN_OPERATIONS } from '../drift/heal-actions.js';
import { healPolicy } from './iam-policy-heal.js';
import { readOnlyPolicy } from './iam-policy.js';
import { mutatingActions, writerFor } from './writers/index.js';

describe('healPolicy', () => {
  it('is the read-only policy plus the stack reads plus the autoscaling check plus every write action the writers call', () => {
    const policy = healPolicy();

    expect(policy.Statement[0]).toEqual(readOnlyPolicy().Statement[0]);
    expect(policy.Statement.slice(1)).toEqual([
      {
        Sid: 'IalctlReadStacks', Effect: 'Allow', Resource: '*',
        Action: ['cloudformation:DescribeStacks', 'cloudformation:GetTemplate', 'cloudformation:ListExports', 'cloudformation:ListStackResources', 'ssm:GetParameters'],
      },
      { Sid: 'IalctlReadHealOwnership', Effect: 'Allow', Action: ['application-autoscaling:DescribeScalableTargets'], Resource: '*' },
      {
        Sid: 'IalctlHealDrift',
        Effect: 'Allow',
        Action: [
          'ec2:AuthorizeSecurityGroupEgress', 'ec2:AuthorizeSecurityGroupIngress', 'ec2:CreateTags', 'ec2:DeleteTags',
          'ec2:DescribeInstances', 'ec2:ModifyInstanceAttribute', 'ec2:ModifyVpcAttribute', 'ec2:RevokeSecurityGroupEgress',
          'ec2:RevokeSecurityGroupIngress', 'ec2:StartInstances', 'ec2:StopInstances',
          'ecs:TagResource', 'ecs:UntagResource', 'ecs:UpdateCluster', 'ecs:UpdateService',
          'rds:AddTagsToResource', 'rds:ModifyDBCluster', 'rds:ModifyDBInstance', 'rds:RemoveTagsFromResource',
        ],
        Resource: '*',
      },
    ]);
  });

  it('every operation a plan can contain has a writer, and every writer is an operation a plan can contain', () => {
    expect(PLAN_OPERATIONS.filter((op) => writerFor(op) === undefined)).toEqual([]);
    expect(mutatingActions().filter((a) => !PLAN_OPERATIONS.includes(a) && !['ec2:StartInstances', 'ec2:StopInstances'].includes(a))).toEqual([]);
  });
});
