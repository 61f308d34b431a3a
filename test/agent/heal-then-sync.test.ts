// One session, one sandbox: what a heal changed is what the next check and the next reverse sync read,
// and a sync approved before the heal cannot be applied after it (its plan id was bound to that read).
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { PlanChangedError, type Approval, type SyncPlanView } from '../../src/tools/engine-port.js';
import { demoEngine, NOW } from './helpers/demo.js';

const approve = (planId: string): Approval => ({ planId, approvedBy: 'user', approvedAt: NOW.toISOString() });

function changesOf(plan: SyncPlanView): string[] {
  return plan.files.flatMap((f) => f.values.map((v) => `${v.logicalId} ${v.path}: ${JSON.stringify(v.from)} → ${JSON.stringify(v.to)}`));
}

describe('heal, then reverse sync, in one demo session', () => {
  it('the sync after a heal carries only values the sandbox has now', async () => {
    const engine = demoEngine();
    const before = await engine.planSync({ createPr: false });
    expect(changesOf(before)).toContain('WebService DesiredCount: 4 → 2');

    // What the chat's "heal automatically" heals in the demo: the unattended-eligible items.
    const heal = await engine.planHeal({ only: ['WebCluster', 'WebService', 'Bastion'] });
    expect(heal.actions.map((a) => a.logicalId).sort()).toEqual(['Bastion', 'WebCluster', 'WebService']);
    const outcome = await engine.applyHeal(heal.planId, approve(heal.planId));
    expect(outcome.results.every((r) => r.status === 'healed')).toBe(true);

    // The next check reads the healed sandbox.
    const { report } = await engine.checkDrift();
    expect(report.items.some((i) => i.logicalId === 'WebService' && i.type === 'configuration_drift')).toBe(false);

    const after = await engine.planSync({ createPr: false });
    expect(after.planId).not.toBe(before.planId);
    const changes = changesOf(after);
    expect(changes.some((c) => c.startsWith('WebService DesiredCount'))).toBe(false);
    expect(changes.some((c) => c.startsWith('WebCluster ClusterSettings'))).toBe(false);
    expect(changes).toContain('MainDb PreferredBackupWindow: "03:00-04:00" → "05:00-06:00"');

    // Approving the pre-heal plan executes nothing: the plan computed now differs.
    await expect(engine.applySync(before.planId, approve(before.planId))).rejects.toBeInstanceOf(PlanChangedError);

    // The branch the dialog named is the branch created, and its commit has only the post-heal values.
    const synced = await engine.applySync(after.planId, approve(after.planId));
    expect(synced.branch).toBe(after.branch);
    const message = execFileSync('git', ['log', '-1', '--format=%B', synced.branch], { cwd: synced.repository!, encoding: 'utf8' });
    expect(message).not.toContain('DesiredCount');
    expect(message).not.toContain('containerInsights');
    expect(message).toContain('tcp 22 from 0.0.0.0/0');
    engine.close();
  });
});
