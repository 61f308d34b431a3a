// Three-way comparison, Git side (ARCHITECTURE §2a): where the Git file differs from the template
// CloudFormation last deployed. The desired state used for drift becomes the deployed one, so drift
// means "live ≠ deployed" and healing restores the deployed value, never an undeployed Git edit. Pure.
import { Intrinsic, type Expr } from './intrinsics.js';
import type { Json } from './model.js';
import type { DesiredResource } from './phases.js';

export interface PendingDeploy {
  id: string;
  stack: string;
  file: string;
  line: number;
  logicalId: string;
  /** Top-level property, or `` for a resource added in Git and not deployed yet. */
  path: string;
  /** As written in Git (intrinsics in their long form); null when Git no longer declares it. */
  git: Json;
  /** As deployed; null when the deployed template does not declare it. */
  deployed: Json;
}

/** An expression as plain JSON, intrinsics in their long form, without source locations. */
export function exprJson(expr: Expr | undefined): Json {
  if (expr === undefined) return null;
  if (expr instanceof Intrinsic) return { [expr.fn]: exprJson(expr.arg) };
  if (Array.isArray(expr)) return expr.map(exprJson);
  if (expr !== null && typeof expr === 'object') return Object.fromEntries(Object.entries(expr).map(([k, v]) => [k, exprJson(v)]));
  return expr;
}

const same = (a: Expr | undefined, b: Expr | undefined): boolean => JSON.stringify(exprJson(a)) === JSON.stringify(exprJson(b));

/**
 * Replaces the properties of each stack-backed resource by the deployed ones and lists every Git
 * difference. A resource Git declares and the deployed template does not is not expected yet.
 */
export function applyDeployedTemplates(
  resources: readonly DesiredResource[],
  deployedByFile: ReadonlyMap<string, readonly DesiredResource[]>,
  idFor: (stack: string, logicalId: string, path: string) => string,
): { resources: DesiredResource[]; pending: PendingDeploy[] } {
  const pending: PendingDeploy[] = [];
  const out: DesiredResource[] = [];
  for (const r of resources) {
    const deployed = r.stack ? deployedByFile.get(r.file) : undefined;
    if (!deployed || !r.stack) {
      out.push(r);
      continue;
    }
    const stack = r.stack;
    const entry = (path: string, git: Json, was: Json, line: number): PendingDeploy =>
      ({ id: idFor(stack, r.logicalId, path), stack, file: r.file, line, logicalId: r.logicalId, path, git, deployed: was });
    const twin = deployed.find((d) => d.logicalId === r.logicalId && d.type === r.type);
    if (!twin) {
      pending.push(entry('', 'declared', null, r.line));
      continue;
    }
    for (const name of new Set([...Object.keys(r.properties), ...Object.keys(twin.properties)])) {
      if (same(r.properties[name], twin.properties[name])) continue;
      pending.push(entry(name, r.properties[name] === undefined ? null : exprJson(r.properties[name]),
        twin.properties[name] === undefined ? null : exprJson(twin.properties[name]), r.propertyLines[name] ?? r.line));
    }
    out.push({ ...r, properties: twin.properties, ...(twin.template ? { template: twin.template } : {}), ...(twin.condition !== undefined ? { condition: twin.condition } : {}) });
  }
  return { resources: out, pending };
}
