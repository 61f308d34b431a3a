// Phase file ↔ CloudFormation stack (ARCHITECTURE §2a): which stack a file is, and what the stack
// tells about its resources and parameters. Pure: the stacks arrive already read.
import type { Diagnostic } from './diagnostics.js';
import type { Json } from './model.js';
import type { DesiredResource, TemplateInfo } from './phases.js';

export interface StackResource {
  logicalId: string;
  type: string;
  /** Absent while CloudFormation has not created it (or failed to). */
  physicalId?: string;
}

export interface StackParameter {
  value: string;
  /** What CloudFormation resolved an `AWS::SSM::Parameter::Value<…>` parameter to. */
  resolvedValue?: string;
}

export interface DeployedStack {
  name: string;
  id: string;
  status: string;
  parameters: Record<string, StackParameter>;
  /** Read only for stacks a file maps to by name, or for every stack when discovering. */
  resources?: StackResource[];
}

export type StackChoice =
  | { kind: 'stack'; name: string; how: 'metadata' | 'pattern' | 'discovered' }
  | { kind: 'standalone'; reason: string; warning?: string };

export interface StackPatternValues {
  phase: string;
  /** File name without the `NN-` prefix and the extension. */
  file: string;
  project?: string;
}

/** `phases/30-compute/02-ecs.yaml` → `ecs`. */
export function fileStem(file: string): string {
  const base = file.slice(file.lastIndexOf('/') + 1).replace(/\.(ya?ml|json)$/i, '');
  return base.replace(/^\d+[-_]/, '');
}

export function stackNameFromPattern(pattern: string, values: StackPatternValues): string | undefined {
  let missing = false;
  const name = pattern.replace(/\{(phase|file|project)\}/g, (_whole, key: 'phase' | 'file' | 'project') => {
    const value = values[key];
    if (value === undefined || value === '') missing = true;
    return value ?? '';
  });
  return missing ? undefined : name;
}

const key = (r: { logicalId: string; type: string }): string => `${r.logicalId}|${r.type}`;

/**
 * The stack whose resources are the file's: every resource of the stack is declared in the file with
 * the same logical id and type, and the file shares at least one with it. A file may declare more
 * (a resource added in Git and not deployed yet, or one whose condition is false). Several such
 * stacks, or only partial overlaps, are reported with the candidates — never guessed.
 */
export function discoverStack(
  declared: ReadonlyArray<{ logicalId: string; type: string }>,
  stacks: readonly DeployedStack[],
): { kind: 'match'; name: string } | { kind: 'none' } | { kind: 'ambiguous' | 'partial'; candidates: string[] } {
  const mine = new Set(declared.map(key));
  if (mine.size === 0) return { kind: 'none' };
  const full: Array<{ name: string; shared: number }> = [];
  const partial: string[] = [];
  for (const stack of stacks) {
    const theirs = stack.resources ?? [];
    if (theirs.length === 0) continue;
    const shared = theirs.filter((r) => mine.has(key(r))).length;
    if (shared === 0) continue;
    if (shared === theirs.length) full.push({ name: stack.name, shared });
    else partial.push(stack.name);
  }
  if (full.length === 1) return { kind: 'match', name: (full[0] as { name: string }).name };
  if (full.length > 1) {
    // The stack that holds the most of the file wins only when it is the only one that does.
    const best = Math.max(...full.map((f) => f.shared));
    const top = full.filter((f) => f.shared === best);
    if (top.length === 1) return { kind: 'match', name: (top[0] as { name: string }).name };
    return { kind: 'ambiguous', candidates: top.map((f) => f.name).sort() };
  }
  return partial.length > 0 ? { kind: 'partial', candidates: partial.sort() } : { kind: 'none' };
}

export interface ChooseOptions {
  namePattern?: string | null;
  discover: boolean;
}

/** Which stack each loaded file is, in the order of ARCHITECTURE §2a. */
export function chooseStacks(
  templates: readonly TemplateInfo[],
  resources: readonly DesiredResource[],
  stacks: readonly DeployedStack[],
  options: ChooseOptions,
): Map<string, StackChoice> {
  const byName = new Map(stacks.map((s) => [s.name, s]));
  const out = new Map<string, StackChoice>();
  const named = new Set<string>();
  const pending: TemplateInfo[] = [];
  for (const t of templates) {
    const fileResources = resources.filter((r) => r.file === t.file);
    const explicit = t.stackName
      ?? (options.namePattern ? stackNameFromPattern(options.namePattern, { phase: t.phase, file: fileStem(t.file), ...projectOf(fileResources) }) : undefined);
    if (explicit !== undefined) {
      const how = t.stackName !== undefined ? 'metadata' : 'pattern';
      if (byName.has(explicit)) {
        out.set(t.file, { kind: 'stack', name: explicit, how });
        named.add(explicit);
      } else {
        out.set(t.file, { kind: 'standalone', reason: `stack ${explicit} does not exist`, warning: `stack ${explicit} (from ${how === 'metadata' ? 'Metadata.IAL.Stack' : 'stacks.name_pattern'}) does not exist: checked as a standalone file` });
      }
      continue;
    }
    pending.push(t);
  }
  const open = stacks.filter((s) => !named.has(s.name));
  const discovered = new Map<string, string[]>();
  for (const t of pending) {
    if (!options.discover) {
      out.set(t.file, { kind: 'standalone', reason: 'stack discovery is off' });
      continue;
    }
    const declared = resources.filter((r) => r.file === t.file);
    const found = discoverStack(declared, open);
    switch (found.kind) {
      case 'match':
        out.set(t.file, { kind: 'stack', name: found.name, how: 'discovered' });
        discovered.set(found.name, [...(discovered.get(found.name) ?? []), t.file]);
        break;
      case 'none':
        out.set(t.file, { kind: 'standalone', reason: 'no stack holds its resources' });
        break;
      case 'ambiguous':
        out.set(t.file, { kind: 'standalone', reason: 'several stacks match', warning: `several stacks hold these resources (${found.candidates.join(', ')}): checked as a standalone file; name one with Metadata.IAL.Stack` });
        break;
      case 'partial':
        out.set(t.file, { kind: 'standalone', reason: 'stacks match only in part', warning: `stacks ${found.candidates.join(', ')} hold some of these resources but also others: checked as a standalone file; name the stack with Metadata.IAL.Stack` });
        break;
    }
  }
  // Two files that both look like one stack: neither is guessed.
  for (const [name, files] of discovered) {
    if (files.length < 2) continue;
    for (const file of files) {
      out.set(file, { kind: 'standalone', reason: 'several files match one stack', warning: `files ${files.join(', ')} all match stack ${name}: checked as standalone files; name the stack with Metadata.IAL.Stack` });
    }
  }
  return out;
}

function projectOf(resources: readonly DesiredResource[]): { project?: string } {
  const value = resources[0]?.parameters['ProjectName'];
  return typeof value === 'string' || typeof value === 'number' ? { project: String(value) } : {};
}

export interface StackBinding {
  /** The resources with `stack`, stack parameters and stack physical ids applied. */
  resources: DesiredResource[];
  warnings: Diagnostic[];
  /** Missing-parameter errors of the files that turned out standalone. */
  errors: Diagnostic[];
}

/**
 * Applies the stack choice: a stack's parameter values (resolved SSM values included) replace the
 * template defaults, `--param` still wins (with a warning), and a stack resource's physical id is its
 * identity. Standalone files keep today's rules, and a parameter they leave without value is an error.
 */
export function bindStacks(
  resources: readonly DesiredResource[],
  templates: readonly TemplateInfo[],
  choices: ReadonlyMap<string, StackChoice>,
  stacks: readonly DeployedStack[],
  parameterOverrides: Readonly<Record<string, string>>,
): StackBinding {
  const byName = new Map(stacks.map((s) => [s.name, s]));
  const warnings: Diagnostic[] = [];
  const errors: Diagnostic[] = [];
  const parametersByFile = new Map<string, Record<string, Json>>();
  for (const t of templates) {
    const choice = choices.get(t.file);
    const at = { file: t.file, line: 1, column: 1 };
    if (choice?.kind === 'standalone' && choice.warning) warnings.push({ ...at, message: choice.warning });
    if (choice?.kind !== 'stack') {
      errors.push(...t.missingParameters);
      continue;
    }
    const stack = byName.get(choice.name) as DeployedStack;
    const overridden = Object.keys(parameterOverrides).filter((name) => name in stack.parameters);
    if (overridden.length > 0) {
      warnings.push({ ...at, message: `--param ${overridden.join(', ')} overrides the value${overridden.length === 1 ? '' : 's'} deployed in stack ${stack.name}` });
    }
  }
  const out = resources.map((r) => {
    const choice = choices.get(r.file);
    if (choice?.kind !== 'stack') return r; // standalone: no `stack` (reports print null)
    const stack = byName.get(choice.name) as DeployedStack;
    let parameters = parametersByFile.get(r.file);
    if (!parameters) {
      parameters = { ...r.parameters };
      for (const [name, p] of Object.entries(stack.parameters)) {
        if (name in parameterOverrides) continue;
        parameters[name] = p.resolvedValue ?? p.value;
      }
      parametersByFile.set(r.file, parameters);
    }
    const physicalId = stack.resources?.find((s) => s.logicalId === r.logicalId && s.type === r.type)?.physicalId;
    const bound: DesiredResource = { ...r, stack: stack.name, parameters };
    if (physicalId !== undefined && r.physicalIdOverride === undefined) bound.physicalIdOverride = physicalId;
    return bound;
  });
  return { resources: out, warnings, errors };
}
