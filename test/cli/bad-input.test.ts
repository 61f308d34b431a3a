// Bad input to the real `ialctl` process: every mistake a user can make on the command line, in the
// configuration or in a phase file ends with a message naming the flag or file:line[:col], exit 1 and
// no stack trace. Phase-file errors stop the check before any AWS call: a loopback server stands in
// for AWS and counts connections, so "no call" is measured, not inferred from the output.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliRun } from './run-cli.js';

const NO_STACK = /^\s+at /m;

const workspaces: string[] = [];
afterAll(() => {
  for (const cwd of workspaces.splice(0)) rmSync(cwd, { recursive: true, force: true });
});

function workspace(files: Record<string, string> = {}): string {
  const cwd = mkdtempSync(path.join(tmpdir(), 'ialctl-bad-input-'));
  workspaces.push(cwd);
  for (const [relative, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(cwd, relative)), { recursive: true });
    writeFileSync(path.join(cwd, relative), text);
  }
  return cwd;
}

function expectCleanFailure(run: CliRun): void {
  expect(run.code).toBe(1);
  expect(run.stderr).not.toMatch(NO_STACK);
  expect(run.stderr).not.toContain('(run with --debug for details)');
}

describe('command-line flags', () => {
  const cwd = workspace();

  it('unknown flag: names it', async () => {
    const run = await runCli(['drift', 'check', '--bogus'], { cwd });

    expectCleanFailure(run);
    expect(run.stderr).toBe("error: unknown option '--bogus'\n(run with --help for usage)\n");
    expect(run.stdout).toBe('');
  });

  it('bad --format: names the flag and the allowed values', async () => {
    const run = await runCli(['drift', 'check', '--demo', '--format', 'yaml'], { cwd });

    expectCleanFailure(run);
    // The list of formats grows (sarif…): the message must name the flag, the value and start the list.
    expect(run.stderr).toMatch(/^error: option '--format <format>' argument 'yaml' is invalid\. Allowed choices are text, json, markdown[,.]/);
  });

  it('bad --lang: names the flag and the allowed values', async () => {
    const run = await runCli(['drift', 'check', '--demo', '--lang', 'fr'], { cwd });

    expectCleanFailure(run);
    expect(run.stderr).toBe('ialctl: Invalid value "fr" for --lang: allowed values are pt|en (for example --lang pt).\n');
  });

  it('bad --param: names the flag and the expected Key=Value form', async () => {
    const run = await runCli(['drift', 'check', '--demo', '--param', 'ProjectName'], { cwd });

    expectCleanFailure(run);
    expect(run.stderr).toContain(
      `error: option '--param <Key=Value>' argument 'ProjectName' is invalid. expected Key=Value (e.g. --param ProjectName=shop), got "ProjectName"`,
    );
  });
});

describe('configuration file', () => {
  it('an invalid key and an invalid value: one file:line:column line each', async () => {
    const cwd = workspace({ 'bad.yaml': 'drift:\n  sensitivity:\n    tags: loud\nbogus_key: 1\n' });

    const run = await runCli(['drift', 'check', '--demo', '--config', 'bad.yaml'], { cwd });

    expectCleanFailure(run);
    const lines = run.stderr.split('\n');
    expect(lines[0]).toBe('ialctl: invalid configuration:');
    expect(lines[1]).toBe('bad.yaml:3:11: drift.sensitivity.tags: "loud" is not one of off|low|medium|high|critical');
    // The list of allowed keys grows with features: only its presence is part of this contract.
    expect(lines[2]).toMatch(/^bad\.yaml:4:1: bogus_key: unknown key; allowed keys: drift\|.*auto_heal.*$/);
    expect(lines.slice(3)).toEqual(['']);
  });

  it('the default config/drift_config.yaml is validated the same way', async () => {
    const cwd = workspace({ 'config/drift_config.yaml': 'auto_heal:\n  max_resources: many\n' });

    const run = await runCli(['drift', 'check', '--demo'], { cwd });

    expectCleanFailure(run);
    expect(run.stderr).toMatch(/^ialctl: invalid configuration:\nconfig\/drift_config\.yaml:2:18: auto_heal\.max_resources: /);
  });

  it('a --config file that does not exist: names the path', async () => {
    const cwd = workspace();

    const run = await runCli(['drift', 'check', '--demo', '--config', 'nope.yaml'], { cwd });

    expectCleanFailure(run);
    expect(run.stderr).toContain('nope.yaml: config file not found');
  });
});

describe('phase files: one file:line:column diagnostic and no AWS call', () => {
  let awsStandIn: Server;
  let connections = 0;
  let endpoint: string;

  beforeAll(async () => {
    // Accepts and drops every connection: any AWS call would show up in `connections`.
    awsStandIn = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((r) => awsStandIn.listen(0, '127.0.0.1', r));
    const address = awsStandIn.address();
    if (typeof address !== 'object' || !address) throw new Error('no port');
    endpoint = `http://127.0.0.1:${address.port}`;
  });
  afterAll(async () => {
    await new Promise<void>((r) => awsStandIn.close(() => r()));
  });

  const VALID = 'Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n      Tags: [{ Key: Name, Value: a }]\n';

  async function check(files: Record<string, string>): Promise<CliRun> {
    const cwd = workspace(files);
    return runCli(['drift', 'check', '--phases', 'phases', '--endpoint-url', endpoint, '--region', 'us-east-1'], {
      cwd,
      env: { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' },
    });
  }

  it('control: valid phase files do reach the endpoint (so the counter can see calls)', async () => {
    const before = connections;

    const run = await check({ 'phases/00-net/01-vpc.yaml': VALID });

    expect(connections).toBeGreaterThan(before);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('INCOMPLETE CHECK');
  });

  const cases: Array<{ name: string; files: Record<string, string>; line: string; hint: string }> = [
    {
      name: 'invalid YAML',
      files: { 'phases/00-net/01-vpc.yaml': 'Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: [10.0.0.0/16\n' },
      line: 'phases/00-net/01-vpc.yaml:6:1: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
      hint: 'fix the YAML syntax (indentation, quotes, colons) at this position',
    },
    {
      name: 'unknown resource type',
      files: { 'phases/00-net/01-vpc.yaml': VALID.replace('AWS::EC2::VPC', 'AWS::EC2::VPCX') },
      line: 'phases/00-net/01-vpc.yaml:3:11: unknown resource type AWS::EC2::VPCX',
      hint: 'did you mean AWS::EC2::VPC?',
    },
    {
      name: 'unknown property',
      files: { 'phases/00-net/01-vpc.yaml': VALID.replace('CidrBlock', 'CidrBlok') },
      line: 'phases/00-net/01-vpc.yaml:5:7: unknown property CidrBlok for AWS::EC2::VPC (resource Vpc)',
      hint: 'did you mean CidrBlock?',
    },
    {
      name: 'NUL byte',
      files: { 'phases/00-net/01-vpc.yaml': VALID.replace('Type: AWS::EC2::VPC', 'Type: AWS::EC2::VPC\u0000') },
      line: 'phases/00-net/01-vpc.yaml:3:1: file contains a NUL byte: it is not a text template',
      hint: 'remove the binary content or move the file out of phases/',
    },
    {
      name: 'a resource referring to itself',
      files: { 'phases/00-net/01-vpc.yaml': VALID.replace('    Properties:\n', '    DependsOn: Vpc\n    Properties:\n') },
      line: 'phases/00-net/01-vpc.yaml:2:3: resource Vpc refers to itself',
      hint: 'CloudFormation cannot create resources that depend on each other in a circle; remove one of the references',
    },
  ];

  for (const c of cases) {
    it(`${c.name}: exits 1 before any AWS call`, async () => {
      const before = connections;

      const run = await check(c.files);

      expectCleanFailure(run);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(`ialctl: 1 problem in the phase files (nothing was read from AWS):\n${c.line}\n  hint: ${c.hint}\n`);
      expect(connections).toBe(before);
    });
  }
});
