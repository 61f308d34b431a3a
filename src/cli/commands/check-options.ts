// Output options of `drift check`, kept apart from check.ts so that main.ts can add them without
// loading the report renderers (commands import their heavy modules inside their actions).
import { Option, type Command } from 'commander';
import { SEVERITIES } from '../../drift/model.js';

export const CHECK_FORMATS = ['text', 'json', 'markdown', 'sarif'] as const;

/** Adds `--format text|json|markdown|sarif` and `--fail-on SEVERITY` to `cmd`. */
export function addCheckOutputOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--format <format>', 'output format (sarif: for GitHub code scanning)').choices([...CHECK_FORMATS]).default('text'))
    .addOption(
      new Option('--fail-on <severity>', 'exit 2 only when drift at or above this severity is found (an incomplete check still exits 1)').choices([
        ...SEVERITIES,
      ]),
    );
}
