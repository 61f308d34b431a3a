// Core benchmark: compare N generated desired/live resource pairs (~10% drifted) with the pure
// drift core, and report throughput and peak memory. No AWS, no files.
import type { DesiredResource } from '../src/drift/phases.js';
import type { LiveResource, LiveState } from '../src/drift/model.js';
import { detectDrift } from '../src/drift/detect.js';

export interface CoreBenchResult {
  resources: number;
  items: number;
  ms: number;
  resourcesPerSecond: number;
  peakRssMb: number;
  heapUsedMb: number;
}

const TYPES = ['AWS::EC2::Subnet', 'AWS::EC2::SecurityGroup', 'AWS::ECS::Cluster', 'AWS::RDS::DBInstance'] as const;

function pair(i: number): { desired: DesiredResource; live: LiveResource } {
  const type = TYPES[i % TYPES.length] as (typeof TYPES)[number];
  const drifted = i % 10 === 0;
  const tags = [
    { Key: 'Name', Value: `res-${i}` },
    { Key: 'Environment', Value: 'production' },
    { Key: 'Owner', Value: 'platform' },
  ];
  const base = { logicalId: `Res${i}`, type, phase: '30-compute', file: `phases/30-compute/${Math.floor(i / 1000)}.yaml`, line: (i % 1000) * 12 + 1, column: 3, propertyLines: {}, parameters: {}, supported: true };
  switch (type) {
    case 'AWS::EC2::Subnet':
      return {
        desired: { ...base, properties: { CidrBlock: `10.${(i >> 8) & 255}.${i & 255}.0/24`, VpcId: 'vpc-1', MapPublicIpOnLaunch: 'false', Tags: tags } },
        live: { type, physicalId: `subnet-${i}`, properties: { CidrBlock: `10.${(i >> 8) & 255}.${i & 255}.0/24`, VpcId: 'vpc-1', MapPublicIpOnLaunch: drifted, AvailabilityZone: 'us-east-1a', Tags: [...tags].reverse() }, attributes: {} },
      };
    case 'AWS::EC2::SecurityGroup': {
      const ingress = [
        { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '10.0.0.0/8' },
        { IpProtocol: 'tcp', FromPort: '80', ToPort: '80', CidrIp: '10.0.0.0/8' },
      ];
      const liveIngress = [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIp: '10.0.0.0/8' }, { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '10.0.0.0/8' }];
      if (drifted) liveIngress.push({ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '0.0.0.0/0' });
      return {
        desired: { ...base, properties: { GroupName: `sg-${i}`, GroupDescription: 'bench', SecurityGroupIngress: ingress, Tags: tags } },
        live: { type, physicalId: `sg-${i}`, properties: { GroupName: `sg-${i}`, GroupDescription: 'bench', SecurityGroupIngress: liveIngress, Tags: tags }, attributes: {} },
      };
    }
    case 'AWS::ECS::Cluster':
      return {
        desired: { ...base, properties: { ClusterName: `cluster-${i}`, ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }], Tags: tags } },
        live: { type, physicalId: `cluster-${i}`, properties: { ClusterName: `cluster-${i}`, ClusterSettings: [{ Name: 'containerInsights', Value: drifted ? 'disabled' : 'enabled' }], Tags: tags }, attributes: {} },
      };
    case 'AWS::RDS::DBInstance':
      return {
        desired: { ...base, properties: { DBInstanceIdentifier: `DB-${i}`, Engine: 'postgres', DBInstanceClass: 'db.r6g.large', AllocatedStorage: '100', PreferredBackupWindow: '03:00-04:00', Tags: tags } },
        live: { type, physicalId: `db-${i}`, properties: { DBInstanceIdentifier: `db-${i}`, Engine: 'postgres', DBInstanceClass: 'db.r6g.large', AllocatedStorage: 100, PreferredBackupWindow: drifted ? '05:00-06:00' : '03:00-04:00', Tags: drifted ? tags.slice(0, 2) : tags }, attributes: {} },
      };
  }
}

export function runCoreBench(n: number): CoreBenchResult {
  const desired: DesiredResource[] = [];
  const resources: LiveResource[] = [];
  for (let i = 0; i < n; i++) {
    const p = pair(i);
    desired.push(p.desired);
    resources.push(p.live);
  }
  const live: LiveState = { region: 'us-east-1', accountId: '123456789012', readTypes: [...TYPES], resources, errors: [] };
  globalThis.gc?.();
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  const start = performance.now();
  const report = detectDrift(desired, live, { now: new Date('2026-01-01T00:00:00Z') });
  const ms = performance.now() - start;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
  return {
    resources: n,
    items: report.items.length,
    ms,
    resourcesPerSecond: Math.round((n / ms) * 1000),
    peakRssMb: Math.round(peak / 1024 / 1024),
    heapUsedMb: Math.round(process.memoryUsage().heapUsed / 1024 / 1024),
  };
}
