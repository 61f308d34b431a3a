// Unified diffs of planned file changes, made by `git diff --no-index` on copies in the OS temp dir:
// no diff library to add, and the preview is byte for byte what Git will show in the pull request.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { git } from './exec.js';

export interface FileChange {
  /** Repository-relative path with `/` separators. */
  path: string;
  /** Content before; null for a new file. */
  before: string | null;
  after: string;
}

export async function unifiedDiff(changes: readonly FileChange[]): Promise<string> {
  if (changes.length === 0) return '';
  const dir = mkdtempSync(path.join(tmpdir(), 'ialctl-diff-'));
  try {
    const write = (side: 'a' | 'b', file: string, text: string): void => {
      const target = path.join(dir, side, ...file.split('/'));
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, text);
    };
    mkdirSync(path.join(dir, 'a'), { recursive: true });
    mkdirSync(path.join(dir, 'b'), { recursive: true });
    for (const c of changes) {
      if (c.before !== null) write('a', c.path, c.before);
      write('b', c.path, c.after);
    }
    // The side folders are named a/ and b/, so --no-prefix gives the usual a/path b/path headers.
    const { stdout } = await git(
      ['-c', 'core.quotePath=false', 'diff', '--no-index', '--no-color', '--no-ext-diff', '--no-renames', '--no-prefix', '--', 'a', 'b'],
      { cwd: dir, okExitCodes: [0, 1] },
    );
    // A new file has no a/ side, so git names it b/ twice; show it as Git does in a repository.
    return stdout.replace(/^diff --git b\/(.*) b\/\1$/gm, 'diff --git a/$1 b/$1');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
