// The writer registry: every operation a healing plan can contain, mapped to the function that performs it.
import { ec2Writers } from './ec2.js';
import { ecsWriters } from './ecs.js';
import { rdsWriters } from './rds.js';
import type { Writer, WriterTable } from './types.js';

export type { Writer } from './types.js';

export const WRITERS: WriterTable = { ...ec2Writers, ...ecsWriters, ...rdsWriters };

export function writerFor(operation: string): Writer | undefined {
  return Object.hasOwn(WRITERS, operation) ? WRITERS[operation] : undefined;
}

/** Every IAM action the writers call, sorted: the write half of the healing IAM policy. */
export function writerIamActions(): string[] {
  return [...new Set(Object.values(WRITERS).flatMap((w) => w.iamActions))].sort();
}

/**
 * IAM actions that change something in AWS. Describe calls the writers make (waiting for an instance to
 * stop) are reads: a count of these over a run tells whether anything was written.
 */
export function mutatingActions(): string[] {
  return writerIamActions().filter((a) => !/^[a-z0-9-]+:(Describe|List|Get)/.test(a));
}
