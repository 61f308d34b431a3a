// Minimal edits to a YAML file's source text at the ranges of its parsed nodes. Re-serializing a
// Document reformats lines nobody touched (flow mappings, quotes, indentation); patching the text keeps
// every other byte as it was, so the pull request diff shows only the drifted lines. Pure.
import { isMap, isScalar, isSeq, type Node as YamlNode, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import {
  renderBlockElement, renderFlow, renderScalar, type ScalarStyle, type YamlContext, type YamlValue,
} from './sync-yaml-values.js';

/** Where a value sits: a mapping entry or a list element, with the slot that holds its collection. */
export type Slot =
  | { kind: 'pair'; map: YAMLMap; pair: Pair; parent?: Slot }
  | { kind: 'item'; seq: YAMLSeq; index: number; parent?: Slot };

/** An edit the text patcher cannot make safely; the caller reports the item as unresolved. */
export class YamlEditError extends Error {
  override name = 'YamlEditError';
}

interface TextEdit {
  start: number;
  end: number;
  text: string;
}

type Collection = YAMLMap | YAMLSeq;

interface CollectionOps {
  collection: Collection;
  /** The slot holding the collection, so an emptied collection can be replaced or removed with its key. */
  holder: Slot | undefined;
  removed: Set<number>;
  appended: YamlValue[];
}

export function slotValue(slot: Slot): unknown {
  return slot.kind === 'pair' ? slot.pair.value : slot.seq.items[slot.index];
}

function rangeOf(node: unknown): [number, number, number] {
  const range = (node as YamlNode | null)?.range;
  if (!range) throw new YamlEditError('a value has no position in the file');
  return range;
}

export class YamlTextEditor {
  private readonly edits: TextEdit[] = [];
  private readonly collections = new Map<Collection, CollectionOps>();

  constructor(readonly text: string) {}

  // ── text geometry ──────────────────────────────────────────────────────────

  private lineStart(pos: number): number {
    return this.text.lastIndexOf('\n', pos - 1) + 1;
  }

  private lineEnd(pos: number): number {
    const i = this.text.indexOf('\n', pos);
    return i === -1 ? this.text.length : i + 1;
  }

  private indentAt(lineStart: number): number {
    let i = lineStart;
    while (this.text[i] === ' ') i++;
    return i - lineStart;
  }

  private isCommentLine(lineStart: number): boolean {
    return this.text[lineStart + this.indentAt(lineStart)] === '#';
  }

  private isBlankLine(lineStart: number): boolean {
    const end = this.lineEnd(lineStart);
    return lineStart < this.text.length && this.text.slice(lineStart, end).trim() === '';
  }

  /** Start of a node including its tag (`!Ref X`): yaml's range starts at the value. */
  private nodeStart(node: unknown): number {
    let start = rangeOf(node)[0];
    const tag = (node as { tag?: string }).tag;
    if (tag && tag.startsWith('!')) {
      const before = this.text.slice(0, start).trimEnd();
      if (before.endsWith(tag)) start = before.length - tag.length;
    }
    return start;
  }

  /** End of a node's last content character, before trailing blank and comment-only lines. */
  private contentEnd(node: unknown): number {
    let p = rangeOf(node)[1];
    for (;;) {
      while (p > 0 && /\s/.test(this.text[p - 1] as string)) p--;
      const start = this.lineStart(p);
      if (p > start && this.isCommentLine(start) && start > this.nodeStart(node)) p = start;
      else return p;
    }
  }

  /** Position just after the `:` that follows a mapping key. */
  private afterColon(pair: Pair): number {
    const keyEnd = rangeOf(pair.key)[1];
    const colon = this.text.indexOf(':', keyEnd);
    if (colon === -1) throw new YamlEditError('cannot find the ":" after a key');
    return colon + 1;
  }

  /** Whole lines of a block entry or element, with its leading comment lines: what deleting it removes. */
  private blockLines(first: number, last: unknown): { start: number; end: number } {
    let start = this.lineStart(first);
    const indent = this.indentAt(start);
    if (start + indent !== first) throw new YamlEditError('the entry shares its line with other content');
    while (start > 0) {
      const previous = this.lineStart(start - 1);
      if (!this.isCommentLine(previous) || this.indentAt(previous) !== indent) break;
      start = previous;
    }
    let end = this.lineEnd(Math.max(first, this.contentEnd(last) - 1));
    const blankBefore = start > 0 && this.isBlankLine(this.lineStart(start - 1));
    // Removing a block between two blank lines would leave a double gap; at the end of the file, a trailing one.
    if (blankBefore && this.isBlankLine(end)) end = this.lineEnd(end);
    else if (blankBefore && this.text.slice(end).trim() === '') start = this.lineStart(start - 1);
    return { start, end };
  }

  // ── operations ─────────────────────────────────────────────────────────────

  private opsFor(collection: Collection, holder: Slot | undefined): CollectionOps {
    let ops = this.collections.get(collection);
    if (!ops) {
      ops = { collection, holder, removed: new Set(), appended: [] };
      this.collections.set(collection, ops);
    }
    return ops;
  }

  /** Replaces the value in `slot`, keeping the quoting style of a scalar it replaces. */
  setValue(slot: Slot, value: YamlValue): void {
    const node = slotValue(slot);
    if (node === null || node === undefined) {
      if (slot.kind !== 'pair') throw new YamlEditError('an empty list element cannot be edited');
      // `Key:` with no value: the new value goes after the colon.
      const at = this.afterColon(slot.pair);
      this.edits.push({ start: at, end: at, text: ` ${renderFlow(value)}` });
      return;
    }
    const flowContext: YamlContext = this.inFlow(slot) ? 'flow' : 'block';
    if (isScalar(node) && (value === null || typeof value !== 'object')) {
      this.replaceScalar(node, value, flowContext);
      return;
    }
    const start = this.nodeStart(node);
    const end = this.contentEnd(node);
    if ((isMap(node) || isSeq(node)) && !node.flow && slot.kind === 'pair') {
      // A block collection starts on the next line; its flow replacement goes right after the key.
      this.edits.push({ start: this.afterColon(slot.pair), end, text: ` ${renderFlow(value)}` });
      return;
    }
    this.edits.push({ start, end, text: renderFlow(value) });
  }

  private replaceScalar(node: Scalar, value: null | boolean | number | string, context: YamlContext): void {
    if (node.tag) throw new YamlEditError(`the value is tagged ${node.tag}`);
    const [start, end] = rangeOf(node);
    const style = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE' ? (node.type as ScalarStyle) : 'PLAIN';
    let text = renderScalar(value, context, style);
    if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') {
      // A block scalar's range ends after its last line break: the one-line replacement needs it back.
      text = renderScalar(value, context, 'QUOTE_DOUBLE');
      if (this.text[end - 1] === '\n') text += '\n';
    }
    this.edits.push({ start, end, text });
  }

  private inFlow(slot: Slot): boolean {
    return slot.kind === 'pair' ? slot.map.flow === true : slot.seq.flow === true;
  }

  /** Removes a mapping entry or a list element (with its leading comment lines). */
  remove(slot: Slot): void {
    if (slot.kind === 'pair') {
      const index = slot.map.items.indexOf(slot.pair);
      if (index < 0) throw new YamlEditError('entry not found in its mapping');
      this.opsFor(slot.map, slot.parent).removed.add(index);
    } else {
      this.opsFor(slot.seq, slot.parent).removed.add(slot.index);
    }
  }

  /** Appends an element to the list held by `holder`, in the style of the elements already there. */
  append(holder: Slot, value: YamlValue): void {
    const seq = slotValue(holder);
    if (!isSeq(seq)) throw new YamlEditError('the value is not a list');
    this.opsFor(seq, holder).appended.push(value);
  }

  // ── materialization ────────────────────────────────────────────────────────

  private materialize(ops: CollectionOps): void {
    const { collection, holder } = ops;
    const items = collection.items as unknown[];
    const kept = items.length - ops.removed.size;
    if (kept === 0 && ops.appended.length === 0) {
      this.emptied(collection, holder);
      return;
    }
    if (collection.flow) {
      this.rebuildFlow(ops);
      return;
    }
    for (const index of ops.removed) {
      const item = items[index];
      const first = isSeq(collection) ? this.dashOf(item) : this.nodeStart((item as Pair).key);
      const last = isSeq(collection) ? item : ((item as Pair).value ?? (item as Pair).key);
      const { start, end } = this.blockLines(first, last);
      this.edits.push({ start, end, text: '' });
    }
    if (ops.appended.length > 0) this.appendBlock(ops);
  }

  /** A collection left with no entries: `Key: []` / `Key: {}`, or gone with its key when it was nested. */
  private emptied(collection: Collection, holder: Slot | undefined): void {
    if (holder && holder.kind === 'pair' && isMap(collection) && holder.parent) {
      this.remove(holder);
      return;
    }
    const empty = isSeq(collection) ? '[]' : '{}';
    if (holder && holder.kind === 'pair' && !collection.flow) {
      this.edits.push({ start: this.afterColon(holder.pair), end: this.contentEnd(collection), text: ` ${empty}` });
      return;
    }
    this.edits.push({ start: this.nodeStart(collection), end: rangeOf(collection)[1], text: empty });
  }

  private dashOf(item: unknown): number {
    let p = this.nodeStart(item) - 1;
    while (p >= 0 && (this.text[p] === ' ' || this.text[p] === '\t')) p--;
    if (this.text[p] !== '-') throw new YamlEditError('a list element does not start with "-" on its line');
    return p;
  }

  private rebuildFlow(ops: CollectionOps): void {
    const { collection } = ops;
    const items = collection.items as unknown[];
    const parts: string[] = [];
    items.forEach((item, index) => {
      if (ops.removed.has(index)) return;
      const first = isSeq(collection) ? this.nodeStart(item) : this.nodeStart((item as Pair).key);
      const last = isSeq(collection) ? item : ((item as Pair).value ?? (item as Pair).key);
      parts.push(this.text.slice(first, rangeOf(last)[1]).trim());
    });
    for (const value of ops.appended) parts.push(renderFlow(value));
    const [start, end] = rangeOf(collection);
    const open = this.text[start] as string;
    const close = this.text[end - 1] as string;
    const pad = this.text[start + 1] === ' ' ? ' ' : '';
    this.edits.push({ start, end, text: `${open}${pad}${parts.join(', ')}${pad}${close}` });
  }

  private appendBlock(ops: CollectionOps): void {
    const items = ops.collection.items as unknown[];
    const last = items[items.length - 1];
    const dash = this.dashOf(items[0]);
    const indent = dash - this.lineStart(dash);
    const sample = items.find((i) => isMap(i));
    const style = sample === undefined ? 'auto' : (sample as YAMLMap).flow ? 'flow' : 'block';
    const at = this.lineEnd(this.contentEnd(last) - 1);
    const prefix = at === this.text.length && !this.text.endsWith('\n') ? '\n' : '';
    const lines = ops.appended.flatMap((value) => renderBlockElement(value, indent, style));
    this.edits.push({ start: at, end: at, text: `${prefix}${lines.join('\n')}\n` });
  }

  /** The edited text; throws when two edits overlap (the caller reports those items as unresolved). */
  result(): string {
    // Deepest collections first: emptying one removes its key from the enclosing mapping, which is
    // then materialized with that removal included.
    const done = new Set<Collection>();
    for (;;) {
      const next = [...this.collections.values()]
        .filter((o) => !done.has(o.collection))
        .sort((a, b) => depth(b.holder) - depth(a.holder))[0];
      if (next === undefined) break;
      done.add(next.collection);
      if (next.holder && this.isRemoved(next.holder)) continue;
      this.materialize(next);
    }
    // Stable sort: insertions at one position keep the order they were made in.
    const edits = this.edits.map((e, order) => ({ ...e, order })).sort((a, b) => a.start - b.start || a.end - b.end || a.order - b.order);
    let out = '';
    let cursor = 0;
    for (const e of edits) {
      if (e.start < cursor) throw new YamlEditError('two changes touch the same part of the file');
      out += this.text.slice(cursor, e.start) + e.text;
      cursor = e.end;
    }
    return out + this.text.slice(cursor);
  }

  private isRemoved(slot: Slot): boolean {
    const collection = slot.kind === 'pair' ? slot.map : slot.seq;
    const ops = this.collections.get(collection);
    if (!ops) return false;
    const index = slot.kind === 'pair' ? slot.map.items.indexOf(slot.pair) : slot.index;
    if (ops.removed.has(index)) return true;
    return slot.parent ? this.isRemoved(slot.parent) : false;
  }
}

function depth(slot: Slot | undefined): number {
  let n = 0;
  for (let s = slot; s; s = s.parent) n++;
  return n;
}
