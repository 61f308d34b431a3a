// EC2 batch calls, each made at most once per read and shared by the VPC, Subnet, SecurityGroup
// and Instance readers.
import {
  DescribeVpcAttributeCommand,
  paginateDescribeInstances,
  paginateDescribeSecurityGroups,
  paginateDescribeSubnets,
  paginateDescribeVpcs,
  type EC2Client,
  type Instance,
  type SecurityGroup,
  type Subnet,
  type Vpc,
} from '@aws-sdk/client-ec2';
import { NotAnAwsAnswerError } from '../aws-answer.js';
import { mapWithLimit } from '../concurrency.js';
import { markFailedOperation } from '../errors.js';
import { collectPages, MAX_PAGES_PER_CALL } from '../pagination.js';
import { once } from './once.js';

/** EC2 Describe* calls accept up to 1000 results per page. */
const PAGE_SIZE = 1000;

/** Instances in these states still exist as resources; terminated/shutting-down ones are on their way out. */
const LIVE_INSTANCE_STATES = ['pending', 'running', 'stopping', 'stopped'];

export interface VpcDnsAttributes {
  EnableDnsSupport: boolean | undefined;
  EnableDnsHostnames: boolean | undefined;
}

/**
 * AWS always answers DescribeVpcAttribute with the VPC and the value asked for. A well-formed answer
 * without them would read as "attribute unset" and invent drift, so it fails the read instead.
 */
function assertAttributeAnswer(vpcId: string, attribute: string, answeredVpc: string | undefined, value: boolean | undefined): void {
  const problem =
    answeredVpc !== vpcId
      ? `it is about ${answeredVpc ? `VPC ${answeredVpc}` : 'no VPC'}, not ${vpcId}`
      : value === undefined
        ? `it carries no ${attribute} value for ${vpcId}`
        : undefined;
  if (problem === undefined) return;
  const error = new NotAnAwsAnswerError('ec2', 'DescribeVpcAttribute', problem, 200, undefined);
  markFailedOperation(error, 'ec2:DescribeVpcAttribute');
  throw error;
}

export class Ec2Source {
  constructor(
    private readonly client: EC2Client,
    private readonly concurrency: number,
    /** Page cap per listing call (see collectPages). */
    private readonly maxPages: number = MAX_PAGES_PER_CALL,
  ) {}

  readonly vpcs = once(() =>
    collectPages({
      operation: 'ec2:DescribeVpcs',
      pages: paginateDescribeVpcs({ client: this.client, pageSize: PAGE_SIZE }, {}),
      items: (p) => p.Vpcs,
      nextToken: (p) => p.NextToken,
      maxPages: this.maxPages,
    }),
  );

  readonly subnets = once(() =>
    collectPages({
      operation: 'ec2:DescribeSubnets',
      pages: paginateDescribeSubnets({ client: this.client, pageSize: PAGE_SIZE }, {}),
      items: (p) => p.Subnets,
      nextToken: (p) => p.NextToken,
      maxPages: this.maxPages,
    }),
  );

  readonly securityGroups = once(() =>
    collectPages({
      operation: 'ec2:DescribeSecurityGroups',
      pages: paginateDescribeSecurityGroups({ client: this.client, pageSize: PAGE_SIZE }, {}),
      items: (p) => p.SecurityGroups,
      nextToken: (p) => p.NextToken,
      maxPages: this.maxPages,
    }),
  );

  readonly instances = once(async (): Promise<Instance[]> => {
    const reservations = await collectPages({
      operation: 'ec2:DescribeInstances',
      pages: paginateDescribeInstances(
        { client: this.client, pageSize: PAGE_SIZE },
        { Filters: [{ Name: 'instance-state-name', Values: LIVE_INSTANCE_STATES }] },
      ),
      items: (p) => p.Reservations,
      nextToken: (p) => p.NextToken,
      maxPages: this.maxPages,
    });
    return reservations.flatMap((r) => r.Instances ?? []);
  });

  /**
   * DNS support/hostnames per VPC id. AWS has no batch form of DescribeVpcAttribute: this is the one
   * place the readers make calls per resource (two per VPC), bounded by the read's concurrency.
   */
  readonly vpcDnsAttributes = once(async (): Promise<Map<string, VpcDnsAttributes>> => {
    const vpcIds = (await this.vpcs()).map((v: Vpc) => v.VpcId).filter((id): id is string => !!id);
    const attributes = await mapWithLimit(vpcIds, this.concurrency, async (vpcId) => {
      const support = await this.client.send(new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: 'enableDnsSupport' }));
      const hostnames = await this.client.send(
        new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: 'enableDnsHostnames' }),
      );
      assertAttributeAnswer(vpcId, 'enableDnsSupport', support.VpcId, support.EnableDnsSupport?.Value);
      assertAttributeAnswer(vpcId, 'enableDnsHostnames', hostnames.VpcId, hostnames.EnableDnsHostnames?.Value);
      return [
        vpcId,
        { EnableDnsSupport: support.EnableDnsSupport?.Value, EnableDnsHostnames: hostnames.EnableDnsHostnames?.Value },
      ] as const;
    });
    return new Map(attributes);
  });

  /** The `default` security group id of each VPC (the VPC's `DefaultSecurityGroup` attribute). */
  readonly defaultSecurityGroups = once(async (): Promise<Map<string, string>> => {
    const byVpc = new Map<string, string>();
    for (const sg of await this.securityGroups()) {
      if (sg.GroupName === 'default' && sg.VpcId && sg.GroupId) byVpc.set(sg.VpcId, sg.GroupId);
    }
    return byVpc;
  });
}

export type { Instance, SecurityGroup, Subnet, Vpc };
