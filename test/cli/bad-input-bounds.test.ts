// Bad input that used to be accepted (issue 11, item 8): out-of-range durations, empty or malformed
// regions and endpoints, a state_dir in /proc or nowhere, a snapshot --out that cannot be written. The
// real `ialctl` process must answer each with a message naming the flag, the variable or file:line,
// exit 1, no stack trace, and without calling AWS or leaving files behind. A loopback server stands in
// for AWS and counts connections, so "no call" is measured.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliRun } from './run-cli.js';

const NO_STACK = /^\s+at /m;

const workspaces: string[] = [];
function workspace(files: Record<string, string> = {}): string {
  const cwd = mkdtempSync(path.join(tmpdir(), 'ialctl-bounds-'));
  workspaces.push(cwd);
  for (const [relative, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(cwd, relative)), { recursive: true });
    writeFileSync(path.join(cwd, relative), text);
  }
  return cwd;
}

let awsStandIn: Server;
let connections = 0;
let endpoint: string;

beforeAll(async () => {
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
  for (const cwd of workspaces.splice(0)) rmSync(cwd, { recursive: true, force: true });
});

const VPC = 'Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n      Tags: [{ Key: Name, Value: a }]\n';
const CREDENTIALS = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' };

/** Runs ialctl and checks the clean-failure contract, including that AWS was never called. */
async function failsCleanly(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliRun> {
  const before = connections;
  const run = await runCli(args, { cwd: options.cwd ?? workspace({ 'phases/00-net/01-vpc.yaml': VPC }), env: { ...CREDENTIALS, ...options.env } });
  expect(run.code).toBe(1);
  expect(run.stderr).not.toMatch(NO_STACK);
  expect(run.stderr).not.toContain('(run with --debug for details)');
  expect(run.stdout).toBe('');
  expect(connections).toBe(before);
  return run;
}

describe('durations: bounded, naming the flag or the variable', () => {
  it.each([
    ['1ms', `"1ms" is too short for a check interval: use a duration between 1m and 30d`],
    ['99999999d', `"99999999d" is too long for a check interval: use a duration between 1m and 30d`],
  ])('drift watch --interval %s', async (value, message) => {
    const run = await failsCleanly(['drift', 'watch', '--demo', '--interval', value]);
    expect(run.stderr).toBe(`error: option '--interval <duration>' argument '${value}' is invalid. ${message}\n(run with --help for usage)\n`);
  });

  it.each([
    ['1ms', 'IAL_DRIFT_CHECK_INTERVAL: "1ms" is too short for a check interval: use a duration between 1m and 30d'],
    ['99999999d', 'IAL_DRIFT_CHECK_INTERVAL: "99999999d" is too long for a check interval: use a duration between 1m and 30d'],
    ['', 'IAL_DRIFT_CHECK_INTERVAL: is set but empty: give it a value or unset it (`unset IAL_DRIFT_CHECK_INTERVAL`) to use the configuration file'],
  ])('IAL_DRIFT_CHECK_INTERVAL=%j', async (value, line) => {
    const run = await failsCleanly(['drift', 'watch', '--demo', '--once'], { env: { IAL_DRIFT_CHECK_INTERVAL: value } });
    expect(run.stderr).toBe(`ialctl: invalid configuration:\n${line}\n`);
  });

  it('drift.check_interval in the config file: file:line:column', async () => {
    const cwd = workspace({ 'config/drift_config.yaml': 'drift:\n  check_interval: 1ms\n' });
    const run = await failsCleanly(['drift', 'watch', '--demo', '--once'], { cwd });
    expect(run.stderr).toBe(
      'ialctl: invalid configuration:\nconfig/drift_config.yaml:2:19: drift.check_interval: "1ms" is too short for a check interval: use a duration between 1m and 30d\n',
    );
  });

  it('drift pause --for beyond a year, drift history --runs 0, drift heal --wait past a day', async () => {
    const pause = await failsCleanly(['drift', 'pause', '--demo', '--for', '99999999d']);
    expect(pause.stderr).toContain(`error: option '--for <duration>' argument '99999999d' is invalid. "99999999d" is too long for a pause: use a duration between 1m and 366d`);
    const history = await failsCleanly(['drift', 'history', '--runs', '0']);
    expect(history.stderr).toContain(`error: option '--runs <n>' argument '0' is invalid. expected a whole number from 1 to 10000, got "0"`);
    const wait = await failsCleanly(['drift', 'heal', '--wait', '1e12']);
    expect(wait.stderr).toContain(`error: option '--wait [seconds]' argument '1e12' is invalid. expected a number of seconds from 0 to 86400, got "1e12"`);
  });
});

describe('region and endpoint: checked before any AWS call', () => {
  it('--region "" names the flag', async () => {
    const run = await failsCleanly(['drift', 'check', '--phases', 'phases', '--endpoint-url', endpoint, '--region', '']);
    expect(run.stderr).toBe(
      "error: option '--region <region>' argument '' is invalid. the region is empty: expected an AWS region such as us-east-1 or eu-west-1\n(run with --help for usage)\n",
    );
  });

  it('--region with a typo names the flag and the value', async () => {
    const run = await failsCleanly(['drift', 'check', '--phases', 'phases', '--endpoint-url', endpoint, '--region', 'us-east1']);
    expect(run.stderr).toContain(`argument 'us-east1' is invalid. "us-east1" is not an AWS region`);
  });

  it('--endpoint-url not-a-url names the flag', async () => {
    const run = await failsCleanly(['drift', 'check', '--phases', 'phases', '--region', 'us-east-1', '--endpoint-url', 'not-a-url']);
    expect(run.stderr).toBe(
      "error: option '--endpoint-url <url>' argument 'not-a-url' is invalid. \"not-a-url\" is not a URL: expected an http:// or https:// URL such as http://localhost:5000 (moto) or https://ec2.us-east-1.amazonaws.com\n(run with --help for usage)\n",
    );
  });

  it('--endpoint-url with another scheme is refused', async () => {
    const run = await failsCleanly(['drift', 'check', '--phases', 'phases', '--region', 'us-east-1', '--endpoint-url', 'ftp://127.0.0.1:21']);
    expect(run.stderr).toContain(`"ftp://127.0.0.1:21" is not an http(s) URL`);
  });

  it.each([
    ['AWS_REGION', 'nowhere', 'AWS_REGION: "nowhere" is not an AWS region: expected an AWS region such as us-east-1 or eu-west-1'],
    ['AWS_DEFAULT_REGION', 'us east 1', 'AWS_DEFAULT_REGION: "us east 1" is not an AWS region: expected an AWS region such as us-east-1 or eu-west-1'],
    ['AWS_ENDPOINT_URL', 'localhost:5000', 'AWS_ENDPOINT_URL: "localhost:5000" is not an http(s) URL'],
  ])('%s=%s names the variable', async (variable, value, message) => {
    const run = await failsCleanly(['drift', 'check', '--phases', 'phases', '--endpoint-url', endpoint], { env: { [variable]: value } });
    expect(run.stderr.startsWith(`ialctl: ${message}`)).toBe(true);
    expect(run.stderr).toContain('  hint: fix or unset the variable\n');
  });

  it('a profile whose region is malformed: names the config file setting', async () => {
    const cwd = workspace({ 'phases/00-net/01-vpc.yaml': VPC, 'aws-config': '[default]\nregion = mars-1\n' });
    const run = await failsCleanly(['drift', 'check', '--phases', 'phases', '--endpoint-url', endpoint], {
      cwd,
      env: { AWS_CONFIG_FILE: path.join(cwd, 'aws-config') },
    });
    expect(run.stderr).toContain('ialctl: the region of the default profile in the AWS config file is not usable: "mars-1" is not an AWS region');
  });
});

describe('empty paths and names: named, never silently the working directory or the default', () => {
  it.each([
    ['--phases', '<dir>', 'folder'],
    ['--config', '<file>', 'file name'],
    ['--profile', '<name>', 'profile name'],
  ])('%s ""', async (flag, arg, what) => {
    const run = await failsCleanly(['drift', 'check', '--region', 'us-east-1', '--endpoint-url', endpoint, flag, '']);
    expect(run.stderr).toBe(`error: option '${flag} ${arg}' argument '' is invalid. the ${what} is empty: give one or leave the option out\n(run with --help for usage)\n`);
  });
});

describe('state_dir: validated with the config file:line', () => {
  it.each([
    ['/proc/self', '/proc/self is inside /proc, a kernel file system that cannot hold the state store: use a folder such as .ial in the project'],
    ['/sys/kernel/ialctl', '/sys/kernel/ialctl is inside /sys, a kernel file system that cannot hold the state store: use a folder such as .ial in the project'],
  ])('state_dir: %s', async (dir, message) => {
    const cwd = workspace({ 'config/drift_config.yaml': `state_dir: ${dir}\n` });
    const run = await failsCleanly(['drift', 'watch', '--demo', '--once'], { cwd });
    expect(run.stderr).toBe(`ialctl: invalid configuration:\nconfig/drift_config.yaml:1:12: state_dir: ${message}\n`);
  });

  it('a folder outside the project that does not exist is refused; one that exists is used', async () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'ialctl-state-outside-'));
    workspaces.push(outside);
    const missing = path.join(outside, 'not-there', 'state');
    const cwd = workspace({ 'config/drift_config.yaml': `state_dir: ${missing}\n` });
    const run = await failsCleanly(['drift', 'watch', '--demo', '--once'], { cwd });
    expect(run.stderr).toBe(
      `ialctl: invalid configuration:\nconfig/drift_config.yaml:1:12: state_dir: ${missing} does not exist and is outside the project (${cwd}): create it first, or use a folder inside the project such as .ial\n`,
    );
    expect(existsSync(path.join(outside, 'not-there'))).toBe(false);

    const used = workspace({ 'config/drift_config.yaml': `state_dir: ${outside}\n` });
    const ok = await runCli(['drift', 'watch', '--demo', '--once', '--format', 'json'], { cwd: used });
    expect(ok.code).toBe(0);
    expect(readdirSync(outside)).toContain('state.db');
  });

  it('a file where the folder should be is refused', async () => {
    const cwd = workspace({ 'config/drift_config.yaml': 'state_dir: notes.txt\n', 'notes.txt': 'hello\n' });
    const run = await failsCleanly(['drift', 'watch', '--demo', '--once'], { cwd });
    expect(run.stderr).toBe(`ialctl: invalid configuration:\nconfig/drift_config.yaml:1:12: state_dir: ${path.join(cwd, 'notes.txt')} exists and is not a folder\n`);
  });
});

describe('drift snapshot --out: never a half-written file', () => {
  it('a folder that does not exist: refused before reading AWS, nothing written', async () => {
    const cwd = workspace();
    const run = await failsCleanly(['drift', 'snapshot', '--region', 'us-east-1', '--endpoint-url', endpoint, '--out', 'missing/snap.json'], { cwd });
    expect(run.stderr).toBe(
      `ialctl: --out missing/snap.json: cannot write the snapshot there: the folder ${path.join(cwd, 'missing')} does not exist\n  hint: pass a file path in an existing, writable folder\n`,
    );
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('--out naming a folder: refused before reading AWS, the folder untouched', async () => {
    const cwd = workspace({ 'out/keep.txt': 'keep\n' });
    const run = await failsCleanly(['drift', 'snapshot', '--region', 'us-east-1', '--endpoint-url', endpoint, '--out', 'out'], { cwd });
    expect(run.stderr).toContain(`cannot write the snapshot there: ${path.join(cwd, 'out')} is a folder`);
    expect(readdirSync(cwd)).toEqual(['out']);
    expect(readdirSync(path.join(cwd, 'out'))).toEqual(['keep.txt']);
  });
});
