// EC2 writers: tags, VPC DNS attributes, security group rules and instance type.
import {
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateTagsCommand,
  DeleteTagsCommand,
  DescribeInstancesCommand,
  ModifyInstanceAttributeCommand,
  ModifyVpcAttributeCommand,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
  StartInstancesCommand,
  StopInstancesCommand,
  waitUntilInstanceStopped,
  type AuthorizeSecurityGroupEgressRequest,
  type AuthorizeSecurityGroupIngressRequest,
  type CreateTagsRequest,
  type DeleteTagsRequest,
  type IpPermission,
  type ModifyInstanceAttributeRequest,
  type ModifyVpcAttributeRequest,
  type RevokeSecurityGroupEgressRequest,
  type RevokeSecurityGroupIngressRequest,
} from '@aws-sdk/client-ec2';
import type { AwsClients } from '../clients.js';
import { sdkInput, type WriterTable } from './types.js';

/** How long an instance type change waits for the instance to stop before giving up. */
const STOP_TIMEOUT_SECONDS = 600;

export const ec2Writers: WriterTable = {
  'ec2:CreateTags': {
    iamActions: ['ec2:CreateTags'],
    run: async (clients, p) => void (await clients.ec2.send(new CreateTagsCommand(sdkInput<CreateTagsRequest>(p)))),
  },
  'ec2:DeleteTags': {
    iamActions: ['ec2:DeleteTags'],
    run: async (clients, p) => void (await clients.ec2.send(new DeleteTagsCommand(sdkInput<DeleteTagsRequest>(p)))),
  },
  'ec2:ModifyVpcAttribute': {
    iamActions: ['ec2:ModifyVpcAttribute'],
    run: async (clients, p) => void (await clients.ec2.send(new ModifyVpcAttributeCommand(sdkInput<ModifyVpcAttributeRequest>(p)))),
  },
  'ec2:AuthorizeSecurityGroupIngress': {
    iamActions: ['ec2:AuthorizeSecurityGroupIngress'],
    run: async (clients, p) =>
      void (await clients.ec2.send(new AuthorizeSecurityGroupIngressCommand(sdkInput<AuthorizeSecurityGroupIngressRequest>(p)))),
  },
  'ec2:AuthorizeSecurityGroupEgress': {
    iamActions: ['ec2:AuthorizeSecurityGroupEgress'],
    run: async (clients, p) =>
      void (await clients.ec2.send(new AuthorizeSecurityGroupEgressCommand(sdkInput<AuthorizeSecurityGroupEgressRequest>(p)))),
  },
  'ec2:RevokeSecurityGroupIngress': {
    iamActions: ['ec2:RevokeSecurityGroupIngress'],
    run: async (clients, p) => {
      const out = await clients.ec2.send(new RevokeSecurityGroupIngressCommand(sdkInput<RevokeSecurityGroupIngressRequest>(p)));
      assertAllRevoked(out.UnknownIpPermissions);
    },
  },
  'ec2:RevokeSecurityGroupEgress': {
    iamActions: ['ec2:RevokeSecurityGroupEgress'],
    run: async (clients, p) => {
      const out = await clients.ec2.send(new RevokeSecurityGroupEgressCommand(sdkInput<RevokeSecurityGroupEgressRequest>(p)));
      assertAllRevoked(out.UnknownIpPermissions);
    },
  },
  'ec2:ModifyInstanceAttribute': {
    iamActions: ['ec2:DescribeInstances', 'ec2:StopInstances', 'ec2:ModifyInstanceAttribute', 'ec2:StartInstances'],
    run: (clients, p) => changeInstanceType(clients, sdkInput<ModifyInstanceAttributeRequest>(p)),
  },
};

/** EC2 answers a revoke of rules it does not have with success and lists them: that is not a heal. */
function assertAllRevoked(unknown: IpPermission[] | undefined): void {
  if (unknown && unknown.length > 0) {
    throw new Error(`EC2 did not find ${unknown.length} of the rules to revoke (they changed since the plan): ${JSON.stringify(unknown)}`);
  }
}

/**
 * An instance's type can only change while it is stopped: stop it (waiting until it is), change the
 * type, and start it again if it was running. A stopped instance stays stopped.
 */
async function changeInstanceType(clients: AwsClients, input: ModifyInstanceAttributeRequest): Promise<void> {
  const id = input.InstanceId;
  if (!id) throw new Error('ModifyInstanceAttribute needs an InstanceId');
  const described = await clients.ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }));
  const state = described.Reservations?.[0]?.Instances?.[0]?.State?.Name;
  if (state === undefined) throw new Error(`instance ${id} was not found`);
  if (state === 'terminated' || state === 'shutting-down') throw new Error(`instance ${id} is ${state}`);
  const wasRunning = state === 'running' || state === 'pending';
  if (state !== 'stopped') {
    if (state !== 'stopping') await clients.ec2.send(new StopInstancesCommand({ InstanceIds: [id] }));
    await waitUntilInstanceStopped({ client: clients.ec2, maxWaitTime: STOP_TIMEOUT_SECONDS }, { InstanceIds: [id] });
  }
  await clients.ec2.send(new ModifyInstanceAttributeCommand(input));
  if (wasRunning) {
    try {
      await clients.ec2.send(new StartInstancesCommand({ InstanceIds: [id] }));
    } catch (error) {
      throw new Error(`the instance type was changed but starting ${id} again failed: ${(error as Error).message}; start it by hand`);
    }
  }
}
