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
});
