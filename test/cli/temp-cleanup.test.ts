// Reverse sync leaves no temporary repository behind when it commits nothing: a dry run of the demo
// creates its throwaway repository and the base export under TMPDIR, and removes both.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

let cwd: string;
let temp: string;
beforeAll(() => {
  cwd = mkdtempSync(path.join(tmpdir(), 'ialctl-cleanup-cwd-'));
  temp = mkdtempSync(path.join(tmpdir(), 'ialctl-cleanup-tmp-'));
});
afterAll(() => {
  rmSync(cwd, { recursive: true, force: true });
  rmSync(temp, { recursive: true, force: true });
});

describe('ialctl reverse-sync --demo --dry-run', () => {
  it('prints the patch and leaves nothing in the temp directory', async () => {
    const run = await runCli(['--demo', 'reverse-sync', '--dry-run'], { cwd, env: { TMPDIR: temp } });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('PreferredBackupWindow');
    // tsx (which runs the CLI from source here) keeps its compile cache in TMPDIR: not ialctl's.
    expect(readdirSync(temp).filter((name) => !name.startsWith('tsx-'))).toEqual([]);
  }, 60_000);
});
