import { describe, expect, it } from 'vitest';
import { planSync, type SyncPlan } from './sync-plan.js';
import { proveSync } from './sync-proof.js';
import { demoFixture, detect, NOW, readable } from './sync.test-helper.js';

const demo = demoFixture();
const before = detect(demo.desired, demo.live);
const plan = planSync(before, demo.desired, demo.live, {
  removeMissing: ['WorkerService'], sources: demo.sources, parametersFile: demo.parametersFile, readableProperties: readable,
});

function prove(p: SyncPlan) {
  return proveSync({
    plan: p, before, sources: demo.sources, parametersFile: demo.parametersFile, live: demo.live,
    detectOptions: { now: NOW, readableProperties: readable },
  });
}

/** The plan with the text of one edited file replaced, its synced items unchanged: an edit that lies. */
function tampered(file: string, change: (text: string) => string): SyncPlan {
  return { ...plan, edits: plan.edits.map((e) => (e.file === file ? { ...e, text: change(e.text) } : e)) };
}

describe('proveSync', () => {
  it('passes when the reloaded phases show none of the synced items and nothing new', () => {
    const proof = prove(plan);
    expect(proof).toMatchObject({ ok: true, synced: 10, failures: [] });
    expect(proof.after?.items).toEqual([]);
  });

  it('fails, naming the resource and path, when an edit did not bring the live value into the file', () => {
    const proof = prove(tampered('phases/30-compute/02-ecs.yaml', (t) => t.replace('DesiredCount: 2', 'DesiredCount: 4')));
    expect(proof.ok).toBe(false);
    expect(proof.failures).toEqual([
      { itemId: expect.any(String), resource: 'WebService', reason: 'still-drifted', differences: [{ path: 'DesiredCount', kind: 'NOT_EQUAL', expected: 4, actual: 2 }] },
    ]);
  });

  it('fails when an edit creates a difference that was not there before', () => {
    const proof = prove(tampered('phases/30-compute/02-ecs.yaml', (t) => t.replace('LaunchType: FARGATE\n      TaskDefinition: arn:aws:ecs:us-east-1:123456789012:task-definition/shop-web:42', 'LaunchType: EC2\n      TaskDefinition: arn:aws:ecs:us-east-1:123456789012:task-definition/shop-web:42')));
    expect(proof.ok).toBe(false);
    expect(proof.failures).toEqual([
      { itemId: expect.any(String), resource: 'WebService', reason: 'introduced', differences: [{ path: 'LaunchType', kind: 'NOT_EQUAL', expected: 'EC2', actual: 'FARGATE' }] },
    ]);
  });

  it('fails with the loader\'s message when an edited file no longer loads', () => {
    const proof = prove(tampered('phases/30-compute/02-ecs.yaml', (t) => t.replace('DesiredCount: 2', 'DesiredCont: 2')));
    expect(proof.ok).toBe(false);
    expect(proof.loadError).toContain('phases/30-compute/02-ecs.yaml:34:7: unknown property DesiredCont');
  });

  it('fails when a codified resource would not match what AWS holds', () => {
    const p: SyncPlan = {
      ...plan,
      newFiles: plan.newFiles.map((f) => (f.logicalId === 'HotfixRunner' ? { ...f, text: f.text.replace('InstanceType: t3.large', 'InstanceType: t3.small') } : f)),
    };
    const proof = prove(p);
    expect(proof.failures.map((f) => [f.resource, f.reason, f.differences.map((d) => d.path)])).toEqual([
      ['HotfixRunner', 'introduced', ['InstanceType']],
    ]);
  });
});
