// What a reader is, and the one way to declare one: list SDK records, then map each through the
// type's property and attribute tables.
import type { LiveResource } from '../../drift/model.js';
import type { AwsClients, AwsService } from '../clients.js';
import type { Ec2Source } from './ec2-source.js';
import type { EcsSource } from './ecs-source.js';
import type { RdsSource } from './rds-source.js';
import { applyTable, type PropertyTable } from './mapping.js';

/** Per-read state: each source memoizes its batch calls, so readers of one service share them. */
export interface ReadContext {
  clients: AwsClients;
  /** Bound for per-resource fan-out calls (DescribeVpcAttribute, ListTagsForResource…). */
  concurrency: number;
  ec2: Ec2Source;
  ecs: EcsSource;
  rds: RdsSource;
}

export interface ResourceReader {
  type: string;
  service: AwsService;
  /** IAM actions the reader's calls need (shared calls included), e.g. `ec2:DescribeVpcs`. */
  actions: readonly string[];
  /** CloudFormation properties this reader can report; any other declared property cannot be checked. */
  properties: readonly string[];
  /** `Fn::GetAtt` attribute names this reader reports (dotted names as in the spec: `Endpoint.Address`). */
  attributes: readonly string[];
  read(ctx: ReadContext): Promise<LiveResource[]>;
}

export interface ReaderDefinition<S> {
  type: string;
  service: AwsService;
  actions: readonly string[];
  /** All live records of the type, from the shared (memoized) source calls. */
  list(ctx: ReadContext): Promise<readonly S[]>;
  /** What CloudFormation `Ref` returns for the type. */
  physicalId(source: S): string | undefined;
  properties: PropertyTable<S>;
  attributes: PropertyTable<S>;
  /** Created by AWS itself (default VPC, default subnets, `default` security groups). */
  awsDefault?(source: S): boolean;
}

export function defineReader<S>(def: ReaderDefinition<S>): ResourceReader {
  return {
    type: def.type,
    service: def.service,
    actions: def.actions,
    properties: Object.keys(def.properties),
    attributes: Object.keys(def.attributes),
    async read(ctx) {
      const records = await def.list(ctx);
      const resources: LiveResource[] = [];
      for (const record of records) {
        const physicalId = def.physicalId(record);
        // AWS always returns the identifier; a record without one cannot be matched or healed.
        if (!physicalId) throw new Error(`${def.type}: AWS returned a record without its identifier`);
        const resource: LiveResource = {
          type: def.type,
          physicalId,
          properties: applyTable(def.properties, record),
          attributes: applyTable(def.attributes, record),
        };
        if (def.awsDefault?.(record)) resource.awsDefault = true;
        resources.push(resource);
      }
      return resources.sort((a, b) => (a.physicalId < b.physicalId ? -1 : a.physicalId > b.physicalId ? 1 : 0));
    },
  };
}
