// Problems found in phase files, each pointing at file:line:column with a hint on how to fix it.

export interface Diagnostic {
  file: string;
  line: number;
  column: number;
  message: string;
  hint?: string;
}

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.message}${d.hint ? `\n  hint: ${d.hint}` : ''}`;
}

/** Thrown when phase files cannot be loaded; carries every problem found, not just the first. */
export class PhaseLoadError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'));
    this.name = 'PhaseLoadError';
  }
}
