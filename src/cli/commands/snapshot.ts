// `ialctl drift snapshot --out FILE`: the live state saved for offline analysis.
import { renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SUPPORTED_TYPES } from '../../drift/spec.js';
import { readAwsState } from '../../engine/aws-source.js';
import { UsageError } from '../../engine/errors.js';
import { escapeControlsInline } from '../../drift/report/sanitize.js';
import type { CliIo, GlobalOptions } from '../main.js';

export async function snapshotCommand(globals: GlobalOptions, opts: { out: string }, io: CliIo): Promise<number> {
  if (globals.demo) {
    throw new UsageError('--demo has no live account to snapshot', 'the demo sandbox is already a snapshot: demo/sandbox.json');
  }
  const state = await readAwsState(
    {
      ...(globals.region ? { region: globals.region } : {}),
      ...(globals.profile ? { profile: globals.profile } : {}),
      ...(globals.endpointUrl ? { endpointUrl: globals.endpointUrl } : {}),
      ...(globals.debug ? { debug: true } : {}),
    },
    [...SUPPORTED_TYPES],
  );
  const { serializeSnapshot } = await import('../../aws/snapshot.js');
  const target = path.resolve(io.cwd, opts.out);
  // Write then rename: a crash or a full disk never leaves a truncated snapshot behind.
  const temporary = `${target}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, serializeSnapshot(state, io.now().toISOString()), { flag: 'wx' });
    renameSync(temporary, target);
  } catch (error) {
    throw new UsageError(`cannot write ${escapeControlsInline(opts.out)}: ${escapeControlsInline((error as Error).message)}`, 'check that the folder exists and is writable');
  }
  io.stderr.write(`snapshot: ${state.resources.length} resources of ${state.readTypes.length} types written to ${escapeControlsInline(opts.out)}\n`);
  if (state.errors.length > 0) {
    for (const e of state.errors) io.stderr.write(`  not read: ${e.types.join(', ')} — ${e.service}: ${escapeControlsInline(e.code ? `${e.code}: ` : '')}${escapeControlsInline(e.message)}\n`);
    io.stderr.write('snapshot is incomplete: a check on it will report those types as not checked\n');
    return 1;
  }
  return 0;
}
