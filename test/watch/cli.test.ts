// The monitoring and CI commands end to end in-process, on the bundled demo (no AWS): drift watch
// --once, pause/resume, history, check --format sarif / --fail-on / new-vs-known, alarm-template.
import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { Writable } from 'node:stream';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exitCodeFor } from '../../src/cli/commands/check.js';
import { cycleLine, formatDuration } from '../../src/cli/commands/watch-output.js';
import { watchCommand } from '../../src/cli/commands/watch-run.js';
import type { CliIo } from '../../src/cli/main.js';
import { makeItem, makeReport } from '../../src/drift/report/fixtures.test-helper.js';
import { expectValidSarif } from '../../src/drift/report/sarif-schema.test-helper.js';
import { runProgram } from './program.js';

let cwd: string;
beforeEach(() => {
  cwd = mkdtempSync(path.join(tmpdir(), 'ialctl-watch-cli-'));
});
afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

const T0 = new Date('2025-06-04T12:00:00.000Z');
const at = (minutes: number) => () => new Date(T0.getTime() + minutes * 60_000);
// The demo's 10 items (see demo/README.md).
const DEMO_ITEMS = 10;

describe('drift watch --once', () => {
  it('runs one check on the demo, records it, and says what is off and why', async () => {
    const run = await runProgram(['drift', 'watch', '--once', '--demo'], { cwd, now: at(0), env: { IAL_AUTO_HEAL_ENABLED: 'false' } });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')).toEqual([
      'One drift check (--once).',
      '  metrics: off (no AWS account is read with --demo or --snapshot)',
      '  notifications: off (no AWS account is read with --demo or --snapshot)',
      '  auto-heal: off (auto_heal.enabled / IAL_AUTO_HEAL_ENABLED)',
      '  reverse sync: off (reverse_sync.auto / IAL_REVERSE_SYNC_AUTO)',
      `  history: ${path.join('.ial', 'state.db')}`,
      `run 1 · 2025-06-04T12:00:00Z · ${DEMO_ITEMS} drift items (${DEMO_ITEMS} new) · metrics off · notifications off · auto-heal off`,
      '',
    ]);
    expect(existsSync(path.join(cwd, '.ial', 'state.db'))).toBe(true);
    const again = await runProgram(['drift', 'watch', '--once', '--demo', '--format', 'json'], { cwd, now: at(10), env: { IAL_AUTO_HEAL_ENABLED: 'false' } });
    const line = JSON.parse(again.stdout) as Record<string, unknown>;
    expect(line).toMatchObject({ run: 2, status: 'complete', items: DEMO_ITEMS, new: 0, resolved: 0, accountId: '123456789012', region: 'us-east-1', nextRunInMs: null });
    expect(again.stderr).toContain('One drift check (--once).');
  });

  it('never heals or syncs a saved state (demo, snapshot), and says so', async () => {
    const run = await runProgram(['drift', 'watch', '--once', '--demo'], { cwd, now: at(0), env: { IAL_REVERSE_SYNC_AUTO: 'true' } });
    const lines = run.stdout.split('\n');
    expect(lines[3]).toBe('  auto-heal: off with --demo or --snapshot (each run re-reads the same saved state; try `ialctl drift heal --demo --apply`)');
    expect(lines[4]).toBe('  reverse sync: off with --demo or --snapshot (try `ialctl reverse-sync --demo`)');
    expect(lines[6]).toBe(`run 1 · 2025-06-04T12:00:00Z · ${DEMO_ITEMS} drift items (${DEMO_ITEMS} new) · metrics off · notifications off · auto-heal off`);
  });

  it('rejects a bad interval with the accepted forms', async () => {
    const run = await runProgram(['drift', 'watch', '--demo', '--interval', 'hourly'], { cwd });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('"hourly" is not a duration: use a whole number followed by ms, s, m, h or d, e.g. 90s, 30m, 6h, 1d');
  });
});

describe('drift watch: signals', () => {
  function capture(): CliIo & { out: () => string } {
    let text = '';
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        text += chunk.toString();
        done();
      },
    });
    return { stdout: stream, stderr: stream, env: { LANG: 'en_US.UTF-8' }, cwd, now: () => new Date(), out: () => text };
  }

  async function until(condition: () => boolean): Promise<void> {
    const deadline = Date.now() + 15_000;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  it('SIGTERM while waiting for the next run ends the watch at once', async () => {
    const io = capture();
    const signals = new EventEmitter();
    const done = watchCommand({ demo: true, param: {} }, { format: 'text', interval: '1h' }, io, { signals, exit: () => {} });
    await until(() => io.out().includes('next run in'));
    // The wait is an hour: the command returning at all proves the signal ended it (no wall-time bound).
    signals.emit('SIGTERM');
    expect(await done).toBe(0);
    expect(io.out()).toMatch(/Stopping after the current step \(signal again to exit at once\)…\nStopped after 1 run\.\n$/);
    expect(signals.listenerCount('SIGTERM') + signals.listenerCount('SIGINT')).toBe(0);
  });

  it('a second signal exits at once with 130; the first lets the current run finish', async () => {
    const io = capture();
    const signals = new EventEmitter();
    const exits: number[] = [];
    const done = watchCommand({ demo: true, param: {} }, { format: 'text', interval: '1h' }, io, { signals, exit: (code) => exits.push(code) });
    signals.emit('SIGINT');
    signals.emit('SIGINT');
    expect(exits).toEqual([130]);
    expect(await done).toBe(0);
    expect(io.out()).toContain(`run 1 · `);
    expect(io.out()).toContain('Stopped after 1 run.');
  });
});

describe('drift history', () => {
  it('before any watch run: says there is no history yet', async () => {
    const run = await runProgram(['drift', 'history'], { cwd });
    expect(run).toEqual({ code: 0, stderr: '', stdout: `No drift history yet (${path.join('.ial', 'state.db')}): \`ialctl drift watch\` records one.\n` });
  });

  it('answers "since when has this drifted?" for a resource', async () => {
    await runProgram(['drift', 'watch', '--once', '--demo'], { cwd, now: at(0), env: { IAL_AUTO_HEAL_ENABLED: 'false' } });
    await runProgram(['drift', 'watch', '--once', '--demo'], { cwd, now: at(30), env: { IAL_AUTO_HEAL_ENABLED: 'false' } });
    const run = await runProgram(['drift', 'history', 'MainDb', '--runs', '2'], { cwd });
    expect(run.stdout).toBe(
      [
        'Drift history of MainDb',
        '  [CRITICAL] configuration changed · AWS::RDS::DBInstance · MainDb (rds-main-db) · 123456789012/us-east-1',
        '    drifting since 2025-06-04T12:00:00.000Z (last seen 2025-06-04T12:30:00.000Z)',
        '',
        'Last runs',
        `  #2 2025-06-04T12:30:00.000Z complete, ${DEMO_ITEMS} items`,
        `  #1 2025-06-04T12:00:00.000Z complete, ${DEMO_ITEMS} items`,
        '',
      ].join('\n'),
    );
    const json = JSON.parse((await runProgram(['drift', 'history', '--format', 'json'], { cwd })).stdout) as { findings: unknown[]; runs: unknown[] };
    expect(json.findings).toHaveLength(DEMO_ITEMS);
    expect(json.runs).toHaveLength(2);
    expect((await runProgram(['drift', 'history', 'NoSuchThing'], { cwd })).stdout.split('\n')[0]).toBe('No drift was ever recorded for NoSuchThing.');
  });
});

describe('drift pause / resume', () => {
  it('pauses a phase until a time, lists it, and resumes it', async () => {
    const paused = await runProgram(['drift', 'pause', '--for', '2h', '--scope', 'phase:40-data', '--reason', 'DB migration', '--demo'], { cwd, now: at(0) });
    expect(paused).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        'Unattended healing paused for phase:40-data until 2025-06-04T14:00:00.000Z.',
        'Reason: DB migration',
        'Drift there is still detected and reported, but never healed unattended. End it early with `ialctl drift resume`.',
        '',
      ].join('\n'),
    });
    expect((await runProgram(['drift', 'pause', '--list'], { cwd, now: at(60) })).stdout).toBe(
      'Active pauses\n  phase:40-data until 2025-06-04T14:00:00.000Z — DB migration\n',
    );
    expect((await runProgram(['drift', 'pause', '--list'], { cwd, now: at(120) })).stdout).toBe('No active pauses.\n');
    await runProgram(['drift', 'pause', '--for', '1h', '--scope', 'resource:MainDb', '--demo'], { cwd, now: at(0) });
    expect((await runProgram(['drift', 'resume', '--scope', 'resource:MainDb'], { cwd, now: at(1) })).stdout).toBe('Resumed: 1 pause ended.\n');
    expect((await runProgram(['drift', 'resume'], { cwd, now: at(1) })).stdout).toBe('Resumed: 1 pause ended.\n');
    expect((await runProgram(['drift', 'resume'], { cwd, now: at(1) })).stdout).toBe('No active pause matches: nothing to resume.\n');
  });

  it('warns about a scope that matches nothing in the phase files', async () => {
    const run = await runProgram(['drift', 'pause', '--for', '1h', '--scope', 'phase:40-dta', '--demo'], { cwd, now: at(0) });
    expect(run.stdout.trim().split('\n').at(-1)).toBe(
      'warning: no phase named 40-dta in the phase files (phases: 00-foundation, 10-security, 20-network, 30-compute, 40-data)',
    );
  });

  it('refuses a bad scope or a missing duration, with a hint', async () => {
    const scope = await runProgram(['drift', 'pause', '--for', '1h', '--scope', '40-data'], { cwd });
    expect(scope.code).toBe(1);
    expect(scope.stderr).toBe(
      'ialctl: invalid scope "40-data": use phase:NAME (e.g. phase:40-data) or resource:ID (a logical id such as MainDb, or a physical id)\n' +
        '  hint: use phase:NAME (e.g. phase:40-data) or resource:ID (a logical id such as MainDb, or a physical id)\n',
    );
    const missing = await runProgram(['drift', 'pause'], { cwd });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('drift pause needs --for DURATION');
  });
});

describe('drift check outputs for CI', () => {
  it('--format sarif validates against SARIF 2.1.0 and points at the phase files', async () => {
    const run = await runProgram(['drift', 'check', '--demo', '--format', 'sarif'], { cwd });
    expect(run.code).toBe(2);
    const log = expectValidSarif(run.stdout);
    const results = log.runs[0]!.results;
    expect(results).toHaveLength(DEMO_ITEMS);
    for (const r of results) expect(r.locations[0]!.physicalLocation.artifactLocation.uri).toMatch(/^phases\/\d\d-[a-z-]+\/\d\d-[a-z-]+\.yaml$/);
    const backup = results.find((r) => r.message.text.includes('PreferredBackupWindow'));
    expect(backup?.ruleId).toBe('configuration_drift/critical');
    expect(backup?.level).toBe('error');
  });

  it('--fail-on: exit 2 only at or above the severity; incomplete is still 1', async () => {
    expect((await runProgram(['drift', 'check', '--demo', '--format', 'json', '--fail-on', 'critical'], { cwd })).code).toBe(2);
    const report = makeReport({ items: [makeItem({ severity: 'medium' })] });
    expect(exitCodeFor(report, 'high')).toBe(0);
    expect(exitCodeFor(report, 'medium')).toBe(2);
    expect(exitCodeFor(report, 'low')).toBe(2);
    expect(exitCodeFor(report)).toBe(2);
    expect(exitCodeFor(makeReport({ complete: false, items: [] }), 'critical')).toBe(1);
    expect(exitCodeFor(makeReport({ items: [] }), 'low')).toBe(0);
    const bad = await runProgram(['drift', 'check', '--demo', '--fail-on', 'severe'], { cwd });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("argument 'severe' is invalid. Allowed choices are low, medium, high, critical.");
  });

  it('shows new vs known once the watch has a history', async () => {
    const before = await runProgram(['drift', 'check', '--demo'], { cwd });
    expect(before.stdout).not.toMatch(/NEW|known since/);
    // A state store without any watch run (e.g. only pauses or a heal journal) marks nothing either.
    await runProgram(['drift', 'pause', '--for', '1h'], { cwd, now: at(0) });
    expect(existsSync(path.join(cwd, '.ial', 'state.db'))).toBe(true);
    expect((await runProgram(['drift', 'check', '--demo'], { cwd })).stdout).not.toMatch(/NEW|known since/);
    await runProgram(['drift', 'watch', '--once', '--demo'], { cwd, now: at(0), env: { IAL_AUTO_HEAL_ENABLED: 'false' } });
    const after = await runProgram(['drift', 'check', '--demo'], { cwd });
    expect(after.stdout).toContain('phases/40-data/02-aurora-postgresql.yaml:');
    expect(after.stdout.match(/ · known since 2025-06-04T12:00:00\.000Z/g)).toHaveLength(DEMO_ITEMS);
    const json = JSON.parse((await runProgram(['drift', 'check', '--demo', '--format', 'json'], { cwd })).stdout) as { items: Array<{ firstSeen: string; new: boolean }> };
    expect(json.items.every((i) => i.firstSeen === '2025-06-04T12:00:00.000Z' && i.new === false)).toBe(true);
  });
});

describe('alarm-template', () => {
  it('prints CloudFormation sized for the configured interval', async () => {
    const run = await runProgram(['alarm-template', '--interval', '30m', '--topic-name', 'drift-alerts'], { cwd });
    expect(run.code).toBe(0);
    const template = parse(run.stdout) as { Resources: Record<string, { Properties: Record<string, unknown> }> };
    expect(template.Resources['DriftTopic']!.Properties['TopicName']).toBe('drift-alerts');
    expect(template.Resources['DriftAlarm']!.Properties).toMatchObject({ Namespace: 'IAL', MetricName: 'DriftCount', Period: 3_000 });
  });
});

describe('watch output', () => {
  it('formats waits with their two largest units', () => {
    expect([500, 2_000, 90_000, 3_600_000, 21_480_000, 93_600_000].map(formatDuration)).toEqual(['500ms', '2s', '1m 30s', '1h', '5h 58m', '1d 2h']);
  });

  it('a failed run line says so and what was published', () => {
    const line = cycleLine(
      {
        status: 'failed',
        startedAt: T0,
        finishedAt: T0,
        run: { id: 7, scope: null, startedAt: '', finishedAt: '', complete: false, items: null, bySeverity: null, byType: null, healed: 0, error: 'x' },
        report: null,
        error: 'AccessDenied: not authorized \u001b[31m',
        heldBy: null,
        newItems: 0,
        escalated: 0,
        resolved: 0,
        metrics: { status: 'done' },
        notifications: [{ kind: 'failure', outcome: { status: 'done' } }],
        heal: { status: 'not_run', reason: 'incomplete' },
        reverseSync: { status: 'not_run', reason: 'incomplete' },
        healed: 0,
      },
      2_000,
      'en',
    );
    expect(line).toBe('run 7 · 2025-06-04T12:00:00Z · check FAILED: AccessDenied: not authorized  · metrics published · notification sent · next run in 2s');
  });
});
