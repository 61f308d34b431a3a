import { describe, expect, it } from 'vitest';
import { actionState, changeHolds, differenceMatchesChange } from './heal-check.js';
import { liveCluster, liveSecurityGroup, liveService, liveVpc, tags } from './test-fixtures.js';

const rule = { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '0.0.0.0/0' };

describe('changeHolds', () => {
  it('reads tags, set members, keyed settings and nested values through the comparison rules', () => {
    const vpc = liveVpc('vpc-1', 'main', { Tags: tags({ Name: 'main', Owner: 'a' }) });
    const sg = liveSecurityGroup('sg-1', 'vpc-1', 'web', { SecurityGroupIngress: [{ ...rule, Description: 'ssh' }] });
    const cluster = liveCluster('web', { ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }] });
    const service = liveService('web', 'api', { DesiredCount: 4, DeploymentConfiguration: { MaximumPercent: 200 } });

    expect(changeHolds('AWS::EC2::VPC', vpc, { path: 'Tags.Owner', from: null, to: 'a' })).toBe(true);
    expect(changeHolds('AWS::EC2::VPC', vpc, { path: 'Tags.Debug', from: 'on', to: null })).toBe(true);
    expect(changeHolds('AWS::EC2::VPC', vpc, { path: 'Tags.Owner', from: 'a', to: null })).toBe(false);
    expect(changeHolds('AWS::EC2::SecurityGroup', sg, { path: 'SecurityGroupIngress', from: null, to: { ...rule, IpProtocol: '6' }, member: true })).toBe(true);
    expect(changeHolds('AWS::EC2::SecurityGroup', sg, { path: 'SecurityGroupIngress', from: rule, to: null, member: true })).toBe(false);
    expect(changeHolds('AWS::ECS::Cluster', cluster, { path: 'ClusterSettings.containerInsights.Value', from: 'disabled', to: 'enabled' })).toBe(true);
    expect(changeHolds('AWS::ECS::Cluster', cluster, { path: 'ClusterSettings.containerInsights', from: null, to: { Name: 'containerInsights', Value: 'disabled' } })).toBe(false);
    expect(changeHolds('AWS::ECS::Service', service, { path: 'DesiredCount', from: 2, to: '4' })).toBe(true);
    expect(changeHolds('AWS::ECS::Service', service, { path: 'DeploymentConfiguration.MaximumPercent', from: 100, to: 200 })).toBe(true);
    expect(changeHolds('AWS::ECS::Service', service, { path: 'DeploymentConfiguration.MinimumHealthyPercent', from: 50, to: null })).toBe(true);
    expect(changeHolds('AWS::ECS::Service', undefined, { path: 'DesiredCount', from: 2, to: 4 })).toBe(false);
  });
});

describe('differenceMatchesChange', () => {
  it('matches a remaining difference to the change that should have removed it, member by member', () => {
    const revoke = { path: 'SecurityGroupIngress', from: rule, to: null, member: true as const };
    expect(differenceMatchesChange({ path: 'SecurityGroupIngress', kind: 'ADD', actual: rule }, revoke)).toBe(true);
    expect(differenceMatchesChange({ path: 'SecurityGroupIngress', kind: 'ADD', actual: { ...rule, FromPort: 23, ToPort: 23 } }, revoke)).toBe(false);
    const authorize = { path: 'SecurityGroupIngress', from: null, to: rule, member: true as const };
    expect(differenceMatchesChange({ path: 'SecurityGroupIngress', kind: 'REMOVE', expected: [rule] }, authorize)).toBe(true);
    expect(differenceMatchesChange({ path: 'DeploymentConfiguration.MaximumPercent', kind: 'NOT_EQUAL', expected: 200, actual: 100 }, { path: 'DeploymentConfiguration', from: null, to: {} })).toBe(true);
    expect(differenceMatchesChange({ path: 'DesiredCount', kind: 'NOT_EQUAL', expected: 4, actual: 2 }, { path: 'TaskDefinition', from: 'a', to: 'b' })).toBe(false);
  });
});

describe('actionState', () => {
  const service = liveService('web', 'api', { DesiredCount: 4, Tags: tags({ Owner: 'a' }) });
  const sg = liveSecurityGroup('sg-1', 'vpc-1', 'web', { SecurityGroupIngress: [rule] });

  it('is applied when every change is in effect, pending when every previous value is still there', () => {
    expect(actionState('AWS::ECS::Service', service, [{ path: 'DesiredCount', from: 2, to: 4 }, { path: 'Tags.Owner', from: null, to: 'a' }])).toBe('applied');
    expect(actionState('AWS::ECS::Service', service, [{ path: 'DesiredCount', from: 4, to: 2 }, { path: 'Tags.Owner', from: 'a', to: 'b' }])).toBe('pending');
    expect(actionState('AWS::EC2::SecurityGroup', sg, [{ path: 'SecurityGroupIngress', from: rule, to: null, member: true }])).toBe('pending');
    expect(actionState('AWS::EC2::SecurityGroup', sg, [{ path: 'SecurityGroupIngress', from: null, to: rule, member: true }])).toBe('applied');
  });

  it('is mixed when only part of the action is in effect or a third value appeared, absent when the resource is gone', () => {
    expect(actionState('AWS::ECS::Service', service, [{ path: 'DesiredCount', from: 2, to: 4 }, { path: 'Tags.Owner', from: 'a', to: 'b' }])).toBe('mixed');
    expect(actionState('AWS::ECS::Service', service, [{ path: 'DesiredCount', from: 2, to: 3 }])).toBe('mixed');
    expect(actionState('AWS::ECS::Service', undefined, [{ path: 'DesiredCount', from: 2, to: 4 }])).toBe('absent');
  });
});
