// reverse_sync scoped by report item ids (what the assistant passes) plans exactly those items.
import { describe, expect, it } from 'vitest';
import { demoEngine } from './helpers/demo.js';

describe('reverse sync through the engine port', () => {
  it('limits the plan to the item ids it is given', async () => {
    const engine = demoEngine();
    const { report } = await engine.checkDrift();
    const subnetTags = report.items.find((i) => i.type === 'tag_drift' && i.logicalId === 'PrivateSubnetA');
    expect(subnetTags).toBeDefined();

    const plan = await engine.planSync({ only: [subnetTags!.id], createPr: false });

    expect(plan.files.map(({ values: _values, ...f }) => f)).toEqual([{ path: 'phases/20-network/01-subnets.yaml', changes: 1, items: [subnetTags!.id] }]);
    expect(plan.files[0]!.values.map((v) => v.itemId)).toEqual([subnetTags!.id]);
    await engine.close();
  });

  it('the plan id covers the pull request choice: --approve of the no-PR plan cannot open a PR', async () => {
    const engine = demoEngine();
    const noPr = await engine.planSync({ createPr: false });
    const noPrAgain = await engine.planSync({ createPr: false });
    const withPr = await engine.planSync({ createPr: true });

    expect(noPr.files.length).toBeGreaterThan(0);
    expect(noPrAgain.planId).toBe(noPr.planId);
    expect(withPr.files).toEqual(noPr.files);
    expect(withPr.planId).not.toBe(noPr.planId);
    expect(withPr.planId).toMatch(/^[0-9a-f]{64}$/);
    await engine.close();
  });
});
