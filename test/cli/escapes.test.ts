// Control characters that did not come from ialctl never reach the terminal raw: a plan id argument,
// an unknown flag, a phase file's name. The real `ialctl` process; stderr is what a terminal would get.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, type CliRun } from './run-cli.js';

// What a terminal acts on or hides: C0 (but \n), DEL, C1, bidi controls, zero-width characters.
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/u;
// OSC 52: "put this in the clipboard"; a terminal that honours it is an exfiltration channel.
const OSC52 = '\u001b]52;c;ZXZpbA==\u0007';
const OSC52_SHOWN = '␛]52;c;ZXZpbA==␇';

const workspaces: string[] = [];
afterAll(() => {
  for (const cwd of workspaces.splice(0)) rmSync(cwd, { recursive: true, force: true });
});

function workspace(files: Record<string, string> = {}): string {
  const cwd = mkdtempSync(path.join(tmpdir(), 'ialctl-escapes-'));
  workspaces.push(cwd);
  for (const [relative, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(cwd, relative)), { recursive: true });
    writeFileSync(path.join(cwd, relative), text);
  }
  return cwd;
}

function expectInert(run: CliRun): void {
  expect(run.code).toBe(1);
  expect(run.stderr).not.toMatch(RAW);
  expect(run.stdout).not.toMatch(RAW);
}

describe('arguments echoed in errors', () => {
  it('drift heal --plan-id with an OSC 52 escape: the mismatch error shows it as text', async () => {
    const run = await runCli(['--demo', 'drift', 'heal', '--apply', '--yes', '--plan-id', OSC52], { cwd: workspace() });

    expectInert(run);
    expect(run.stderr).toContain(OSC52_SHOWN);
  });

  it('drift heal --undo with bidi and zero-width characters: shown as \\u escapes', async () => {
    const run = await runCli(['--demo', 'drift', 'heal', '--undo', 'ab\u202ecd\u200b\u009b2J'], { cwd: workspace() });

    expectInert(run);
    expect(run.stderr).toContain('ab\\u202ecd\\u200b\\u009b2J');
  });

  it('--approve that is not a plan id, with an escape: the flag named, the value shown inert', async () => {
    const run = await runCli(['--demo', '--approve', OSC52, 'heal the drift'], { cwd: workspace() });

    expectInert(run);
    expect(run.stderr).toBe(`ialctl: --approve expects a plan id (12 to 64 hex digits, as the plan shows it), got "${OSC52_SHOWN}"\n`);
  });

  it('an unknown flag with escapes: commander\'s message shows them as text', async () => {
    const run = await runCli(['drift', 'check', '--bogus\u001b[2J\u202e'], { cwd: workspace() });

    expectInert(run);
    expect(run.stderr).toContain("error: unknown option '--bogus␛[2J\\u202e'");
  });
});

describe('phase file names in loader errors', () => {
  it('a file named with an OSC title escape and a bidi override: the file:line error shows the name inert', async () => {
    const name = `01-vpc\u001b]0;pwned\u0007\u202e.yaml`;
    const cwd = workspace({ [`phases/00-net/${name}`]: 'Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: [10.0.0.0/16\n' });

    const run = await runCli(['drift', 'check', '--phases', 'phases', '--endpoint-url', 'http://127.0.0.1:9', '--region', 'us-east-1'], {
      cwd,
      env: { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' },
    });

    expectInert(run);
    expect(run.stderr).toContain('phases/00-net/01-vpc␛]0;pwned␇\\u202e.yaml:6:1: invalid YAML');
  });
});
