// Who refers to a name in the phase files, read from the YAML itself (every section, not only the
// properties the loader keeps): reverse sync may change a parameter only when one place uses it, and
// may delete a resource only when nothing else points at it. Pure.
import { isMap, isPair, isScalar, isSeq, type Document, type Pair } from 'yaml';
import { KNOWN_FUNCTIONS, shortTagFor } from './intrinsics.js';

export interface NameReference {
  /** Parameter or logical id referred to (for `GetAtt X.Attr` and `${X.Attr}`: `X`). */
  name: string;
  via: 'Ref' | 'GetAtt' | 'Sub' | 'DependsOn';
  /** Top-level template section the reference is in (`Resources`, `Outputs`, `Conditions`…). */
  section: string;
  /** The resource whose declaration holds the reference, when it is under Resources. */
  resource?: string;
}

const FUNCTION_BY_TAG = new Map<string, string>(KNOWN_FUNCTIONS.map((fn) => [shortTagFor(fn), fn]));
const SUB_VARIABLE = /\$\{([^}!][^}]*)\}/g;

/** The intrinsic a node is written as (`!Ref X` or `{ Ref: X }`), if it is one. */
export function intrinsicOf(node: unknown): { fn: string; arg: unknown } | undefined {
  const tag = (node as { tag?: string } | null)?.tag;
  if (tag) {
    const fn = FUNCTION_BY_TAG.get(tag);
    return fn ? { fn, arg: node } : undefined;
  }
  if (isMap(node) && node.items.length === 1) {
    const pair = node.items[0] as Pair;
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (key === 'Ref' || key.startsWith('Fn::')) return { fn: key, arg: pair.value };
  }
  return undefined;
}

function scalarText(node: unknown): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

/** Variables of a `Fn::Sub` template that are not local to it: `${Name}` and `${Res.Attr}`. */
export function subVariables(template: string, locals: readonly string[] = []): string[] {
  const out: string[] = [];
  for (const m of template.matchAll(SUB_VARIABLE)) {
    const inner = (m[1] ?? '').trim();
    if (locals.includes(inner)) continue;
    out.push(inner);
  }
  return out;
}

function subReferences(arg: unknown, push: (name: string, via: NameReference['via']) => void, walk: (n: unknown) => void): void {
  const template = isSeq(arg) ? scalarText(arg.items[0]) : scalarText(arg);
  const vars = isSeq(arg) ? arg.items[1] : undefined;
  const locals = isMap(vars) ? vars.items.map((p) => (isScalar((p as Pair).key) ? String(((p as Pair).key as { value: unknown }).value) : '')) : [];
  if (template !== undefined) {
    for (const variable of subVariables(template, locals)) {
      const dot = variable.indexOf('.');
      push(dot > 0 && !variable.startsWith('AWS::') ? variable.slice(0, dot) : variable, 'Sub');
    }
  }
  if (vars !== undefined) walk(vars);
}

/** Every reference in a phase document, in document order. */
export function collectReferences(document: Document): NameReference[] {
  const out: NameReference[] = [];
  const root = document.contents;
  if (!isMap(root)) return out;
  for (const sectionPair of root.items) {
    const section = isScalar(sectionPair.key) ? String(sectionPair.key.value) : '';
    if (section === 'Resources' && isMap(sectionPair.value)) {
      for (const resourcePair of sectionPair.value.items) {
        const resource = isScalar(resourcePair.key) ? String(resourcePair.key.value) : '';
        walkNode(resourcePair.value, (name, via) => out.push({ name, via, section, resource }));
        const body = resourcePair.value;
        if (isMap(body)) {
          const dependsOn = body.get('DependsOn', true);
          const names = isSeq(dependsOn) ? dependsOn.items.map(scalarText) : [scalarText(dependsOn)];
          for (const name of names) if (name !== undefined) out.push({ name, via: 'DependsOn', section, resource });
        }
      }
      continue;
    }
    walkNode(sectionPair.value, (name, via) => out.push({ name, via, section }));
  }
  return out;
}

function walkNode(node: unknown, push: (name: string, via: NameReference['via']) => void): void {
  const walk = (n: unknown): void => {
    if (n === null || n === undefined) return;
    const call = intrinsicOf(n);
    if (call) {
      const { fn, arg } = call;
      if (fn === 'Ref') {
        const name = scalarText(arg);
        if (name !== undefined) push(name, 'Ref');
        return;
      }
      if (fn === 'Fn::GetAtt') {
        const text = scalarText(arg);
        const first = text !== undefined ? text.split('.')[0] : isSeq(arg) ? scalarText(arg.items[0]) : undefined;
        if (first) push(first, 'GetAtt');
        return;
      }
      if (fn === 'Fn::Sub') {
        subReferences(arg, push, walk);
        return;
      }
      // Other functions: their arguments may hold references. A tagged scalar has no children.
      if (arg !== n) walk(arg);
      else if (isSeq(n) || isMap(n)) walkChildren(n, walk);
      return;
    }
    walkChildren(n, walk);
  };
  walk(node);
}

function walkChildren(n: unknown, walk: (n: unknown) => void): void {
  if (isSeq(n)) for (const item of n.items) walk(item);
  else if (isMap(n)) for (const pair of n.items) walk(isPair(pair) ? pair.value : pair);
}
