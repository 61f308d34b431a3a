// The registry of live-state readers, one per CloudFormation type.
// The reader tables import SDK *types* only, so this registry loads without the SDK: offline checks
// (demo, snapshots) use readableProperties() without paying for it. The SDK-backed sources live in context.ts.
import { ec2Readers } from './ec2.js';
import { ecsReaders } from './ecs.js';
import { rdsReaders } from './rds.js';
import type { ResourceReader } from './reader.js';

export type { ReadContext, ResourceReader } from './reader.js';

export const READERS: readonly ResourceReader[] = [...ec2Readers, ...ecsReaders, ...rdsReaders];

const byType = new Map(READERS.map((r) => [r.type, r]));

export function readerFor(type: string): ResourceReader | undefined {
  return byType.get(type);
}

/** CloudFormation types ialctl can read from AWS. */
export function supportedTypes(): string[] {
  return READERS.map((r) => r.type);
}

/**
 * Properties the reader of `type` reports. A declared property outside this list cannot be
 * compared (not checked); one inside it that is absent from a live resource is unset in AWS.
 */
export function readableProperties(type: string): readonly string[] | undefined {
  return byType.get(type)?.properties;
}
