import { describe, expect, it } from 'vitest';
import { detectDrift, type DetectOptions } from './detect.js';
import { planHeal, planIdOf, planUndo, canonicalJson, type HealAction, type HealPolicy } from './heal-plan.js';
import type { LiveResource } from './model.js';
import {
  ACCOUNT, REGION, clusterArn, desired, liveCluster, liveDbInstance, liveSecurityGroup, liveService, liveState, liveSubnet, liveVpc,
  makeLive, serviceArn, tags, type ResourceDecl,
} from './test-fixtures.js';

const POLICY: HealPolicy = { removeUndeclaredTags: false, applyImmediately: false, maxResources: 10 };
const NOW = new Date('2026-01-01T00:00:00Z');
const NO_AUTOSCALING = { facts: { scalableTargets: new Map<string, { min: number; max: number }>() } };

function scenario(resources: Record<string, ResourceDecl>, live: LiveResource[], detect: Partial<DetectOptions> = {}) {
  const state = liveState(live);
  const report = detectDrift(desired(resources), state, { now: NOW, ...detect });
  return { report, live: state };
}

const ops = (actions: HealAction[]) => actions.map((a) => [a.operation, a.parameters]);

const vpcDecl = (properties: Record<string, unknown> = {}): ResourceDecl => ({
  Type: 'AWS::EC2::VPC',
  Properties: { CidrBlock: '10.0.0.0/16', Tags: [{ Key: 'Name', Value: 'main' }, ...((properties['Tags'] as unknown[]) ?? [])], ...withoutTags(properties) },
});
function withoutTags(p: Record<string, unknown>): Record<string, unknown> {
  const { Tags: _, ...rest } = p;
  return rest;
}

describe('planHeal: tags', () => {
  it('sets missing and changed tags in one call and leaves undeclared tags unless configured', () => {
    const { report, live } = scenario(
      { Vpc: vpcDecl({ Tags: [{ Key: 'Owner', Value: 'platform' }, { Key: 'CostCenter', Value: 'CC-1' }] }) },
      [liveVpc('vpc-1', 'main', { Tags: tags({ Name: 'main', Owner: 'someone', Debug: 'on', 'aws:cloudformation:stack-name': 's' }) })],
    );

    const plan = planHeal(report, live, POLICY, 'attended', NO_AUTOSCALING);

    expect(plan.actions).toEqual([
      {
        itemId: report.items[0]!.id,
        resourceType: 'AWS::EC2::VPC',
        physicalId: 'vpc-1',
        logicalId: 'Vpc',
        operation: 'ec2:CreateTags',
        parameters: { Resources: ['vpc-1'], Tags: [{ Key: 'Owner', Value: 'platform' }, { Key: 'CostCenter', Value: 'CC-1' }] },
        changes: [
          { path: 'Tags.Owner', from: 'someone', to: 'platform' },
          { path: 'Tags.CostCenter', from: null, to: 'CC-1' },
        ],
        disruptive: false,
        reversible: true,
        severity: 'low',
      },
    ]);
    expect(plan.skipped).toEqual([
      {
        itemId: report.items[0]!.id, resourceType: 'AWS::EC2::VPC', logicalId: 'Vpc', physicalId: 'vpc-1', path: 'Tags.Debug',
        reason: 'undeclared tag Debug: removed only when auto_heal.remove_undeclared_tags is true', code: 'undeclared_tag', params: { tag: 'Debug' },
      },
    ]);
  });

  it('removes undeclared tags when auto_heal.remove_undeclared_tags is true, only if they still have the value seen', () => {
    const { report, live } = scenario({ Vpc: vpcDecl() }, [liveVpc('vpc-1', 'main', { Tags: tags({ Name: 'main', Debug: 'on' }) })]);

    const plan = planHeal(report, live, { ...POLICY, removeUndeclaredTags: true }, 'attended');

    expect(ops(plan.actions)).toEqual([['ec2:DeleteTags', { Resources: ['vpc-1'], Tags: [{ Key: 'Debug', Value: 'on' }] }]]);
    expect(plan.skipped).toEqual([]);
  });

  it('tags ECS resources by ARN and RDS resources by ARN, built from region/account when AWS gave none', () => {
    const { report, live } = scenario(
      {
        Cluster: { Type: 'AWS::ECS::Cluster', Properties: { ClusterName: 'web', Tags: [{ Key: 'Env', Value: 'prod' }] } },
        Service: { Type: 'AWS::ECS::Service', Properties: { ServiceName: 'api', Cluster: { Ref: 'Cluster' }, Tags: [{ Key: 'Env', Value: 'prod' }] } },
        Db: { Type: 'AWS::RDS::DBInstance', Properties: { DBInstanceIdentifier: 'main', Tags: [{ Key: 'Env', Value: 'prod' }] } },
        Group: { Type: 'AWS::RDS::DBSubnetGroup', Properties: { DBSubnetGroupName: 'db', DBSubnetGroupDescription: 'db', SubnetIds: ['subnet-1'], Tags: [{ Key: 'Env', Value: 'prod' }] } },
      },
      [
        liveCluster('web', { Tags: tags({ Env: 'dev' }) }),
        liveService('web', 'api', { Tags: tags({ Env: 'prod', Temp: 'x' }) }),
        liveDbInstance('main', { Tags: tags({ Env: 'dev' }) }),
        makeLive({ type: 'AWS::RDS::DBSubnetGroup', physicalId: 'db', properties: { DBSubnetGroupName: 'db', DBSubnetGroupDescription: 'db', SubnetIds: ['subnet-1'] }, attributes: { DBSubnetGroupArn: 'arn:aws:rds:us-east-1:123456789012:subgrp:db' } }),
      ],
    );

    const plan = planHeal(report, live, { ...POLICY, removeUndeclaredTags: true }, 'attended');

    expect(ops(plan.actions)).toEqual([
      ['ecs:TagResource', { resourceArn: clusterArn('web'), tags: [{ key: 'Env', value: 'prod' }] }],
      ['ecs:UntagResource', { resourceArn: serviceArn('web', 'api'), tagKeys: ['Temp'] }],
      ['rds:AddTagsToResource', { ResourceName: `arn:aws:rds:${REGION}:${ACCOUNT}:db:main`, Tags: [{ Key: 'Env', Value: 'prod' }] }],
      ['rds:AddTagsToResource', { ResourceName: 'arn:aws:rds:us-east-1:123456789012:subgrp:db', Tags: [{ Key: 'Env', Value: 'prod' }] }],
    ]);
  });
});

describe('planHeal: configuration', () => {
  it('updates an ECS service in one call: DesiredCount, TaskDefinition and the merged DeploymentConfiguration', () => {
    const { report, live } = scenario(
      {
        Cluster: { Type: 'AWS::ECS::Cluster', Properties: { ClusterName: 'web' } },
        Service: {
          Type: 'AWS::ECS::Service',
          Properties: {
            ServiceName: 'api', Cluster: { Ref: 'Cluster' }, DesiredCount: 4, TaskDefinition: 'api:7',
            DeploymentConfiguration: { DeploymentCircuitBreaker: { Enable: true, Rollback: true } },
          },
        },
      },
      [
        liveCluster('web'),
        liveService('web', 'api', {
          DesiredCount: 2, TaskDefinition: 'api:6',
          DeploymentConfiguration: { MaximumPercent: 200, MinimumHealthyPercent: 100, DeploymentCircuitBreaker: { Enable: false, Rollback: false } },
        }),
      ],
    );

    const plan = planHeal(report, live, POLICY, 'attended', NO_AUTOSCALING);

    expect(ops(plan.actions)).toEqual([
      [
        'ecs:UpdateService',
        {
          cluster: 'web', service: serviceArn('web', 'api'), desiredCount: 4, taskDefinition: 'api:7',
          deploymentConfiguration: { maximumPercent: 200, minimumHealthyPercent: 100, deploymentCircuitBreaker: { enable: true, rollback: true } },
        },
      ],
    ]);
    expect(plan.actions[0]!.changes).toEqual([
      { path: 'DesiredCount', from: 2, to: 4 },
      { path: 'TaskDefinition', from: 'api:6', to: 'api:7' },
      { path: 'DeploymentConfiguration.DeploymentCircuitBreaker.Enable', from: false, to: true },
      { path: 'DeploymentConfiguration.DeploymentCircuitBreaker.Rollback', from: false, to: true },
    ]);
  });

  it('sends the full cluster settings list with the drifted value fixed', () => {
    const { report, live } = scenario(
      { Cluster: { Type: 'AWS::ECS::Cluster', Properties: { ClusterName: 'web', ClusterSettings: [{ Name: 'containerInsights', Value: 'enhanced' }] } } },
      [liveCluster('web', { ClusterSettings: [{ Name: 'containerInsights', Value: 'disabled' }, { Name: 'futureSetting', Value: 'on' }] })],
    );

    const plan = planHeal(report, live, POLICY, 'attended');

    expect(ops(plan.actions)).toEqual([
      ['ecs:UpdateCluster', { cluster: 'web', settings: [{ name: 'containerInsights', value: 'enhanced' }, { name: 'futureSetting', value: 'on' }] }],
    ]);
  });

  it('modifies an RDS instance in one call per disruption, with ApplyImmediately from config', () => {
    const { report, live } = scenario(
      {
        Db: {
          Type: 'AWS::RDS::DBInstance',
          Properties: {
            DBInstanceIdentifier: 'main', PreferredBackupWindow: '03:00-04:00', PreferredMaintenanceWindow: 'sun:05:00-sun:06:00',
            DeletionProtection: true, BackupRetentionPeriod: 7, DBInstanceClass: 'db.r6g.large',
          },
        },
      },
      [liveDbInstance('main', {
        PreferredBackupWindow: '05:00-06:00', PreferredMaintenanceWindow: 'mon:05:00-mon:06:00', DeletionProtection: false, BackupRetentionPeriod: 0, DBInstanceClass: 'db.t3.micro',
      })],
    );

    const plan = planHeal(report, live, { ...POLICY, applyImmediately: true }, 'attended');

    expect(plan.actions.map((a) => [a.operation, a.parameters, a.disruption ?? null])).toEqual([
      ['rds:ModifyDBInstance', { DBInstanceIdentifier: 'main', PreferredBackupWindow: '03:00-04:00', PreferredMaintenanceWindow: 'sun:05:00-sun:06:00', DeletionProtection: true, ApplyImmediately: true }, null],
      ['rds:ModifyDBInstance', { DBInstanceIdentifier: 'main', BackupRetentionPeriod: 7, ApplyImmediately: true }, 'turning automated backups on or off: the DB instance restarts'],
      ['rds:ModifyDBInstance', { DBInstanceIdentifier: 'main', DBInstanceClass: 'db.r6g.large', ApplyImmediately: true }, 'changing the instance class: the DB instance restarts'],
    ]);
  });

  it('sets VPC DNS attributes one per call: support before hostnames when enabling, hostnames first when disabling', () => {
    const on = scenario({ Vpc: vpcDecl({ EnableDnsSupport: true, EnableDnsHostnames: true }) }, [liveVpc('vpc-1', 'main', { EnableDnsSupport: false, EnableDnsHostnames: false })]);
    const off = scenario({ Vpc: vpcDecl({ EnableDnsSupport: false, EnableDnsHostnames: false }) }, [liveVpc('vpc-1', 'main', { EnableDnsSupport: true, EnableDnsHostnames: true })]);

    expect(ops(planHeal(on.report, on.live, POLICY, 'attended').actions)).toEqual([
      ['ec2:ModifyVpcAttribute', { VpcId: 'vpc-1', EnableDnsSupport: { Value: true } }],
      ['ec2:ModifyVpcAttribute', { VpcId: 'vpc-1', EnableDnsHostnames: { Value: true } }],
    ]);
    expect(ops(planHeal(off.report, off.live, POLICY, 'attended').actions)).toEqual([
      ['ec2:ModifyVpcAttribute', { VpcId: 'vpc-1', EnableDnsHostnames: { Value: false } }],
      ['ec2:ModifyVpcAttribute', { VpcId: 'vpc-1', EnableDnsSupport: { Value: false } }],
    ]);
  });

  it('revokes undeclared security group rules before authorizing declared ones', () => {
    const { report, live } = scenario(
      {
        Vpc: vpcDecl(),
        Sg: {
          Type: 'AWS::EC2::SecurityGroup',
          Properties: {
            GroupName: 'web', GroupDescription: 'web', VpcId: { Ref: 'Vpc' },
            SecurityGroupIngress: [
              { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0', Description: 'HTTPS' },
              { IpProtocol: 6, FromPort: 8080, ToPort: 8080, SourceSecurityGroupId: 'sg-app' },
            ],
          },
        },
      },
      [
        liveVpc('vpc-1', 'main'),
        liveSecurityGroup('sg-1', 'vpc-1', 'web', {
          SecurityGroupIngress: [
            { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '0.0.0.0/0' },
            { IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, SourceSecurityGroupId: 'sg-app' },
          ],
        }),
      ],
    );

    const plan = planHeal(report, live, POLICY, 'attended');

    expect(ops(plan.actions)).toEqual([
      ['ec2:RevokeSecurityGroupIngress', { GroupId: 'sg-1', IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }],
      ['ec2:AuthorizeSecurityGroupIngress', { GroupId: 'sg-1', IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'HTTPS' }] }] }],
    ]);
    expect(plan.actions.map((a) => a.changes)).toEqual([
      [{ path: 'SecurityGroupIngress', from: { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '0.0.0.0/0' }, to: null, member: true }],
      [{ path: 'SecurityGroupIngress', from: null, to: { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0', Description: 'HTTPS' }, member: true }],
    ]);
  });

  it('changes an instance type as a disruptive, reversible action', () => {
    const { report, live } = scenario(
      { Box: { Type: 'AWS::EC2::Instance', Properties: { ImageId: 'ami-1', InstanceType: 't3.micro', Tags: [{ Key: 'Name', Value: 'box' }] } } },
      [makeLive({ type: 'AWS::EC2::Instance', physicalId: 'i-1', properties: { ImageId: 'ami-1', InstanceType: 't3.large', Tags: tags({ Name: 'box' }) } })],
    );

    const [action] = planHeal(report, live, POLICY, 'attended').actions;

    expect(action).toMatchObject({
      operation: 'ec2:ModifyInstanceAttribute', parameters: { InstanceId: 'i-1', InstanceType: { Value: 't3.micro' } },
      disruptive: true, disruption: 'stops the instance, changes its type and starts it again', reversible: true,
    });
  });
});

describe('planHeal: what it skips', () => {
  const reasons = (plan: ReturnType<typeof planHeal>) => plan.skipped.map((s) => [s.logicalId ?? s.physicalId, s.path ?? null, s.reason]);

  it('missing and extra resources need approval', () => {
    const { report, live } = scenario({ Vpc: vpcDecl(), Gone: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.0.9.0/24', Tags: [{ Key: 'Name', Value: 'gone' }] } } }, [
      liveVpc('vpc-1', 'main'),
      liveSubnet('subnet-x', 'vpc-1', 'console-made'),
    ]);

    const plan = planHeal(report, live, POLICY, 'attended');

    expect(plan.actions).toEqual([]);
    expect(reasons(plan)).toEqual([
      ['Gone', null, 'missing resource: needs approval: reverse sync or a deploy'],
      ['subnet-x', null, 'extra resource: needs approval: reverse sync or a deploy'],
    ]);
  });

  it('a property whose change replaces the resource, or that no writer handles, is skipped by name', () => {
    const { report, live } = scenario(
      {
        Cluster: { Type: 'AWS::ECS::Cluster', Properties: { ClusterName: 'web' } },
        Service: { Type: 'AWS::ECS::Service', Properties: { ServiceName: 'api', Cluster: { Ref: 'Cluster' }, LaunchType: 'FARGATE', EnableExecuteCommand: true } },
      },
      [liveCluster('web'), liveService('web', 'api', { LaunchType: 'EC2', EnableExecuteCommand: false })],
    );

    const plan = planHeal(report, live, POLICY, 'attended');

    expect(plan.actions).toEqual([]);
    expect(reasons(plan)).toEqual([
      ['Service', 'LaunchType', 'changing LaunchType replaces the resource: needs approval: reverse sync or a deploy'],
      ['Service', 'EnableExecuteCommand', 'ialctl has no writer for EnableExecuteCommand of AWS::ECS::Service: update it with a deploy or reverse sync'],
    ]);
  });

  it('values AWS or an autoscaler own are reported, not fought', () => {
    const cluster = { Type: 'AWS::ECS::Cluster', Properties: { ClusterName: 'web' } };
    const service = { Type: 'AWS::ECS::Service', Properties: { ServiceName: 'api', Cluster: { Ref: 'Cluster' }, DesiredCount: 4 } };
    const { report, live } = scenario(
      {
        Cluster: cluster, Service: service,
        Db: { Type: 'AWS::RDS::DBInstance', Properties: { DBInstanceIdentifier: 'main', EngineVersion: '16.3' } },
        Member: { Type: 'AWS::RDS::DBInstance', Properties: { DBInstanceIdentifier: 'member', PreferredBackupWindow: '03:00-04:00' } },
      },
      [
        liveCluster('web'), liveService('web', 'api', { DesiredCount: 6 }),
        liveDbInstance('main', { EngineVersion: '16.4', AutoMinorVersionUpgrade: true }),
        liveDbInstance('member', { PreferredBackupWindow: '05:00-06:00', DBClusterIdentifier: 'aurora' }),
      ],
    );

    const scaled = planHeal(report, live, POLICY, 'attended', { facts: { scalableTargets: new Map([['service/web/api', { min: 2, max: 8 }]]) } });
    const unknown = planHeal(report, live, POLICY, 'attended', { facts: { scalableTargetsError: 'AccessDeniedException: not authorized' } });

    expect(scaled.actions).toEqual([]);
    expect(reasons(scaled).sort()).toEqual([
      ['Db', 'EngineVersion', 'AWS manages EngineVersion: AutoMinorVersionUpgrade is on, so AWS applies minor upgrades; update the phase file instead (reverse sync)'],
      ['Member', 'PreferredBackupWindow', 'PreferredBackupWindow of a cluster member is set on its DB cluster aurora: heal the cluster instead'],
      ['Service', 'DesiredCount', 'Application Auto Scaling owns DesiredCount (scalable target service/web/api, 2–8 tasks): change the scaling range instead'],
    ]);
    expect(reasons(unknown).find((r) => r[1] === 'DesiredCount')).toEqual([
      'Service', 'DesiredCount', 'cannot tell whether Application Auto Scaling owns DesiredCount (AccessDeniedException: not authorized), so it is not healed',
    ]);
  });

  it('--resource limits the plan to the named resources', () => {
    const { report, live } = scenario(
      { Vpc: vpcDecl({ Tags: [{ Key: 'Owner', Value: 'a' }] }), Other: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.1.0.0/16', Tags: [{ Key: 'Name', Value: 'other' }, { Key: 'Owner', Value: 'a' }] } } },
      [liveVpc('vpc-1', 'main'), liveVpc('vpc-2', 'other', { CidrBlock: '10.1.0.0/16' })],
    );

    const plan = planHeal(report, live, POLICY, 'attended', { only: ['vpc-2'] });

    expect(plan.actions.map((a) => a.logicalId)).toEqual(['Other']);
    expect(plan.skipped).toEqual([]);
  });
});

describe('planHeal: unattended', () => {
  it('runs only eligible items and never a disruptive or human-only action, whatever the severity limit', () => {
    const { report, live } = scenario(
      {
        Vpc: vpcDecl({ Tags: [{ Key: 'Owner', Value: 'a' }] }),
        Db: { Type: 'AWS::RDS::DBInstance', Properties: { DBInstanceIdentifier: 'main', DBInstanceClass: 'db.r6g.large', DeletionProtection: true } },
        Sg: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupName: 'web', GroupDescription: 'web', VpcId: { Ref: 'Vpc' }, SecurityGroupIngress: [] } },
      },
      [
        liveVpc('vpc-1', 'main'),
        liveDbInstance('main', { DBInstanceClass: 'db.t3.micro', DeletionProtection: true }),
        liveSecurityGroup('sg-1', 'vpc-1', 'web', { SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '0.0.0.0/0' }] }),
      ],
      { autoHeal: { enabled: true, severityLimit: 'high', maxResources: 10 } },
    );

    const plan = planHeal(report, live, POLICY, 'unattended');

    expect(plan.actions.map((a) => `${a.operation} ${a.logicalId}`)).toEqual(['ec2:CreateTags Vpc']);
    expect(plan.skipped.map((s) => [s.logicalId, s.reason])).toEqual([
      ['Sg', 'security group rules change network exposure: a human must approve them'],
      ['Db', 'disruptive (changing the instance class: the DB instance restarts): unattended healing never interrupts a resource'],
    ]);
  });

  it('heals at most max_resources items, in report order', () => {
    const { report, live } = scenario(
      { A: vpcDecl({ Tags: [{ Key: 'Owner', Value: 'a' }] }), B: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.1.0.0/16', Tags: [{ Key: 'Name', Value: 'b' }, { Key: 'Owner', Value: 'b' }] } } },
      [liveVpc('vpc-1', 'main'), liveVpc('vpc-2', 'b', { CidrBlock: '10.1.0.0/16' })],
    );

    const plan = planHeal(report, live, { ...POLICY, maxResources: 1 }, 'unattended');

    expect(plan.actions.map((a) => a.logicalId)).toEqual(['A']);
    expect(plan.skipped.map((s) => [s.logicalId, s.reason])).toEqual([['B', 'over auto_heal.max_resources (1): left for a later run']]);
  });
});

describe('plan id', () => {
  it('is the sha256 of the canonical actions: the same drift gives the same id, a changed value another', () => {
    const make = (owner: string) => {
      const { report, live } = scenario({ Vpc: vpcDecl({ Tags: [{ Key: 'Owner', Value: 'a' }] }) }, [liveVpc('vpc-1', 'main', { Tags: tags({ Name: 'main', Owner: owner }) })]);
      return planHeal(report, live, POLICY, 'attended');
    };

    expect(make('x').id).toBe(make('x').id);
    expect(make('x').id).toMatch(/^[0-9a-f]{64}$/);
    expect(make('x').id).not.toBe(make('y').id);
  });

  it('does not depend on key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"e":0,"f":1}]},"b":1}');
    const action: HealAction = { itemId: 'i', resourceType: 'T', physicalId: 'p', logicalId: null, operation: 'o', parameters: { x: 1, y: 2 }, changes: [], disruptive: false, reversible: true, severity: 'low' };
    const reordered: HealAction = { severity: 'low', reversible: true, disruptive: false, changes: [], parameters: { y: 2, x: 1 }, operation: 'o', logicalId: null, physicalId: 'p', resourceType: 'T', itemId: 'i' };
    expect(planIdOf([action])).toBe(planIdOf([reordered]));
  });
});

describe('planUndo', () => {
  const healedPlan = () => {
    const { report, live } = scenario(
      {
        Vpc: vpcDecl({ Tags: [{ Key: 'Owner', Value: 'platform' }] }),
        Sg: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupName: 'web', GroupDescription: 'web', VpcId: { Ref: 'Vpc' }, SecurityGroupIngress: [] } },
      },
      [
        liveVpc('vpc-1', 'main', { Tags: tags({ Name: 'main', Debug: 'on' }) }),
        liveSecurityGroup('sg-1', 'vpc-1', 'web', { SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '0.0.0.0/0' }] }),
      ],
    );
    return planHeal(report, live, { ...POLICY, removeUndeclaredTags: true }, 'attended');
  };
  /** The live state after the heal ran. */
  const healedLive = (extra: { vpcTags?: Record<string, string> } = {}) =>
    liveState([
      liveVpc('vpc-1', 'main', { Tags: tags(extra.vpcTags ?? { Name: 'main', Owner: 'platform' }) }),
      liveSecurityGroup('sg-1', 'vpc-1', 'web', { SecurityGroupIngress: [] }),
    ]);

  it('writes the previous values back, last action first', () => {
    const plan = planUndo(healedPlan().actions, healedLive(), POLICY);

    // The heal ran: revoke (high), then CreateTags Owner and DeleteTags Debug (low).
    expect(healedPlan().actions.map((a) => a.operation)).toEqual(['ec2:RevokeSecurityGroupIngress', 'ec2:CreateTags', 'ec2:DeleteTags']);
    expect(ops(plan.actions)).toEqual([
      ['ec2:CreateTags', { Resources: ['vpc-1'], Tags: [{ Key: 'Debug', Value: 'on' }] }],
      ['ec2:DeleteTags', { Resources: ['vpc-1'], Tags: [{ Key: 'Owner', Value: 'platform' }] }],
      ['ec2:AuthorizeSecurityGroupIngress', { GroupId: 'sg-1', IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }],
    ]);
    expect(plan.mode).toBe('attended');
    expect(plan.skipped).toEqual([]);
  });

  it('skips values changed since the heal and resources that are gone', () => {
    const changed = planUndo(healedPlan().actions, healedLive({ vpcTags: { Name: 'main', Owner: 'someone-else' } }), POLICY);
    const gone = planUndo(healedPlan().actions, liveState([]), POLICY);

    expect(ops(changed.actions).map(([op]) => op)).toEqual(['ec2:CreateTags', 'ec2:AuthorizeSecurityGroupIngress']);
    expect(changed.skipped.map((s) => [s.path, s.reason])).toEqual([['Tags.Owner', 'Tags.Owner changed since the heal: undo would overwrite the newer value']]);
    expect(gone.actions).toEqual([]);
    expect(gone.skipped.map((s) => s.reason)).toEqual(['the resource no longer exists', 'the resource no longer exists', 'the resource no longer exists']);
  });
});
