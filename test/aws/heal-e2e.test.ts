// Acceptance: drift made out of band in moto is healed end to end — detect → plan → apply → verify →
// re-check in sync — with the journal holding before/after, policy gates for unattended runs, disruptive
// changes only with approval, and undo restoring the previous values.
import { RegisterScalableTargetCommand, ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import {
  AuthorizeSecurityGroupIngressCommand, CreateSecurityGroupCommand, CreateTagsCommand, DeleteTagsCommand, DescribeInstancesCommand,
  ModifyInstanceAttributeCommand, ModifyVpcAttributeCommand, RevokeSecurityGroupIngressCommand,
} from '@aws-sdk/client-ec2';
import { DeleteServiceCommand, DescribeServicesCommand, TagResourceCommand, UpdateClusterCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { ModifyDBClusterCommand, ModifyDBInstanceCommand, RemoveTagsFromResourceCommand } from '@aws-sdk/client-rds';
import { describe, expect, it } from 'vitest';
import { executeHeal, undoPlanner } from '../../src/engine/heal.js';
import { awsClientConfig, MOTO_ACCOUNT_ID, useFreshMoto } from '../harness/moto.js';
import { healRig, healWorld, writeCalls, type HealRig, type HealWorld } from './heal-fixtures.js';
import { AURORA, CLUSTER, DB } from './scenario-estate.js';

useFreshMoto();

const approve = (rig: HealRig, plan: Awaited<ReturnType<HealRig['planner']['observe']>>['plan'], approvedBy = 'tester (test)') =>
  executeHeal({ plan, approvedPlanId: plan.id, approvedBy, planner: rig.planner, target: rig.target, journal: rig.journal, lock: rig.lock, now: () => new Date() });

/** Summary of a plan that is stable across runs (moto ids differ): operation and logical id per action. */
const actionsOf = (plan: { actions: Array<{ operation: string; logicalId: string | null }> }) =>
  plan.actions.map((a) => `${a.operation} ${a.logicalId}`);

async function driftTagsAndSafeConfig(world: HealWorld): Promise<void> {
  const { ec2, ecs, rds } = world.sdk;
  const { estate } = world;
  await ec2.send(new CreateTagsCommand({ Resources: [estate.instanceId], Tags: [{ Key: 'Environment', Value: 'staging' }] }));
  await ec2.send(new DeleteTagsCommand({ Resources: [estate.vpcId], Tags: [{ Key: 'Environment' }] }));
  await ecs.send(new TagResourceCommand({ resourceArn: estate.serviceArn, tags: [{ key: 'Service', value: 'api' }] }));
  await rds.send(new RemoveTagsFromResourceCommand({ ResourceName: `arn:aws:rds:us-east-1:${MOTO_ACCOUNT_ID}:db:${DB}`, TagKeys: ['DataClassification'] }));
  await ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: 'web', desiredCount: 5 }));
  await ecs.send(new UpdateClusterCommand({ cluster: CLUSTER, settings: [{ name: 'containerInsights', value: 'disabled' }] }));
  await rds.send(new ModifyDBInstanceCommand({ DBInstanceIdentifier: DB, PreferredBackupWindow: '05:00-06:00', ApplyImmediately: true }));
  await rds.send(new ModifyDBClusterCommand({ DBClusterIdentifier: AURORA, BackupRetentionPeriod: 3, ApplyImmediately: true }));
}

describe('attended healing of tag drift and safe configuration drift', () => {
  it('heals every item, verifies each by re-reading, and a re-check finds the account in sync', async () => {
    const world = await healWorld();
    world.config.autoHeal.applyImmediately = true;
    await driftTagsAndSafeConfig(world);
    const rig = await healRig(world);

    const { plan, report } = await rig.planner.observe();
    expect(report!.items).toHaveLength(8);
    expect(actionsOf(plan)).toEqual([
      'rds:ModifyDBInstance OrdersDb',
      'rds:ModifyDBCluster AuroraCluster',
      'ecs:UpdateCluster WebCluster',
      'ecs:UpdateService WebService',
      'ec2:CreateTags Vpc',
      'ec2:CreateTags Bastion',
      'ecs:TagResource WebService',
      'rds:AddTagsToResource OrdersDb',
    ]);
    expect(plan.skipped).toEqual([]);
    expect(plan.actions[0]!.parameters).toEqual({ DBInstanceIdentifier: DB, PreferredBackupWindow: '03:00-04:00', ApplyImmediately: true });
    expect(plan.actions[3]!.parameters).toEqual({ cluster: CLUSTER, service: world.estate.serviceArn, desiredCount: 2 });
    expect(plan.actions[7]!.parameters).toEqual({
      ResourceName: `arn:aws:rds:us-east-1:${MOTO_ACCOUNT_ID}:db:${DB}`,
      Tags: [{ Key: 'DataClassification', Value: 'confidential' }],
    });
    rig.clients.calls.reset();

    const outcome = await approve(rig, plan);

    expect(outcome.refused).toBeNull();
    expect(outcome.results.map((r) => [r.operation, r.status, r.error])).toEqual(plan.actions.map((a) => [a.operation, 'healed', null]));
    expect(writeCalls(rig.clients)).toEqual({
      'ec2:CreateTags': 2,
      'ecs:TagResource': 1,
      'ecs:UpdateCluster': 1,
      'ecs:UpdateService': 1,
      'rds:AddTagsToResource': 1,
      'rds:ModifyDBCluster': 1,
      'rds:ModifyDBInstance': 1,
    });

    const recheck = await rig.planner.observe();
    expect(recheck.report!.items).toEqual([]);
    expect(recheck.plan.actions).toEqual([]);
  });

  it('journals each action before the call (previous and intended values, approver) and after it (outcome)', async () => {
    const world = await healWorld();
    await world.sdk.ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: 'web', desiredCount: 5 }));
    await world.sdk.ec2.send(new CreateTagsCommand({ Resources: [world.estate.instanceId], Tags: [{ Key: 'Environment', Value: 'staging' }] }));
    const rig = await healRig(world);
    const { plan } = await rig.planner.observe();

    const outcome = await approve(rig, plan, 'alice@laptop (terminal)');

    const entries = rig.journal.entries(plan.id);
    expect(entries.map((e) => [e.actionIndex, e.phase, e.operation, e.status, e.previous, e.intended, e.approvedBy, e.runId])).toEqual([
      [0, 'before', 'ecs:UpdateService', 'started', { DesiredCount: 5 }, { DesiredCount: 2 }, 'alice@laptop (terminal)', outcome.runId],
      [0, 'after', 'ecs:UpdateService', 'healed', { DesiredCount: 5 }, { DesiredCount: 2 }, 'alice@laptop (terminal)', outcome.runId],
      [1, 'before', 'ec2:CreateTags', 'started', { 'Tags.Environment': 'staging' }, { 'Tags.Environment': 'production' }, 'alice@laptop (terminal)', outcome.runId],
      [1, 'after', 'ec2:CreateTags', 'healed', { 'Tags.Environment': 'staging' }, { 'Tags.Environment': 'production' }, 'alice@laptop (terminal)', outcome.runId],
    ]);
    expect(rig.journal.runs()).toEqual([
      expect.objectContaining({ planId: plan.id, kind: 'heal', mode: 'attended', scope: `aws:${MOTO_ACCOUNT_ID}:us-east-1`, actions: 2, healed: 2, failed: 0 }),
    ]);
  });
});

describe('unattended healing', () => {
  it('executes only eligible items: never missing/extra resources, replacements, disruptive or above-limit changes', async () => {
    const world = await healWorld();
    const { ec2, ecs, rds } = world.sdk;
    const { estate } = world;
    // Eligible: a tag and a DesiredCount.
    await ec2.send(new CreateTagsCommand({ Resources: [estate.subnetA], Tags: [{ Key: 'Environment', Value: 'qa' }] }));
    await ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: 'web', desiredCount: 5 }));
    // Not eligible: open SSH (high), instance type (may replace, disruptive), deletion protection (critical),
    // an extra security group, and a service deleted into a missing resource.
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: estate.webSg, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
    await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: estate.instanceId, InstanceType: { Value: 't3.large' } }));
    await rds.send(new ModifyDBInstanceCommand({ DBInstanceIdentifier: DB, DeletionProtection: true, ApplyImmediately: true }));
    await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'console-debug', Description: 'made by hand', VpcId: estate.vpcId }));
    const rig = await healRig(world, { mode: 'unattended' });

    const { plan } = await rig.planner.observe();
    expect(actionsOf(plan)).toEqual(['ecs:UpdateService WebService', 'ec2:CreateTags PrivateSubnetA']);
    expect(plan.skipped.map((s) => `${s.logicalId ?? s.physicalId}: ${s.reason}`).sort()).toEqual([
      'Bastion: not eligible for unattended healing: changing InstanceType may replace the resource',
      'OrdersDb: not eligible for unattended healing: severity critical is above auto_heal.severity_limit (medium)',
      'WebSecurityGroup: not eligible for unattended healing: severity high is above auto_heal.severity_limit (medium)',
      expect.stringMatching(/^sg-[0-9a-f]+: extra resource: needs approval: reverse sync or a deploy$/),
    ]);
    rig.clients.calls.reset();

    const outcome = await approve(rig, plan, 'auto-heal policy (unattended)');

    expect(outcome.results.map((r) => r.status)).toEqual(['healed', 'healed']);
    expect(writeCalls(rig.clients)).toEqual({ 'ec2:CreateTags': 1, 'ecs:UpdateService': 1 });
    const instance = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [estate.instanceId] }));
    expect(instance.Reservations![0]!.Instances![0]!.InstanceType).toBe('t3.large');
  });

  it('heals at most auto_heal.max_resources items per run, most severe first', async () => {
    const world = await healWorld();
    world.config.autoHeal.maxResources = 1;
    const { ec2, ecs } = world.sdk;
    await ec2.send(new CreateTagsCommand({ Resources: [world.estate.subnetA], Tags: [{ Key: 'Environment', Value: 'qa' }] }));
    await ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: 'web', desiredCount: 5 }));
    const rig = await healRig(world, { mode: 'unattended' });

    const { plan } = await rig.planner.observe();

    expect(actionsOf(plan)).toEqual(['ecs:UpdateService WebService']);
    expect(plan.skipped.map((s) => [s.logicalId, s.reason])).toEqual([
      ['PrivateSubnetA', 'not eligible for unattended healing: over auto_heal.max_resources (1)'],
    ]);
  });

  it('leaves a DesiredCount that Application Auto Scaling owns alone, naming the scaling range', async () => {
    const world = await healWorld();
    await world.sdk.ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: 'web', desiredCount: 5 }));
    const autoscaling = new ApplicationAutoScalingClient(awsClientConfig());
    await autoscaling.send(
      new RegisterScalableTargetCommand({
        ServiceNamespace: 'ecs', ResourceId: `service/${CLUSTER}/web`, ScalableDimension: 'ecs:service:DesiredCount', MinCapacity: 2, MaxCapacity: 8,
      }),
    );
    autoscaling.destroy();
    const rig = await healRig(world);

    const { plan } = await rig.planner.observe();

    expect(plan.actions).toEqual([]);
    expect(plan.skipped.map((s) => [s.logicalId, s.path, s.reason])).toEqual([
      ['WebService', 'DesiredCount', `Application Auto Scaling owns DesiredCount (scalable target service/${CLUSTER}/web, 2–8 tasks): change the scaling range instead`],
    ]);
    expect(rig.clients.calls.count('application-autoscaling:DescribeScalableTargets')).toBe(1);
  });
});

describe('attended healing of changes that need a human', () => {
  it('with approval, changes the instance type (stop → modify → start) and journals it as disruptive', async () => {
    const world = await healWorld();
    const { ec2 } = world.sdk;
    await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: world.estate.instanceId, InstanceType: { Value: 't3.large' } }));
    const rig = await healRig(world);
    const { plan } = await rig.planner.observe();
    expect(plan.actions).toEqual([
      expect.objectContaining({
        operation: 'ec2:ModifyInstanceAttribute',
        parameters: { InstanceId: world.estate.instanceId, InstanceType: { Value: 't3.micro' } },
        disruptive: true,
        disruption: 'stops the instance, changes its type and starts it again',
        reversible: true,
      }),
    ]);
    rig.clients.calls.reset();

    const outcome = await approve(rig, plan);

    expect(outcome.results.map((r) => r.status)).toEqual(['healed']);
    expect(writeCalls(rig.clients)).toEqual({ 'ec2:ModifyInstanceAttribute': 1, 'ec2:StartInstances': 1, 'ec2:StopInstances': 1 });
    const instance = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [world.estate.instanceId] }))).Reservations![0]!.Instances![0]!;
    expect([instance.InstanceType, instance.State?.Name]).toEqual(['t3.micro', 'running']);
    expect(rig.journal.entries(plan.id).map((e) => [e.phase, e.status, e.previous, e.intended])).toEqual([
      ['before', 'started', { InstanceType: 't3.large' }, { InstanceType: 't3.micro' }],
      ['after', 'healed', { InstanceType: 't3.large' }, { InstanceType: 't3.micro' }],
    ]);
  });

  it('with approval, revokes an undeclared rule, re-authorizes a declared one and restores VPC DNS hostnames', async () => {
    const world = await healWorld();
    const { ec2 } = world.sdk;
    const { estate } = world;
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: estate.webSg, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
    await ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: estate.webSg, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
    await ec2.send(new ModifyVpcAttributeCommand({ VpcId: estate.vpcId, EnableDnsHostnames: { Value: false } }));
    const rig = await healRig(world);
    const { plan } = await rig.planner.observe();
    // Report order: the security group item is high severity, the VPC's medium.
    expect(plan.actions.map((a) => [a.operation, a.parameters])).toEqual([
      ['ec2:RevokeSecurityGroupIngress', { GroupId: estate.webSg, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }],
      ['ec2:AuthorizeSecurityGroupIngress', { GroupId: estate.webSg, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'HTTPS' }] }] }],
      ['ec2:ModifyVpcAttribute', { VpcId: estate.vpcId, EnableDnsHostnames: { Value: true } }],
    ]);

    const outcome = await approve(rig, plan);

    expect(outcome.results.map((r) => r.status)).toEqual(['healed', 'healed', 'healed']);
    expect((await rig.planner.observe()).report!.items).toEqual([]);
  });
});

describe('undo', () => {
  it('restores the previous values of a healed plan, and a check shows the original drift again', async () => {
    const world = await healWorld();
    const { ecs, ec2 } = world.sdk;
    await ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: 'web', desiredCount: 5 }));
    await ec2.send(new CreateTagsCommand({ Resources: [world.estate.instanceId], Tags: [{ Key: 'Environment', Value: 'staging' }, { Key: 'Debug', Value: 'on' }] }));
    world.config.autoHeal.removeUndeclaredTags = true;
    const rig = await healRig(world);
    const before = await rig.planner.observe();
    const healed = await approve(rig, before.plan);
    expect(healed.results.map((r) => r.status)).toEqual(['healed', 'healed', 'healed']);

    const undo = undoPlanner({ target: rig.target, journal: rig.journal, planId: before.plan.id, config: world.config, verify: { retryDelaysMs: [] } });
    const undoView = await undo.observe();
    expect(undoView.plan.actions.map((a) => [a.operation, a.changes])).toEqual([
      ['ec2:CreateTags', [{ path: 'Tags.Debug', from: null, to: 'on' }]],
      ['ec2:CreateTags', [{ path: 'Tags.Environment', from: 'production', to: 'staging' }]],
      ['ecs:UpdateService', [{ path: 'DesiredCount', from: 2, to: 5 }]],
    ]);
    const undone = await executeHeal({
      plan: undoView.plan, approvedPlanId: undoView.plan.id, approvedBy: 'tester', planner: undo, target: rig.target, journal: rig.journal, lock: rig.lock, now: () => new Date(),
    });

    expect(undone.results.map((r) => r.status)).toEqual(['healed', 'healed', 'healed']);
    const service = await ecs.send(new DescribeServicesCommand({ cluster: CLUSTER, services: ['web'] }));
    expect(service.services![0]!.desiredCount).toBe(5);
    const recheck = await rig.planner.observe();
    expect(recheck.report!.items.map((i) => [i.logicalId, i.differences])).toEqual(before.report!.items.map((i) => [i.logicalId, i.differences]));
    expect(rig.journal.runs().map((r) => [r.kind, r.undoOf])).toEqual([['undo', before.plan.id], ['heal', null]]);
  });

  it('does not overwrite a value changed since the heal', async () => {
    const world = await healWorld();
    const { ecs } = world.sdk;
    await ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: 'web', desiredCount: 5 }));
    const rig = await healRig(world);
    const before = await rig.planner.observe();
    await approve(rig, before.plan);
    await ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: 'web', desiredCount: 9 }));

    const undo = await undoPlanner({ target: rig.target, journal: rig.journal, planId: before.plan.id, config: world.config }).observe();

    expect(undo.plan.actions).toEqual([]);
    expect(undo.plan.skipped.map((s) => s.reason)).toEqual(['DesiredCount changed since the heal: undo would overwrite the newer value']);
  });
});

describe('resources the plan cannot heal', () => {
  it('reports a deleted service as missing and needing approval, and heals nothing', async () => {
    const world = await healWorld();
    await world.sdk.ecs.send(new DeleteServiceCommand({ cluster: CLUSTER, service: 'web', force: true }));
    const rig = await healRig(world);

    const { plan } = await rig.planner.observe();

    expect(plan.actions).toEqual([]);
    expect(plan.skipped.map((s) => [s.logicalId, s.reason])).toEqual([['WebService', 'missing resource: needs approval: reverse sync or a deploy']]);
  });
});
