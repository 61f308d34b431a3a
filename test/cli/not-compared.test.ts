// "✔ In sync", exit 0, must never be said of resources that were not compared. The real `ialctl`
// process checks phase files against a saved snapshot (no AWS needed): a declared type ialctl does not
// read is *not checked*, and the check says how much was compared and exits 1, in every format.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const workspaces: string[] = [];
afterAll(() => {
  for (const cwd of workspaces.splice(0)) rmSync(cwd, { recursive: true, force: true });
});

const TOPIC = 'Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: alerts\n';
const VPC = 'Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n      Tags: [{ Key: Name, Value: main }]\n';
const LIVE_VPC = { type: 'AWS::EC2::VPC', physicalId: 'vpc-0a1b2c3d', properties: { CidrBlock: '10.0.0.0/16', Tags: [{ Key: 'Name', Value: 'main' }] }, attributes: {} };

function workspace(phases: Record<string, string>, resources: object[] = []): string {
  const cwd = mkdtempSync(path.join(tmpdir(), 'ialctl-not-compared-'));
  workspaces.push(cwd);
  for (const [relative, text] of Object.entries(phases)) {
    mkdirSync(path.dirname(path.join(cwd, 'phases', relative)), { recursive: true });
    writeFileSync(path.join(cwd, 'phases', relative), text);
  }
  const snapshot = {
    kind: 'ialctl-snapshot',
    schemaVersion: 1,
    generatedAt: '2026-01-01T00:00:00.000Z',
    region: 'us-east-1',
    accountId: '123456789012',
    readTypes: ['AWS::EC2::VPC'],
    errors: [],
    resources,
  };
  writeFileSync(path.join(cwd, 'snap.json'), JSON.stringify(snapshot));
  return cwd;
}

const REASON = 'ialctl does not read AWS::SNS::Topic yet';

describe('drift check when declared resources were not compared (real process)', () => {
  const onlyUnread = workspace({ '00-alerts/01-topic.yaml': TOPIC });

  it('text (en): the partial-check line, "nothing was compared", exit 1', async () => {
    const run = await runCli(['drift', 'check', '--snapshot', 'snap.json', '--lang', 'en'], { cwd: onlyUnread });

    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    const lines = run.stdout.split('\n');
    expect(lines[2]).toBe(`PARTIAL CHECK: 0 of 1 declared resources compared; 1 not checked: ${REASON}`);
    expect(lines).toContain('Nothing was compared with AWS: no declared resource could be checked, so none is called in sync (see above).');
    expect(run.stdout).not.toMatch(/In sync: (the|all)|✔/);
    expect(run.stdout).not.toContain('Check complete');
  });

  it('text (pt): the same in Portuguese, exit 1', async () => {
    const run = await runCli(['drift', 'check', '--snapshot', 'snap.json', '--lang', 'pt'], { cwd: onlyUnread });

    expect(run.code).toBe(1);
    expect(run.stdout.split('\n')[2]).toBe(`VERIFICAÇÃO PARCIAL: 0 de 1 recursos declarados comparados; 1 não verificado: ${REASON}`);
    expect(run.stdout).not.toContain('Tudo em sincronia');
  });

  it('--fail-on critical cannot turn it into a pass: still exit 1', async () => {
    const run = await runCli(['drift', 'check', '--snapshot', 'snap.json', '--fail-on', 'critical', '--format', 'json'], { cwd: onlyUnread });

    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout);
    expect(json.summary).toMatchObject({ resources: 1, inSync: 0, drifted: 0, notChecked: 1, declared: 1, checked: 0 });
    expect(json.notChecked.resources).toEqual([
      { logicalId: 'Topic', resourceType: 'AWS::SNS::Topic', reason: REASON, file: 'phases/00-alerts/01-topic.yaml', line: 2 },
    ]);
  });

  it('markdown and SARIF say it too, exit 1', async () => {
    const md = await runCli(['drift', 'check', '--snapshot', 'snap.json', '--format', 'markdown', '--lang', 'en'], { cwd: onlyUnread });
    expect(md.code).toBe(1);
    expect(md.stdout).toContain(`> **PARTIAL CHECK: 0 of 1 declared resources compared; 1 not checked: \`${REASON}\`**`);
    expect(md.stdout).not.toContain('✅');

    const sarif = await runCli(['drift', 'check', '--snapshot', 'snap.json', '--format', 'sarif', '--lang', 'en'], { cwd: onlyUnread });
    expect(sarif.code).toBe(1);
    const run = JSON.parse(sarif.stdout).runs[0];
    expect(run.results).toEqual([]);
    expect(run.properties.fullyCompared).toBe(false);
    expect(run.invocations[0].toolExecutionNotifications).toEqual([
      { level: 'warning', message: { text: `PARTIAL CHECK: 0 of 1 declared resources compared; 1 not checked: ${REASON}` } },
    ]);
  });

  it('partly compared: the compared VPC is in sync, the topic is not checked: no "In sync" line, exit 1', async () => {
    const cwd = workspace({ '00-net/01-vpc.yaml': VPC, '00-net/02-topic.yaml': TOPIC }, [LIVE_VPC]);

    const run = await runCli(['drift', 'check', '--snapshot', 'snap.json', '--lang', 'en'], { cwd });

    expect(run.code).toBe(1);
    const lines = run.stdout.split('\n');
    expect(lines[2]).toBe(`PARTIAL CHECK: 1 of 2 declared resources compared; 1 not checked: ${REASON}`);
    expect(lines).toContain('  Resources: 2 · Compared: 1 of 2 declared · In sync: 1 · With drift: 0 · Not checked: 1');
    expect(lines).toContain('No drift in the 1 resource compared; the others were not compared, so they are not called in sync (see above).');
  });

  it('drift watch --once on the same tree exits 1 too (a scheduler sees the gap)', async () => {
    const cwd = workspace({ '00-alerts/01-topic.yaml': TOPIC });

    const run = await runCli(['drift', 'watch', '--once', '--snapshot', 'snap.json', '--format', 'json'], { cwd });

    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout.trim())).toMatchObject({ run: 1, status: 'complete', items: 0 });
  });

  it('control: everything compared and in sync still says so and exits 0', async () => {
    const cwd = workspace({ '00-net/01-vpc.yaml': VPC }, [LIVE_VPC]);

    const run = await runCli(['drift', 'check', '--snapshot', 'snap.json', '--lang', 'en'], { cwd });

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('✔ In sync: the 1 resource matches the phase files.');
  });
});
