// The two meanings of "can be healed", named apart everywhere they are counted:
// - unattended-eligible: the auto-heal policy lets `drift watch` (and "heal automatically") fix it alone;
// - healable with your approval: an attended `drift heal --apply` can fix it once you say yes.
// Every unattended-eligible item is healable with approval; missing and extra resources are neither.
import { isUndeclaredTag } from './classify.js';
import type { DriftItem } from './model.js';

export interface HealCounts {
  unattendedEligible: number;
  withApproval: number;
}

/** Config or tag drift with something a heal would write (undeclared tags count only when the policy removes them). */
export function isHealableWithApproval(item: Pick<DriftItem, 'type' | 'differences' | 'autoHeal'>): boolean {
  if (item.type !== 'configuration_drift' && item.type !== 'tag_drift') return false;
  return item.autoHeal.eligible || item.differences.some((d) => !isUndeclaredTag(d));
}

export function healCounts(items: readonly Pick<DriftItem, 'type' | 'differences' | 'autoHeal'>[]): HealCounts {
  return {
    unattendedEligible: items.filter((i) => i.autoHeal.eligible).length,
    withApproval: items.filter(isHealableWithApproval).length,
  };
}
