// Reverse sync, the deciding part: a drift report → the smallest edits to the phase files that make
// them state what AWS holds now. Every edit is made on the source text at the ranges of the parsed
// nodes, so comments, key order, quoting and layout stay as they were. What cannot be written safely
// (computed values, shared parameters, unselected deletions) is listed as unresolved, with the reason.
// Pure: the caller passes the file texts, the report and the live state.
import { isAlias, isMap, isScalar, isSeq, type Node as YamlNode } from 'yaml';
import { compare } from './compare.js';
import {
  buildReferenceIndex, codifiedProperties, fileSlug, freshLogicalId, newFileName, phaseFor, renderCodifiedFile,
  givenName, resourceName, toYamlValue, type ReferenceIndex,
} from './codify.js';
import { IDENTITY_RULES } from './identity.js';
import { resolveExpr, type Expr, type ResolveScope } from './intrinsics.js';
import type { DriftItem, DriftReport, DriftType, Json, JsonObject, LiveResource, LiveState, PropertyDifference } from './model.js';
import { KEYED_LISTS, diffProperty } from './normalize.js';
import { parsePhaseYaml, type DesiredResource, type DesiredState, type PhaseSource } from './phases.js';
import { propertySpecAt, resourceSpec } from './spec.js';
import { containsComputedNode, hasAnchor, navigate, pairNamed, resourceSlots } from './sync-navigate.js';
import {
  planParameterChange, solveParameter, type ParameterContext, type ParsedFile, type Refusal, type UnresolvedCode,
} from './sync-parameters.js';
import { collectReferences, intrinsicOf } from './sync-references.js';
import { YamlEditError, YamlTextEditor, type Slot } from './sync-yaml-edit.js';
import { toJson, type YamlValue } from './sync-yaml-values.js';

export type { UnresolvedCode } from './sync-parameters.js';

export interface SyncOptions {
  /** Report item ids to sync; every item when absent. */
  itemIds?: readonly string[];
  /** Logical ids, physical ids or names (case-insensitive) of the resources to sync; every resource when absent. */
  resources?: readonly string[];
  /** Logical ids (or item ids) of missing resources to delete from their file: deleting needs an explicit choice. */
  removeMissing: readonly string[];
  /** Text of every phase file, as loaded: edits patch it. */
  sources: readonly PhaseSource[];
  parametersFile?: { file: string; text: string };
  /** `--param` values in effect: parameters set this way cannot be changed in a file. */
  parameterOverrides?: Readonly<Record<string, string>>;
  /** Properties the readers report per type: codified resources declare only those. */
  readableProperties?: (type: string) => ReadonlySet<string> | undefined;
  /** Folder holding the phase folders, as file paths show it (default: derived from `sources`). */
  phasesRoot?: string;
}

export type ChangeKind =
  | 'set'
  | 'set-parameter'
  | 'add-element'
  | 'remove-element'
  | 'remove-property'
  | 'remove-resource'
  | 'add-resource';

export interface SyncChange {
  itemId: string;
  logicalId: string;
  /** The report's difference path (`Tags.Owner`, `SecurityGroupIngress`); empty for a whole resource. */
  path: string;
  kind: ChangeKind;
  /** Declared value (resolved), null when the change adds something. */
  from: Json;
  /** Live value, null when the change removes something. */
  to: Json;
  /** Line of the edited place in the file before the edit (1-based). */
  line: number;
  /** For `set-parameter`: the parameter whose value changes. */
  parameter?: string;
}

export interface FileEdit {
  file: string;
  original: string;
  text: string;
  changes: SyncChange[];
}

export interface NewFile {
  file: string;
  phase: string;
  text: string;
  itemId: string;
  logicalId: string;
  resourceType: string;
  physicalId: string;
  changes: SyncChange[];
}

export interface UnresolvedItem {
  itemId: string;
  logicalId: string | null;
  physicalId: string | null;
  /** The difference left as it is; null when the whole item is. */
  path: string | null;
  code: UnresolvedCode;
  reason: string;
}

/** An item (or the part of it) the plan brings into Git: the zero-diff proof checks exactly these. */
export interface SyncedItem {
  itemId: string;
  type: DriftType;
  resourceType: string;
  logicalId: string | null;
  physicalId: string | null;
  differences: PropertyDifference[];
  /** For a codified extra resource: its new logical id. */
  codifiedAs?: string;
}

export interface SyncPlan {
  edits: FileEdit[];
  newFiles: NewFile[];
  unresolved: UnresolvedItem[];
  synced: SyncedItem[];
}

type Outcome = { ok: true } | Refusal;
const OK: Outcome = { ok: true };
const refuse = (code: UnresolvedCode, reason: string): Refusal => ({ ok: false, code, reason });

function lower(value: string | null | undefined): string | undefined {
  return value === null || value === undefined ? undefined : value.trim().toLowerCase();
}

/** The name an extra resource is reported under (its Name tag or name property), for `--resource`. */
function extraName(item: DriftItem): string | undefined {
  const d = item.differences[0];
  return item.type === 'extra_resource' && typeof d?.actual === 'string' ? d.actual : undefined;
}

export function selectItems(items: readonly DriftItem[], options: Pick<SyncOptions, 'itemIds' | 'resources' | 'removeMissing'>): DriftItem[] {
  const wanted = new Set((options.resources ?? []).map((r) => r.trim().toLowerCase()));
  const ids = new Set(options.itemIds ?? []);
  const removals = new Set(options.removeMissing.map((r) => r.trim().toLowerCase()));
  const isWanted = (item: DriftItem): boolean =>
    [item.logicalId, item.physicalId, extraName(item)].some((n) => n !== null && n !== undefined && wanted.has(n.toLowerCase()));
  return items.filter((item) => {
    const removal = item.type === 'missing_resource' && (removals.has(lower(item.logicalId) ?? '') || removals.has(item.id.toLowerCase()));
    return removal || ((ids.size === 0 || ids.has(item.id)) && (wanted.size === 0 || isWanted(item)));
  });
}

function phasesRootOf(sources: readonly PhaseSource[]): string {
  for (const s of sources) {
    const marker = `/${s.phase}/`;
    const at = s.file.lastIndexOf(marker);
    if (at >= 0) return s.file.slice(0, at);
    if (s.file.startsWith(`${s.phase}/`)) return '';
  }
  return 'phases';
}

function joinPath(...parts: string[]): string {
  return parts.filter((p) => p !== '').join('/');
}

/** Elements equal after normalization, in both directions (covering alone ignores extra fields). */
function sameElement(type: string, specPath: readonly string[], a: Json, b: Json): boolean {
  const [top, ...rest] = specPath;
  if (top === undefined) return false;
  const wrap = (element: Json): Json => rest.reduceRight<Json>((acc, key) => ({ [key]: acc }), [element]);
  const ctx = { resourceType: type };
  return diffProperty(top, wrap(a), wrap(b), ctx).length === 0 && diffProperty(top, wrap(b), wrap(a), ctx).length === 0;
}

/** The live value at a report path, as AWS wrote it (the report's copy may be lower-cased or coerced). */
function liveValueAt(live: LiveResource | undefined, type: string, segments: readonly string[]): Json | undefined {
  let value: Json | undefined = live?.properties;
  for (let i = 0; i < segments.length && value !== undefined; i++) {
    const segment = segments[i] as string;
    if (Array.isArray(value)) {
      const keyField = i === 1 ? KEYED_LISTS[`${type}.${segments[0]}`] : undefined;
      value = keyField ? value.find((e) => e !== null && typeof e === 'object' && !Array.isArray(e) && String(e[keyField]) === segment) : undefined;
    } else if (value !== null && typeof value === 'object') {
      value = (value as JsonObject)[segment];
    } else return undefined;
  }
  return value;
}

/** The reported live value, in AWS's own spelling when only case or type coercion separates them. */
function writtenValue(reported: Json | undefined, raw: Json | undefined): Json {
  if (reported === undefined) return null;
  if (typeof reported === 'string' && typeof raw === 'string' && raw.toLowerCase() === reported.toLowerCase()) return raw;
  return reported;
}

/** Keeps the YAML type of the value being replaced when the new one is the same kind of thing as text. */
function likeDeclared(node: unknown, value: Json): Json {
  const current = isScalar(node) ? node.value : undefined;
  if (typeof current === 'number' && typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (typeof current === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  if (typeof current === 'string' && (typeof value === 'number' || typeof value === 'boolean')) return String(value);
  return value;
}

function resolveScopes(live: LiveState, desired: readonly DesiredResource[], matches: ReadonlyMap<string, LiveResource>): (d: DesiredResource) => ResolveScope {
  const byId = new Set(desired.map((d) => d.logicalId));
  const pseudo: Record<string, string> = {
    'AWS::Region': live.region,
    'AWS::AccountId': live.accountId,
    'AWS::Partition': live.region.startsWith('cn-') ? 'aws-cn' : live.region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws',
    'AWS::URLSuffix': live.region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com',
  };
  return (d) => ({
    parameters: d.parameters,
    pseudo,
    isResource: (id) => byId.has(id),
    physicalIdOf: (id) => {
      const m = matches.get(id);
      return m ? { ok: true, value: m.physicalId } : { ok: false, reason: `${id} is not matched in AWS` };
    },
    attributeOf: (id, attribute) => {
      const value = matches.get(id)?.attributes[attribute];
      return value === undefined ? { ok: false, reason: `${id}.${attribute} is not known` } : { ok: true, value };
    },
  });
}

class PlanBuilder {
  readonly files = new Map<string, ParsedFile>();
  readonly changes = new Map<string, SyncChange[]>();
  readonly newFiles: NewFile[] = [];
  readonly unresolved: UnresolvedItem[] = [];
  readonly synced = new Map<string, SyncedItem>();
  /** List elements already claimed by a REMOVE, so two equal differences remove two elements. */
  private readonly claimed = new Map<unknown, Set<number>>();

  constructor(
    readonly desired: DesiredState,
    readonly live: LiveState,
    readonly options: SyncOptions,
    readonly matches: ReadonlyMap<string, LiveResource>,
    readonly scopeOf: (d: DesiredResource) => ResolveScope,
    readonly refs: ReferenceIndex,
    readonly parameters: ParameterContext,
  ) {}

  lineOf(file: ParsedFile, node: unknown): number {
    const range = (node as YamlNode | null)?.range;
    return range ? file.lineCounter.linePos(range[0]).line : 1;
  }

  slotLine(file: ParsedFile, slot: Slot): number {
    return this.lineOf(file, slot.kind === 'pair' ? slot.pair.key : slot.seq.items[slot.index]);
  }

  record(file: string, change: SyncChange): void {
    const list = this.changes.get(file) ?? [];
    list.push(change);
    this.changes.set(file, list);
  }

  markSynced(item: DriftItem, difference: PropertyDifference | undefined, codifiedAs?: string): void {
    let entry = this.synced.get(item.id);
    if (!entry) {
      entry = {
        itemId: item.id, type: item.type, resourceType: item.resourceType, logicalId: item.logicalId, physicalId: item.physicalId,
        differences: [], ...(codifiedAs !== undefined ? { codifiedAs } : {}),
      };
      this.synced.set(item.id, entry);
    }
    if (difference) entry.differences.push(difference);
  }

  leave(item: DriftItem, path: string | null, refusal: Refusal): void {
    this.unresolved.push({ itemId: item.id, logicalId: item.logicalId, physicalId: item.physicalId, path, code: refusal.code, reason: refusal.reason });
  }

  // ── configuration and tag drift ──────────────────────────────────────────

  syncDrift(item: DriftItem): void {
    const d = item.logicalId === null ? undefined : this.desired.resources.find((r) => r.logicalId === item.logicalId);
    const file = d ? this.files.get(d.file) : undefined;
    const slots = d && file ? resourceSlots(file.document, d.logicalId) : undefined;
    if (!d || !file || !slots?.properties) {
      this.leave(item, null, refuse('not-found', `the declaration of ${item.logicalId ?? item.physicalId} was not found in the phase files`));
      return;
    }
    for (const difference of item.differences) {
      let outcome: Outcome;
      try {
        outcome = item.type === 'tag_drift'
          ? this.syncTag(item, d, file, slots.properties, difference)
          : this.syncProperty(item, d, file, slots.properties, difference);
      } catch (error) {
        if (!(error instanceof YamlEditError)) throw error;
        outcome = refuse('edit-failed', `cannot edit ${file.file} safely here: ${error.message}`);
      }
      if (outcome.ok) this.markSynced(item, difference);
      else this.leave(item, difference.path, outcome);
    }
  }

  private syncTag(item: DriftItem, d: DesiredResource, file: ParsedFile, properties: Slot, difference: PropertyDifference): Outcome {
    const tagProperty = resourceSpec(d.type)?.tagPropertyName ?? 'Tags';
    const key = difference.path.slice(difference.path.indexOf('.') + 1);
    const nav = navigate(properties, d.type, [tagProperty], d.properties);
    if (nav.kind !== 'found') return this.navigationRefusal(nav, difference.path);
    const call = intrinsicOf(nav.node);
    if (call) return refuse('intrinsic', `${tagProperty} is declared as ${call.fn.replace(/^Fn::/, '!')}, a computed list; change it by hand`);
    if (!isSeq(nav.node)) return refuse('not-found', `${tagProperty} of ${d.logicalId} is not a list in ${file.file}`);
    const seq = nav.node;
    const scope = this.scopeOf(d);
    const elements = Array.isArray(nav.expr) ? nav.expr : [];
    const index = elements.findIndex((e, i) => {
      if (!isMap(seq.items[i]) || e === null || typeof e !== 'object' || Array.isArray(e) || !('Key' in e)) return false;
      const r = resolveExpr((e as Record<string, Expr>)['Key'] as Expr, scope);
      return r.ok && String(r.value) === key;
    });
    const base = { itemId: item.id, logicalId: d.logicalId, path: difference.path };
    switch (difference.kind) {
      case 'ADD': {
        const value = String(difference.actual ?? '');
        file.editor.append(nav.slot, { Key: key, Value: value });
        this.record(file.file, { ...base, kind: 'add-element', from: null, to: value, line: this.slotLine(file, nav.slot) });
        return OK;
      }
      case 'REMOVE': {
        if (index < 0) return refuse('not-found', `tag ${key} of ${d.logicalId} was not found in ${file.file}`);
        const slot: Slot = { kind: 'item', seq, index, parent: nav.slot };
        file.editor.remove(slot);
        this.record(file.file, { ...base, kind: 'remove-element', from: difference.expected ?? null, to: null, line: this.slotLine(file, slot) });
        return OK;
      }
      case 'NOT_EQUAL': {
        if (index < 0) return refuse('not-found', `tag ${key} of ${d.logicalId} was not found in ${file.file}`);
        const element = seq.items[index];
        const valuePair = isMap(element) ? pairNamed(element, 'Value') : undefined;
        if (!isMap(element) || !valuePair) return refuse('not-found', `tag ${key} of ${d.logicalId} has no Value in ${file.file}`);
        const itemSlot: Slot = { kind: 'item', seq, index, parent: nav.slot };
        const slot: Slot = { kind: 'pair', map: element, pair: valuePair, parent: itemSlot };
        return this.setValue(item, d, file, slot, valuePair.value, difference, String(difference.actual ?? ''), undefined);
      }
    }
  }

  private navigationRefusal(nav: { kind: 'intrinsic'; fn: string; at: string } | { kind: 'alias'; at: string } | { kind: 'not-found'; at: string }, path: string): Refusal {
    switch (nav.kind) {
      case 'intrinsic':
        return refuse('intrinsic', `${nav.at || 'Properties'} is declared as ${nav.fn.replace(/^Fn::/, '!')}, a computed value; change ${path} by hand`);
      case 'alias':
        return refuse('alias', `${nav.at} is a YAML alias of a value used elsewhere; change it by hand`);
      case 'not-found':
        return refuse('not-found', `${nav.at} was not found in the phase file`);
    }
  }

  private syncProperty(item: DriftItem, d: DesiredResource, file: ParsedFile, properties: Slot, difference: PropertyDifference): Outcome {
    const segments = difference.path.split('.');
    const nav = navigate(properties, d.type, segments, d.properties);
    if (nav.kind !== 'found') return this.navigationRefusal(nav, difference.path);
    const base = { itemId: item.id, logicalId: d.logicalId, path: difference.path };
    const live = this.matches.get(d.logicalId);
    switch (difference.kind) {
      case 'NOT_EQUAL': {
        const value = writtenValue(difference.actual, liveValueAt(live, d.type, segments));
        return this.setValue(item, d, file, nav.slot, nav.node, difference, value, nav.specPath);
      }
      case 'ADD': {
        if (intrinsicOf(nav.node)) return refuse('intrinsic', `${difference.path} is declared as a computed list; add the element by hand`);
        if (!isSeq(nav.node)) return refuse('not-found', `${difference.path} is not a list in ${file.file}`);
        const value = toYamlValue(difference.actual ?? null, d.type, nav.specPath, this.refs);
        file.editor.append(nav.slot, value);
        this.record(file.file, { ...base, kind: 'add-element', from: null, to: toJson(value), line: this.slotLine(file, nav.slot) });
        return OK;
      }
      case 'REMOVE': {
        // A keyed list element (`ClusterSettings.containerInsights`) absent in AWS: the element goes.
        if (nav.slot.kind === 'item') {
          file.editor.remove(nav.slot);
          this.record(file.file, { ...base, kind: 'remove-element', from: difference.expected ?? null, to: null, line: this.slotLine(file, nav.slot) });
          return OK;
        }
        const isList = isSeq(nav.node) || propertySpecAt(d.type, nav.specPath)?.type.kind === 'list';
        if (isList && !Array.isArray(difference.expected)) {
          if (!isSeq(nav.node)) return refuse('intrinsic', `${difference.path} is declared as a computed list; remove the element by hand`);
          const index = this.findElement(d, nav.node, nav.expr, nav.specPath, difference.expected ?? null);
          if (index < 0) return refuse('not-found', `the element of ${difference.path} to remove was not found in ${file.file}`);
          const slot: Slot = { kind: 'item', seq: nav.node, index, parent: nav.slot };
          file.editor.remove(slot);
          this.record(file.file, { ...base, kind: 'remove-element', from: difference.expected ?? null, to: null, line: this.slotLine(file, slot) });
          return OK;
        }
        const top = segments[0] as string;
        const identity: readonly string[] = IDENTITY_RULES[d.type]?.properties ?? [];
        if (segments.length === 1 && (identity.includes(top) || resourceSpec(d.type)?.properties[top]?.required)) {
          return refuse('required-property', `${top} is unset in AWS but ${identity.includes(top) ? 'identifies the resource' : 'is required by CloudFormation'}; fix it by hand`);
        }
        file.editor.remove(nav.slot);
        this.record(file.file, { ...base, kind: 'remove-property', from: difference.expected ?? null, to: null, line: this.slotLine(file, nav.slot) });
        return OK;
      }
    }
  }

  /** Index of the declared list element that resolved to `expected`, not yet claimed by another REMOVE. */
  private findElement(d: DesiredResource, seq: unknown, expr: Expr | undefined, specPath: readonly string[], expected: Json): number {
    if (!isSeq(seq) || !Array.isArray(expr)) return -1;
    const claimed = this.claimed.get(seq) ?? new Set<number>();
    this.claimed.set(seq, claimed);
    const scope = this.scopeOf(d);
    for (let i = 0; i < expr.length; i++) {
      if (claimed.has(i)) continue;
      const r = resolveExpr(expr[i] as Expr, scope);
      if (r.ok && sameElement(d.type, specPath, r.value, expected)) {
        claimed.add(i);
        return i;
      }
    }
    return -1;
  }

  /** Writes `value` at `slot`, or, where the declaration is `!Ref`/`!Sub` of a parameter used only there, sets that parameter. */
  private setValue(
    item: DriftItem, d: DesiredResource, file: ParsedFile, slot: Slot, node: unknown, difference: PropertyDifference,
    value: Json, specPath: readonly string[] | undefined,
  ): Outcome {
    if (isAlias(node) || hasAnchor(node)) return refuse('alias', `${difference.path} is shared through a YAML anchor; change it by hand`);
    const base = { itemId: item.id, logicalId: d.logicalId, path: difference.path };
    const call = intrinsicOf(node);
    if (call) {
      const solved = solveParameter(call.fn, call.arg, value, this.scopeOf(d));
      if (!solved.ok) return solved;
      const change = planParameterChange(solved.parameter, solved.value, d.file, this.parameters);
      if (!change.ok) return change;
      const target = this.files.get(change.file) as ParsedFile;
      target.editor.setValue(change.slot, likeDeclared(change.node, change.to) as YamlValue);
      this.record(change.file, {
        ...base, kind: 'set-parameter', from: change.from, to: change.to, line: this.lineOf(target, change.node), parameter: change.parameter,
      });
      return OK;
    }
    if ((isMap(node) || isSeq(node)) && containsComputedNode(node)) {
      return refuse('intrinsic', `${difference.path} holds computed values (!Ref, !Sub…); a literal would replace them: change it by hand`);
    }
    const written: YamlValue = isScalar(node) || node === null || node === undefined
      ? (specPath ? toYamlValue(likeDeclared(node, value), d.type, specPath, this.refs) : (likeDeclared(node, value) as YamlValue))
      : specPath ? toYamlValue(value, d.type, specPath, this.refs) : (value as YamlValue);
    file.editor.setValue(slot, written);
    this.record(file.file, { ...base, kind: 'set', from: difference.expected ?? null, to: toJson(written), line: this.lineOf(file, node ?? (slot.kind === 'pair' ? slot.pair.key : null)) });
    return OK;
  }

  // ── missing resources ────────────────────────────────────────────────────

  removeMissing(item: DriftItem, removals: ReadonlySet<string>): void {
    const logicalId = item.logicalId as string;
    if (!removals.has(logicalId.toLowerCase()) && !removals.has(item.id.toLowerCase())) {
      this.leave(item, null, refuse('missing-not-selected',
        `${logicalId} is gone from AWS; deleting its declaration needs an explicit choice: --remove-missing ${logicalId}`));
      return;
    }
    const d = this.desired.resources.find((r) => r.logicalId === logicalId);
    const file = d ? this.files.get(d.file) : undefined;
    const slots = file ? resourceSlots(file.document, logicalId) : undefined;
    if (!d || !file || !slots) {
      this.leave(item, null, refuse('not-found', `the declaration of ${logicalId} was not found in the phase files`));
      return;
    }
    const referrers = new Set<string>();
    for (const f of this.files.values()) {
      for (const r of collectReferences(f.document)) {
        if (r.name !== logicalId || r.resource === logicalId) continue;
        if (r.resource !== undefined && removals.has(r.resource.toLowerCase())) continue;
        referrers.add(r.resource ?? `${r.section} in ${f.file}`);
      }
    }
    if (referrers.size > 0) {
      this.leave(item, null, refuse('missing-referenced',
        `${logicalId} is still referenced by ${[...referrers].join(', ')}; remove or change those references first`));
      return;
    }
    file.editor.remove(slots.resource);
    this.record(file.file, {
      itemId: item.id, logicalId, path: '', kind: 'remove-resource', from: d.type, to: null, line: this.slotLine(file, slots.resource),
    });
    this.markSynced(item, undefined);
  }

  // ── extra resources ──────────────────────────────────────────────────────

  codify(items: readonly DriftItem[], generatedAt: string): void {
    const found: Array<{ item: DriftItem; live: LiveResource; logicalId: string }> = [];
    const taken = new Set(this.desired.resources.map((r) => r.logicalId));
    for (const f of this.files.values()) {
      const root = f.document.contents;
      const resources = isMap(root) ? pairNamed(root, 'Resources')?.value : undefined;
      if (isMap(resources)) for (const p of resources.items) if (isScalar(p.key)) taken.add(String(p.key.value));
    }
    for (const item of items) {
      const live = this.live.resources.find((r) => r.type === item.resourceType && r.physicalId === item.physicalId);
      if (!live) {
        this.leave(item, null, refuse('codify-failed', `${item.physicalId} is not in the live state that was read`));
        continue;
      }
      // A resource known only by its id gets a logical id from its type (`Instance`), not from the id.
      const logicalId = freshLogicalId(givenName(live) ?? '', live.type, taken);
      taken.add(logicalId);
      found.push({ item, live, logicalId });
    }
    // Extras codified together may refer to each other (an instance in a new security group).
    const refs = buildReferenceIndex([
      ...[...this.matches].map(([logicalId, live]) => ({ logicalId, live })),
      ...found.map(({ logicalId, live }) => ({ logicalId, live })),
    ]);
    const root = this.options.phasesRoot ?? phasesRootOf(this.options.sources);
    const layout = this.layout();
    const names = new Map<string, string[]>();
    for (const s of this.options.sources) {
      const list = names.get(s.phase) ?? [];
      list.push(s.file.slice(s.file.lastIndexOf('/') + 1));
      names.set(s.phase, list);
    }
    for (const { item, live, logicalId } of found) {
      const properties = codifiedProperties(live, refs, this.options.readableProperties?.(live.type));
      const identity = IDENTITY_RULES[live.type];
      const identified = identity?.desiredKey(toJson(properties) as Record<string, Json>) !== undefined;
      const phase = phaseFor(live.type, layout);
      const existing = names.get(phase) ?? [];
      const name = newFileName(fileSlug(resourceName(live)), existing);
      existing.push(name);
      names.set(phase, existing);
      const text = renderCodifiedFile({ logicalId, live, properties, foundAt: generatedAt, ...(identified ? {} : { physicalId: live.physicalId }) });
      const file = joinPath(root, phase, name);
      const change: SyncChange = { itemId: item.id, logicalId, path: '', kind: 'add-resource', from: null, to: live.physicalId, line: 1 };
      this.newFiles.push({ file, phase, text, itemId: item.id, logicalId, resourceType: live.type, physicalId: live.physicalId, changes: [change] });
      this.markSynced(item, undefined, logicalId);
    }
  }

  private layout(): { phases: Array<{ phase: string; types: string[] }> } {
    const phases = new Map<string, string[]>();
    for (const s of this.options.sources) if (!phases.has(s.phase)) phases.set(s.phase, []);
    for (const r of this.desired.resources) phases.get(r.phase)?.push(r.type);
    return { phases: [...phases].map(([phase, types]) => ({ phase, types })) };
  }

  // ── result ───────────────────────────────────────────────────────────────

  build(): SyncPlan {
    const edits: FileEdit[] = [];
    for (const [name, changes] of this.changes) {
      const file = this.files.get(name) as ParsedFile;
      let text: string;
      try {
        text = file.editor.result();
        const check = parsePhaseYaml(text).document;
        if (check.errors.length > 0) throw new YamlEditError(`the edited file would not parse (${check.errors[0]?.message.split('\n')[0]})`);
      } catch (error) {
        if (!(error instanceof YamlEditError)) throw error;
        this.undo(changes, refuse('edit-failed', `cannot edit ${name} safely: ${error.message}`));
        continue;
      }
      if (text !== file.text) edits.push({ file: name, original: file.text, text, changes: [...changes].sort((a, b) => a.line - b.line) });
    }
    edits.sort((a, b) => a.file.localeCompare(b.file));
    const synced = [...this.synced.values()].filter((s) => s.differences.length > 0 || s.type === 'missing_resource' || s.type === 'extra_resource');
    return { edits, newFiles: this.newFiles, unresolved: this.unresolved, synced };
  }

  private undo(changes: readonly SyncChange[], refusal: Refusal): void {
    for (const change of changes) {
      const entry = this.synced.get(change.itemId);
      if (entry) {
        entry.differences = entry.differences.filter((d) => d.path !== change.path);
        if (entry.differences.length === 0) this.synced.delete(change.itemId);
      }
      this.unresolved.push({
        itemId: change.itemId, logicalId: change.logicalId, physicalId: entry?.physicalId ?? null,
        path: change.path === '' ? null : change.path, code: refusal.code, reason: refusal.reason,
      });
    }
  }
}

function parseFile(file: string, phase: string, text: string): ParsedFile {
  const { document, lineCounter } = parsePhaseYaml(text);
  return { file, phase, text, document, lineCounter, editor: new YamlTextEditor(text) };
}

/**
 * Plans bringing the selected drift of `report` into the phase files: edits of existing files, new files
 * for codified extra resources, and what was left unresolved (with the reason). Nothing is written.
 */
export function planSync(report: DriftReport, desired: DesiredState, live: LiveState, options: SyncOptions): SyncPlan {
  const { matches } = compare(desired.resources, live, options.readableProperties ? { readableProperties: options.readableProperties } : {});
  const files = new Map<string, ParsedFile>();
  for (const s of options.sources) files.set(s.file, parseFile(s.file, s.phase, s.text));
  if (options.parametersFile) files.set(options.parametersFile.file, parseFile(options.parametersFile.file, '', options.parametersFile.text));
  const parameters: ParameterContext = {
    files,
    phaseFiles: options.sources.map((s) => s.file),
    ...(options.parametersFile ? { parametersFile: options.parametersFile.file } : {}),
    overrides: options.parameterOverrides ?? {},
    changed: new Set(),
  };
  const refs = buildReferenceIndex([...matches].map(([logicalId, l]) => ({ logicalId, live: l })));
  const builder = new PlanBuilder(desired, live, options, matches, resolveScopes(live, desired.resources, matches), refs, parameters);
  for (const [name, file] of files) builder.files.set(name, file);

  const selected = selectItems(report.items, options);
  const removals = new Set(options.removeMissing.map((r) => r.trim().toLowerCase()));
  const extras: DriftItem[] = [];
  for (const item of selected) {
    switch (item.type) {
      case 'configuration_drift':
      case 'tag_drift':
        builder.syncDrift(item);
        break;
      case 'missing_resource':
        builder.removeMissing(item, removals);
        break;
      case 'extra_resource':
        extras.push(item);
        break;
    }
  }
  builder.codify(extras, report.generatedAt);
  return builder.build();
}

/** The phase sources and parameters file as they will be after the plan: what the proof reloads. */
export function applyPlan(
  plan: SyncPlan,
  sources: readonly PhaseSource[],
  parametersFile?: { file: string; text: string },
): { sources: PhaseSource[]; parametersFile?: { file: string; text: string } } {
  const edited = new Map(plan.edits.map((e) => [e.file, e.text]));
  const out: PhaseSource[] = sources.map((s) => ({ ...s, text: edited.get(s.file) ?? s.text }));
  for (const f of plan.newFiles) out.push({ file: f.file, phase: f.phase, text: f.text });
  // The loader reads phases in folder order, then file order, as the disk listing does.
  out.sort((a, b) => a.phase.localeCompare(b.phase) || a.file.localeCompare(b.file));
  if (!parametersFile) return { sources: out };
  return { sources: out, parametersFile: { file: parametersFile.file, text: edited.get(parametersFile.file) ?? parametersFile.text } };
}

/** Every change of the plan, in file order: the lines of a commit message or a PR table. */
export function allChanges(plan: SyncPlan): Array<SyncChange & { file: string }> {
  return [
    ...plan.edits.flatMap((e) => e.changes.map((c) => ({ ...c, file: e.file }))),
    ...plan.newFiles.flatMap((f) => f.changes.map((c) => ({ ...c, file: f.file }))),
  ];
}

/** Whether the plan changes anything at all. */
export function isEmptyPlan(plan: SyncPlan): boolean {
  return plan.edits.length === 0 && plan.newFiles.length === 0;
}

