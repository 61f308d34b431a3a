// The confirmation gate: a mutating call runs only the exact plan a human approved.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AgentEvent, ConfirmationRequest, ConfirmFn } from '../../src/agent/events.js';
import { ConfirmationGate } from '../../src/agent/policy.js';
import { defaultRouter } from '../../src/agent/router/index.js';
import { runToolCall } from '../../src/agent/scheduler.js';
import { requestedScope } from '../../src/agent/yes-scope.js';
import type { DriftReport } from '../../src/drift/model.js';
import { TOOLS } from '../../src/tools/index.js';
import { demoEngine } from './helpers/demo.js';
import { RecordingEngine } from './helpers/recording-engine.js';

let report: DriftReport;
beforeAll(async () => {
  report = (await demoEngine().checkDrift()).report;
});

let engine: RecordingEngine;
let events: AgentEvent[];
let asked: ConfirmationRequest[];
beforeEach(() => {
  engine = new RecordingEngine(report);
  events = [];
  asked = [];
});

function answering(answer: 'yes' | 'no', during?: () => void): ConfirmFn {
  return async (request) => {
    asked.push(request);
    during?.();
    return answer;
  };
}

function call(gate: ConfirmationGate, input: Record<string, unknown>, id = 'call_1', name = 'heal_drift') {
  return runToolCall(
    { id, name, input },
    { tools: TOOLS, gate, context: { engine, signal: new AbortController().signal, lang: 'en' }, emit: (e) => events.push(e) },
  );
}

const FIXED_NOW = () => new Date('2026-03-01T12:00:00.000Z');

describe('heal_drift through the gate', () => {
  it('approve: asks once with the plan, then executes exactly that plan id', async () => {
    const gate = new ConfirmationGate({ confirm: answering('yes'), now: FIXED_NOW });

    const outcome = await call(gate, { mode: 'apply' });

    expect(outcome.status).toBe('done');
    expect(asked).toHaveLength(1);
    const shown = asked[0]!.plan;
    expect(asked[0]).toMatchObject({ callId: 'call_1', tool: 'heal_drift' });
    expect(engine.applied).toEqual([{ planId: shown.planId, approval: { planId: shown.planId, approvedBy: 'user', approvedAt: '2026-03-01T12:00:00.000Z' } }]);
    expect(engine.calls).toEqual(['planHeal', `applyHeal(${shown.planId.slice(0, 8)})`]);
    expect(events.map((e) => e.type)).toEqual(['tool_proposed', 'tool_executing', 'tool_awaiting_approval', 'tool_executing', 'tool_done']);
    expect(JSON.parse(outcome.content)).toMatchObject({ dryRun: false, planId: shown.planId, healed: 2, failed: 0 });
    expect(gate.planState(shown.planId)).toBe('executed');
  });

  it('deny: nothing runs, the model is told, and the same plan is refused later without asking again', async () => {
    const gate = new ConfirmationGate({ confirm: answering('no') });

    const outcome = await call(gate, { mode: 'apply' });
    const planId = asked[0]!.plan.planId;

    expect(outcome).toMatchObject({ status: 'denied', denyReason: 'declined', isError: true });
    expect(outcome.content).toBe(`The user declined plan ${planId.slice(0, 12)}. Nothing was changed. Ask the user what they want to do instead.`);
    expect(engine.applied).toEqual([]);
    expect(engine.calls).toEqual(['planHeal']);

    const again = await call(gate, { mode: 'apply', planId }, 'call_2');
    expect(again).toMatchObject({ status: 'denied', denyReason: 'previously_declined' });
    expect(asked).toHaveLength(1);
    expect(engine.applied).toEqual([]);
  });

  it('refuses a plan the model names when the engine would now do something else, without asking', async () => {
    const gate = new ConfirmationGate({ confirm: answering('yes') });
    const planned = await call(gate, { mode: 'plan' });
    const proposedId = planned.plan!.planId;
    engine.actions[1]!.from = '3'; // someone scaled the service again

    const outcome = await call(gate, { mode: 'apply', planId: proposedId }, 'call_2');

    expect(outcome).toMatchObject({ status: 'denied', denyReason: 'plan_changed' });
    expect(outcome.plan!.planId).not.toBe(proposedId);
    expect(outcome.content).toContain(`Refused: the plan changed since ${proposedId.slice(0, 12)} was proposed`);
    expect(outcome.content).toContain(`"planId":"${outcome.plan!.planId}"`);
    expect(asked).toEqual([]);
    expect(engine.applied).toEqual([]);
  });

  it('refuses when the plan changes between the approval and the execution (the engine re-verifies)', async () => {
    const gate = new ConfirmationGate({ confirm: answering('yes', () => (engine.actions[0]!.from = 'someone-else')) });

    const outcome = await call(gate, { mode: 'apply' });
    const approvedId = asked[0]!.plan.planId;

    expect(outcome).toMatchObject({ status: 'denied', denyReason: 'plan_changed' });
    expect(engine.calls).toEqual(['planHeal', `applyHeal(${approvedId.slice(0, 8)})`]);
    expect(engine.applied).toEqual([]);
    expect(gate.planState(approvedId)).toBe('stale');
    // The stale approval cannot be reused.
    const reuse = await call(gate, { mode: 'apply', planId: approvedId }, 'call_2');
    expect(reuse).toMatchObject({ status: 'denied', denyReason: 'plan_changed' });
    expect(engine.applied).toEqual([]);
  });

  it('headless: needs_confirmation, the plan is returned and nothing runs', async () => {
    const gate = new ConfirmationGate();

    const outcome = await call(gate, { mode: 'apply' });

    expect(outcome.status).toBe('needs_confirmation');
    expect(outcome.isError).toBe(false);
    expect(JSON.parse(outcome.content)).toMatchObject({ dryRun: true, actionCount: 2, status: expect.stringContaining('needs_confirmation') });
    expect(events.map((e) => e.type)).toEqual(['tool_proposed', 'tool_executing', 'tool_needs_confirmation']);
    expect(engine.calls).toEqual(['planHeal']);
    expect(engine.applied).toEqual([]);
  });

  it('headless with --yes: the plan the user\'s message asked for is approved on their behalf, and the journal says so', async () => {
    const gate = new ConfirmationGate({ autoApprove: true, now: FIXED_NOW });
    gate.beginTurn(new Set(['heal_drift']));

    const outcome = await call(gate, { mode: 'apply', itemIds: ['item-tags'] });

    expect(outcome.status).toBe('done');
    expect(engine.calls[0]).toBe('planHeal(item-tags)');
    expect(engine.applied).toHaveLength(1);
    expect(engine.applied[0]!.approval.approvedBy).toBe('flag:--yes');
  });

  it('headless with --yes, but the user\'s message asked for no heal: needs_confirmation, nothing runs', async () => {
    const gate = new ConfirmationGate({ autoApprove: true, now: FIXED_NOW });
    gate.beginTurn(new Set(['reverse_sync']));

    const outcome = await call(gate, { mode: 'apply' });

    expect(outcome).toMatchObject({ status: 'needs_confirmation', notRequested: true, isError: false });
    expect(JSON.parse(outcome.content).status).toBe(
      `needs_confirmation: --yes approves only what the user's message asked for, and it did not ask for heal_drift, so nothing was executed. ` +
        `Tell the user the plan id; they can approve exactly this plan with --approve ${outcome.plan!.planId.slice(0, 12)}.`,
    );
    expect(engine.calls).toEqual(['planHeal']);
    expect(engine.applied).toEqual([]);
  });

  it('--yes lasts for one message: the next message that asks for nothing gets needs_confirmation', async () => {
    const gate = new ConfirmationGate({ autoApprove: true });
    gate.beginTurn(new Set(['heal_drift']));
    await call(gate, { mode: 'apply', itemIds: ['item-tags'] });
    gate.beginTurn(new Set());

    const outcome = await call(gate, { mode: 'apply' }, 'call_2');

    expect(outcome.status).toBe('needs_confirmation');
    expect(engine.applied).toHaveLength(1);
  });

  it('--approve with the plan\'s id (full or the 12-digit short id) executes exactly that plan', async () => {
    const probe = await call(new ConfirmationGate(), { mode: 'plan' });
    const planId = probe.plan!.planId;
    for (const named of [planId, planId.slice(0, 12).toUpperCase()]) {
      engine = new RecordingEngine(report);
      const gate = new ConfirmationGate({ approvedPlanIds: [named], now: FIXED_NOW });

      const outcome = await call(gate, { mode: 'apply' });

      expect(outcome.status).toBe('done');
      expect(engine.applied).toEqual([{ planId, approval: { planId, approvedBy: 'flag:--approve', approvedAt: '2026-03-01T12:00:00.000Z' } }]);
    }
  });

  it('--approve with another id denies, even with --yes and a message that asked for the heal', async () => {
    const gate = new ConfirmationGate({ approvedPlanIds: ['0123456789ab'], autoApprove: true });
    gate.beginTurn(new Set(['heal_drift']));

    const outcome = await call(gate, { mode: 'apply' });

    expect(outcome).toMatchObject({ status: 'denied', denyReason: 'not_approved', isError: true });
    expect(outcome.content).toMatch(/^Refused: the user approved plan 0123456789ab with --approve, and this plan is [0-9a-f]{12}\. Nothing was executed\./);
    expect(engine.calls).toEqual(['planHeal']);
    expect(engine.applied).toEqual([]);
  });

  it('--approve does not take a prefix shorter than the short id', async () => {
    const probe = await call(new ConfirmationGate(), { mode: 'plan' });
    const gate = new ConfirmationGate({ approvedPlanIds: [probe.plan!.planId.slice(0, 11)] });

    const outcome = await call(gate, { mode: 'apply' });

    expect(outcome).toMatchObject({ status: 'denied', denyReason: 'not_approved' });
    expect(engine.applied).toEqual([]);
  });

  it('denies a plan id this conversation never produced, before planning anything', async () => {
    const gate = new ConfirmationGate({ confirm: answering('yes') });

    const outcome = await call(gate, { mode: 'apply', planId: 'deadbeefdeadbeef' });

    expect(outcome).toMatchObject({ status: 'denied', denyReason: 'unknown_plan' });
    expect(outcome.content).toBe(
      'Refused: plan deadbeefdead was not produced by heal_drift in this conversation. Call heal_drift with mode "plan" first and show the plan to the user. Nothing was changed.',
    );
    expect(engine.calls).toEqual([]);
    expect(asked).toEqual([]);
  });

  it('a dry run never asks and never executes', async () => {
    const gate = new ConfirmationGate({ confirm: answering('yes') });

    const outcome = await call(gate, { mode: 'plan' });

    expect(outcome.status).toBe('done');
    expect(JSON.parse(outcome.content)).toMatchObject({ dryRun: true, actionCount: 2 });
    expect(asked).toEqual([]);
    expect(engine.applied).toEqual([]);
  });

  it('an approved plan runs once', async () => {
    const gate = new ConfirmationGate({ confirm: answering('yes') });
    const first = await call(gate, { mode: 'apply' });

    const second = await call(gate, { mode: 'apply', planId: first.plan!.planId }, 'call_2');

    expect(second).toMatchObject({ status: 'denied', denyReason: 'already_executed' });
    expect(engine.applied).toHaveLength(1);
  });

  it('an empty plan is done without asking', async () => {
    engine.actions = [];
    const gate = new ConfirmationGate({ confirm: answering('yes') });

    const outcome = await call(gate, { mode: 'apply' });

    expect(outcome.status).toBe('done');
    expect(JSON.parse(outcome.content)).toMatchObject({ actionCount: 0, status: 'nothing to execute' });
    expect(asked).toEqual([]);
  });
});

describe('reverse_sync through the gate', () => {
  it('approve: the approved plan id is the one written', async () => {
    const gate = new ConfirmationGate({ confirm: answering('yes') });

    const outcome = await call(gate, { mode: 'apply', createPr: false }, 'call_s', 'reverse_sync');

    expect(outcome.status).toBe('done');
    expect(engine.calls).toEqual(['planSync', 'applySync(abcdef01)']);
    expect(engine.applied.map((a) => a.planId)).toEqual(['abcdef0123456789']);
    expect(JSON.parse(outcome.content)).toMatchObject({ dryRun: false, branch: 'reverse-sync-test', pullRequest: { number: 7 } });
  });

  it('headless: needs_confirmation and nothing is written', async () => {
    const outcome = await call(new ConfirmationGate(), { mode: 'apply' }, 'call_s', 'reverse_sync');

    expect(outcome.status).toBe('needs_confirmation');
    expect(engine.calls).toEqual(['planSync']);
  });
});

describe('--yes approves the scope the user named, not just the tool', () => {
  const scoped = (text: string) => {
    const gate = new ConfirmationGate({ autoApprove: true, now: FIXED_NOW });
    const scope = requestedScope(text, defaultRouter());
    gate.beginTurn(scope.tools, scope, () => report);
    return gate;
  };

  it('"heal the tags on WebService": a heal with no itemIds (DesiredCount too) needs confirmation', async () => {
    const outcome = await call(scoped('heal the tags on WebService'), { mode: 'apply' });

    expect(outcome.status).toBe('needs_confirmation');
    expect(engine.applied).toEqual([]);
  });

  it('"heal the tags on WebService": the tag-only plan is approved', async () => {
    const outcome = await call(scoped('heal the tags on WebService'), { mode: 'apply', itemIds: ['item-tags'] });

    expect(outcome.status).toBe('done');
    expect(engine.applied.map((a) => a.approval.approvedBy)).toEqual(['flag:--yes']);
  });

  it('"heal MainDb": a plan on WebService needs confirmation', async () => {
    const outcome = await call(scoped('heal MainDb'), { mode: 'apply', itemIds: ['item-tags'] });

    expect(outcome.status).toBe('needs_confirmation');
    expect(engine.applied).toEqual([]);
  });

  it('"heal the drift" names nothing: every healable item, as before', async () => {
    const outcome = await call(scoped('heal the drift'), { mode: 'apply' });

    expect(outcome.status).toBe('done');
    expect(engine.applied).toHaveLength(1);
  });

  it('"reverse sync without a PR": a plan that opens a PR needs confirmation; the no-PR plan is approved', async () => {
    const withPr = await call(scoped('reverse sync without a PR'), { mode: 'apply' }, 'call_1', 'reverse_sync');
    expect(withPr.status).toBe('needs_confirmation');
    expect(engine.applied).toEqual([]);

    const noPr = await call(scoped('reverse sync without a PR'), { mode: 'apply', createPr: false }, 'call_2', 'reverse_sync');
    expect(noPr.status).toBe('done');
    expect(engine.applied).toHaveLength(1);
  });
});
