// Finding the YAML node a drift difference is about: `Properties.<path>` of a resource, through nested
// mappings and keyed lists (`ClusterSettings.containerInsights.Value` → the element whose Name is
// containerInsights). The loaded Expr is walked alongside, so list elements can be resolved and compared.
import { isAlias, isMap, isScalar, isSeq, type Document, type Pair, type YAMLMap } from 'yaml';
import type { Expr } from './intrinsics.js';
import { KEYED_LISTS } from './normalize.js';
import { intrinsicOf } from './sync-references.js';
import type { Slot } from './sync-yaml-edit.js';

export function pairNamed(map: YAMLMap, name: string): Pair | undefined {
  return map.items.find((p) => isScalar(p.key) && String(p.key.value) === name) as Pair | undefined;
}

export interface ResourceSlots {
  /** The `LogicalId:` entry under Resources. */
  resource: Slot;
  /** The `Properties:` entry, when the resource has one. */
  properties?: Slot;
}

export function resourceSlots(document: Document, logicalId: string): ResourceSlots | undefined {
  const root = document.contents;
  if (!isMap(root)) return undefined;
  const resourcesPair = pairNamed(root, 'Resources');
  if (!resourcesPair || !isMap(resourcesPair.value)) return undefined;
  const sectionSlot: Slot = { kind: 'pair', map: root, pair: resourcesPair };
  const resourcePair = pairNamed(resourcesPair.value, logicalId);
  if (!resourcePair) return undefined;
  const resource: Slot = { kind: 'pair', map: resourcesPair.value, pair: resourcePair, parent: sectionSlot };
  const body = resourcePair.value;
  if (!isMap(body)) return { resource };
  const propertiesPair = pairNamed(body, 'Properties');
  if (!propertiesPair) return { resource };
  return { resource, properties: { kind: 'pair', map: body, pair: propertiesPair, parent: resource } };
}

export type Navigation =
  | {
      kind: 'found';
      slot: Slot;
      node: unknown;
      expr: Expr | undefined;
      /** The path without keyed-list keys, for spec lookups (`ClusterSettings.Value`). */
      specPath: string[];
    }
  /** An intrinsic (`!Ref`, `!If`…) stands where the path goes on: the value is computed, not written. */
  | { kind: 'intrinsic'; fn: string; at: string }
  | { kind: 'alias'; at: string }
  | { kind: 'not-found'; at: string };

function exprAt(expr: Expr | undefined, key: string | number): Expr | undefined {
  if (expr === undefined || expr === null || typeof expr !== 'object') return undefined;
  if (Array.isArray(expr)) return typeof key === 'number' ? expr[key] : undefined;
  if (!(key in expr)) return undefined;
  return (expr as Record<string, Expr>)[key as string];
}

/** Walks `segments` from the Properties slot of a resource of `type`; `properties` is its loaded Expr map. */
export function navigate(propertiesSlot: Slot, type: string, segments: readonly string[], properties: Record<string, Expr>): Navigation {
  let slot = propertiesSlot;
  let node: unknown = (propertiesSlot as { pair: Pair }).pair.value;
  let expr: Expr | undefined = properties as Expr;
  const specPath: string[] = [];
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as string;
    const at = segments.slice(0, i + 1).join('.');
    if (isAlias(node)) return { kind: 'alias', at };
    const call = intrinsicOf(node);
    if (call) return { kind: 'intrinsic', fn: call.fn, at: segments.slice(0, i).join('.') };
    if (isMap(node)) {
      const pair = pairNamed(node, segment);
      if (!pair) return { kind: 'not-found', at };
      slot = { kind: 'pair', map: node, pair, parent: slot };
      node = pair.value;
      expr = exprAt(expr, segment);
      specPath.push(segment);
      continue;
    }
    if (isSeq(node)) {
      const keyField = i === 1 ? KEYED_LISTS[`${type}.${segments[0]}`] : undefined;
      if (!keyField) return { kind: 'not-found', at };
      const index = node.items.findIndex((item) => {
        if (!isMap(item)) return false;
        const key = pairNamed(item, keyField)?.value;
        return isScalar(key) && String(key.value) === segment;
      });
      if (index < 0) return { kind: 'not-found', at };
      slot = { kind: 'item', seq: node, index, parent: slot };
      node = node.items[index];
      expr = exprAt(expr, index);
      continue;
    }
    return { kind: 'not-found', at };
  }
  if (isAlias(node)) return { kind: 'alias', at: segments.join('.') };
  return { kind: 'found', slot, node, expr, specPath };
}

/** True when an intrinsic or alias appears anywhere in the node: replacing it whole would lose it. */
export function containsComputedNode(node: unknown): boolean {
  if (isAlias(node) || intrinsicOf(node)) return true;
  if (isSeq(node)) return node.items.some(containsComputedNode);
  if (isMap(node)) return node.items.some((p) => containsComputedNode((p as Pair).value));
  return false;
}

/** A node holding an anchor (`&name`) is shared by its aliases: editing it would change them too. */
export function hasAnchor(node: unknown): boolean {
  return typeof (node as { anchor?: string } | null)?.anchor === 'string';
}
