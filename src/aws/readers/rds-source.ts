// RDS Describe* calls, each made at most once per read. DescribeDBInstances/Clusters carry their
// tags (TagList); DB subnet groups do not, so their tags cost one ListTagsForResource per group.
import {
  ListTagsForResourceCommand,
  paginateDescribeDBClusters,
  paginateDescribeDBInstances,
  paginateDescribeDBSubnetGroups,
  type DBCluster,
  type DBInstance,
  type DBSubnetGroup,
  type RDSClient,
  type Tag,
} from '@aws-sdk/client-rds';
import { mapWithLimit } from '../concurrency.js';
import { collectPages, MAX_PAGES_PER_CALL } from '../pagination.js';
import { once } from './once.js';

/** RDS Describe* accept MaxRecords 20–100. */
const PAGE_SIZE = 100;

/**
 * The RDS API also serves Neptune and DocumentDB: those are other CloudFormation types
 * (AWS::Neptune::*, AWS::DocDB::*) and must not show up as RDS resources.
 */
const NON_RDS_ENGINES = new Set(['neptune', 'docdb']);

export interface TaggedDBSubnetGroup {
  group: DBSubnetGroup;
  tags: Tag[];
}

export class RdsSource {
  constructor(
    private readonly client: RDSClient,
    private readonly concurrency: number,
    /** Page cap per listing call (see collectPages). */
    private readonly maxPages: number = MAX_PAGES_PER_CALL,
  ) {}

  readonly dbInstances = once(async (): Promise<DBInstance[]> => {
    const all = await collectPages({
      operation: 'rds:DescribeDBInstances',
      pages: paginateDescribeDBInstances({ client: this.client, pageSize: PAGE_SIZE }, {}),
      items: (p) => p.DBInstances,
      nextToken: (p) => p.Marker,
      maxPages: this.maxPages,
    });
    return all.filter((i) => !NON_RDS_ENGINES.has(i.Engine ?? ''));
  });

  readonly dbClusters = once(async (): Promise<DBCluster[]> => {
    const all = await collectPages({
      operation: 'rds:DescribeDBClusters',
      pages: paginateDescribeDBClusters({ client: this.client, pageSize: PAGE_SIZE }, {}),
      items: (p) => p.DBClusters,
      nextToken: (p) => p.Marker,
      maxPages: this.maxPages,
    });
    return all.filter((c) => !NON_RDS_ENGINES.has(c.Engine ?? ''));
  });

  readonly dbSubnetGroups = once(async (): Promise<TaggedDBSubnetGroup[]> => {
    const groups = await collectPages({
      operation: 'rds:DescribeDBSubnetGroups',
      pages: paginateDescribeDBSubnetGroups({ client: this.client, pageSize: PAGE_SIZE }, {}),
      items: (p) => p.DBSubnetGroups,
      nextToken: (p) => p.Marker,
      maxPages: this.maxPages,
    });
    return mapWithLimit(groups, this.concurrency, async (group) => {
      // Without the ARN the tags are unknowable; reporting none would invent tag drift.
      if (!group.DBSubnetGroupArn) {
        throw new Error(`rds:DescribeDBSubnetGroups returned ${group.DBSubnetGroupName ?? 'a group'} without its ARN`);
      }
      const out = await this.client.send(new ListTagsForResourceCommand({ ResourceName: group.DBSubnetGroupArn }));
      return { group, tags: out.TagList ?? [] };
    });
  });
}

export type { DBCluster, DBInstance };
