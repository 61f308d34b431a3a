// Phase files → desired resources. Pure: the caller reads the files and passes their text.
// The parsed YAML Documents are kept so reverse sync can edit them in place, comments intact.
import {
  Alias, Document, LineCounter, Pair, Scalar, YAMLMap, YAMLSeq, isAlias, isMap, isScalar, isSeq, parseDocument,
  type Node as YamlNode, type Tags,
} from 'yaml';
import type { Json, SourceLocation } from './model.js';
import { Intrinsic, KNOWN_FUNCTIONS, referencedNames, shortTagFor, type Expr } from './intrinsics.js';
import { PhaseLoadError, type Diagnostic } from './diagnostics.js';
import { IDENTITY_RULES } from './identity.js';
import { ALL_TYPES, allowedPropertiesAt, didYouMean, isCloudFormationType, resourceSpec, SUPPORTED_TYPES } from './spec.js';

export interface PhaseSource {
  /** Path shown to users, e.g. `phases/30-compute/02-ecs.yaml`. */
  file: string;
  /** The phase (folder) name, e.g. `30-compute`. */
  phase: string;
  text: string;
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
  /** Parameters as this file sees them (its defaults < parameters.yaml < --param). */
  parameters: Record<string, Json>;
  /** `Metadata.IAL.PhysicalId`: match this live id instead of the identity rule. */
  physicalIdOverride?: string;
  /** False for CloudFormation types ialctl cannot read yet: such resources are reported as not checked. */
  supported: boolean;
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
}

export interface LoadOptions {
  /** `phases/parameters.yaml`, when present. */
  parametersFile?: { file: string; text: string };
  /** `--param Key=Value`, highest precedence. */
  parameterOverrides?: Record<string, string>;
  /** Keep each file's YAML Document (with comments) in the result, for callers that edit them. */
  keepDocuments?: boolean;
}

const TEMPLATE_SECTIONS = new Set([
  'AWSTemplateFormatVersion', 'Description', 'Metadata', 'Parameters', 'Mappings', 'Conditions', 'Transform',
  'Resources', 'Outputs', 'Rules',
]);
const RESOURCE_KEYS = new Set([
  'Type', 'Properties', 'Metadata', 'DependsOn', 'DeletionPolicy', 'UpdateReplacePolicy', 'Condition',
  'CreationPolicy', 'UpdatePolicy',
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

  /** YAML value → Expr, turning short and long intrinsic forms into Intrinsic nodes. */
  toExpr(node: unknown): Expr {
    if (isAlias(node)) return this.toExpr((node as Alias).resolve(this.document));
    const tag = (node as { tag?: string } | null)?.tag;
    const fn = tag ? FUNCTION_BY_TAG.get(tag) : undefined;
    if (fn) return this.intrinsic(fn, this.plain(node), node as YamlNode);
    if (tag && tag.startsWith('!')) {
      this.error(node as YamlNode, `unknown tag ${tag}`, `CloudFormation short forms are ${[...FUNCTION_BY_TAG.keys()].join(' ')}`);
      return null;
    }
    if (isMap(node) && node.items.length === 1) {
      const key = keyOf(node.items[0] as Pair);
      if (key === 'Ref' || key.startsWith('Fn::')) {
        const pair = node.items[0] as Pair;
        if (key !== 'Ref' && !(KNOWN_FUNCTIONS as readonly string[]).includes(key)) {
          this.error(pair.key as YamlNode, `unknown intrinsic function ${key}`, didYouMeanHint(key, KNOWN_FUNCTIONS));
          return null;
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
  /** A problem was already reported in an identity property or the PhysicalId: the identity check would only echo it. */
  identityErrors: boolean;
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
  let globalParameters: Record<string, Json> = {};
  if (options.parametersFile) {
    const parsed = parseParametersFile(options.parametersFile.file, options.parametersFile.text);
    diagnostics.push(...parsed.diagnostics);
    globalParameters = parsed.values;
  }
  const overrides = options.parameterOverrides ?? {};

  const documents: PhaseDocument[] = [];
  const raw: RawResource[] = [];
  // Every logical id written anywhere, even in a file or declaration that failed: a Ref to one of them
  // is not a second error, the first diagnostic already explains it.
  const declaredIds = new Set<string>();
  for (const source of sources) {
    const { document, lineCounter } = parsePhaseYaml(source.text);
    if (options.keepDocuments) documents.push({ file: source.file, phase: source.phase, document, lineCounter });
    for (const id of declaredLogicalIds(document)) declaredIds.add(id);
    const syntax = yamlErrorsAsDiagnostics(source.file, document);
    if (syntax.length > 0) {
      diagnostics.push(...syntax);
      continue;
    }
    const ctx = new FileContext(source.file, document, lineCounter, source.text);
    raw.push(...readTemplate(ctx, source, globalParameters, overrides));
    diagnostics.push(...ctx.diagnostics);
  }

  const byLogicalId = new Map<string, RawResource>();
  for (const r of raw) {
    const previous = byLogicalId.get(r.logicalId);
    if (previous) {
      const where = `${previous.source.file}:${previous.ctx.position(previous.keyNode).line}`;
      r.ctx.error(r.keyNode, `duplicate logical id ${r.logicalId} (already declared at ${where})`,
        'logical ids are global across all phase files: rename one of them');
      diagnostics.push(r.ctx.diagnostics[r.ctx.diagnostics.length - 1] as Diagnostic);
      continue;
    }
    byLogicalId.set(r.logicalId, r);
  }

  for (const r of byLogicalId.values()) diagnostics.push(...validateReferences(r, byLogicalId, declaredIds));
  for (const r of byLogicalId.values()) {
    if (r.identityErrors) continue;
    const problem = identityProblem(r);
    if (problem) diagnostics.push(problem);
  }

  if (diagnostics.length > 0) throw new PhaseLoadError(sortDiagnostics(diagnostics));

  const resources: DesiredResource[] = [...byLogicalId.values()].map((r) => {
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
    };
  });
  return { resources, documents };
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

function readTemplate(
  ctx: FileContext,
  source: PhaseSource,
  globalParameters: Record<string, Json>,
  overrides: Record<string, string>,
): RawResource[] {
  const root = ctx.document.contents;
  if (root === null) return []; // an empty file declares nothing
  if (!isMap(root)) {
    ctx.error(root as YamlNode, 'a phase file must be a CloudFormation template (a mapping with Resources:)');
    return [];
  }
  for (const pair of root.items) {
    const key = keyOf(pair);
    if (!TEMPLATE_SECTIONS.has(key)) {
      ctx.error(pair.key as YamlNode, `unknown template section ${key}`, didYouMeanHint(key, [...TEMPLATE_SECTIONS]));
    }
  }
  const { values: parameters, declared: declaredParameters } = readParameters(ctx, root.get('Parameters', true), globalParameters, overrides);
  const resourcesNode = root.get('Resources', true);
  if (resourcesNode === undefined || resourcesNode === null) return [];
  if (!isMap(resourcesNode)) {
    ctx.error(resourcesNode as YamlNode, 'Resources must be a mapping of LogicalId: {Type, Properties}');
    return [];
  }
  const out: RawResource[] = [];
  for (const pair of resourcesNode.items) {
    const resource = readResource(ctx, source, pair as Pair, parameters, declaredParameters);
    if (resource) out.push(resource);
  }
  return out;
}

function readParameters(
  ctx: FileContext,
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
        if (name in globalParameters) continue; // parameters.yaml overrides the template default
        const def = decl.get('Default', true);
        if (def === undefined) {
          if (!(name in overrides)) {
            ctx.error((pair as Pair).key as YamlNode, `parameter ${name} has no Default and no value`,
              `add Default:, set it in phases/parameters.yaml, or pass --param ${name}=VALUE`);
          }
          continue;
        }
        if (!isScalar(def) && !isSeq(def)) {
          ctx.error(def as YamlNode, `parameter ${name}: Default must be a plain value`);
          continue;
        }
        values[name] = isScalar(def) ? (scalarValue(def) as Json) : ((def as YAMLSeq).toJSON() as Json);
      }
    }
  }
  for (const [k, v] of Object.entries(overrides)) values[k] = v;
  return { values, declared };
}

function readResource(
  ctx: FileContext,
  source: PhaseSource,
  pair: Pair,
  parameters: Record<string, Json>,
  declaredParameters: ReadonlySet<string>,
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
      ctx.error((item as Pair).key as YamlNode, `resource ${logicalId}: unknown attribute ${key}`, didYouMeanHint(key, [...RESOURCE_KEYS]));
    }
  }
  const typeNode = body.get('Type', true);
  if (!isScalar(typeNode) || typeof typeNode.value !== 'string') {
    ctx.error(isScalar(typeNode) ? typeNode : keyNode, `resource ${logicalId} has no Type`, 'add e.g. `Type: AWS::EC2::VPC`');
    return undefined;
  }
  const type = typeNode.value;
  if (!isCloudFormationType(type)) {
    // Supported types first: a near miss of AWS::EC2::VPC should not be "corrected" to another type.
    const guess = didYouMean(type, SUPPORTED_TYPES) ?? didYouMean(type, ALL_TYPES);
    ctx.error(typeNode, `unknown resource type ${type}`, guess ? `did you mean ${guess}?` : `supported types: ${SUPPORTED_TYPES.join(', ')}`);
    return undefined;
  }
  const supported = SUPPORTED_TYPES.includes(type);

  const properties: Record<string, Expr> = {};
  const propertyNodes: Record<string, YamlNode> = {};
  const propertyLines: Record<string, number> = {};
  const propsNode = body.get('Properties', true);
  if (propsNode !== undefined && propsNode !== null && !isMap(propsNode)) {
    ctx.error(propsNode as YamlNode, `resource ${logicalId}: Properties must be a mapping`);
    return undefined;
  }
  let identityErrors = false;
  if (isMap(propsNode)) {
    const allowed = allowedPropertiesAt(type, []);
    const identityProperties: readonly string[] = IDENTITY_RULES[type]?.properties ?? [];
    for (const item of propsNode.items) {
      const p = item as Pair;
      const name = keyOf(p);
      const errorsBefore = ctx.diagnostics.length;
      properties[name] = ctx.toExpr(p.value);
      propertyNodes[name] = p.key as YamlNode;
      propertyLines[name] = ctx.position(p.key as YamlNode).line;
      if (allowed) validateProperty(ctx, type, logicalId, p, [], allowed);
      if (identityProperties.includes(name) && ctx.diagnostics.length > errorsBefore) identityErrors = true;
    }
  }

  let physicalIdOverride: string | undefined;
  const metadata = body.get('Metadata', true);
  if (isMap(metadata)) {
    const ial = metadata.get('IAL', true);
    if (isMap(ial)) {
      const pid = ial.get('PhysicalId', true);
      if (pid !== undefined) {
        if (isScalar(pid) && typeof pid.value === 'string' && pid.value !== '') physicalIdOverride = pid.value;
        else {
          ctx.error(pid as YamlNode, `resource ${logicalId}: Metadata.IAL.PhysicalId must be a non-empty string`);
          identityErrors = true;
        }
      }
    }
  }
  return {
    ctx, source, logicalId, keyNode, type, properties, propertyNodes, propertyLines, parameters, declaredParameters,
    identityErrors,
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

function validateReferences(r: RawResource, all: Map<string, RawResource>, declaredIds: ReadonlySet<string>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const names = [...Object.keys(r.parameters), ...all.keys(), ...PSEUDO_PARAMETERS];
  const known = (name: string): boolean =>
    PSEUDO_PARAMETERS.has(name) || name in r.parameters || all.has(name) || r.declaredParameters.has(name) || declaredIds.has(name);
  for (const [property, expr] of Object.entries(r.properties)) {
    const at = (location: SourceLocation, message: string, hint?: string): void => {
      out.push({ file: location.file, line: location.line, column: location.column, message, ...(hint ? { hint } : {}) });
    };
    const { refs, getAtts } = referencedNames(expr);
    for (const { name, location } of refs) {
      if (known(name)) continue;
      const guess = didYouMean(name, names);
      at(location, `${r.logicalId}.${property}: Ref to unknown name ${name}`,
        guess ? `did you mean ${guess}?` : 'declare it under Parameters, in phases/parameters.yaml, or as a resource');
    }
    for (const { logicalId: target, attribute, location } of getAtts) {
      const resource = all.get(target);
      if (!resource) {
        if (declaredIds.has(target)) continue;
        const guess = didYouMean(target, [...all.keys()]);
        at(location, `${r.logicalId}.${property}: GetAtt on unknown resource ${target}`,
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

function identityProblem(r: RawResource): Diagnostic | undefined {
  const rule = IDENTITY_RULES[r.type];
  if (!rule || r.physicalIdOverride !== undefined) return undefined;
  const present = rule.properties.some((p) => p !== 'VpcId' && p !== 'Cluster' && r.properties[p] !== undefined);
  const hasName = r.type.startsWith('AWS::EC2::') && rule.properties[0] === 'Tags'
    ? hasNameTag(r.properties['Tags'])
    : present;
  if (hasName) return undefined;
  const pos = r.ctx.position(r.keyNode);
  return {
    file: r.source.file, line: pos.line, column: pos.column,
    message: `resource ${r.logicalId} (${r.type}) has no identity: ialctl matches this type by ${rule.requirement}`,
    hint: 'declare it so the resource can be found in AWS',
  };
}

function hasNameTag(tags: Expr | undefined): boolean {
  if (!Array.isArray(tags)) return false;
  return tags.some((t) => isPlainObject(t) && t['Key'] === 'Name' && t['Value'] !== undefined && t['Value'] !== null);
}

