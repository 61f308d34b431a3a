// `ialctl drift heal` on the demo sandbox: dry run, JSON contract, the approval gate and the whole loop.
import { PassThrough, Writable } from 'node:stream';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { reportError } from '../errors.js';
import { buildBaseProgram, globals } from '../main.js';
import { registerHeal } from './heal.js';

async function cli(argv: string[], terminalInput?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  let code = 0;
  const stdin = Object.assign(new PassThrough(), { isTTY: terminalInput !== undefined });
  stdin.end(terminalInput ?? '');
  const io = {
    stdout: Object.assign(new Writable({ write: (c, _e, cb) => ((stdout += String(c)), cb()) }), { isTTY: false }),
    stderr: new Writable({ write: (c, _e, cb) => ((stderr += String(c)), cb()) }),
    env: {},
    cwd: process.cwd(),
    now: () => new Date('2026-11-20T10:00:00Z'),
    stdin,
  };
  const program = buildBaseProgram(io, (c) => (code = c));
  const drift = program.commands.find((c) => c.name() === 'drift')!;
  // main.ts may register `drift heal` itself; this test registers its own with the same code.
  const existing = drift.commands.findIndex((c) => c.name() === 'heal');
  if (existing >= 0) (drift.commands as Command[]).splice(existing, 1);
  registerHeal({ program, drift, io, setExitCode: (c) => (code = c), globals });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    code = reportError(error, io.stderr, false);
  }
  return { code, stdout, stderr };
}

describe('ialctl drift heal --demo', () => {
  it('prints the plan as a dry run, with the command that applies exactly it, and AWS strings made inert', async () => {
    const run = await cli(['--demo', '--lang', 'en', 'drift', 'heal']);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Healing plan  6 actions, 4 skipped');
    expect(run.stdout).toContain('  5. ecs:UpdateService  AWS::ECS::Service WebService (arn:aws:ecs:us-east-1:123456789012:service/shop-prod/web)  [medium]\n       DesiredCount: 2 → 4');
    expect(run.stdout).toContain('undeclared tag temp-debug: removed only when auto_heal.remove_undeclared_tags is true');
    const id = /Plan id: ([0-9a-f]{64})/.exec(run.stdout)![1]!;
    expect(run.stdout).toContain(`Dry run: nothing was changed.\nTo apply: ialctl --demo drift heal --apply --plan-id ${id}`);
    expect(run.stdout).not.toContain('\u001b');
  });

  it('speaks Portuguese', async () => {
    const run = await cli(['--demo', '--lang', 'pt', 'drift', 'heal']);

    expect(run.stdout).toContain('Plano de correção  6 ações, 4 ignorados');
    expect(run.stdout).toContain('[crítico]');
    expect(run.stdout).toContain('Simulação: nada foi alterado.');
  });

  it('--format json follows the ARCHITECTURE §5 contract', async () => {
    const run = await cli(['--demo', 'drift', 'heal', '--format', 'json']);

    const out = JSON.parse(run.stdout) as Record<string, unknown> & { plan: { actions: Array<Record<string, unknown>>; skipped: Array<Record<string, unknown>> } };
    expect(Object.keys(out).slice(0, 3)).toEqual(['dryRun', 'plan', 'results']);
    expect(out['dryRun']).toBe(true);
    expect(out['results']).toEqual([]);
    expect(Object.keys(out.plan).slice(0, 3)).toEqual(['id', 'actions', 'skipped']);
    expect(Object.keys(out.plan.actions[0]!).slice(0, 5)).toEqual(['itemId', 'resourceType', 'physicalId', 'operation', 'changes']);
    expect(out.plan.actions[4]).toEqual(expect.objectContaining({ operation: 'ecs:UpdateService', changes: [{ path: 'DesiredCount', from: 2, to: 4 }] }));
    expect(Object.keys(out.plan.skipped[0]!).slice(0, 2)).toEqual(['itemId', 'reason']);
  });

  it('--apply with no terminal and no --yes changes nothing and exits 1', async () => {
    const run = await cli(['--demo', 'drift', 'heal', '--apply']);

    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'ialctl: --apply needs a confirmation and there is no terminal to ask on: nothing was changed.\n' +
        '  hint: review the plan, then run again with --yes --plan-id <id> to approve exactly that plan\n',
    );
    expect(run.stdout).not.toContain('Results');
  });

  it('--apply --yes runs the whole loop: heal, verify, re-check', async () => {
    const run = await cli(['--demo', 'drift', 'heal', '--apply', '--yes']);

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/6 healed, 0 failed, 0 not verified \(\d+\.\d s\)/);
    expect(run.stdout).toContain('Re-check: 4 items still drift (see `ialctl drift check`).');
  });

  it('a terminal "y" approves; the unattended plan holds only what the policy allows', async () => {
    const run = await cli(['--demo', 'drift', 'heal', '--unattended', '--apply'], 'y\n');

    expect(run.stderr).toBe('Apply these 3 actions to AWS? [y/N] ');
    expect(run.stdout).toContain('Unattended mode: only what the auto-heal policy allows.');
    expect(run.stdout).toContain('3 healed, 0 failed, 0 not verified');
    expect(run.code).toBe(0);
  });

  it('rejects --yes without --apply, and lists an empty journal for the in-memory demo', async () => {
    const yes = await cli(['--demo', 'drift', 'heal', '--yes']);
    const journal = await cli(['--demo', 'drift', 'heal', '--journal']);

    expect(yes.code).toBe(1);
    expect(yes.stderr).toContain('--yes confirms --apply');
    expect(journal.stdout).toBe('The journal is empty: no heal has run here yet.\n');
  });
});
