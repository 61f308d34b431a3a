// Finds where a key path sits in the YAML source, so errors can say file:line:column.

import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter } from 'yaml';
import type { IssuePath } from './issues.js';

export interface Position {
  line: number;
  col: number;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range?.[0];
}

/**
 * Position of the value at `path` (or of the key itself when `atKey`). When the path does not exist
 * in the source (a required key left out), the deepest existing ancestor is used.
 */
export function positionOf(doc: Document, lineCounter: LineCounter, path: IssuePath, atKey: boolean): Position {
  let node: unknown = doc.contents;
  let offset = rangeStart(node) ?? 0;
  for (let i = 0; i < path.length; i++) {
    if (isAlias(node)) node = node.resolve(doc);
    const segment = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (pair === undefined) break;
      const keyStart = rangeStart(pair.key);
      if (last && atKey) {
        offset = keyStart ?? offset;
        break;
      }
      const valueRange = (pair.value as { range?: [number, number, number] } | null)?.range;
      // `key:` with nothing after it yields an empty value node (or none): point at the key instead.
      if (valueRange === undefined || valueRange[0] === valueRange[1]) {
        offset = keyStart ?? offset;
        break;
      }
      node = pair.value;
      offset = valueRange[0];
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      const start = rangeStart(item);
      if (start === undefined) break;
      node = item;
      offset = start;
    } else {
      break;
    }
  }
  return lineCounter.linePos(offset);
}
