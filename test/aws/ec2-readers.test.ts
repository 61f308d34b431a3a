import {
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateKeyPairCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  ModifySubnetAttributeCommand,
  ModifyVpcAttributeCommand,
  RevokeSecurityGroupEgressCommand,
  RunInstancesCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { readLiveState } from '../../src/aws/read-live.js';
import { useFreshMoto } from '../harness/moto.js';
import { createNetwork, productClients, resource, resourcesOf, sdk, tagSpec } from './fixtures.js';

useFreshMoto();

describe('AWS::EC2::VPC reader', () => {
  it('maps CIDR, tenancy, DNS attributes, tags and GetAtt attributes', async () => {
    const { ec2 } = sdk();
    const vpc = await ec2.send(
      new CreateVpcCommand({ CidrBlock: '10.20.0.0/16', TagSpecifications: tagSpec('vpc', { Name: 'app-vpc', Env: 'prod' }) }),
    );
    const vpcId = vpc.Vpc!.VpcId!;
    await ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsHostnames: { Value: true } }));
    const defaultSg = await defaultSecurityGroupOf(vpcId);

    const state = await readLiveState(await productClients(), ['AWS::EC2::VPC']);

    expect(state.errors).toEqual([]);
    expect(state.readTypes).toEqual(['AWS::EC2::VPC']);
    expect(resource(state, 'AWS::EC2::VPC', vpcId)).toStrictEqual({
      type: 'AWS::EC2::VPC',
      physicalId: vpcId,
      properties: {
        CidrBlock: '10.20.0.0/16',
        InstanceTenancy: 'default',
        EnableDnsSupport: true,
        EnableDnsHostnames: true,
        Tags: [
          { Key: 'Env', Value: 'prod' },
          { Key: 'Name', Value: 'app-vpc' },
        ],
      },
      attributes: {
        VpcId: vpcId,
        CidrBlock: '10.20.0.0/16',
        CidrBlockAssociations: [vpc.Vpc!.CidrBlockAssociationSet![0]!.AssociationId!],
        Ipv6CidrBlocks: [],
        DefaultSecurityGroup: defaultSg,
      },
    });
  });

  it('marks the default VPC (and only it) as an AWS default', async () => {
    const { ec2 } = sdk();
    await ec2.send(new CreateVpcCommand({ CidrBlock: '10.30.0.0/16' }));
    const defaultVpc = (await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] })))
      .Vpcs![0]!;

    const state = await readLiveState(await productClients(), ['AWS::EC2::VPC']);

    const vpcs = resourcesOf(state, 'AWS::EC2::VPC');
    expect(vpcs).toHaveLength(2);
    expect(vpcs.filter((v) => v.awsDefault).map((v) => v.physicalId)).toEqual([defaultVpc.VpcId]);
    expect(vpcs.find((v) => !v.awsDefault)?.properties.CidrBlock).toBe('10.30.0.0/16');
  });
});

/** The default security group moto created with the VPC. */
async function defaultSecurityGroupOf(vpcId: string): Promise<string> {
  const out = await sdk().ec2.send(
    new DescribeSecurityGroupsCommand({
      Filters: [
        { Name: 'vpc-id', Values: [vpcId] },
        { Name: 'group-name', Values: ['default'] },
      ],
    }),
  );
  return out.SecurityGroups![0]!.GroupId!;
}

describe('AWS::EC2::Subnet reader', () => {
  it('maps subnet properties and marks default subnets', async () => {
    const { ec2 } = sdk();
    const vpc = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.40.0.0/16' }));
    const vpcId = vpc.Vpc!.VpcId!;
    const subnet = await ec2.send(
      new CreateSubnetCommand({
        VpcId: vpcId,
        CidrBlock: '10.40.1.0/24',
        AvailabilityZone: 'us-east-1b',
        TagSpecifications: tagSpec('subnet', { Name: 'public-b', Tier: 'public' }),
      }),
    );
    const subnetId = subnet.Subnet!.SubnetId!;
    await ec2.send(new ModifySubnetAttributeCommand({ SubnetId: subnetId, MapPublicIpOnLaunch: { Value: true } }));
    const defaults = await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'default-for-az', Values: ['true'] }] }));

    const state = await readLiveState(await productClients(), ['AWS::EC2::Subnet']);

    expect(resource(state, 'AWS::EC2::Subnet', subnetId)).toStrictEqual({
      type: 'AWS::EC2::Subnet',
      physicalId: subnetId,
      properties: {
        VpcId: vpcId,
        CidrBlock: '10.40.1.0/24',
        AvailabilityZone: 'us-east-1b',
        AvailabilityZoneId: subnet.Subnet!.AvailabilityZoneId!,
        MapPublicIpOnLaunch: true,
        AssignIpv6AddressOnCreation: false,
        Ipv6Native: false,
        PrivateDnsNameOptionsOnLaunch: {
          HostnameType: 'ip-name',
          EnableResourceNameDnsARecord: false,
          EnableResourceNameDnsAAAARecord: false,
        },
        Tags: [
          { Key: 'Name', Value: 'public-b' },
          { Key: 'Tier', Value: 'public' },
        ],
      },
      attributes: {
        SubnetId: subnetId,
        VpcId: vpcId,
        CidrBlock: '10.40.1.0/24',
        AvailabilityZone: 'us-east-1b',
        AvailabilityZoneId: subnet.Subnet!.AvailabilityZoneId!,
        Ipv6CidrBlocks: [],
      },
    });
    const defaultIds = defaults.Subnets!.map((s) => s.SubnetId!).sort();
    expect(defaultIds.length).toBeGreaterThan(0);
    expect(
      resourcesOf(state, 'AWS::EC2::Subnet')
        .filter((s) => s.awsDefault)
        .map((s) => s.physicalId)
        .sort(),
    ).toEqual(defaultIds);
  });
});

describe('AWS::EC2::SecurityGroup reader', () => {
  it('splits AWS permission groups into one CloudFormation rule per peer', async () => {
    const { ec2 } = sdk();
    const net = await createNetwork(ec2, '10.50.0.0/16');
    const web = await ec2.send(
      new CreateSecurityGroupCommand({
        GroupName: 'web',
        Description: 'web tier',
        VpcId: net.vpcId,
        TagSpecifications: tagSpec('security-group', { Name: 'web-sg' }),
      }),
    );
    const webId = web.GroupId!;
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: webId,
        IpPermissions: [
          {
            IpProtocol: 'tcp',
            FromPort: 443,
            ToPort: 443,
            IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'https' }, { CidrIp: '10.0.0.0/8' }],
            Ipv6Ranges: [{ CidrIpv6: '::/0' }],
          },
          { IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, UserIdGroupPairs: [{ GroupId: net.securityGroupId, Description: 'from app' }] },
          { IpProtocol: '-1', IpRanges: [{ CidrIp: '10.50.0.0/16' }] },
          { IpProtocol: 'icmp', FromPort: -1, ToPort: -1, IpRanges: [{ CidrIp: '10.60.0.0/16' }] },
        ],
      }),
    );
    await ec2.send(
      new RevokeSecurityGroupEgressCommand({ GroupId: webId, IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }),
    );
    await ec2.send(
      new AuthorizeSecurityGroupEgressCommand({
        GroupId: webId,
        IpPermissions: [
          { IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, UserIdGroupPairs: [{ GroupId: net.securityGroupId }] },
          { IpProtocol: 'udp', FromPort: 53, ToPort: 53, IpRanges: [{ CidrIp: '10.50.0.2/32', Description: 'dns' }] },
        ],
      }),
    );

    const state = await readLiveState(await productClients(), ['AWS::EC2::SecurityGroup']);

    expect(resource(state, 'AWS::EC2::SecurityGroup', webId)).toStrictEqual({
      type: 'AWS::EC2::SecurityGroup',
      physicalId: webId,
      properties: {
        GroupName: 'web',
        GroupDescription: 'web tier',
        VpcId: net.vpcId,
        SecurityGroupIngress: [
          { IpProtocol: '-1', CidrIp: '10.50.0.0/16' },
          { IpProtocol: 'icmp', FromPort: -1, ToPort: -1, CidrIp: '10.60.0.0/16' },
          { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0', Description: 'https' },
          { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '10.0.0.0/8' },
          { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIpv6: '::/0' },
          { IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, SourceSecurityGroupId: net.securityGroupId, Description: 'from app' },
        ],
        SecurityGroupEgress: [
          { IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, DestinationSecurityGroupId: net.securityGroupId },
          { IpProtocol: 'udp', FromPort: 53, ToPort: 53, CidrIp: '10.50.0.2/32', Description: 'dns' },
        ],
        Tags: [{ Key: 'Name', Value: 'web-sg' }],
      },
      attributes: { GroupId: webId, Id: webId, VpcId: net.vpcId },
    });
  });

  it('marks every security group named default as an AWS default', async () => {
    const { ec2 } = sdk();
    const net = await createNetwork(ec2, '10.70.0.0/16');

    const state = await readLiveState(await productClients(), ['AWS::EC2::SecurityGroup']);

    const groups = resourcesOf(state, 'AWS::EC2::SecurityGroup');
    const defaults = groups.filter((g) => g.awsDefault);
    // One per VPC: moto's default VPC and ours.
    expect(defaults.map((g) => g.properties.GroupName)).toEqual(['default', 'default']);
    expect(defaults.map((g) => g.physicalId)).toContain(net.defaultSecurityGroupId);
    expect(resource(state, 'AWS::EC2::SecurityGroup', net.securityGroupId).awsDefault).toBeUndefined();
    expect(resource(state, 'AWS::EC2::SecurityGroup', net.defaultSecurityGroupId).properties.SecurityGroupEgress).toEqual([
      { IpProtocol: '-1', CidrIp: '0.0.0.0/0' },
    ]);
  });
});

describe('AWS::EC2::Instance reader', () => {
  it('maps instance properties and leaves terminated instances out', async () => {
    const { ec2 } = sdk();
    const net = await createNetwork(ec2, '10.80.0.0/16');
    await ec2.send(new CreateKeyPairCommand({ KeyName: 'ops' }));
    const run = await ec2.send(
      new RunInstancesCommand({
        ImageId: 'ami-12c6146b',
        InstanceType: 't3.micro',
        MinCount: 1,
        MaxCount: 1,
        KeyName: 'ops',
        SubnetId: net.subnetA,
        SecurityGroupIds: [net.securityGroupId],
        Monitoring: { Enabled: true },
        TagSpecifications: tagSpec('instance', { Name: 'web-1', Role: 'web' }),
      }),
    );
    const instance = run.Instances![0]!;
    const gone = await ec2.send(
      new RunInstancesCommand({ ImageId: 'ami-12c6146b', InstanceType: 't3.nano', MinCount: 1, MaxCount: 1, SubnetId: net.subnetB }),
    );
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [gone.Instances![0]!.InstanceId!] }));

    const state = await readLiveState(await productClients(), ['AWS::EC2::Instance']);

    expect(resourcesOf(state, 'AWS::EC2::Instance').map((i) => i.physicalId)).toEqual([instance.InstanceId]);
    expect(resource(state, 'AWS::EC2::Instance', instance.InstanceId!)).toStrictEqual({
      type: 'AWS::EC2::Instance',
      physicalId: instance.InstanceId,
      properties: {
        ImageId: 'ami-12c6146b',
        InstanceType: 't3.micro',
        KeyName: 'ops',
        SubnetId: net.subnetA,
        AvailabilityZone: 'us-east-1a',
        PrivateIpAddress: instance.PrivateIpAddress!,
        SecurityGroupIds: [net.securityGroupId],
        SecurityGroups: ['app-10.80'],
        Monitoring: true,
        EbsOptimized: false,
        SourceDestCheck: true,
        Tenancy: 'default',
        MetadataOptions: {
          HttpEndpoint: 'enabled',
          HttpTokens: 'optional',
          HttpPutResponseHopLimit: 1,
          HttpProtocolIpv6: 'disabled',
          InstanceMetadataTags: 'disabled',
        },
        Tags: [
          { Key: 'Name', Value: 'web-1' },
          { Key: 'Role', Value: 'web' },
        ],
      },
      attributes: {
        InstanceId: instance.InstanceId,
        AvailabilityZone: 'us-east-1a',
        PrivateIp: instance.PrivateIpAddress!,
        PrivateDnsName: instance.PrivateDnsName!,
        VpcId: net.vpcId,
      },
    });
  });
});
