// Drift report → healing plan: one action per API call that can heal an item, everything else skipped
// with the reason. Also the inverse plan that undoes a journaled heal. Pure: the engine passes the
// live state, the policy and the facts it gathered; nothing here reads AWS, files or the clock.
import { draftActions, hasWriter, isTagPath, ownedElsewhere, topLevelOf, type ActionDraft, type BuildContext } from './heal-actions.js';
import { changeHolds } from './heal-check.js';
import {
  planIdOf, type HealAction, type HealChange, type HealFacts, type HealMode, type HealPlan, type HealPolicy, type HealSkip, type HealSkipCode,
} from './heal-model.js';
import type { DriftItem, DriftReport, LiveResource, LiveState, PropertyDifference } from './model.js';
import { propertySpecAt } from './spec.js';

export * from './heal-model.js';

export interface PlanOptions {
  facts?: HealFacts;
  /** Plan only items whose logical id, physical id or item id is listed (`--resource`). */
  only?: readonly string[];
}

export const NEEDS_APPROVAL = 'needs approval: reverse sync or a deploy';

export function planHeal(report: DriftReport, live: LiveState, policy: HealPolicy, mode: HealMode, options: PlanOptions = {}): HealPlan {
  const ctx: BuildContext = { region: live.region, accountId: live.accountId || report.accountId || '', applyImmediately: policy.applyImmediately };
  const facts = options.facts ?? {};
  const resources = indexResources(live);
  const actions: HealAction[] = [];
  const skipped: HealSkip[] = [];
  let healedItems = 0;

  for (const item of report.items) {
    if (options.only && !isSelected(item, options.only)) continue;
    const skip = (reason: string | CodedReason, path?: string): void => {
      const coded = typeof reason === 'string' ? { reason } : reason;
      skipped.push({
        itemId: item.id, reason: coded.reason, resourceType: item.resourceType, logicalId: item.logicalId, physicalId: item.physicalId,
        ...(path !== undefined ? { path } : {}),
        ...(coded.code ? { code: coded.code, params: coded.params ?? {} } : {}),
      });
    };
    if (item.type === 'missing_resource' || item.type === 'extra_resource') {
      skip({ reason: `${item.type.replace('_', ' ')}: ${NEEDS_APPROVAL}`, code: 'needs_approval', params: { type: item.type } });
      continue;
    }
    if (mode === 'unattended' && !item.autoHeal.eligible) {
      skip({
        reason: `not eligible for unattended healing: ${item.autoHeal.reason}`,
        code: 'not_eligible',
        params: { ...(item.autoHeal.params ?? {}), verdict: item.autoHeal.code ?? '' },
      });
      continue;
    }
    const resource = item.physicalId === null ? undefined : resources.get(key(item.resourceType, item.physicalId));
    if (!resource) {
      skip({ reason: 'the live resource is not in the state that was read', code: 'live_not_read' });
      continue;
    }

    const changes: HealChange[] = [];
    for (const difference of item.differences) {
      const reason = differenceGate(item, difference, policy);
      if (reason) {
        skip(reason, difference.path);
        continue;
      }
      for (const change of changesOf(item.resourceType, difference)) {
        // The owner first: "AWS manages this" says more than "no writer" when both hold.
        const owner = ownedElsewhere(item.resourceType, change, resource, facts);
        if (owner) skip(owner, change.path);
        else if (!hasWriter(item.resourceType, change.path)) {
          skip({ reason: noWriter(item.resourceType, change.path), code: 'no_writer', params: { property: topLevelOf(change.path), type: item.resourceType } }, change.path);
        }
        else changes.push(change);
      }
    }

    const { drafts, refused } = draftActions(item.resourceType, resource, changes, ctx);
    for (const r of refused) skip(r.reason, r.path);
    let runnable = drafts;
    if (mode === 'unattended') {
      runnable = [];
      for (const draft of drafts) {
        const reason = draft.disruption
          ? `disruptive (${draft.disruption}): unattended healing never interrupts a resource`
          : draft.attendedOnly;
        if (reason) for (const path of pathsOf(draft)) skip(reason, path);
        else runnable.push(draft);
      }
      if (runnable.length > 0 && healedItems >= policy.maxResources) {
        skip({ reason: `over auto_heal.max_resources (${policy.maxResources}): left for a later run`, code: 'over_max_resources', params: { max: String(policy.maxResources) } });
        continue;
      }
    }
    if (runnable.length > 0) healedItems++;
    actions.push(...runnable.map((draft) => toAction(item, resource, draft)));
  }
  return { id: planIdOf(actions), mode, actions, skipped };
}

interface CodedReason {
  reason: string;
  code?: HealSkipCode;
  params?: Record<string, string>;
}

/** Why a difference cannot be healed whoever writes it (policy, replacement); undefined when it may be. */
function differenceGate(item: DriftItem, difference: PropertyDifference, policy: HealPolicy): CodedReason | undefined {
  if (isTagPath(difference.path)) {
    if (difference.kind === 'ADD' && !policy.removeUndeclaredTags) {
      const tag = difference.path.slice(5);
      return { reason: `undeclared tag ${tag}: removed only when auto_heal.remove_undeclared_tags is true`, code: 'undeclared_tag', params: { tag } };
    }
    return undefined;
  }
  const replacement =
    propertySpecAt(item.resourceType, difference.path.split('.'))?.causesReplacement ??
    propertySpecAt(item.resourceType, [topLevelOf(difference.path)])?.causesReplacement;
  if (replacement === 'yes') {
    return { reason: `changing ${difference.path} replaces the resource: ${NEEDS_APPROVAL}`, code: 'replaces', params: { path: difference.path } };
  }
  return undefined;
}

function noWriter(type: string, path: string): string {
  return `ialctl has no writer for ${topLevelOf(path)} of ${type}: update it with a deploy or reverse sync`;
}

/** A reported difference as the changes that remove it: `from` is AWS's value, `to` the phase file's. */
export function changesOf(type: string, difference: PropertyDifference): HealChange[] {
  const from = difference.actual ?? null;
  const to = difference.expected ?? null;
  const path = difference.path;
  if (!isTagPath(path) && propertySpecAt(type, path.split('.'))?.type.kind === 'list') {
    // Sets (security group rules…) differ member by member: an undeclared member is removed, a declared one added.
    if (difference.kind === 'ADD') return [{ path, from, to: null, member: true }];
    if (difference.kind === 'REMOVE') return (Array.isArray(to) ? to : [to]).map((m) => ({ path, from: null, to: m, member: true as const }));
  }
  return [{ path, from, to }];
}

function toAction(
  item: Pick<DriftItem, 'id' | 'resourceType' | 'logicalId' | 'severity'>,
  resource: LiveResource,
  draft: ActionDraft,
): HealAction {
  return {
    itemId: item.id,
    resourceType: item.resourceType,
    physicalId: resource.physicalId,
    logicalId: item.logicalId,
    operation: draft.operation,
    parameters: draft.parameters,
    changes: draft.changes,
    disruptive: draft.disruption !== undefined,
    ...(draft.disruption ? { disruption: draft.disruption } : {}),
    reversible: draft.reversible,
    severity: item.severity,
  };
}

function pathsOf(draft: ActionDraft): string[] {
  return [...new Set(draft.changes.map((c) => c.path))];
}

function isSelected(item: DriftItem, only: readonly string[]): boolean {
  return only.some((id) => id === item.id || id === item.logicalId || id === item.physicalId);
}

const key = (type: string, physicalId: string): string => `${type}|${physicalId}`;

function indexResources(live: LiveState): Map<string, LiveResource> {
  const readTypes = new Set(live.readTypes);
  const map = new Map<string, LiveResource>();
  for (const r of live.resources) if (readTypes.has(r.type)) map.set(key(r.type, r.physicalId), r);
  return map;
}

/**
 * The plan that writes back the previous values of executed actions (last executed first). A value
 * someone changed since the heal is skipped, not overwritten: undo restores, it never clobbers.
 */
export function planUndo(executed: readonly HealAction[], live: LiveState, policy: Pick<HealPolicy, 'applyImmediately'>): HealPlan {
  const ctx: BuildContext = { region: live.region, accountId: live.accountId, applyImmediately: policy.applyImmediately };
  const resources = indexResources(live);
  const readTypes = new Set(live.readTypes);
  const actions: HealAction[] = [];
  const skipped: HealSkip[] = [];
  for (const action of [...executed].reverse()) {
    const skip = (reason: string, path?: string): void => {
      skipped.push({
        itemId: action.itemId, reason, resourceType: action.resourceType, logicalId: action.logicalId, physicalId: action.physicalId,
        ...(path !== undefined ? { path } : {}),
      });
    };
    if (!readTypes.has(action.resourceType)) {
      skip(`${action.resourceType} could not be read, so its current values are unknown`);
      continue;
    }
    const resource = resources.get(key(action.resourceType, action.physicalId));
    if (!resource) {
      skip('the resource no longer exists');
      continue;
    }
    const inverse: HealChange[] = [];
    for (const change of action.changes) {
      if (!isTagPath(change.path) && !change.member && change.from === null) {
        skip(`${change.path} had no value before the heal and AWS cannot unset it`, change.path);
      } else if (!changeHolds(action.resourceType, resource, change)) {
        skip(`${change.path} changed since the heal: undo would overwrite the newer value`, change.path);
      } else {
        inverse.push({ path: change.path, from: change.to, to: change.from, ...(change.member ? { member: true as const } : {}) });
      }
    }
    const { drafts, refused } = draftActions(action.resourceType, resource, inverse, ctx);
    for (const r of refused) skip(r.reason, r.path);
    actions.push(
      ...drafts.map((draft) =>
        toAction({ id: action.itemId, resourceType: action.resourceType, logicalId: action.logicalId, severity: action.severity }, resource, draft),
      ),
    );
  }
  return { id: planIdOf(actions), mode: 'attended', actions, skipped };
}
