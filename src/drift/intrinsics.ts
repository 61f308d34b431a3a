// CloudFormation intrinsic functions: their parsed form and their resolution against
// parameters, pseudo parameters and matched live resources. Pure.
import type { Json, SourceLocation } from './model.js';

/** Functions ialctl can evaluate. Any other intrinsic makes its property "not checked". */
export const SUPPORTED_FUNCTIONS = ['Ref', 'Fn::Sub', 'Fn::GetAtt', 'Fn::Join'] as const;

/** Every intrinsic CloudFormation knows, by long name; short YAML tags are `!` + the part after `Fn::`. */
export const KNOWN_FUNCTIONS = [
  'Ref', 'Condition', 'Fn::Sub', 'Fn::GetAtt', 'Fn::Join', 'Fn::Select', 'Fn::Split', 'Fn::If', 'Fn::Equals',
  'Fn::And', 'Fn::Or', 'Fn::Not', 'Fn::FindInMap', 'Fn::GetAZs', 'Fn::ImportValue', 'Fn::Base64', 'Fn::Cidr',
  'Fn::Transform', 'Fn::ToJsonString', 'Fn::Length',
] as const;

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

export type Resolution = { ok: true; value: Json } | { ok: false; reason: string };

export interface ResolveScope {
  /** Parameter values after defaults, parameters.yaml and --param overrides. */
  parameters: Readonly<Record<string, Json>>;
  /** `AWS::Region`, `AWS::AccountId`, `AWS::Partition`, `AWS::URLSuffix`… */
  pseudo: Readonly<Record<string, string>>;
  /** Logical ids declared anywhere in the phases. */
  isResource(logicalId: string): boolean;
  /** The live physical id of a matched resource; a reason when it cannot be known (missing, unread). */
  physicalIdOf(logicalId: string): Resolution;
  attributeOf(logicalId: string, attribute: string): Resolution;
}

const unresolved = (reason: string): Resolution => ({ ok: false, reason });
const resolved = (value: Json): Resolution => ({ ok: true, value });

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
      if (element === null || typeof element !== 'object') continue;
      const r = resolveExpr(element, scope);
      if (!r.ok) return r;
      if (r.value !== element) (out ??= expr.slice() as Json[])[i] = r.value;
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
      return resolved(list.value.map((v) => scalarToString(v)).join(separator));
    }
    default:
      return unresolved(`${call.fn} is not evaluated by ialctl (supported: ${SUPPORTED_FUNCTIONS.join(', ')})`);
  }
}

function resolveRef(name: string, scope: ResolveScope): Resolution {
  if (name in scope.pseudo) return resolved(scope.pseudo[name] as string);
  if (Object.prototype.hasOwnProperty.call(scope.parameters, name)) return resolved(scope.parameters[name] as Json);
  if (scope.isResource(name)) return scope.physicalIdOf(name);
  if (name.startsWith('AWS::')) return unresolved(`pseudo parameter ${name} is not known to ialctl`);
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
      return whole;
    }
    return scalarToString(r.value);
  });
  return failure ? unresolved(failure) : resolved(text);
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
