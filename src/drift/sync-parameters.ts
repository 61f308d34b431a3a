// A drifted value declared as `!Ref Param` or `!Sub "…${Param}…"` is not replaced by a literal: the
// parameter's value changes instead, where it is set (the template Default, or phases/parameters.yaml),
// and only when that one place uses it. Anything else would silently change other resources. Pure.
import { isMap, isScalar, isSeq, type Document, type LineCounter, type Scalar } from 'yaml';
import type { Json } from './model.js';
import type { ResolveScope } from './intrinsics.js';
import { pairNamed } from './sync-navigate.js';
import { collectReferences, subVariables } from './sync-references.js';
import type { Slot, YamlTextEditor } from './sync-yaml-edit.js';

export interface ParsedFile {
  file: string;
  /** The phase (folder) name; empty for parameters.yaml. */
  phase: string;
  text: string;
  document: Document;
  lineCounter: LineCounter;
  editor: YamlTextEditor;
}

export interface ParameterContext {
  files: ReadonlyMap<string, ParsedFile>;
  /** Phase files, without parameters.yaml. */
  phaseFiles: readonly string[];
  parametersFile?: string;
  /** `--param` values: set on the command line, so no file can be changed to match. */
  overrides: Readonly<Record<string, string>>;
  /** Parameters already changed by this plan, as `file#name`. */
  changed: Set<string>;
}

export type UnresolvedCode =
  | 'missing-not-selected'
  | 'missing-referenced'
  | 'intrinsic'
  | 'resource-reference'
  | 'parameter-shared'
  | 'parameter-override'
  | 'parameter-no-value'
  | 'parameter-allowed-values'
  | 'sub-no-match'
  | 'alias'
  | 'not-found'
  | 'required-property'
  | 'edit-failed'
  | 'codify-failed';

export interface Refusal {
  ok: false;
  code: UnresolvedCode;
  reason: string;
}

export interface ParameterChange {
  ok: true;
  parameter: string;
  file: string;
  slot: Slot;
  node: Scalar;
  from: Json;
  to: Json;
}

const refuse = (code: UnresolvedCode, reason: string): Refusal => ({ ok: false, code, reason });

/** The single parameter a `Ref`/`Sub` depends on, and the value it must take for the expression to give `actual`. */
export function solveParameter(
  fn: string,
  arg: unknown,
  actual: Json | undefined,
  scope: ResolveScope,
): { ok: true; parameter: string; value: Json } | Refusal {
  if (fn === 'Ref') {
    const name = isScalar(arg) ? String(arg.value) : '';
    if (name in scope.pseudo || name.startsWith('AWS::')) return refuse('intrinsic', `declared as !Ref ${name}, a pseudo parameter AWS sets`);
    if (!Object.prototype.hasOwnProperty.call(scope.parameters, name)) {
      return refuse('resource-reference', `declared as !Ref ${name}, a reference to another resource: the live value points elsewhere`);
    }
    if (actual === undefined) return refuse('intrinsic', `declared as !Ref ${name}; the value is gone in AWS`);
    return { ok: true, parameter: name, value: actual };
  }
  if (fn === 'Fn::Sub') {
    const template = isScalar(arg) && typeof arg.value === 'string' ? arg.value : undefined;
    if (template === undefined) return refuse('intrinsic', 'declared as !Sub with its own variables; change it by hand');
    const parameters = [...new Set(subVariables(template).filter((v) => isParameter(v, scope)))];
    if (parameters.length !== 1) {
      return refuse('intrinsic', parameters.length === 0
        ? `declared as !Sub ${JSON.stringify(template)}, which uses no parameter`
        : `declared as !Sub ${JSON.stringify(template)}, which combines parameters ${parameters.join(', ')}`);
    }
    const parameter = parameters[0] as string;
    if (typeof actual !== 'string') return refuse('sub-no-match', `declared as !Sub ${JSON.stringify(template)}; the live value is not a string`);
    const value = solveSub(template, parameter, actual, scope);
    if (value === undefined) {
      return refuse('sub-no-match', `declared as !Sub ${JSON.stringify(template)}; no value of ${parameter} gives ${JSON.stringify(actual)}`);
    }
    return { ok: true, parameter, value };
  }
  return refuse('intrinsic', `declared as ${fn.replace(/^Fn::/, '!')}, a computed value; change it by hand`);
}

function isParameter(variable: string, scope: ResolveScope): boolean {
  return !variable.includes('.') && !(variable in scope.pseudo) && Object.prototype.hasOwnProperty.call(scope.parameters, variable);
}

/** The value of `parameter` that makes `template` equal `actual`, the other variables keeping their values. */
function solveSub(template: string, parameter: string, actual: string, scope: ResolveScope): string | undefined {
  let pattern = '^';
  let captured = false;
  let last = 0;
  for (const m of template.matchAll(/\$\{([^}]*)\}/g)) {
    pattern += escapeRegExp(template.slice(last, m.index));
    last = (m.index as number) + m[0].length;
    const inner = (m[1] ?? '').trim();
    if (inner.startsWith('!')) {
      pattern += escapeRegExp('${' + inner.slice(1) + '}');
      continue;
    }
    if (inner === parameter) {
      pattern += captured ? '\\1' : '([\\s\\S]*)';
      captured = true;
      continue;
    }
    const value = variableValue(inner, scope);
    if (value === undefined) return undefined;
    pattern += escapeRegExp(value);
  }
  pattern += escapeRegExp(template.slice(last)) + '$';
  return new RegExp(pattern).exec(actual)?.[1];
}

function variableValue(name: string, scope: ResolveScope): string | undefined {
  if (name in scope.pseudo) return scope.pseudo[name];
  if (Object.prototype.hasOwnProperty.call(scope.parameters, name)) return String(scope.parameters[name]);
  const dot = name.indexOf('.');
  const r = dot > 0 ? scope.attributeOf(name.slice(0, dot), name.slice(dot + 1)) : scope.physicalIdOf(name);
  return r.ok ? String(r.value) : undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Where a parameter's value is set for `file`, and which files see that value. */
function parameterSource(name: string, file: string, ctx: ParameterContext): { file: string; slot: Slot; node: Scalar; scope: readonly string[] } | Refusal {
  if (Object.prototype.hasOwnProperty.call(ctx.overrides, name)) {
    return refuse('parameter-override', `parameter ${name} is set with --param; run without it or change its source by hand`);
  }
  const global = ctx.parametersFile ? ctx.files.get(ctx.parametersFile) : undefined;
  const globalRoot = global?.document.contents;
  if (global && isMap(globalRoot)) {
    const pair = pairNamed(globalRoot, name);
    if (pair) {
      if (!isScalar(pair.value)) return refuse('parameter-no-value', `parameter ${name} in ${global.file} is not a plain value`);
      return { file: global.file, slot: { kind: 'pair', map: globalRoot, pair }, node: pair.value, scope: ctx.phaseFiles };
    }
  }
  const local = ctx.files.get(file);
  const root = local?.document.contents;
  const parameters = isMap(root) ? pairNamed(root, 'Parameters')?.value : undefined;
  const declaration = isMap(parameters) ? pairNamed(parameters, name) : undefined;
  const body = declaration?.value;
  const defaultPair = isMap(body) ? pairNamed(body, 'Default') : undefined;
  if (!local || !isMap(body) || !defaultPair || !isScalar(defaultPair.value)) {
    return refuse('parameter-no-value', `parameter ${name} has no Default in ${file} and no value in parameters.yaml to change`);
  }
  return { file, slot: { kind: 'pair', map: body, pair: defaultPair }, node: defaultPair.value, scope: [file] };
}

/** Plans setting parameter `name` (as seen from `file`) to `value`, if that changes only the one place using it. */
export function planParameterChange(name: string, value: Json, file: string, ctx: ParameterContext): ParameterChange | Refusal {
  const source = parameterSource(name, file, ctx);
  if ('ok' in source) return source;
  let uses = 0;
  for (const f of source.scope) {
    const parsed = ctx.files.get(f);
    if (!parsed) continue;
    uses += collectReferences(parsed.document).filter(
      (r) => r.name === name && r.section !== 'Parameters' && (r.via === 'Ref' || r.via === 'Sub'),
    ).length;
  }
  const where = source.file === file ? `its Default in ${file}` : source.file;
  if (uses !== 1) {
    return refuse('parameter-shared', `declared through parameter ${name} (set in ${where}), which ${uses} places use: changing it would change the others too`);
  }
  for (const f of source.scope) {
    const allowed = allowedValues(ctx.files.get(f)?.document, name);
    if (allowed && !allowed.includes(String(value))) {
      return refuse('parameter-allowed-values', `parameter ${name} allows only ${allowed.join(', ')} (in ${f}); the live value ${JSON.stringify(value)} is not one of them`);
    }
  }
  const key = `${source.file}#${name}`;
  if (ctx.changed.has(key)) return refuse('parameter-shared', `parameter ${name} is already changed for another difference`);
  ctx.changed.add(key);
  return { ok: true, parameter: name, file: source.file, slot: source.slot, node: source.node, from: source.node.value as Json, to: value };
}

function allowedValues(document: Document | undefined, name: string): string[] | undefined {
  const root = document?.contents;
  const parameters = isMap(root) ? pairNamed(root, 'Parameters')?.value : undefined;
  const body = isMap(parameters) ? pairNamed(parameters, name)?.value : undefined;
  const allowed = isMap(body) ? pairNamed(body, 'AllowedValues')?.value : undefined;
  if (!isSeq(allowed)) return undefined;
  return allowed.items.map((i) => (isScalar(i) ? String(i.value) : ''));
}
