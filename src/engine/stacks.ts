// Stack-aware desired state (ARCHITECTURE §2a): which stack each phase file is, identity and
// parameters from the stack, SSM parameter values, exports, and the deployed template as the
// reference for drift (Git differences become pendingDeploy).
import { createHash } from 'node:crypto';
import type { Config } from '../config/index.js';
import { PhaseLoadError, type Diagnostic } from '../drift/diagnostics.js';
import type { ReadError } from '../drift/model.js';
import { applyDeployedTemplates, type PendingDeploy } from '../drift/pending-deploy.js';
import { loadPhases, type DesiredResource, type DesiredState } from '../drift/phases.js';
import { bindStacks, chooseStacks, type DeployedStack } from '../drift/stacks.js';
import type { AwsClients } from '../aws/clients.js';
import { errorMessage, awsErrorCode, failedOperation } from '../aws/errors.js';

/** What the stacks add to a check besides the desired resources. */
export interface StackContext {
  exports: Record<string, string>;
  stackIds: Record<string, string>;
  /** Physical ids of every resource of the mapped stacks: the scope of extra resources. */
  stackPhysicalIds: string[];
  pendingDeploy: PendingDeploy[];
  /** CloudFormation or SSM could not be read: the check is incomplete. */
  errors: ReadError[];
}

export type StackAwareState = DesiredState & { stackContext?: StackContext };

const SSM_TYPE = /^AWS::SSM::Parameter::Value<(.+)>$/;
const CONCURRENCY = 4;

export function pendingDeployId(stack: string, logicalId: string, path: string): string {
  return createHash('sha256').update(`pending_deploy|${stack}|${logicalId}|${path}`).digest('hex').slice(0, 16);
}

function readError(service: string, types: string[], error: unknown): ReadError {
  const code = awsErrorCode(error);
  const operation = failedOperation(error);
  return {
    service, types,
    message: `${operation ? `${operation.slice(operation.indexOf(':') + 1)} failed: ` : ''}${errorMessage(error)}`,
    ...(code ? { code } : {}),
    ...(operation && code && /AccessDenied|UnauthorizedOperation/.test(code) ? { requiredAction: operation } : {}),
  };
}

/**
 * Binds loaded (missing parameters deferred) phase files to the account's stacks. A file no stack
 * backs keeps the standalone rules, and a parameter it leaves without value is then an error.
 */
export async function bindToStacks(
  loaded: DesiredState,
  clients: AwsClients,
  config: Pick<Config, 'stacks'>,
  parameterOverrides: Record<string, string>,
): Promise<StackAwareState> {
  const cf = await import('../aws/readers/cloudformation.js');
  const templates = loaded.templates ?? [];
  const warnings: Diagnostic[] = [...(loaded.warnings ?? [])];
  const errors: ReadError[] = [];
  const needsStacks = config.stacks.discover || config.stacks.namePattern !== null || templates.some((t) => t.stackName !== undefined);

  let stacks: DeployedStack[] = [];
  let exports: Record<string, string> = {};
  if (needsStacks) {
    try {
      const all = await cf.describeStacks(clients);
      const named = new Set(templates.map((t) => t.stackName).filter((n): n is string => n !== undefined));
      // Discovery compares logical ids, so it needs every stack's resources; naming needs only the named ones.
      const wanted = config.stacks.discover || config.stacks.namePattern !== null ? all : all.filter((s) => named.has(s.name));
      const withResources = await cf.withResources(clients, wanted, CONCURRENCY);
      const byName = new Map(withResources.map((s) => [s.name, s]));
      stacks = all.map((s) => byName.get(s.name) ?? s);
      exports = await cf.listExports(clients);
    } catch (error) {
      errors.push(readError('cloudformation', [...new Set(loaded.resources.map((r) => r.type))], error));
      stacks = [];
    }
  }

  const choices = chooseStacks(templates, loaded.resources, stacks, { namePattern: config.stacks.namePattern, discover: config.stacks.discover && errors.length === 0 });
  const binding = bindStacks(loaded.resources, templates, choices, stacks, parameterOverrides);
  warnings.push(...binding.warnings);
  if (binding.errors.length > 0) throw new PhaseLoadError(binding.errors);

  let resources = await resolveSsmParameters(binding.resources, clients, errors, warnings);

  // The deployed template of each mapped stack: the reference drift is measured against.
  const deployedByFile = new Map<string, DesiredResource[]>();
  const mapped = [...choices].filter(([, c]) => c.kind === 'stack') as Array<[string, { kind: 'stack'; name: string }]>;
  for (const [file, choice] of mapped) {
    let body: string;
    try {
      body = await cf.getTemplate(clients, choice.name);
    } catch (error) {
      errors.push(readError('cloudformation', [...new Set(resources.filter((r) => r.file === file).map((r) => r.type))], error));
      continue;
    }
    try {
      const sample = resources.find((r) => r.file === file);
      const deployed = loadPhases([{ file, phase: sample?.phase ?? '', text: body }], { deferMissingParameters: true });
      const parameters = sample?.parameters ?? {};
      deployedByFile.set(file, deployed.resources.map((d) => ({ ...d, parameters, stack: choice.name })));
    } catch (error) {
      warnings.push({ file, line: 1, column: 1, message: `the template deployed in stack ${choice.name} cannot be read (${error instanceof PhaseLoadError ? error.diagnostics[0]?.message : errorMessage(error)}): compared with the Git file instead` });
    }
  }
  const three = applyDeployedTemplates(resources, deployedByFile, pendingDeployId);
  resources = three.resources.filter((r) => !three.pending.some((p) => p.path === '' && p.file === r.file && p.logicalId === r.logicalId));

  const mappedNames = new Set(mapped.map(([, c]) => c.name));
  const stackPhysicalIds = stacks.filter((s) => mappedNames.has(s.name)).flatMap((s) => (s.resources ?? []).map((r) => r.physicalId).filter((id): id is string => id !== undefined));
  return {
    ...loaded,
    resources,
    warnings,
    stackContext: {
      exports,
      stackIds: Object.fromEntries(stacks.map((s) => [s.name, s.id])),
      stackPhysicalIds: mappedNames.size > 0 ? stackPhysicalIds : [],
      pendingDeploy: three.pending,
      errors,
    },
  };
}

/** Standalone files: `AWS::SSM::Parameter::Value<…>` parameters hold a path; compare with the value behind it. */
async function resolveSsmParameters(resources: DesiredResource[], clients: AwsClients, errors: ReadError[], warnings: Diagnostic[]): Promise<DesiredResource[]> {
  const wanted = new Map<string, Set<string>>(); // file → parameter names
  const paths = new Set<string>();
  for (const r of resources) {
    if (r.stack) continue; // CloudFormation recorded the resolved value
    for (const [name, type] of Object.entries(r.template?.parameterTypes ?? {})) {
      const value = r.parameters[name];
      if (!SSM_TYPE.test(type) || typeof value !== 'string') continue;
      (wanted.get(r.file) ?? wanted.set(r.file, new Set()).get(r.file)!).add(name);
      paths.add(value);
    }
  }
  if (paths.size === 0) return resources;
  const { getSsmParameters } = await import('../aws/readers/cloudformation.js');
  let values: Record<string, string>;
  try {
    const result = await getSsmParameters(clients, [...paths]);
    values = result.values;
    for (const name of result.invalid) warnings.push({ file: [...wanted.keys()][0] ?? '', line: 1, column: 1, message: `SSM parameter ${name} does not exist: properties using it are not checked` });
  } catch (error) {
    errors.push(readError('ssm', [], error));
    values = {};
  }
  const byFile = new Map<string, Record<string, unknown>>();
  return resources.map((r) => {
    const names = wanted.get(r.file);
    if (!names) return r;
    let parameters = byFile.get(r.file) as DesiredResource['parameters'] | undefined;
    if (!parameters) {
      parameters = { ...r.parameters };
      for (const name of names) {
        const path = parameters[name] as string;
        // An unknown value must not be compared as the literal path: drop it, the Refs become not checked.
        if (values[path] !== undefined) parameters[name] = values[path] as string;
        else delete parameters[name];
      }
      byFile.set(r.file, parameters);
    }
    return { ...r, parameters };
  });
}
