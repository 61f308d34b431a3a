// Phase files → desired resources. Pure: the caller reads the files and passes their text.
// The parsed YAML Documents are kept so reverse sync can edit them in place, comments intact.
import {
  Alias, Document, LineCounter, Pair, Scalar, YAMLMap, YAMLSeq, isAlias, isMap, isScalar, isSeq, parseDocument,
  type Node as YamlNode, type Tags,
} from 'yaml';
import type { Json, SourceLocation } from './model.js';
import { Intrinsic, KNOWN_FUNCTIONS, referencedNames, shortTagFor, type Expr } from './intrinsics.js';
import { PhaseLoadError, type Diagnostic } from './diagnostics.js';
import { ALL_TYPES, allowedPropertiesAt, didYouMean, isCloudFormationType, resourceSpec, SUPPORTED_TYPES } from './spec.js';

export interface PhaseSource {
  /** Path shown to users, e.g. `phases/30-compute/02-ecs.yaml`. */
  file: string;
  /** The phase (folder) name, e.g. `30-compute`. */
  phase: string;
  text: string;
}

/** What one phase file (one CloudFormation stack) declares besides its resources. Shared by its resources. */
export interface TemplateInfo {
  file: string;
  phase: string;
  /** `Metadata.IAL.Stack` at the template's top level: the stack this file is deployed as. */
  stackName?: string;
  /** `Conditions`, unevaluated. */
  conditions: Record<string, Expr>;
  /** `Mappings`: map → top key → second key → value. */
  mappings: Record<string, Json>;
  /** Declared parameter types (`String`, `AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>`…). */
  parameterTypes: Record<string, string>;
  /** Parameters declared with no Default and given no value: fatal only for a file that no stack backs. */
  missingParameters: Diagnostic[];
  /** `Outputs.*.Export`: the names other files can `Fn::ImportValue`. */
  exports: Array<{ name: Expr; value: Expr }>;
}

export interface DesiredResource {
  logicalId: string;
  type: string;
  phase: string;
  file: string;
  line: number;
  column: number;
  properties: Record<string, Expr>;
  /** Line of each top-level property, for reports that point at the exact place. */
  propertyLines: Record<string, number>;
  /** Parameters as this file sees them (its defaults < parameters.yaml < --param; a stack's own values win). */
  parameters: Record<string, Json>;
  /** `Metadata.IAL.PhysicalId`: match this live id instead of the identity rule. */
  physicalIdOverride?: string;
  /** False for CloudFormation types ialctl cannot read yet: such resources are reported as not checked. */
  supported: boolean;
  /** The resource's `Condition` attribute: when it evaluates to false the resource is not expected. */
  condition?: string;
  /** The file this resource is declared in (conditions, mappings, exports). */
  template?: TemplateInfo;
  /** The CloudFormation stack this file is deployed as; null in standalone mode (set by the engine). */
  stack?: string | null;
}

/** Unique across the tree: logical ids are scoped to their file, as in CloudFormation. */
export function resourceKey(r: Pick<DesiredResource, 'file' | 'logicalId'>): string {
  return `${r.file}#${r.logicalId}`;
}

export interface PhaseDocument {
  file: string;
  phase: string;
  document: Document;
  lineCounter: LineCounter;
}

export interface DesiredState {
  resources: DesiredResource[];
  /** The parsed files, only with `keepDocuments` (they cost far more memory than the resources). */
  documents: PhaseDocument[];
  /** One entry per loaded file (also files with no resources). */
  templates?: TemplateInfo[];
  /** Problems that leave a file, section or property unchecked without stopping the run. */
  warnings?: Diagnostic[];
}

export interface LoadOptions {
  /** `phases/parameters.yaml`, when present. */
  parametersFile?: { file: string; text: string };
  /** `--param Key=Value`, highest precedence. */
  parameterOverrides?: Record<string, string>;
  /** Keep each file's YAML Document (with comments) in the result, for callers that edit them. */
  keepDocuments?: boolean;
  /**
   * Keep parameters with no value in `TemplateInfo.missingParameters` instead of failing: a deployed
   * stack knows their values, so only a file that turns out standalone is refused for them.
   */
  deferMissingParameters?: boolean;
}

/** Larger files are refused by name: parsing them would cost the run its time and memory budget. */
export const MAX_PHASE_FILE_BYTES = 5 * 1024 * 1024;
/** Values built from one file, counting every expansion of a YAML alias: bounds alias bombs. */
const MAX_EXPANDED_NODES = 200_000;
const MAX_NESTING = 200;

const TEMPLATE_SECTIONS = new Set([
  'AWSTemplateFormatVersion', 'Description', 'Metadata', 'Parameters', 'Mappings', 'Conditions', 'Transform',
  'Resources', 'Outputs', 'Rules',
]);
const RESOURCE_KEYS = new Set([
  'Type', 'Properties', 'Metadata', 'DependsOn', 'DeletionPolicy', 'UpdateReplacePolicy', 'Condition',
  'CreationPolicy', 'UpdatePolicy', 'Version',
]);

/** `!Ref`, `!Sub`… registered so the YAML parser keeps them as tagged nodes instead of warning. */
const CUSTOM_TAGS: Tags = KNOWN_FUNCTIONS.flatMap((fn) => {
  const tag = shortTagFor(fn);
  return [
    { tag, resolve: (value: string) => value },
    { tag, collection: 'seq' as const, resolve: (seq: YAMLSeq) => seq },
    { tag, collection: 'map' as const, resolve: (map: YAMLMap) => map },
  ];
}) as unknown as Tags;
const FUNCTION_BY_TAG = new Map<string, string>(KNOWN_FUNCTIONS.map((fn) => [shortTagFor(fn), fn]));

export function parsePhaseYaml(text: string): { document: Document; lineCounter: LineCounter } {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { customTags: CUSTOM_TAGS, lineCounter });
  return { document, lineCounter };
}

class FileContext {
  readonly diagnostics: Diagnostic[] = [];
  readonly warnings: Diagnostic[] = [];
  private expanded = 0;
  private depth = 0;
  private budgetExceeded = false;
  constructor(
    readonly file: string,
    readonly document: Document,
    readonly lineCounter: LineCounter,
    private readonly text: string,
  ) {}

  position(node: YamlNode | Pair | null | undefined): { line: number; column: number } {
    let offset = node && 'range' in node && node.range ? node.range[0] : undefined;
    if (offset === undefined) return { line: 1, column: 1 };
    // A node's range starts at its value; a diagnostic about `!GetAtt NoDot` should point at `!GetAtt`.
    const tag = (node as { tag?: string }).tag;
    if (tag && tag.startsWith('!')) {
      const before = this.text.slice(0, offset).trimEnd();
      if (before.endsWith(tag)) offset = before.length - tag.length;
    }
    const pos = this.lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  }

  error(node: YamlNode | null | undefined, message: string, hint?: string): void {
    this.diagnostics.push({ file: this.file, ...this.position(node), message, ...(hint ? { hint } : {}) });
  }

  warn(node: YamlNode | null | undefined, message: string, hint?: string): void {
    this.warnings.push({ file: this.file, ...this.position(node), message, ...(hint ? { hint } : {}) });
  }

  /** YAML value → Expr, turning short and long intrinsic forms into Intrinsic nodes. */
  toExpr(node: unknown): Expr {
    // An alias inside its own anchor would recurse forever: depth is bounded like the node count.
    if (this.depth >= MAX_NESTING) {
      if (!this.budgetExceeded) {
        this.budgetExceeded = true;
        this.error(node as YamlNode, `values nested more than ${MAX_NESTING} levels deep (a YAML alias inside its own anchor?)`,
          'an alias (*name) cannot be used inside the value its anchor (&name) marks');
      }
      return null;
    }
    this.depth++;
    try {
      return this.toExprAt(node);
    } finally {
      this.depth--;
    }
  }

  private toExprAt(node: unknown): Expr {
    // Every node built counts, aliases once per expansion: a billion-laughs file stops here, not in the heap.
    if (++this.expanded > MAX_EXPANDED_NODES) {
      if (!this.budgetExceeded) {
        this.budgetExceeded = true;
        this.error(node as YamlNode, `the file expands to more than ${MAX_EXPANDED_NODES} values (YAML aliases nested too deep?)`,
          'write the values out instead of nesting aliases (&anchor / *alias)');
      }
      return null;
    }
    if (isAlias(node)) return this.toExpr((node as Alias).resolve(this.document));
    const tag = (node as { tag?: string } | null)?.tag;
    const fn = tag ? FUNCTION_BY_TAG.get(tag) : undefined;
    if (fn) return this.intrinsic(fn, this.plain(node), node as YamlNode);
    if (tag && tag.startsWith('!')) {
      // A tool's own tag (`!Rain::Embed`): that value cannot be known, the rest of the file can.
      this.warn(node as YamlNode, `unknown tag ${tag}: this value is not checked`, `CloudFormation short forms are ${[...FUNCTION_BY_TAG.keys()].join(' ')}`);
      return new Intrinsic(tag, this.plain(node), { file: this.file, ...this.position(node as YamlNode) });
    }
    if (isMap(node) && node.items.length === 1) {
      const key = keyOf(node.items[0] as Pair);
      if (key === 'Ref' || key.startsWith('Fn::')) {
        const pair = node.items[0] as Pair;
        if (key !== 'Ref' && !(KNOWN_FUNCTIONS as readonly string[]).includes(key)) {
          this.warn(pair.key as YamlNode, `unknown intrinsic function ${key}: this value is not checked`, didYouMeanHint(key, KNOWN_FUNCTIONS));
          return new Intrinsic(key, this.toExpr(pair.value), { file: this.file, ...this.position(pair.key as YamlNode) });
        }
        return this.intrinsic(key, this.toExpr(pair.value), pair.key as YamlNode);
      }
    }
    return this.plain(node);
  }

  private plain(node: unknown): Expr {
    if (isScalar(node)) return scalarValue(node);
    if (isSeq(node)) return node.items.map((item) => this.toExpr(item));
    if (isMap(node)) {
      const out: { [key: string]: Expr } = {};
      for (const pair of node.items) out[keyOf(pair as Pair)] = this.toExpr((pair as Pair).value);
      return out;
    }
    if (isAlias(node)) return this.toExpr(node);
    return null;
  }

  private intrinsic(fn: string, arg: Expr, node: YamlNode): Expr {
    const location = { file: this.file, ...this.position(node) };
    const shapeError = (expected: string): Expr => {
      this.error(node, `${fn} expects ${expected}`, `see the CloudFormation reference for ${fn}`);
      return null;
    };
    switch (fn) {
      case 'Ref':
        if (typeof arg !== 'string' || arg === '') return shapeError('the name of a parameter or resource');
        return new Intrinsic(fn, arg, location);
      case 'Fn::GetAtt': {
        if (typeof arg === 'string') {
          const dot = arg.indexOf('.');
          if (dot <= 0 || dot === arg.length - 1) return shapeError('"LogicalId.Attribute"');
          return new Intrinsic(fn, [arg.slice(0, dot), arg.slice(dot + 1)], location);
        }
        if (Array.isArray(arg) && arg.length === 2 && typeof arg[0] === 'string' && typeof arg[1] === 'string') {
          return new Intrinsic(fn, arg, location);
        }
        return shapeError('"LogicalId.Attribute" or [LogicalId, Attribute]');
      }
      case 'Fn::Sub':
        if (typeof arg === 'string') return new Intrinsic(fn, arg, location);
        if (Array.isArray(arg) && arg.length === 2 && typeof arg[0] === 'string' && isPlainObject(arg[1])) {
          return new Intrinsic(fn, arg, location);
        }
        return shapeError('a string or [string, {Variable: value}]');
      case 'Fn::Join':
        if (Array.isArray(arg) && arg.length === 2 && typeof arg[0] === 'string' && (Array.isArray(arg[1]) || arg[1] instanceof Intrinsic)) {
          return new Intrinsic(fn, arg, location);
        }
        return shapeError('[separator, [values…]]');
      default:
        return new Intrinsic(fn, arg, location);
    }
  }
}

function isPlainObject(v: Expr | undefined): v is { [key: string]: Expr } {
  return v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Intrinsic);
}

function keyOf(pair: Pair): string {
  const key = pair.key;
  if (isScalar(key)) return String(key.value);
  return String(key);
}

function scalarValue(node: Scalar): Expr {
  const v = node.value;
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.toISOString();
  return String(v);
}

function didYouMeanHint(name: string, candidates: readonly string[]): string | undefined {
  const guess = didYouMean(name, candidates);
  return guess ? `did you mean ${guess}?` : undefined;
}

function yamlErrorsAsDiagnostics(file: string, document: Document): Diagnostic[] {
  return document.errors.map((e) => {
    const pos = e.linePos?.[0];
    // The parser repeats the position and a source excerpt in its message; the diagnostic already carries both.
    const message = (e.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    return {
      file,
      line: pos?.line ?? 1,
      column: pos?.col ?? 1,
      message: `invalid YAML: ${message}`,
      hint: 'fix the YAML syntax (indentation, quotes, colons) at this position',
    };
  });
}

interface RawResource {
  ctx: FileContext;
  source: PhaseSource;
  logicalId: string;
  keyNode: YamlNode;
  type: string;
  properties: Record<string, Expr>;
  propertyNodes: Record<string, YamlNode>;
  propertyLines: Record<string, number>;
  parameters: Record<string, Json>;
  /** Parameters the file declares, with or without a usable value. */
  declaredParameters: ReadonlySet<string>;
  /** Logical ids written in this file, also of declarations that failed: a Ref to one is not a second error. */
  declaredIds: ReadonlySet<string>;
  dependsOn: string[];
  condition?: string;
  template: TemplateInfo;
  physicalIdOverride?: string;
  supported: boolean;
}

export function parseParametersFile(file: string, text: string): { values: Record<string, Json>; diagnostics: Diagnostic[] } {
  const { document, lineCounter } = parsePhaseYaml(text);
  const ctx = new FileContext(file, document, lineCounter, text);
  const diagnostics = yamlErrorsAsDiagnostics(file, document);
  const values: Record<string, Json> = {};
  if (diagnostics.length > 0) return { values, diagnostics };
  const root = document.contents;
  if (root === null) return { values, diagnostics };
  if (!isMap(root)) {
    ctx.error(root as YamlNode, 'parameters.yaml must be a mapping of `Name: value`');
    return { values, diagnostics: ctx.diagnostics };
  }
  for (const pair of root.items) {
    const value = pair.value;
    if (!isScalar(value)) {
      ctx.error(value as YamlNode, `parameter ${keyOf(pair)} must be a plain value (string, number or boolean)`);
      continue;
    }
    values[keyOf(pair)] = scalarValue(value) as Json;
  }
  return { values, diagnostics: ctx.diagnostics };
}

/** Loads every phase file; throws PhaseLoadError listing every problem found in any file. */
export function loadPhases(sources: readonly PhaseSource[], options: LoadOptions = {}): DesiredState {
  const diagnostics: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  let globalParameters: Record<string, Json> = {};
  if (options.parametersFile) {
    const parsed = parseParametersFile(options.parametersFile.file, options.parametersFile.text);
    diagnostics.push(...parsed.diagnostics);
    globalParameters = parsed.values;
  }
  const overrides = options.parameterOverrides ?? {};

  const documents: PhaseDocument[] = [];
  const templates: TemplateInfo[] = [];
  const raw: RawResource[] = [];
  // Logical ids written anywhere, also in files that failed: a Ref to one of them from another file is
  // not a second error, the first diagnostic already explains it.
  const declaredAnywhere = new Set<string>();
  for (const source of sources) {
    const early = textProblem(source);
    if (early) {
      (early.fatal ? diagnostics : warnings).push(early.diagnostic);
      continue;
    }
    const { document, lineCounter } = parsePhaseYaml(source.text);
    if (options.keepDocuments) documents.push({ file: source.file, phase: source.phase, document, lineCounter });
    for (const id of declaredLogicalIds(document)) declaredAnywhere.add(id);
    const syntax = yamlErrorsAsDiagnostics(source.file, document);
    if (syntax.length > 0) {
      diagnostics.push(...syntax);
      continue;
    }
    const ctx = new FileContext(source.file, document, lineCounter, source.text);
    const template = readTemplate(ctx, source, globalParameters, overrides);
    if (template) {
      templates.push(template.info);
      raw.push(...template.resources);
      if (!options.deferMissingParameters) diagnostics.push(...template.info.missingParameters);
    }
    diagnostics.push(...ctx.diagnostics);
    warnings.push(...ctx.warnings);
  }

  const byFile = new Map<string, Map<string, RawResource>>();
  const byId = new Map<string, RawResource[]>();
  for (const r of raw) {
    let inFile = byFile.get(r.source.file);
    if (!inFile) byFile.set(r.source.file, (inFile = new Map()));
    inFile.set(r.logicalId, r);
    byId.set(r.logicalId, [...(byId.get(r.logicalId) ?? []), r]);
  }
  const resolver = referenceResolver(byFile, byId);
  for (const r of raw) diagnostics.push(...validateReferences(r, resolver, declaredAnywhere));
  // A file whose references are already wrong would only echo them as cycles.
  const filesWithErrors = new Set(diagnostics.map((d) => d.file));
  for (const [file, inFile] of byFile) if (!filesWithErrors.has(file)) diagnostics.push(...referenceCycles(inFile, resolver));

  if (diagnostics.length > 0) throw new PhaseLoadError(sortDiagnostics(dedupe(diagnostics)));

  const resources: DesiredResource[] = raw.map((r) => {
    const pos = r.ctx.position(r.keyNode);
    return {
      logicalId: r.logicalId,
      type: r.type,
      phase: r.source.phase,
      file: r.source.file,
      line: pos.line,
      column: pos.column,
      properties: r.properties,
      propertyLines: r.propertyLines,
      parameters: r.parameters,
      ...(r.physicalIdOverride !== undefined ? { physicalIdOverride: r.physicalIdOverride } : {}),
      supported: r.supported,
      ...(r.condition !== undefined ? { condition: r.condition } : {}),
      template: r.template,
    };
  });
  return { resources, documents, templates, warnings: sortDiagnostics(warnings) };
}

/** Problems visible in the raw text, before the YAML parser spends time on it. */
function textProblem(source: PhaseSource): { fatal: boolean; diagnostic: Diagnostic } | undefined {
  const at = (line: number, message: string, hint: string): Diagnostic => ({ file: source.file, line, column: 1, message, hint });
  if (source.text.length > MAX_PHASE_FILE_BYTES) {
    return { fatal: true, diagnostic: at(1, `file is larger than ${MAX_PHASE_FILE_BYTES / (1024 * 1024)} MB`, 'split it into several phase files, one stack each') };
  }
  const nul = source.text.indexOf('\0');
  if (nul >= 0) {
    const line = source.text.slice(0, nul).split('\n').length;
    return { fatal: true, diagnostic: at(line, 'file contains a NUL byte: it is not a text template', 'remove the binary content or move the file out of phases/') };
  }
  if (source.text.trim() === '') {
    return { fatal: false, diagnostic: at(1, 'empty file: it declares nothing', 'delete it, or add a Resources: section') };
  }
  return undefined;
}

function dedupe(list: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const key = `${d.file}:${d.line}:${d.column}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Best effort, also on a document with syntax errors: the keys of its Resources mapping. */
function declaredLogicalIds(document: Document): string[] {
  const root = document.contents;
  if (!isMap(root)) return [];
  const resources = root.get('Resources', true);
  return isMap(resources) ? resources.items.map((pair) => keyOf(pair as Pair)) : [];
}

function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return [...list].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
}

/** What makes a YAML file a CloudFormation template rather than another tool's file. */
function looksLikeTemplate(root: YAMLMap): boolean {
  return root.items.some((pair) => TEMPLATE_SECTIONS.has(keyOf(pair as Pair)));
}

function readTemplate(
  ctx: FileContext,
  source: PhaseSource,
  globalParameters: Record<string, Json>,
  overrides: Record<string, string>,
): { info: TemplateInfo; resources: RawResource[] } | undefined {
  const root = ctx.document.contents;
  if (root === null) {
    ctx.warn(null, 'empty file: it declares nothing', 'delete it, or add a Resources: section');
    return undefined;
  }
  if (!isMap(root) || !looksLikeTemplate(root)) {
    const hint = isMap(root) && root.has('resources')
      ? 'this looks like the IAL `resources:` format; convert it to a CloudFormation template to have it checked'
      : 'phase files are CloudFormation templates (a mapping with Resources:); move other files out of phases/';
    ctx.warn(root as YamlNode, 'not a CloudFormation template: this file is not checked', hint);
    return undefined;
  }
  for (const pair of root.items) {
    const key = keyOf(pair);
    if (!TEMPLATE_SECTIONS.has(key)) {
      ctx.warn(pair.key as YamlNode, `unknown template section ${key}: ignored`, didYouMeanHint(key, [...TEMPLATE_SECTIONS]));
    }
  }
  const info: TemplateInfo = {
    file: source.file, phase: source.phase, conditions: {}, mappings: {}, parameterTypes: {}, missingParameters: [], exports: [],
  };
  const stack = templateStackName(ctx, root.get('Metadata', true));
  if (stack !== undefined) info.stackName = stack;
  const { values: parameters, declared: declaredParameters } = readParameters(ctx, info, root.get('Parameters', true), globalParameters, overrides);
  readConditions(ctx, info, root.get('Conditions', true));
  readMappings(ctx, info, root.get('Mappings', true));
  readExports(ctx, info, root.get('Outputs', true));
  const declaredIds = new Set(declaredLogicalIds(ctx.document));
  const resourcesNode = root.get('Resources', true);
  if (resourcesNode === undefined || resourcesNode === null) return { info, resources: [] };
  if (!isMap(resourcesNode)) {
    ctx.error(resourcesNode as YamlNode, 'Resources must be a mapping of LogicalId: {Type, Properties}');
    return { info, resources: [] };
  }
  const out: RawResource[] = [];
  for (const pair of resourcesNode.items) {
    const resource = readResource(ctx, source, info, pair as Pair, parameters, declaredParameters, declaredIds);
    if (resource) out.push(resource);
  }
  return { info, resources: out };
}

function templateStackName(ctx: FileContext, metadata: unknown): string | undefined {
  if (!isMap(metadata)) return undefined;
  const ial = metadata.get('IAL', true);
  if (!isMap(ial)) return undefined;
  const stack = ial.get('Stack', true);
  if (stack === undefined) return undefined;
  if (isScalar(stack) && typeof stack.value === 'string' && /^[A-Za-z][A-Za-z0-9-]{0,127}$/.test(stack.value)) return stack.value;
  ctx.error(stack as YamlNode, 'Metadata.IAL.Stack must be a CloudFormation stack name', 'letters, digits and hyphens, starting with a letter');
  return undefined;
}

function readConditions(ctx: FileContext, info: TemplateInfo, node: unknown): void {
  if (node === undefined || node === null) return;
  if (!isMap(node)) {
    ctx.error(node as YamlNode, 'Conditions must be a mapping of Name: condition');
    return;
  }
  for (const pair of node.items) info.conditions[keyOf(pair as Pair)] = ctx.toExpr((pair as Pair).value);
}

function readMappings(ctx: FileContext, info: TemplateInfo, node: unknown): void {
  if (node === undefined || node === null) return;
  if (!isMap(node)) {
    ctx.error(node as YamlNode, 'Mappings must be a mapping of MapName: {TopKey: {SecondKey: value}}');
    return;
  }
  for (const pair of node.items) info.mappings[keyOf(pair as Pair)] = ctx.toExpr((pair as Pair).value) as Json;
}

function readExports(ctx: FileContext, info: TemplateInfo, node: unknown): void {
  if (!isMap(node)) return;
  for (const pair of node.items) {
    const output = (pair as Pair).value;
    if (!isMap(output)) continue;
    const exported = output.get('Export', true);
    if (!isMap(exported) || !exported.has('Name')) continue;
    info.exports.push({ name: ctx.toExpr(exported.get('Name', true)), value: ctx.toExpr(output.get('Value', true)) });
  }
}

function readParameters(
  ctx: FileContext,
  info: TemplateInfo,
  node: unknown,
  globalParameters: Record<string, Json>,
  overrides: Record<string, string>,
): { values: Record<string, Json>; declared: Set<string> } {
  const values: Record<string, Json> = { ...globalParameters };
  const declared = new Set<string>();
  if (node !== undefined && node !== null) {
    if (!isMap(node)) {
      ctx.error(node as YamlNode, 'Parameters must be a mapping of Name: {Type, Default}');
    } else {
      for (const pair of node.items) {
        const name = keyOf(pair as Pair);
        declared.add(name);
        const decl = (pair as Pair).value;
        if (!isMap(decl)) {
          ctx.error((pair as Pair).key as YamlNode, `parameter ${name} must be a mapping with Type and Default`);
          continue;
        }
        const type = decl.get('Type', true);
        if (isScalar(type) && typeof type.value === 'string') info.parameterTypes[name] = type.value;
        if (name in globalParameters) continue; // parameters.yaml overrides the template default
        const def = decl.get('Default', true);
        if (def === undefined) {
          if (!(name in overrides)) {
            info.missingParameters.push({
              file: ctx.file, ...ctx.position((pair as Pair).key as YamlNode),
              message: `parameter ${name} has no Default and no value`,
              hint: `add Default:, set it in phases/parameters.yaml, pass --param ${name}=VALUE, or deploy the file as a stack`,
            });
          }
          continue;
        }
        if (!isScalar(def) && !isSeq(def)) {
          ctx.error(def as YamlNode, `parameter ${name}: Default must be a plain value`);
          continue;
        }
        values[name] = isScalar(def) ? (scalarValue(def) as Json) : ((def as YAMLSeq).toJSON({ maxAliasCount: 100 }) as Json);
      }
    }
  }
  for (const [k, v] of Object.entries(overrides)) values[k] = v;
  return { values, declared };
}

/** Types CloudFormation runs through a provider ialctl has no reader for: never an error. */
function isCustomType(type: string): boolean {
  return type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource';
}

function readResource(
  ctx: FileContext,
  source: PhaseSource,
  template: TemplateInfo,
  pair: Pair,
  parameters: Record<string, Json>,
  declaredParameters: ReadonlySet<string>,
  declaredIds: ReadonlySet<string>,
): RawResource | undefined {
  const logicalId = keyOf(pair);
  const keyNode = pair.key as YamlNode;
  if (!/^[A-Za-z0-9]+$/.test(logicalId)) {
    ctx.error(keyNode, `logical id ${JSON.stringify(logicalId)} must be alphanumeric (A-Z, a-z, 0-9)`);
    return undefined;
  }
  const body = pair.value;
  if (!isMap(body)) {
    ctx.error(keyNode, `resource ${logicalId} must be a mapping with Type and Properties`);
    return undefined;
  }
  for (const item of body.items) {
    const key = keyOf(item as Pair);
    if (!RESOURCE_KEYS.has(key)) {
      ctx.warn((item as Pair).key as YamlNode, `resource ${logicalId}: unknown attribute ${key}: ignored`, didYouMeanHint(key, [...RESOURCE_KEYS]));
    }
  }
  const typeNode = body.get('Type', true);
  if (!isScalar(typeNode) || typeof typeNode.value !== 'string') {
    ctx.error(isScalar(typeNode) ? typeNode : keyNode, `resource ${logicalId} has no Type`, 'add e.g. `Type: AWS::EC2::VPC`');
    return undefined;
  }
  const type = typeNode.value;
  let known = true;
  if (!isCloudFormationType(type) && !isCustomType(type)) {
    // Supported types first: a near miss of AWS::EC2::VPC should not be "corrected" to another type.
    const guess = didYouMean(type, SUPPORTED_TYPES) ?? didYouMean(type, ALL_TYPES);
    if (guess || !/^[A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+/.test(type)) {
      ctx.error(typeNode, `unknown resource type ${type}`, guess ? `did you mean ${guess}?` : `supported types: ${SUPPORTED_TYPES.join(', ')}`);
      return undefined;
    }
    // A type newer than ialctl's copy of the specification (or a registry type): not checked, never fatal.
    ctx.warn(typeNode, `resource type ${type} is not in ialctl's CloudFormation specification: ${logicalId} is not checked`);
    known = false;
  }
  const supported = known && SUPPORTED_TYPES.includes(type);

  const properties: Record<string, Expr> = {};
  const propertyNodes: Record<string, YamlNode> = {};
  const propertyLines: Record<string, number> = {};
  const propsNode = body.get('Properties', true);
  if (propsNode !== undefined && propsNode !== null && !isMap(propsNode)) {
    ctx.error(propsNode as YamlNode, `resource ${logicalId}: Properties must be a mapping`);
    return undefined;
  }
  if (isMap(propsNode)) {
    const allowed = known && !isCustomType(type) ? allowedPropertiesAt(type, []) : undefined;
    for (const item of propsNode.items) {
      const p = item as Pair;
      const name = keyOf(p);
      properties[name] = ctx.toExpr(p.value);
      propertyNodes[name] = p.key as YamlNode;
      propertyLines[name] = ctx.position(p.key as YamlNode).line;
      if (allowed) validateProperty(ctx, type, logicalId, p, [], allowed);
    }
  }

  let condition: string | undefined;
  const conditionNode = body.get('Condition', true);
  if (conditionNode !== undefined) {
    if (isScalar(conditionNode) && typeof conditionNode.value === 'string' && conditionNode.value in template.conditions) {
      condition = conditionNode.value;
    } else {
      const names = Object.keys(template.conditions);
      ctx.error(conditionNode as YamlNode, `resource ${logicalId}: Condition ${JSON.stringify(isScalar(conditionNode) ? conditionNode.value : '?')} is not declared under Conditions`,
        names.length > 0 ? `declared conditions: ${names.join(', ')}` : 'declare it in the Conditions section of this file');
    }
  }
  const dependsOnNode: unknown = body.get('DependsOn', true);
  const dependsOn = isScalar(dependsOnNode) ? [String(dependsOnNode.value)]
    : isSeq(dependsOnNode) ? dependsOnNode.items.filter(isScalar).map((n) => String(n.value)) : [];

  let physicalIdOverride: string | undefined;
  const metadata = body.get('Metadata', true);
  if (isMap(metadata)) {
    const ial = metadata.get('IAL', true);
    if (isMap(ial)) {
      const pid = ial.get('PhysicalId', true);
      if (pid !== undefined) {
        if (isScalar(pid) && typeof pid.value === 'string' && pid.value !== '') physicalIdOverride = pid.value;
        else ctx.error(pid as YamlNode, `resource ${logicalId}: Metadata.IAL.PhysicalId must be a non-empty string`);
      }
    }
  }
  return {
    ctx, source, logicalId, keyNode, type, properties, propertyNodes, propertyLines, parameters, declaredParameters,
    declaredIds, dependsOn, template,
    ...(condition !== undefined ? { condition } : {}),
    ...(physicalIdOverride !== undefined ? { physicalIdOverride } : {}), supported,
  };
}

/** Checks property names against the spec, descending into nested objects that are not intrinsics. */
function validateProperties(ctx: FileContext, type: string, logicalId: string, map: YAMLMap, path: string[]): void {
  const allowed = allowedPropertiesAt(type, path);
  if (!allowed) return;
  for (const item of map.items) {
    const pair = item as Pair;
    const name = keyOf(pair);
    if (name === 'Ref' || name.startsWith('Fn::')) return; // a long-form intrinsic
    validateProperty(ctx, type, logicalId, pair, path, allowed);
  }
}

function validateProperty(ctx: FileContext, type: string, logicalId: string, pair: Pair, path: string[], allowed: readonly string[]): void {
  const name = keyOf(pair);
  if (!allowed.includes(name)) {
    const where = path.length > 0 ? `${type} ${path.join('.')}` : type;
    ctx.error(pair.key as YamlNode, `unknown property ${name} for ${where} (resource ${logicalId})`,
      didYouMeanHint(name, allowed) ?? `allowed: ${allowed.slice(0, 12).join(', ')}${allowed.length > 12 ? ', …' : ''}`);
    return;
  }
  const value = pair.value as { tag?: string } | null;
  if (value && value.tag && FUNCTION_BY_TAG.has(value.tag)) return;
  if (isMap(value)) validateProperties(ctx, type, logicalId, value, [...path, name]);
  else if (isSeq(value)) {
    for (const element of value.items) {
      const el = element as { tag?: string } | null;
      if (isMap(element) && !(el?.tag && FUNCTION_BY_TAG.has(el.tag))) validateProperties(ctx, type, logicalId, element, [...path, name]);
    }
  }
}

const PSEUDO_PARAMETERS = new Set([
  'AWS::Region', 'AWS::AccountId', 'AWS::Partition', 'AWS::URLSuffix', 'AWS::StackName', 'AWS::StackId',
  'AWS::NoValue', 'AWS::NotificationARNs',
]);

/**
 * The resource a name refers to from a file: its own resource first (logical ids are per stack), else
 * the one resource of that name elsewhere in the tree (the IAL convention of cross-file Refs). A name
 * declared in several other files is ambiguous: the caller says so instead of guessing.
 */
type ReferenceResolver = (fromFile: string, name: string) => RawResource | 'ambiguous' | undefined;

function referenceResolver(byFile: ReadonlyMap<string, ReadonlyMap<string, RawResource>>, byId: ReadonlyMap<string, RawResource[]>): ReferenceResolver {
  return (fromFile, name) => {
    const own = byFile.get(fromFile)?.get(name);
    if (own) return own;
    const elsewhere = byId.get(name) ?? [];
    if (elsewhere.length === 1) return elsewhere[0];
    return elsewhere.length > 1 ? 'ambiguous' : undefined;
  };
}

function validateReferences(r: RawResource, resolve: ReferenceResolver, declaredAnywhere: ReadonlySet<string>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const file = r.source.file;
  const known = (name: string): boolean =>
    PSEUDO_PARAMETERS.has(name) || name in r.parameters || r.declaredParameters.has(name) || r.declaredIds.has(name);
  const ambiguous = (location: SourceLocation, property: string, name: string): void => {
    out.push({ ...location, message: `${r.logicalId}.${property}: ${name} is declared in several other phase files`,
      hint: 'declare it in this file, or export it (Outputs.Export) and use Fn::ImportValue' });
  };
  for (const [property, expr] of Object.entries(r.properties)) {
    const at = (location: SourceLocation, message: string, hint?: string): void => {
      out.push({ file: location.file, line: location.line, column: location.column, message, ...(hint ? { hint } : {}) });
    };
    const { refs, getAtts } = referencedNames(expr);
    for (const { name, location } of refs) {
      if (known(name)) continue;
      const target = resolve(file, name);
      if (target === 'ambiguous') {
        ambiguous(location, property, name);
        continue;
      }
      if (target || declaredAnywhere.has(name)) continue;
      const names = [...Object.keys(r.parameters), ...r.declaredIds, ...PSEUDO_PARAMETERS];
      const guess = didYouMean(name, names);
      at(location, `${r.logicalId}.${property}: Ref to unknown name ${name}`,
        guess ? `did you mean ${guess}?` : 'declare it under Parameters, in phases/parameters.yaml, or as a resource');
    }
    for (const { logicalId: targetId, attribute, location } of getAtts) {
      const resource = resolve(file, targetId);
      if (resource === 'ambiguous') {
        ambiguous(location, property, targetId);
        continue;
      }
      if (!resource) {
        if (r.declaredIds.has(targetId) || declaredAnywhere.has(targetId)) continue;
        const guess = didYouMean(targetId, [...r.declaredIds]);
        at(location, `${r.logicalId}.${property}: GetAtt on unknown resource ${targetId}`,
          guess ? `did you mean ${guess}?` : 'GetAtt needs the logical id of a resource declared in a phase file');
        continue;
      }
      const attributes = Object.keys(resourceSpec(resource.type)?.attributes ?? {});
      if (resource.supported && !attributes.includes(attribute)) {
        const guess = didYouMean(attribute, attributes);
        at(location, `${r.logicalId}.${property}: ${resource.type} has no attribute ${attribute}`,
          guess ? `did you mean ${guess}?` : `attributes: ${attributes.slice(0, 12).join(', ')}${attributes.length > 12 ? ', …' : ''}`);
      }
    }
  }
  return out;
}

/**
 * CloudFormation refuses a template whose resources depend on each other in a circle (Ref, GetAtt,
 * Sub, DependsOn): so does ialctl, naming the circle, instead of resolving forever.
 */
function referenceCycles(inFile: ReadonlyMap<string, RawResource>, resolve: ReferenceResolver): Diagnostic[] {
  const edges = new Map<string, string[]>();
  for (const r of inFile.values()) {
    const targets = new Set<string>(r.dependsOn);
    for (const expr of Object.values(r.properties)) {
      const { refs, getAtts } = referencedNames(expr);
      for (const { name } of refs) targets.add(name);
      for (const { logicalId } of getAtts) targets.add(logicalId);
    }
    edges.set(r.logicalId, [...targets].filter((t) => {
      const target = resolve(r.source.file, t);
      if (r.declaredParameters.has(t) || PSEUDO_PARAMETERS.has(t)) return false; // a parameter, not a resource
      return target !== 'ambiguous' && target !== undefined && target.source.file === r.source.file;
    }));
  }
  const out: Diagnostic[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const reported = new Set<string>();
  const visit = (id: string): void => {
    state.set(id, 'visiting');
    stack.push(id);
    for (const next of edges.get(id) ?? []) {
      if (state.get(next) === 'visiting') {
        const cycle = [...stack.slice(stack.indexOf(next)), next];
        const key = [...new Set(cycle)].sort().join(',');
        if (!reported.has(key)) {
          reported.add(key);
          const first = inFile.get(next) as RawResource;
          const pos = first.ctx.position(first.keyNode);
          out.push({
            file: first.source.file, ...pos,
            message: cycle.length === 2 ? `resource ${next} refers to itself` : `circular reference: ${cycle.join(' → ')}`,
            hint: 'CloudFormation cannot create resources that depend on each other in a circle; remove one of the references',
          });
        }
      } else if (state.get(next) === undefined) visit(next);
    }
    stack.pop();
    state.set(id, 'done');
  };
  for (const id of inFile.keys()) if (state.get(id) === undefined) visit(id);
  return out;
}
