// AWS::EC2::VPC, Subnet, SecurityGroup and Instance: SDK records → CloudFormation shape.
import type { IpPermission } from '@aws-sdk/client-ec2';
import type { Json, JsonObject } from '../../drift/model.js';
import type { Instance, SecurityGroup, Subnet, Vpc, VpcDnsAttributes } from './ec2-source.js';
import { cfnTags, ids, pick } from './mapping.js';
import { defineReader } from './reader.js';

interface VpcRecord {
  vpc: Vpc;
  dns: VpcDnsAttributes | undefined;
  defaultSecurityGroup: string | undefined;
}

export const vpcReader = defineReader<VpcRecord>({
  type: 'AWS::EC2::VPC',
  service: 'ec2',
  actions: ['ec2:DescribeVpcs', 'ec2:DescribeVpcAttribute', 'ec2:DescribeSecurityGroups'],
  async list(ctx) {
    const [vpcs, dns, defaultGroups] = await Promise.all([
      ctx.ec2.vpcs(),
      ctx.ec2.vpcDnsAttributes(),
      ctx.ec2.defaultSecurityGroups(),
    ]);
    return vpcs.map((vpc) => ({
      vpc,
      dns: vpc.VpcId ? dns.get(vpc.VpcId) : undefined,
      defaultSecurityGroup: vpc.VpcId ? defaultGroups.get(vpc.VpcId) : undefined,
    }));
  },
  physicalId: (r) => r.vpc.VpcId,
  awsDefault: (r) => r.vpc.IsDefault === true,
  properties: {
    CidrBlock: (r) => r.vpc.CidrBlock,
    InstanceTenancy: (r) => r.vpc.InstanceTenancy,
    EnableDnsSupport: (r) => r.dns?.EnableDnsSupport,
    EnableDnsHostnames: (r) => r.dns?.EnableDnsHostnames,
    Tags: (r) => cfnTags(r.vpc.Tags),
  },
  attributes: {
    VpcId: (r) => r.vpc.VpcId,
    CidrBlock: (r) => r.vpc.CidrBlock,
    CidrBlockAssociations: (r) =>
      ids(r.vpc.CidrBlockAssociationSet?.filter((a) => a.CidrBlockState?.State === 'associated').map((a) => a.AssociationId)),
    Ipv6CidrBlocks: (r) =>
      ids(
        r.vpc.Ipv6CidrBlockAssociationSet?.filter((a) => a.Ipv6CidrBlockState?.State === 'associated').map(
          (a) => a.Ipv6CidrBlock,
        ),
      ),
    DefaultSecurityGroup: (r) => r.defaultSecurityGroup,
  },
});

function associatedIpv6Cidrs(subnet: Subnet): string[] | undefined {
  return ids(
    subnet.Ipv6CidrBlockAssociationSet?.filter((a) => a.Ipv6CidrBlockState?.State === 'associated').map(
      (a) => a.Ipv6CidrBlock,
    ),
  );
}

export const subnetReader = defineReader<Subnet>({
  type: 'AWS::EC2::Subnet',
  service: 'ec2',
  actions: ['ec2:DescribeSubnets'],
  list: (ctx) => ctx.ec2.subnets(),
  physicalId: (s) => s.SubnetId,
  awsDefault: (s) => s.DefaultForAz === true,
  properties: {
    VpcId: (s) => s.VpcId,
    CidrBlock: (s) => s.CidrBlock,
    AvailabilityZone: (s) => s.AvailabilityZone,
    AvailabilityZoneId: (s) => s.AvailabilityZoneId,
    MapPublicIpOnLaunch: (s) => s.MapPublicIpOnLaunch,
    AssignIpv6AddressOnCreation: (s) => s.AssignIpv6AddressOnCreation,
    EnableDns64: (s) => s.EnableDns64,
    Ipv6Native: (s) => s.Ipv6Native,
    Ipv6CidrBlock: (s) => associatedIpv6Cidrs(s)?.[0],
    EnableLniAtDeviceIndex: (s) => s.EnableLniAtDeviceIndex,
    OutpostArn: (s) => s.OutpostArn,
    PrivateDnsNameOptionsOnLaunch: (s) =>
      pick(s.PrivateDnsNameOptionsOnLaunch, {
        HostnameType: 'HostnameType',
        EnableResourceNameDnsARecord: 'EnableResourceNameDnsARecord',
        EnableResourceNameDnsAAAARecord: 'EnableResourceNameDnsAAAARecord',
      }),
    Tags: (s) => cfnTags(s.Tags),
  },
  attributes: {
    SubnetId: (s) => s.SubnetId,
    VpcId: (s) => s.VpcId,
    CidrBlock: (s) => s.CidrBlock,
    AvailabilityZone: (s) => s.AvailabilityZone,
    AvailabilityZoneId: (s) => s.AvailabilityZoneId,
    Ipv6CidrBlocks: (s) => associatedIpv6Cidrs(s),
    OutpostArn: (s) => s.OutpostArn,
  },
});

/**
 * AWS groups rules by protocol/port range with lists of peers; CloudFormation has one rule per peer
 * (CIDR, IPv6 CIDR, prefix list or security group). Rules come out sorted so output is deterministic.
 */
export function securityGroupRules(
  permissions: readonly IpPermission[] | undefined,
  direction: 'ingress' | 'egress',
  ownerId: string | undefined,
): Json[] {
  const rules: JsonObject[] = [];
  for (const p of permissions ?? []) {
    const base: JsonObject = { IpProtocol: p.IpProtocol ?? '-1' };
    // AWS omits ports for protocol -1 (all traffic); ICMP reports type/code as FromPort/ToPort.
    if (p.FromPort !== undefined) base.FromPort = p.FromPort;
    if (p.ToPort !== undefined) base.ToPort = p.ToPort;
    const rule = (peer: JsonObject, description: string | undefined): JsonObject =>
      description ? { ...base, ...peer, Description: description } : { ...base, ...peer };
    for (const r of p.IpRanges ?? []) if (r.CidrIp) rules.push(rule({ CidrIp: r.CidrIp }, r.Description));
    for (const r of p.Ipv6Ranges ?? []) if (r.CidrIpv6) rules.push(rule({ CidrIpv6: r.CidrIpv6 }, r.Description));
    for (const r of p.PrefixListIds ?? []) {
      if (!r.PrefixListId) continue;
      const key = direction === 'ingress' ? 'SourcePrefixListId' : 'DestinationPrefixListId';
      rules.push(rule({ [key]: r.PrefixListId }, r.Description));
    }
    for (const g of p.UserIdGroupPairs ?? []) {
      if (!g.GroupId) continue;
      const peer: JsonObject =
        direction === 'ingress' ? { SourceSecurityGroupId: g.GroupId } : { DestinationSecurityGroupId: g.GroupId };
      // The owner only matters (and is only written in templates) for cross-account peers.
      if (direction === 'ingress' && g.UserId && g.UserId !== ownerId) peer.SourceSecurityGroupOwnerId = g.UserId;
      rules.push(rule(peer, g.Description));
    }
  }
  return rules
    .map((r) => [JSON.stringify(r), r] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, r]) => r);
}

export const securityGroupReader = defineReader<SecurityGroup>({
  type: 'AWS::EC2::SecurityGroup',
  service: 'ec2',
  actions: ['ec2:DescribeSecurityGroups'],
  list: (ctx) => ctx.ec2.securityGroups(),
  physicalId: (g) => g.GroupId,
  awsDefault: (g) => g.GroupName === 'default',
  properties: {
    GroupName: (g) => g.GroupName,
    GroupDescription: (g) => g.Description,
    VpcId: (g) => g.VpcId,
    SecurityGroupIngress: (g) => securityGroupRules(g.IpPermissions, 'ingress', g.OwnerId),
    SecurityGroupEgress: (g) => securityGroupRules(g.IpPermissionsEgress, 'egress', g.OwnerId),
    Tags: (g) => cfnTags(g.Tags),
  },
  attributes: {
    GroupId: (g) => g.GroupId,
    Id: (g) => g.GroupId,
    VpcId: (g) => g.VpcId,
  },
});

/** `arn:aws:iam::123456789012:instance-profile/path/name` → `name` (templates name the profile). */
function instanceProfileName(arn: string | undefined): string | undefined {
  if (!arn) return undefined;
  const slash = arn.lastIndexOf('/');
  return slash >= 0 ? arn.slice(slash + 1) : arn;
}

export const instanceReader = defineReader<Instance>({
  type: 'AWS::EC2::Instance',
  service: 'ec2',
  actions: ['ec2:DescribeInstances'],
  list: (ctx) => ctx.ec2.instances(),
  physicalId: (i) => i.InstanceId,
  properties: {
    ImageId: (i) => i.ImageId,
    InstanceType: (i) => i.InstanceType,
    KeyName: (i) => i.KeyName,
    SubnetId: (i) => i.SubnetId,
    AvailabilityZone: (i) => i.Placement?.AvailabilityZone,
    PrivateIpAddress: (i) => i.PrivateIpAddress,
    SecurityGroupIds: (i) => ids(i.SecurityGroups?.map((g) => g.GroupId)),
    SecurityGroups: (i) => ids(i.SecurityGroups?.map((g) => g.GroupName)),
    // 'pending' means enabling was requested: the template's `Monitoring: true` is what is in effect.
    Monitoring: (i) => (i.Monitoring?.State ? i.Monitoring.State === 'enabled' || i.Monitoring.State === 'pending' : undefined),
    EbsOptimized: (i) => i.EbsOptimized,
    SourceDestCheck: (i) => i.SourceDestCheck,
    Tenancy: (i) => i.Placement?.Tenancy,
    PlacementGroupName: (i) => i.Placement?.GroupName,
    HostId: (i) => i.Placement?.HostId,
    Affinity: (i) => i.Placement?.Affinity,
    IamInstanceProfile: (i) => instanceProfileName(i.IamInstanceProfile?.Arn),
    KernelId: (i) => i.KernelId,
    RamdiskId: (i) => i.RamdiskId,
    CpuOptions: (i) => pick(i.CpuOptions, { CoreCount: 'CoreCount', ThreadsPerCore: 'ThreadsPerCore' }),
    HibernationOptions: (i) => pick(i.HibernationOptions, { Configured: 'Configured' }),
    EnclaveOptions: (i) => pick(i.EnclaveOptions, { Enabled: 'Enabled' }),
    MetadataOptions: (i) =>
      pick(i.MetadataOptions, {
        HttpEndpoint: 'HttpEndpoint',
        HttpTokens: 'HttpTokens',
        HttpPutResponseHopLimit: 'HttpPutResponseHopLimit',
        HttpProtocolIpv6: 'HttpProtocolIpv6',
        InstanceMetadataTags: 'InstanceMetadataTags',
      }),
    PrivateDnsNameOptions: (i) =>
      pick(i.PrivateDnsNameOptions, {
        HostnameType: 'HostnameType',
        EnableResourceNameDnsARecord: 'EnableResourceNameDnsARecord',
        EnableResourceNameDnsAAAARecord: 'EnableResourceNameDnsAAAARecord',
      }),
    Tags: (i) => cfnTags(i.Tags),
  },
  attributes: {
    InstanceId: (i) => i.InstanceId,
    AvailabilityZone: (i) => i.Placement?.AvailabilityZone,
    PrivateIp: (i) => i.PrivateIpAddress,
    PrivateDnsName: (i) => i.PrivateDnsName,
    PublicIp: (i) => i.PublicIpAddress,
    PublicDnsName: (i) => i.PublicDnsName,
    VpcId: (i) => i.VpcId,
  },
});

export const ec2Readers = [vpcReader, subnetReader, securityGroupReader, instanceReader];
