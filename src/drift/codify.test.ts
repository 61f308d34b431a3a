import { describe, expect, it } from 'vitest';
import { buildReferenceIndex, codifiedProperties, fileSlug, freshLogicalId, newFileName, phaseFor } from './codify.js';
import type { JsonObject, LiveResource } from './model.js';
import { loadPhases } from './phases.js';
import { applyPlan, planSync } from './sync-plan.js';
import { byName, demoFixture, detect, liveResource, readable } from './sync.test-helper.js';

const clone = (r: LiveResource): LiveResource => JSON.parse(JSON.stringify(r)) as LiveResource;

function withTags(r: LiveResource, tags: Record<string, string>): void {
  r.properties['Tags'] = Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

/** The demo account plus resources created in the console: copies of declared ones under new names. */
function demoWithExtras(): { fixture: ReturnType<typeof demoFixture>; extras: LiveResource[] } {
  const fixture = demoFixture();
  const { live } = fixture;
  const service = clone(liveResource(live, 'AWS::ECS::Service', byName('web')));
  service.physicalId = 'arn:aws:ecs:us-east-1:123456789012:service/shop-prod/web-canary';
  service.properties['ServiceName'] = 'web-canary';
  service.attributes = { ServiceArn: service.physicalId, Name: 'web-canary' };
  const db = clone(liveResource(live, 'AWS::RDS::DBInstance', byName('rds-main-db')));
  db.physicalId = 'rds-reporting';
  db.properties['DBInstanceIdentifier'] = 'rds-reporting';
  db.properties['MasterUserSecret'] = { SecretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:rds-x' };
  const subnet = clone(liveResource(live, 'AWS::EC2::Subnet', byName('shop-prod-private-a')));
  subnet.physicalId = 'subnet-0c0c0c0c0c0c0c0c0';
  subnet.properties['CidrBlock'] = '10.20.18.0/24';
  withTags(subnet, { Name: 'shop-prod-private-c', 'aws:cloudformation:stack-name': 'x', Note: '\u001b[31mred\u001b[0m' });
  const nameless = clone(liveResource(live, 'AWS::EC2::Instance', byName('hotfix-runner')));
  nameless.physicalId = 'i-0000000000000000a';
  withTags(nameless, { Ticket: 'INC-1' });
  const extras = [service, db, subnet, nameless];
  live.resources.push(...extras);
  return { fixture, extras };
}

function codify(select: string[]) {
  const { fixture, extras } = demoWithExtras();
  const report = detect(fixture.desired, fixture.live);
  const plan = planSync(report, fixture.desired, fixture.live, {
    resources: select, removeMissing: [], sources: fixture.sources, parametersFile: fixture.parametersFile, readableProperties: readable,
  });
  return { fixture, extras, plan };
}

describe('codified extra resources', () => {
  const ids = ['web-canary', 'rds-reporting', 'subnet-0c0c0c0c0c0c0c0c0', 'i-0000000000000000a', 'hotfix-runner', 'sg-0dde4b7f1e2a3c5d6'];
  const { fixture, plan } = codify(ids);

  it('load back through the phase loader and match their live resources exactly: no drift left, none added', () => {
    expect(plan.unresolved).toEqual([]);
    expect(plan.newFiles).toHaveLength(6);
    const { sources, parametersFile } = applyPlan(plan, fixture.sources, fixture.parametersFile);
    const desired = loadPhases(sources, parametersFile ? { parametersFile } : {});
    const after = detect(desired, fixture.live);
    const codified = new Set(plan.newFiles.map((f) => f.logicalId));
    expect(after.items.filter((i) => i.type === 'extra_resource')).toEqual([]);
    expect(after.items.filter((i) => i.logicalId !== null && codified.has(i.logicalId))).toEqual([]);
    expect(desired.resources.filter((r) => codified.has(r.logicalId)).map((r) => r.logicalId).sort()).toEqual(
      ['HotfixRunner', 'Instance', 'RdsReporting', 'ShopProdDebug', 'ShopProdPrivateC', 'WebCanary'],
    );
  });

  it('go into the phase that already declares their type, numbered after its files', () => {
    expect(plan.newFiles.map((f) => f.file).sort()).toEqual([
      'phases/10-security/02-reverse-sync-shop-prod-debug.yaml',
      'phases/20-network/02-reverse-sync-shop-prod-private-c.yaml',
      'phases/30-compute/03-reverse-sync-web-canary.yaml',
      'phases/30-compute/04-reverse-sync-i-0000000000000000a.yaml',
      'phases/30-compute/05-reverse-sync-hotfix-runner.yaml',
      'phases/40-data/03-reverse-sync-rds-reporting.yaml',
    ]);
  });

  it('declare only chosen values of a service: no defaults, no computed fields, !Ref to the declared cluster, subnets and group', () => {
    const service = plan.newFiles.find((f) => f.logicalId === 'WebCanary');
    expect(service?.text).toBe(`# Found in AWS on 2026-11-20 as an extra resource (declared in no phase file).
# Review every value: this file states what exists, not what should.
Description: AWS::ECS::Service arn:aws:ecs:us-east-1:123456789012:service/shop-prod/web-canary, created outside Git and codified by ialctl reverse-sync

Resources:
  WebCanary:
    Type: AWS::ECS::Service
    Properties:
      ServiceName: web-canary
      Cluster: !Ref WebCluster
      LaunchType: FARGATE
      TaskDefinition: arn:aws:ecs:us-east-1:123456789012:task-definition/shop-web:42
      DesiredCount: 2
      PropagateTags: SERVICE
      EnableECSManagedTags: true
      NetworkConfiguration:
        AwsvpcConfiguration:
          Subnets:
            - !Ref PrivateSubnetB
            - !Ref PrivateSubnetA
          SecurityGroups:
            - !Ref AppSecurityGroup
      DeploymentConfiguration:
        DeploymentCircuitBreaker:
          Enable: true
          Rollback: true
      Tags:
        - { Key: CostCenter, Value: CC-4410 }
        - { Key: Environment, Value: production }
        - { Key: Owner, Value: platform-team }
        - { Key: Service, Value: web }
`);
  });

  it('declare a database without secrets, engine defaults or values AWS derived', () => {
    const db = plan.newFiles.find((f) => f.logicalId === 'RdsReporting')?.text ?? '';
    expect(db).toContain('      DBSubnetGroupName: !Ref DbSubnetGroup\n      VPCSecurityGroups:\n        - !Ref DbSecurityGroup\n');
    for (const absent of ['Secret', 'Password', 'Port', 'default.postgres16', 'LicenseModel', 'CACertificate', 'AvailabilityZone', 'Iops', 'PerformanceInsightsRetentionPeriod', 'EngineLifecycleSupport']) {
      expect(db).not.toContain(absent);
    }
    for (const kept of ['MultiAZ: true', 'DeletionProtection: true', 'BackupRetentionPeriod: 14', 'PreferredBackupWindow: "05:00-06:00"', 'MaxAllocatedStorage: 500']) {
      expect(db).toContain(kept);
    }
  });

  it('pin a resource the declared properties cannot identify (no Name tag) by its physical id', () => {
    const instance = plan.newFiles.find((f) => f.physicalId === 'i-0000000000000000a')?.text ?? '';
    expect(instance).toContain('    Type: AWS::EC2::Instance\n    Metadata:\n      IAL: { PhysicalId: i-0000000000000000a }\n');
  });

  it('keep user tags exactly (escaped where needed) and drop the tags AWS reserves', () => {
    const subnet = plan.newFiles.find((f) => f.logicalId === 'ShopProdPrivateC')?.text ?? '';
    expect(subnet).toContain('      Tags:\n        - { Key: Name, Value: shop-prod-private-c }\n        - { Key: Note, Value: "\\e[31mred\\e[0m" }\n');
    expect(subnet).not.toContain('aws:');
    expect(subnet).toContain('      VpcId: !Ref Vpc\n');
    expect(subnet).not.toContain('AvailabilityZoneId');
    expect(subnet).not.toContain('MapPublicIpOnLaunch');
  });
});

describe('codifiedProperties', () => {
  const live = (properties: JsonObject, type = 'AWS::EC2::VPC'): LiveResource => ({ type, physicalId: 'x-1', properties, attributes: {} });

  it('writes !Ref only where the spec says the property refers to that resource type', () => {
    const vpc: LiveResource = { type: 'AWS::EC2::VPC', physicalId: 'vpc-1', properties: {}, attributes: {} };
    const refs = buildReferenceIndex([{ logicalId: 'Vpc', live: vpc }]);
    const props = codifiedProperties(live({ VpcId: 'vpc-1', CidrBlock: '10.0.0.0/24', Tags: [{ Key: 'Name', Value: 'vpc-1' }] }, 'AWS::EC2::Subnet'), refs);
    expect(props).toEqual({ VpcId: { intrinsic: 'Ref', target: 'Vpc' }, CidrBlock: '10.0.0.0/24', Tags: [{ Key: 'Name', Value: 'vpc-1' }] });
  });

  it('drops values equal to AWS defaults, and keeps the same properties with other values', () => {
    expect(codifiedProperties(live({ CidrBlock: '10.0.0.0/16', InstanceTenancy: 'default', EnableDnsSupport: true, EnableDnsHostnames: false }), new Map()))
      .toEqual({ CidrBlock: '10.0.0.0/16' });
    expect(codifiedProperties(live({ CidrBlock: '10.0.0.0/16', InstanceTenancy: 'dedicated', EnableDnsSupport: false, EnableDnsHostnames: true }), new Map()))
      .toEqual({ CidrBlock: '10.0.0.0/16', InstanceTenancy: 'dedicated', EnableDnsSupport: false, EnableDnsHostnames: true });
  });

  it('keeps only the properties the reader reports, when told which', () => {
    expect(codifiedProperties(live({ CidrBlock: '10.0.0.0/16', InstanceTenancy: 'dedicated' }), new Map(), new Set(['CidrBlock']))).toEqual({ CidrBlock: '10.0.0.0/16' });
  });
});

describe('names, folders and files', () => {
  it.each([
    ['shop-prod-debug', 'ShopProdDebug'],
    ['10-runner', 'Instance10Runner'],
    ['', 'Instance'],
    ['café au lait', 'CafeAuLait'],
  ])('logical id for %j is %s', (name, expected) => {
    expect(freshLogicalId(name, 'AWS::EC2::Instance', new Set())).toBe(expected);
  });

  it('a logical id already taken gets the type, then a number', () => {
    expect(freshLogicalId('web', 'AWS::ECS::Service', new Set(['Web']))).toBe('WebService');
    expect(freshLogicalId('web', 'AWS::ECS::Service', new Set(['Web', 'WebService']))).toBe('WebService2');
  });

  it('file slugs are lower case ASCII with dashes', () => {
    expect(fileSlug('Shop Prod/Debug: \u001b[31m')).toBe('shop-prod-debug-31m');
    expect(fileSlug('###')).toBe('resource');
  });

  it('numbers a new file after the highest number in the folder', () => {
    expect(newFileName('x', ['01-a.yaml', '07-b.yaml', 'notes.yaml'])).toBe('08-reverse-sync-x.yaml');
    expect(newFileName('x', [])).toBe('01-reverse-sync-x.yaml');
  });

  it('picks the folder declaring the type, else one of its domain, else creates the domain folder', () => {
    const layout = { phases: [{ phase: '10-security', types: ['AWS::EC2::SecurityGroup'] }, { phase: '25-network', types: [] }] };
    expect(phaseFor('AWS::EC2::SecurityGroup', layout)).toBe('10-security');
    expect(phaseFor('AWS::EC2::Subnet', layout)).toBe('25-network');
    expect(phaseFor('AWS::ECS::Cluster', layout)).toBe('30-compute');
    expect(phaseFor('AWS::RDS::DBInstance', layout)).toBe('40-data');
  });
});
