// Where ialctl talks to AWS: the region and the endpoint override, as flags or environment variables.
// Checked before any AWS call, so a typo is a message naming the flag or variable, not a run of calls
// against a region that does not exist (or an SDK error about a URL nobody typed).

/** `us-east-1`, `us-gov-west-1`, `cn-north-1`, `eu-isoe-west-1`: partition prefix, words, a number. */
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

export const REGION_HINT = 'expected an AWS region such as us-east-1 or eu-west-1';
export const ENDPOINT_HINT = 'expected an http:// or https:// URL such as http://localhost:5000 (moto) or https://ec2.us-east-1.amazonaws.com';

/** Why `value` is not a region, or undefined when it is one. */
export function regionProblem(value: string): string | undefined {
  if (value.trim() === '') return `the region is empty: ${REGION_HINT}`;
  if (!REGION.test(value)) return `${JSON.stringify(value)} is not an AWS region: ${REGION_HINT}`;
  return undefined;
}

/** Why `value` is not a usable endpoint URL, or undefined when it is one. */
export function endpointProblem(value: string): string | undefined {
  if (value.trim() === '') return `the endpoint URL is empty: ${ENDPOINT_HINT}`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `${JSON.stringify(value)} is not a URL: ${ENDPOINT_HINT}`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `${JSON.stringify(value)} is not an http(s) URL: ${ENDPOINT_HINT}`;
  if (url.hostname === '') return `${JSON.stringify(value)} has no host: ${ENDPOINT_HINT}`;
  return undefined;
}

/** The AWS SDK's own variables that ialctl reads or passes on. Empty counts as unset, as for the SDK. */
const VARIABLES: ReadonlyArray<{ variable: string; problem: (value: string) => string | undefined }> = [
  { variable: 'AWS_REGION', problem: regionProblem },
  { variable: 'AWS_DEFAULT_REGION', problem: regionProblem },
  { variable: 'AWS_ENDPOINT_URL', problem: endpointProblem },
];

/** `VARIABLE: problem` for each malformed AWS variable in `env`. */
export function awsEnvironmentProblems(env: NodeJS.ProcessEnv): string[] {
  const problems: string[] = [];
  for (const { variable, problem } of VARIABLES) {
    const value = env[variable];
    if (value === undefined || value === '') continue;
    const found = problem(value);
    if (found !== undefined) problems.push(`${variable}: ${found}`);
  }
  return problems;
}
