// Resource names typed by the operator → the id the report knows (logical or physical id). Operators
// use whatever name they see: the logical id (MainDb), the physical id (rds-main-db) or, for
// resources outside Git, the Name tag or group name (hotfix-runner). Typos within a small edit
// distance still resolve when one name is clearly closest.
import type { DriftReport } from '../../drift/model.js';
import { fold } from '../router/text.js';

// Properties whose value names an extra resource in the console.
const NAME_PATHS = new Set(['Tags.Name', 'GroupName', 'ClusterName', 'ServiceName', 'DBInstanceIdentifier', 'DBClusterIdentifier', 'DBSubnetGroupName']);

/** Folded alias → the id `check_drift` accepts for that resource. */
export function resourceAliases(report: DriftReport | undefined): Map<string, string> {
  const aliases = new Map<string, string>();
  if (report === undefined) return aliases;
  for (const item of report.items) {
    const canonical = item.logicalId ?? item.physicalId;
    if (canonical === null) continue;
    if (item.logicalId !== null) aliases.set(fold(item.logicalId), canonical);
    if (item.physicalId !== null) aliases.set(fold(item.physicalId), canonical);
    if (item.type === 'extra_resource') {
      for (const d of item.differences) {
        if (NAME_PATHS.has(d.path) && typeof d.actual === 'string') aliases.set(fold(d.actual), canonical);
      }
    }
  }
  return aliases;
}

export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] as number;
}

/**
 * The id for a typed name: an exact alias, else the single closest alias within
 * max(1, length/5) edits; otherwise the name as typed (check_drift then suggests names).
 */
export function resolveResource(typed: string, aliases: ReadonlyMap<string, string>): string {
  const wanted = fold(typed);
  const exact = aliases.get(wanted);
  if (exact !== undefined) return exact;
  const limit = Math.max(1, Math.floor(wanted.length / 5));
  let best: { id: string; distance: number } | undefined;
  let tie = false;
  for (const [alias, id] of aliases) {
    const distance = editDistance(wanted, alias);
    if (distance > limit) continue;
    if (best === undefined || distance < best.distance) {
      best = { id, distance };
      tie = false;
    } else if (distance === best.distance && id !== best.id) {
      tie = true;
    }
  }
  return best !== undefined && !tie ? best.id : typed;
}
