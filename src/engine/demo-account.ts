// The demo's sandbox account, in memory: the bundled snapshot, answering the same write operations
// (with the same SDK inputs) that a healing plan sends to AWS, so `--demo` runs the whole heal loop —
// plan, approval, write, re-read, verify, journal — without credentials. The snapshot file is never written.
import { readFileSync } from 'node:fs';
import type { IpPermission } from '@aws-sdk/client-ec2';
import { canonicalJson } from '../drift/heal-model.js';
import type { Json, JsonObject, LiveResource, LiveState } from '../drift/model.js';
import { pascalCaseKeys } from '../aws/readers/mapping.js';
import { securityGroupRules } from '../aws/readers/ec2.js';
import { parseSnapshot } from '../aws/snapshot.js';
import { demoSandboxPath } from './package-root.js';

/** An error the sandbox answers with, coded like the AWS error it stands for. */
export class DemoApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = code;
  }
}

type Handler = (account: DemoAccount, p: JsonObject) => void;

export class DemoAccount {
  private readonly state: LiveState;
  /** Operations performed, in order (`service:Operation`), including a stop/start around a type change. */
  readonly calls: string[] = [];

  constructor(state: LiveState) {
    this.state = structuredClone(state);
  }

  /** The bundled sandbox (or another snapshot file), read into memory. */
  static load(file: string = demoSandboxPath()): DemoAccount {
    return new DemoAccount(parseSnapshot(readFileSync(file, 'utf8'), file));
  }

  get region(): string {
    return this.state.region;
  }

  get accountId(): string {
    return this.state.accountId;
  }

  /** A copy of the live state of `types` (all read types when omitted), as a reader would return it. */
  read(types?: readonly string[]): LiveState {
    const wanted = types === undefined ? undefined : new Set(types);
    const readTypes = this.state.readTypes.filter((t) => wanted === undefined || wanted.has(t));
    const kept = new Set(readTypes);
    return structuredClone({
      ...this.state,
      readTypes,
      resources: this.state.resources.filter((r) => kept.has(r.type)),
      errors: [],
    });
  }

  /** Performs one write operation; throws a DemoApiError the way AWS would answer a bad request. */
  write(operation: string, parameters: JsonObject): void {
    const handler = HANDLERS[operation];
    if (!handler) throw new DemoApiError('UnsupportedOperation', `the demo sandbox does not implement ${operation}`);
    handler(this, parameters);
    this.calls.push(operation);
  }

  /** @internal for the handlers below */
  find(types: readonly string[], match: (r: LiveResource) => boolean, what: string): LiveResource {
    const found = this.state.resources.find((r) => types.includes(r.type) && match(r));
    if (!found) throw new DemoApiError('ResourceNotFound', `${what} does not exist in the demo sandbox`);
    return found;
  }
}

const EC2_TYPES = ['AWS::EC2::VPC', 'AWS::EC2::Subnet', 'AWS::EC2::SecurityGroup', 'AWS::EC2::Instance'];
const RDS_ARNS: Record<string, string> = {
  'AWS::RDS::DBInstance': 'DBInstanceArn',
  'AWS::RDS::DBCluster': 'DBClusterArn',
  'AWS::RDS::DBSubnetGroup': 'DBSubnetGroupArn',
};

const str = (v: Json | undefined): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
const list = (v: Json | undefined): JsonObject[] =>
  Array.isArray(v) ? v.filter((e): e is JsonObject => e !== null && typeof e === 'object' && !Array.isArray(e)) : [];

function setTag(r: LiveResource, key: string, value: string): void {
  const tags = list(r.properties['Tags']).filter((t) => t['Key'] !== key);
  tags.push({ Key: key, Value: value });
  r.properties['Tags'] = tags.sort((a, b) => (str(a['Key']) < str(b['Key']) ? -1 : 1));
}

function removeTag(r: LiveResource, key: string, onlyIfValue?: string): void {
  r.properties['Tags'] = list(r.properties['Tags']).filter(
    (t) => !(t['Key'] === key && (onlyIfValue === undefined || str(t['Value']) === onlyIfValue)),
  );
}

function byArn(account: DemoAccount, arn: string, types: readonly string[]): LiveResource {
  return account.find(
    types,
    (r) => r.physicalId === arn || r.attributes['Arn'] === arn || Object.values(RDS_ARNS).some((a) => r.attributes[a] === arn),
    arn,
  );
}

/** A rule's identity, as EC2 sees it: everything but the description. */
function ruleKey(rule: Json): string {
  const copy = { ...(rule as JsonObject) };
  delete copy['Description'];
  return canonicalJson(copy);
}

function changeRules(direction: 'ingress' | 'egress', grant: boolean): Handler {
  return (account, p) => {
    const group = account.find(['AWS::EC2::SecurityGroup'], (r) => r.physicalId === p['GroupId'], `security group ${str(p['GroupId'])}`);
    const property = direction === 'ingress' ? 'SecurityGroupIngress' : 'SecurityGroupEgress';
    const rules = [...list(group.properties[property])];
    for (const rule of securityGroupRules(p['IpPermissions'] as IpPermission[], direction, undefined) as JsonObject[]) {
      const at = rules.findIndex((r) => ruleKey(r) === ruleKey(rule));
      if (grant) {
        if (at >= 0) throw new DemoApiError('InvalidPermission.Duplicate', `the rule ${ruleKey(rule)} already exists`);
        rules.push(rule);
      } else {
        if (at < 0) throw new DemoApiError('InvalidPermission.NotFound', `the rule ${ruleKey(rule)} does not exist`);
        rules.splice(at, 1);
      }
    }
    group.properties[property] = rules;
  };
}

function modifyRds(type: 'AWS::RDS::DBInstance' | 'AWS::RDS::DBCluster', idKey: string): Handler {
  return (account, p) => {
    const db = account.find([type], (r) => r.physicalId === p[idKey], `${type} ${str(p[idKey])}`);
    for (const field of ['PreferredBackupWindow', 'BackupRetentionPeriod', 'PreferredMaintenanceWindow', 'DeletionProtection']) {
      if (p[field] !== undefined) db.properties[field] = p[field] as Json;
    }
    // Like RDS: a class change waits for the maintenance window unless applied immediately.
    if (p['DBInstanceClass'] !== undefined && p['ApplyImmediately'] === true) db.properties['DBInstanceClass'] = p['DBInstanceClass'] as Json;
  };
}

const HANDLERS: Readonly<Record<string, Handler>> = {
  'ec2:CreateTags': (account, p) => {
    for (const id of (p['Resources'] as string[]) ?? []) {
      const r = account.find(EC2_TYPES, (x) => x.physicalId === id, id);
      for (const t of list(p['Tags'])) setTag(r, str(t['Key']), str(t['Value']));
    }
  },
  'ec2:DeleteTags': (account, p) => {
    for (const id of (p['Resources'] as string[]) ?? []) {
      const r = account.find(EC2_TYPES, (x) => x.physicalId === id, id);
      for (const t of list(p['Tags'])) removeTag(r, str(t['Key']), t['Value'] === undefined ? undefined : str(t['Value']));
    }
  },
  'ec2:ModifyVpcAttribute': (account, p) => {
    const vpc = account.find(['AWS::EC2::VPC'], (r) => r.physicalId === p['VpcId'], `VPC ${str(p['VpcId'])}`);
    for (const attribute of ['EnableDnsSupport', 'EnableDnsHostnames']) {
      const value = (p[attribute] as JsonObject | undefined)?.['Value'];
      if (value !== undefined) vpc.properties[attribute] = value === true;
    }
  },
  'ec2:AuthorizeSecurityGroupIngress': changeRules('ingress', true),
  'ec2:RevokeSecurityGroupIngress': changeRules('ingress', false),
  'ec2:AuthorizeSecurityGroupEgress': changeRules('egress', true),
  'ec2:RevokeSecurityGroupEgress': changeRules('egress', false),
  'ec2:ModifyInstanceAttribute': (account, p) => {
    const instance = account.find(['AWS::EC2::Instance'], (r) => r.physicalId === p['InstanceId'], `instance ${str(p['InstanceId'])}`);
    account.calls.push('ec2:StopInstances');
    instance.properties['InstanceType'] = str((p['InstanceType'] as JsonObject | undefined)?.['Value']);
    account.calls.push('ec2:StartInstances');
  },
  'ecs:TagResource': (account, p) => {
    const r = byArn(account, str(p['resourceArn']), ['AWS::ECS::Cluster', 'AWS::ECS::Service']);
    for (const t of list(p['tags'])) setTag(r, str(t['key']), str(t['value']));
  },
  'ecs:UntagResource': (account, p) => {
    const r = byArn(account, str(p['resourceArn']), ['AWS::ECS::Cluster', 'AWS::ECS::Service']);
    for (const key of (p['tagKeys'] as string[]) ?? []) removeTag(r, key);
  },
  'ecs:UpdateService': (account, p) => {
    const service = str(p['service']);
    const r = account.find(['AWS::ECS::Service'], (x) => x.physicalId === service || x.properties['ServiceName'] === service, `service ${service}`);
    if (p['desiredCount'] !== undefined) r.properties['DesiredCount'] = p['desiredCount'] as Json;
    if (p['taskDefinition'] !== undefined) r.properties['TaskDefinition'] = p['taskDefinition'] as Json;
    if (p['deploymentConfiguration'] !== undefined) r.properties['DeploymentConfiguration'] = pascalCaseKeys(p['deploymentConfiguration']) ?? null;
  },
  'ecs:UpdateCluster': (account, p) => {
    const cluster = str(p['cluster']);
    const r = account.find(['AWS::ECS::Cluster'], (x) => x.physicalId === cluster || x.attributes['Arn'] === cluster, `cluster ${cluster}`);
    r.properties['ClusterSettings'] = list(p['settings']).map((s) => ({ Name: str(s['name']), Value: str(s['value']) }));
  },
  'rds:AddTagsToResource': (account, p) => {
    const r = byArn(account, str(p['ResourceName']), Object.keys(RDS_ARNS));
    for (const t of list(p['Tags'])) setTag(r, str(t['Key']), str(t['Value']));
  },
  'rds:RemoveTagsFromResource': (account, p) => {
    const r = byArn(account, str(p['ResourceName']), Object.keys(RDS_ARNS));
    for (const key of (p['TagKeys'] as string[]) ?? []) removeTag(r, key);
  },
  'rds:ModifyDBInstance': modifyRds('AWS::RDS::DBInstance', 'DBInstanceIdentifier'),
  'rds:ModifyDBCluster': modifyRds('AWS::RDS::DBCluster', 'DBClusterIdentifier'),
};
