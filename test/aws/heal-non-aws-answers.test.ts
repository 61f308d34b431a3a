// The heal planner's read of Application Auto Scaling must fail closed too: a login page read as
// "no scalable targets" would let a heal set back a DesiredCount the autoscaler owns.
import { UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFaultProxy, type FaultKind, type FaultProxy } from '../harness/fault-proxy.js';
import { motoEndpoint, useFreshMoto } from '../harness/moto.js';
import { healRig, healWorld } from './heal-fixtures.js';
import { CLUSTER, removeWorkspaces } from './scenario-estate.js';

useFreshMoto();

let proxy: FaultProxy;
beforeAll(async () => {
  proxy = await startFaultProxy(motoEndpoint());
});
afterAll(async () => {
  removeWorkspaces();
  await proxy.close();
});
beforeEach(() => proxy.setRules([]));

const OPERATION = 'application-autoscaling:DescribeScalableTargets';

describe('DescribeScalableTargets answered by something that is not AWS', () => {
  it.each<{ kind: FaultKind; requests: number; cause: string }>([
    {
      kind: 'html-200',
      requests: 1,
      cause:
        'NotAnAwsAnswer: the reply is not an AWS answer (HTTP 200, text/html; charset=utf-8): the body is an HTML page ("Corporate proxy - sign in")',
    },
    {
      kind: 'repeat-token',
      requests: 2,
      cause:
        'PaginationLoop: page 2 handed back the page token "fault-token-A" that an earlier page already gave: ' +
        'the listing would never end, so it was stopped after 2 requests.',
    },
  ])('$kind: the DesiredCount drift is not healed, with the reason', async ({ kind, requests, cause }) => {
    const world = await healWorld();
    await world.sdk.ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: 'web', desiredCount: 5 }));
    proxy.setRules([{ service: 'application-autoscaling', operation: 'DescribeScalableTargets', kind }]);
    const rig = await healRig(world, { endpoint: proxy.endpoint });

    const { plan } = await rig.planner.observe();

    expect(plan.actions).toEqual([]);
    expect(plan.skipped.map((s) => [s.logicalId, s.path, s.reason])).toEqual([
      [
        'WebService',
        'DesiredCount',
        `cannot tell whether Application Auto Scaling owns DesiredCount (${OPERATION} failed: ${cause}), so it is not healed`,
      ],
    ]);
    expect(proxy.requests(OPERATION)).toBe(requests);
  });

  it('the control: through the proxy without faults, the same drift is planned', async () => {
    const world = await healWorld();
    await world.sdk.ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: 'web', desiredCount: 5 }));
    const rig = await healRig(world, { endpoint: proxy.endpoint });

    const { plan } = await rig.planner.observe();

    expect(plan.actions.map((a) => a.operation)).toEqual(['ecs:UpdateService']);
    expect(proxy.requests(OPERATION)).toBe(1);
  });
});
