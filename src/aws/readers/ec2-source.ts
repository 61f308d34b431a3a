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
import { mapWithLimit } from '../concurrency.js';
import { collect, once } from './once.js';

/** EC2 Describe* calls accept up to 1000 results per page. */
const PAGE_SIZE = 1000;

/** Instances in these states still exist as resources; terminated/shutting-down ones are on their way out. */
const LIVE_INSTANCE_STATES = ['pending', 'running', 'stopping', 'stopped'];

export interface VpcDnsAttributes {
  EnableDnsSupport: boolean | undefined;
  EnableDnsHostnames: boolean | undefined;
}

export class Ec2Source {
  constructor(
    private readonly client: EC2Client,
    private readonly concurrency: number,
  ) {}

  readonly vpcs = once(() =>
    collect(paginateDescribeVpcs({ client: this.client, pageSize: PAGE_SIZE }, {}), (p) => p.Vpcs),
  );

  readonly subnets = once(() =>
    collect(paginateDescribeSubnets({ client: this.client, pageSize: PAGE_SIZE }, {}), (p) => p.Subnets),
  );

  readonly securityGroups = once(() =>
    collect(paginateDescribeSecurityGroups({ client: this.client, pageSize: PAGE_SIZE }, {}), (p) => p.SecurityGroups),
  );

  readonly instances = once(async (): Promise<Instance[]> => {
    const reservations = await collect(
      paginateDescribeInstances(
        { client: this.client, pageSize: PAGE_SIZE },
        { Filters: [{ Name: 'instance-state-name', Values: LIVE_INSTANCE_STATES }] },
      ),
      (p) => p.Reservations,
    );
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
