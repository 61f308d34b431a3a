// One place that turns any failure into a short message and an exit code: no stack traces for
// problems the user can fix. Messages quote what the user or AWS supplied (a plan id argument, a phase
// file's name, an API error): every line is written with its control characters made visible.
import { CommanderError } from 'commander';
import { ConfigError } from '../config/errors.js';
import { formatDiagnostic, PhaseLoadError } from '../drift/diagnostics.js';
import { sanitizeInline } from '../drift/report/sanitize.js';
import { UsageError } from '../engine/errors.js';
import { escapeControls } from '../drift/report/sanitize.js';

/** A stream whose writes have their control, bidi and zero-width characters shown as escapes. */
export function escapingWriter(stream: NodeJS.WritableStream): { write(text: string): void } {
  return { write: (text) => void stream.write(escapeControls(text)) };
}

export function reportError(error: unknown, rawStderr: NodeJS.WritableStream, debug: boolean): number {
  const stderr = escapingWriter(rawStderr);
  if (error instanceof CommanderError) {
    // Help and version are "errors" to commander only because exitOverride is on.
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
    return 1; // commander already printed the message (unknown option, bad choice…)
  }
  if (error instanceof PhaseLoadError) {
    const n = error.diagnostics.length;
    // File names and messages come from the user's tree: escape control characters before the terminal sees them.
    const text = error.diagnostics.map((d) => formatDiagnostic(d).split('\n').map(sanitizeInline).join('\n')).join('\n');
    stderr.write(`ialctl: ${n} problem${n === 1 ? '' : 's'} in the phase files (nothing was read from AWS):\n${text}\n`);
    return 1;
  }
  if (error instanceof ConfigError) {
    stderr.write(`ialctl: invalid configuration:\n${error.message}\n`);
    return 1;
  }
  if (error instanceof UsageError) {
    stderr.write(`ialctl: ${error.message}\n${error.hint ? `  hint: ${error.hint}\n` : ''}`);
    return 1;
  }
  const message = error instanceof Error ? error.message : String(error);
  stderr.write(`ialctl: ${message}\n`);
  if (debug && error instanceof Error && error.stack) stderr.write(`${error.stack}\n`);
  else stderr.write('  (run with --debug for details)\n');
  return 1;
}
