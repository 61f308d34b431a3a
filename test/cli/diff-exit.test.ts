// `drift diff RESOURCE` as the README promises: in sync = 0, drift = 2, no such resource = 1 with close names.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

let cwd: string;
beforeAll(() => {
  cwd = mkdtempSync(path.join(tmpdir(), 'ialctl-diff-'));
});
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe('ialctl drift diff RESOURCE', () => {
  it('an in-sync resource exits 0 and says so', async () => {
    const run = await runCli(['--demo', 'drift', 'diff', 'Vpc'], { cwd });
    expect(run.stdout).toBe('✓ Vpc is in sync: Git and AWS agree.\n');
    expect(run.code).toBe(0);
  }, 60_000);

  it('a resource with drift exits 2', async () => {
    const run = await runCli(['--demo', 'drift', 'diff', 'rds-main-db'], { cwd });
    expect(run.stdout).toContain('[~] PreferredBackupWindow  "03:00-04:00" → "05:00-06:00"');
    expect(run.code).toBe(2);
  }, 60_000);

  it('an unknown resource exits 1, says it does not exist and suggests close names', async () => {
    const run = await runCli(['--demo', 'drift', 'diff', 'MainDbb', '--lang', 'pt'], { cwd });
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('Não existe recurso "MainDbb": nem nos arquivos de fase nem na AWS.\nVocê quis dizer: MainDb?\n');
    expect(run.code).toBe(1);
  }, 60_000);
});
