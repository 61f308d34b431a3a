// The one error type configuration loading throws. Each problem carries where it was found
// (file:line:column, or the environment variable) so the user can go straight to the fix.

export interface ConfigProblem {
  /** `config/drift_config.yaml:14:19`, `config/drift_config.yaml`, or an environment variable name. */
  where: string;
  /** Key path such as `auto_heal.severity_limit`; empty when the problem is the whole file. */
  key: string;
  message: string;
}

export function formatProblem(problem: ConfigProblem): string {
  return problem.key === '' ? `${problem.where}: ${problem.message}` : `${problem.where}: ${problem.key}: ${problem.message}`;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.problems = problems;
  }
}
