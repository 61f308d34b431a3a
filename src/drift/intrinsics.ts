// CloudFormation intrinsic functions: their parsed form and their resolution against
// parameters, pseudo parameters, conditions, mappings, exports and matched live resources. Pure.
import type { Json, SourceLocation } from './model.js';

/** Functions ialctl can evaluate. Any other intrinsic makes its property "not checked". */
export const SUPPORTED_FUNCTIONS = [
  'Ref', 'Fn::Sub', 'Fn::GetAtt', 'Fn::Join', 'Fn::If', 'Fn::Equals', 'Fn::And', 'Fn::Or', 'Fn::Not', 'Condition',
  'Fn::Select', 'Fn::Split', 'Fn::GetAZs', 'Fn::FindInMap', 'Fn::Base64', 'Fn::Cidr', 'Fn::ImportValue',
  'Fn::Length', 'Fn::ToJsonString',
] as const;

/** Every intrinsic CloudFormation knows, by long name; short YAML tags are `!` + the part after `Fn::`. */
export const KNOWN_FUNCTIONS = [
  'Ref', 'Condition', 'Fn::Sub', 'Fn::GetAtt', 'Fn::Join', 'Fn::Select', 'Fn::Split', 'Fn::If', 'Fn::Equals',
  'Fn::And', 'Fn::Or', 'Fn::Not', 'Fn::FindInMap', 'Fn::GetAZs', 'Fn::ImportValue', 'Fn::Base64', 'Fn::Cidr',
  'Fn::Transform', 'Fn::ToJsonString', 'Fn::Length',
] as const;

/** Longest string an intrinsic may build: a huge parameter substituted many times must not exhaust memory. */
export const MAX_RESOLVED_STRING = 1_000_000;

export function shortTagFor(fn: string): string {
  return '!' + fn.replace(/^Fn::/, '');
}

/** A function call in a phase file, kept unevaluated until the values it needs are known. */
export class Intrinsic {
  constructor(
    readonly fn: string,
    readonly arg: Expr,
    readonly location: SourceLocation,
  ) {}
}

/** A property value as written: JSON plus unevaluated intrinsics anywhere inside. */
export type Expr = null | boolean | number | string | Expr[] | { [key: string]: Expr } | Intrinsic;
/** Why a value could not be computed, for machines: an intrinsic ialctl does not evaluate, or a reference it cannot follow. */
export type UnresolvedCode = 'unsupported_intrinsic' | 'unresolved_reference';

/** `noValue`: the expression is `AWS::NoValue` (or a branch of Fn::If that is): the property or element is absent. */
export type Resolution = { ok: true; value: Json; noValue?: boolean } | { ok: false; reason: string; code?: UnresolvedCode };

export interface ResolveScope {
  /** Parameter values after defaults, parameters.yaml and --param overrides (or the stack's own). */
  parameters: Readonly<Record<string, Json>>;
  /** `AWS::Region`, `AWS::AccountId`, `AWS::Partition`, `AWS::URLSuffix`, `AWS::StackName`… */
  pseudo: Readonly<Record<string, string>>;
  /** Logical ids declared anywhere in the phases. */
  isResource(logicalId: string): boolean;
  /** The live physical id of a matched resource; a reason when it cannot be known (missing, unread). */
  physicalIdOf(logicalId: string): Resolution;
  attributeOf(logicalId: string, attribute: string): Resolution;
  /** The file's `Conditions`, unevaluated. */
  conditions?: Readonly<Record<string, Expr>>;
  /** The file's `Mappings`. */
  mappings?: Readonly<Record<string, Json>>;
  /** What `Fn::GetAZs` returns for the region, when it was read. */
  availabilityZones?: readonly string[];
  /** The value of an export (`Fn::ImportValue`), from the phase tree or the account's exports. */
  importValue?(name: string): Resolution;
}

const unresolved = (reason: string, code?: UnresolvedCode): Resolution => (code ? { ok: false, reason, code } : { ok: false, reason });
const resolved = (value: Json): Resolution => ({ ok: true, value });
const NO_VALUE: Resolution = { ok: true, value: null, noValue: true };

export function containsIntrinsic(expr: Expr): boolean {
  if (expr instanceof Intrinsic) return true;
  if (Array.isArray(expr)) return expr.some(containsIntrinsic);
  if (expr !== null && typeof expr === 'object') return Object.values(expr).some(containsIntrinsic);
  return false;
}

export function resolveExpr(expr: Expr, scope: ResolveScope): Resolution {
  if (expr instanceof Intrinsic) return resolveIntrinsic(expr, scope);
  // Plain values are returned as they are (no copy): most properties hold no intrinsic at all.
  if (Array.isArray(expr)) {
    let out: Json[] | undefined;
    for (let i = 0; i < expr.length; i++) {
      const element = expr[i] as Expr;
      if (element === null || typeof element !== 'object') {
        if (out) out.push(element as Json);
        continue;
      }
      const r = resolveExpr(element, scope);
      if (!r.ok) return r;
      if (r.noValue) {
        out ??= expr.slice(0, i) as Json[]; // AWS::NoValue in a list removes the element
        continue;
      }
      if (r.value !== element || out) (out ??= expr.slice(0, i) as Json[]).push(r.value);
    }
    return resolved((out ?? expr) as Json);
  }
  if (expr !== null && typeof expr === 'object') {
    let out: { [key: string]: Json } | undefined;
    for (const key in expr) {
      const value = expr[key] as Expr;
      if (value === null || typeof value !== 'object') continue;
      const r = resolveExpr(value, scope);
      if (!r.ok) return r;
      if (r.noValue) {
        out ??= { ...(expr as { [key: string]: Json }) };
        delete out[key];
        continue;
      }
      if (r.value !== value) (out ??= { ...(expr as { [key: string]: Json }) })[key] = r.value;
    }
    return resolved((out ?? expr) as Json);
  }
  return resolved(expr);
}

function resolveIntrinsic(call: Intrinsic, scope: ResolveScope): Resolution {
  switch (call.fn) {
    case 'Ref':
      return resolveRef(call.arg as string, scope);
    case 'Fn::GetAtt': {
      const [logicalId, attribute] = call.arg as [string, string];
      return scope.attributeOf(logicalId, attribute);
    }
    case 'Fn::Sub':
      return resolveSub(call.arg, scope);
    case 'Fn::Join': {
      const [separator, parts] = call.arg as [string, Expr];
      const list = resolveExpr(parts, scope);
      if (!list.ok) return list;
      if (!Array.isArray(list.value)) return unresolved('Fn::Join needs a list of values');
      return boundedString(list.value.map((v) => scalarToString(v)), separator, 'Fn::Join');
    }
    case 'Fn::If': {
      if (!Array.isArray(call.arg) || call.arg.length !== 3 || typeof call.arg[0] !== 'string') return unresolved('Fn::If needs [ConditionName, valueIfTrue, valueIfFalse]');
      const condition = evaluateCondition(call.arg[0], scope, []);
      if (!condition.ok) return condition;
      return resolveExpr(call.arg[condition.value ? 1 : 2] as Expr, scope);
    }
    case 'Fn::Equals': case 'Fn::And': case 'Fn::Or': case 'Fn::Not': case 'Condition':
      return conditionValue(call, scope, []);
    case 'Fn::Select': {
      const arg = resolveArgs(call, scope, 2);
      if (!arg.ok) return arg;
      const [index, list] = arg.value as [Json, Json];
      const i = typeof index === 'number' ? index : Number(index);
      if (!Array.isArray(list) || !Number.isInteger(i) || i < 0 || i >= list.length) {
        return unresolved(`Fn::Select index ${String(index)} is outside the list`);
      }
      return resolved(list[i] as Json);
    }
    case 'Fn::Split': {
      const arg = resolveArgs(call, scope, 2);
      if (!arg.ok) return arg;
      const [delimiter, text] = arg.value as [Json, Json];
      if (typeof delimiter !== 'string' || typeof text !== 'string' || delimiter === '') return unresolved('Fn::Split needs [delimiter, string]');
      return resolved(text.split(delimiter));
    }
    case 'Fn::GetAZs': {
      const region = resolveExpr(call.arg, scope);
      if (!region.ok) return region;
      const wanted = region.value === '' || region.value === null ? scope.pseudo['AWS::Region'] : region.value;
      if (wanted !== scope.pseudo['AWS::Region']) return unresolved(`Fn::GetAZs for another region (${String(wanted)}) is not read`, 'unsupported_intrinsic');
      if (!scope.availabilityZones) return unresolved('the availability zones of the region were not read', 'unresolved_reference');
      return resolved([...scope.availabilityZones]);
    }
    case 'Fn::FindInMap': {
      const arg = resolveArgs(call, scope, 3);
      if (!arg.ok) return arg;
      const [map, top, second] = arg.value as [Json, Json, Json];
      const value = lookup(lookup(lookup(scope.mappings ?? {}, map), top), second);
      if (value === undefined) return unresolved(`Fn::FindInMap: ${String(map)}.${String(top)}.${String(second)} is not in Mappings`);
      return resolved(value);
    }
    case 'Fn::Base64': {
      const text = resolveExpr(call.arg, scope);
      if (!text.ok) return text;
      if (typeof text.value !== 'string') return unresolved('Fn::Base64 needs a string');
      return resolved(base64(text.value));
    }
    case 'Fn::Cidr': {
      const arg = resolveArgs(call, scope, 3);
      if (!arg.ok) return arg;
      const [block, count, bits] = arg.value as [Json, Json, Json];
      const cidrs = cidrSubnets(String(block), Number(count), Number(bits));
      return cidrs ? resolved(cidrs) : unresolved(`Fn::Cidr cannot split ${String(block)} into ${String(count)} blocks of ${String(bits)} host bits`);
    }
    case 'Fn::ImportValue': {
      const name = resolveExpr(call.arg, scope);
      if (!name.ok) return name;
      if (typeof name.value !== 'string') return unresolved('Fn::ImportValue needs an export name');
      if (!scope.importValue) return unresolved(`export ${name.value} is not known`, 'unresolved_reference');
      return scope.importValue(name.value);
    }
    case 'Fn::Length': {
      const list = resolveExpr(call.arg, scope);
      if (!list.ok) return list;
      return Array.isArray(list.value) ? resolved(list.value.length) : unresolved('Fn::Length needs a list');
    }
    case 'Fn::ToJsonString': {
      const value = resolveExpr(call.arg, scope);
      if (!value.ok) return value;
      return resolved(JSON.stringify(value.value));
    }
    default:
      return unresolved(`${call.fn} is not evaluated by ialctl`, 'unsupported_intrinsic');
  }
}

/** The arguments of a list-taking function, resolved; `count` of them. */
function resolveArgs(call: Intrinsic, scope: ResolveScope, count: number): Resolution {
  if (!Array.isArray(call.arg) || call.arg.length < count) return unresolved(`${call.fn} needs ${count} arguments`);
  return resolveExpr(call.arg.slice(0, count), scope);
}

function lookup(container: Json | undefined, key: Json): Json | undefined {
  if (container === undefined || container === null || typeof container !== 'object' || Array.isArray(container)) return undefined;
  return Object.prototype.hasOwnProperty.call(container, String(key)) ? container[String(key)] : undefined;
}

export type ConditionResult = { ok: true; value: boolean } | { ok: false; reason: string; code?: UnresolvedCode };

/** Evaluates a named condition of the file; `seen` guards against conditions naming each other in a circle. */
export function evaluateCondition(name: string, scope: ResolveScope, seen: readonly string[] = []): ConditionResult {
  if (seen.includes(name)) return { ok: false, reason: `conditions refer to each other in a circle: ${[...seen, name].join(' → ')}` };
  const expr = scope.conditions?.[name];
  if (expr === undefined) return { ok: false, reason: `condition ${name} is not declared under Conditions` };
  const r = conditionValue(expr, scope, [...seen, name]);
  if (!r.ok) return r;
  if (typeof r.value !== 'boolean') return { ok: false, reason: `condition ${name} is not a boolean` };
  return { ok: true, value: r.value };
}

function conditionValue(expr: Expr, scope: ResolveScope, seen: readonly string[]): Resolution {
  // `{Condition: Name}` is the long form of `!Condition Name` inside Conditions.
  if (expr !== null && typeof expr === 'object' && !Array.isArray(expr) && !(expr instanceof Intrinsic)) {
    const keys = Object.keys(expr);
    if (keys.length === 1 && keys[0] === 'Condition' && typeof expr['Condition'] === 'string') {
      return fromCondition(evaluateCondition(expr['Condition'], scope, seen));
    }
  }
  if (!(expr instanceof Intrinsic)) return resolveExpr(expr, scope);
  const args = Array.isArray(expr.arg) ? expr.arg : [expr.arg];
  const each = (fn: (values: boolean[]) => boolean): Resolution => {
    const values: boolean[] = [];
    for (const a of args) {
      const r = conditionValue(a as Expr, scope, seen);
      if (!r.ok) return r;
      if (typeof r.value !== 'boolean') return unresolved(`${expr.fn} needs conditions, got ${JSON.stringify(r.value)}`);
      values.push(r.value);
    }
    return resolved(fn(values));
  };
  switch (expr.fn) {
    case 'Condition':
      return typeof expr.arg === 'string' ? fromCondition(evaluateCondition(expr.arg, scope, seen)) : unresolved('Condition needs a condition name');
    case 'Fn::Equals': {
      if (args.length !== 2) return unresolved('Fn::Equals needs two values');
      const a = resolveExpr(args[0] as Expr, scope);
      if (!a.ok) return a;
      const b = resolveExpr(args[1] as Expr, scope);
      if (!b.ok) return b;
      // CloudFormation compares the string forms: `!Equals [!Ref Count, 1]` is true for "1".
      return resolved(scalarToString(a.value) === scalarToString(b.value));
    }
    case 'Fn::And':
      return each((v) => v.every(Boolean));
    case 'Fn::Or':
      return each((v) => v.some(Boolean));
    case 'Fn::Not':
      return args.length === 1 ? each((v) => !v[0]) : unresolved('Fn::Not needs one condition');
    default:
      return resolveExpr(expr, scope);
  }
}

function fromCondition(r: ConditionResult): Resolution {
  return r.ok ? resolved(r.value) : r;
}

function boundedString(parts: readonly string[], separator: string, fn: string): Resolution {
  let length = 0;
  for (const p of parts) {
    length += p.length + separator.length;
    if (length > MAX_RESOLVED_STRING) return unresolved(`${fn} builds a value longer than ${MAX_RESOLVED_STRING} characters`);
  }
  return resolved(parts.join(separator));
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** UTF-8 then base64, written out so the core needs no platform buffer API. */
export function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] as number;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += (BASE64[(n >> 18) & 63] as string) + (BASE64[(n >> 12) & 63] as string)
      + (b === undefined ? '=' : (BASE64[(n >> 6) & 63] as string)) + (c === undefined ? '=' : (BASE64[n & 63] as string));
  }
  return out;
}

/** `Fn::Cidr`: `count` consecutive blocks of `hostBits` host bits carved from the start of `block` (IPv4). */
export function cidrSubnets(block: string, count: number, hostBits: number): string[] | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(block.trim());
  if (!m || !Number.isInteger(count) || !Number.isInteger(hostBits) || count < 1 || count > 256 || hostBits < 1) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const newPrefix = 32 - hostBits;
  if (newPrefix < prefix) return undefined;
  if (count > 2 ** (newPrefix - prefix)) return undefined;
  const base = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** hostBits;
  const start = base - (base % 2 ** (32 - prefix));
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const n = start + i * size;
    out.push(`${Math.floor(n / 16777216) % 256}.${Math.floor(n / 65536) % 256}.${Math.floor(n / 256) % 256}.${n % 256}/${newPrefix}`);
  }
  return out;
}

function resolveRef(name: string, scope: ResolveScope): Resolution {
  if (name === 'AWS::NoValue') return NO_VALUE;
  if (name in scope.pseudo) return resolved(scope.pseudo[name] as string);
  if (Object.prototype.hasOwnProperty.call(scope.parameters, name)) return resolved(scope.parameters[name] as Json);
  if (scope.isResource(name)) return scope.physicalIdOf(name);
  if (name === 'AWS::StackName' || name === 'AWS::StackId') return unresolved(`${name} is only known for a file deployed as a stack`, 'unresolved_reference');
  if (name.startsWith('AWS::')) return unresolved(`pseudo parameter ${name} is not known to ialctl`, 'unsupported_intrinsic');
  return unresolved(`Ref ${name} names no parameter or resource`);
}

const SUB_VARIABLE = /\$\{([^}]*)\}/g;

function resolveSub(arg: Expr, scope: ResolveScope): Resolution {
  let template: string;
  let variables: Record<string, Expr> = {};
  if (typeof arg === 'string') template = arg;
  else if (Array.isArray(arg) && typeof arg[0] === 'string') {
    template = arg[0];
    const vars = arg[1];
    if (vars && typeof vars === 'object' && !Array.isArray(vars) && !(vars instanceof Intrinsic)) variables = vars;
  } else return unresolved('Fn::Sub needs a string or [string, {variables}]');

  let failure: string | undefined;
  let code: UnresolvedCode | undefined;
  let length = template.length;
  const text = template.replace(SUB_VARIABLE, (whole, inner: string) => {
    if (failure) return whole;
    if (inner.startsWith('!')) return '${' + inner.slice(1) + '}'; // ${!Literal} escapes
    let r: Resolution;
    if (Object.prototype.hasOwnProperty.call(variables, inner)) r = resolveExpr(variables[inner] as Expr, scope);
    else if (inner.includes('.') && !inner.startsWith('AWS::')) {
      const dot = inner.indexOf('.');
      r = scope.attributeOf(inner.slice(0, dot), inner.slice(dot + 1));
    } else r = resolveRef(inner, scope);
    if (!r.ok) {
      failure = r.reason;
      code = r.code;
      return whole;
    }
    const piece = scalarToString(r.value);
    length += piece.length;
    if (length > MAX_RESOLVED_STRING) {
      failure = `Fn::Sub builds a value longer than ${MAX_RESOLVED_STRING} characters`;
      return '';
    }
    return piece;
  });
  return failure ? unresolved(failure, code) : resolved(text);
}

function scalarToString(value: Json): string {
  if (value === null) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** A name an intrinsic depends on, with where the intrinsic is written (for load-time diagnostics). */
export interface ReferencedName {
  name: string;
  location: SourceLocation;
}

export interface ReferencedAttribute {
  logicalId: string;
  attribute: string;
  location: SourceLocation;
}

/** Names an intrinsic depends on, for load-time validation and for ordering resolution. */
export function referencedNames(expr: Expr): { refs: ReferencedName[]; getAtts: ReferencedAttribute[] } {
  const refs: ReferencedName[] = [];
  const getAtts: ReferencedAttribute[] = [];
  const walk = (e: Expr): void => {
    if (e instanceof Intrinsic) {
      const location = e.location;
      if (e.fn === 'Ref' && typeof e.arg === 'string') refs.push({ name: e.arg, location });
      else if (e.fn === 'Fn::GetAtt' && Array.isArray(e.arg)) {
        getAtts.push({ logicalId: String(e.arg[0]), attribute: String(e.arg[1]), location });
      } else if (e.fn === 'Fn::Sub') {
        const template = typeof e.arg === 'string' ? e.arg : Array.isArray(e.arg) ? e.arg[0] : undefined;
        const locals = Array.isArray(e.arg) && e.arg[1] && typeof e.arg[1] === 'object' ? Object.keys(e.arg[1]) : [];
        if (typeof template === 'string') {
          for (const m of template.matchAll(SUB_VARIABLE)) {
            const inner = m[1] ?? '';
            if (inner.startsWith('!') || locals.includes(inner)) continue;
            const dot = inner.indexOf('.');
            if (dot > 0 && !inner.startsWith('AWS::')) {
              getAtts.push({ logicalId: inner.slice(0, dot), attribute: inner.slice(dot + 1), location });
            } else refs.push({ name: inner, location });
          }
        }
        if (Array.isArray(e.arg) && e.arg[1] !== undefined) walk(e.arg[1]);
        return;
      }
      walk(e.arg);
      return;
    }
    if (Array.isArray(e)) e.forEach(walk);
    else if (e !== null && typeof e === 'object') Object.values(e).forEach(walk);
  };
  walk(expr);
  return { refs, getAtts };
}
