// `ialctl drift snapshot --out FILE`: the live state saved for offline analysis.
import path from 'node:path';
import { unwritableReason, writeFileAtomically } from '../atomic-write.js';
import { SUPPORTED_TYPES } from '../../drift/spec.js';
import { readAwsState } from '../../engine/aws-source.js';
import { UsageError } from '../../engine/errors.js';
import { escapeControlsInline } from '../../drift/report/sanitize.js';
import type { CliIo, GlobalOptions } from '../main.js';

export async function snapshotCommand(globals: GlobalOptions, opts: { out: string }, io: CliIo): Promise<number> {
  if (globals.demo) {
    throw new UsageError('--demo has no live account to snapshot', 'the demo sandbox is already a snapshot: demo/sandbox.json');
  }
  const target = path.resolve(io.cwd, opts.out);
  // Checked before reading AWS: a typo in --out should not cost a full read of the account first.
  const unwritable = unwritableReason(target);
  if (unwritable !== undefined) throw new UsageError(`--out ${opts.out}: cannot write the snapshot there: ${unwritable}`, 'pass a file path in an existing, writable folder');
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
  try {
    // A crash, a full disk or a failed rename never leaves a truncated snapshot (or a stray temporary file).
    writeFileAtomically(target, serializeSnapshot(state, io.now().toISOString()));
  } catch (error) {
    throw new UsageError(`--out ${escapeControlsInline(opts.out)}: cannot write the snapshot: ${escapeControlsInline((error as Error).message)}`, 'check that the folder exists, is writable and has space');
  }
  io.stderr.write(`snapshot: ${state.resources.length} resources of ${state.readTypes.length} types written to ${escapeControlsInline(opts.out)}\n`);
  if (state.errors.length > 0) {
    for (const e of state.errors) io.stderr.write(`  not read: ${e.types.join(', ')} — ${e.service}: ${escapeControlsInline(e.code ? `${e.code}: ` : '')}${escapeControlsInline(e.message)}\n`);
    io.stderr.write('snapshot is incomplete: a check on it will report those types as not checked\n');
    return 1;
  }
  return 0;
}
