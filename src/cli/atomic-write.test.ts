// The snapshot writer on a real file system: whole files or nothing, and no temporary file left behind
// when the final rename fails.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { unwritableReason, writeFileAtomically } from './atomic-write.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function folder(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'ialctl-atomic-'));
  dirs.push(d);
  return d;
}

describe('writeFileAtomically', () => {
  it('writes the whole text and leaves only the target', () => {
    const dir = folder();
    writeFileAtomically(path.join(dir, 'snap.json'), '{"a":1}\n');
    expect(readdirSync(dir)).toEqual(['snap.json']);
    expect(readFileSync(path.join(dir, 'snap.json'), 'utf8')).toBe('{"a":1}\n');
  });

  it('replaces an existing file in one step', () => {
    const dir = folder();
    writeFileSync(path.join(dir, 'snap.json'), 'old');
    writeFileAtomically(path.join(dir, 'snap.json'), 'new');
    expect(readdirSync(dir)).toEqual(['snap.json']);
    expect(readFileSync(path.join(dir, 'snap.json'), 'utf8')).toBe('new');
  });

  it('when the rename fails (the target is a non-empty folder) the temporary file is removed and the folder kept', () => {
    const dir = folder();
    mkdirSync(path.join(dir, 'snap.json'));
    writeFileSync(path.join(dir, 'snap.json', 'keep.txt'), 'keep');
    expect(() => writeFileAtomically(path.join(dir, 'snap.json'), 'text')).toThrow(/EISDIR|ENOTEMPTY|EEXIST/);
    expect(readdirSync(dir)).toEqual(['snap.json']);
    expect(readdirSync(path.join(dir, 'snap.json'))).toEqual(['keep.txt']);
  });

  it('a folder that does not exist: throws and creates nothing', () => {
    const dir = folder();
    expect(() => writeFileAtomically(path.join(dir, 'missing', 'snap.json'), 'text')).toThrow(/ENOENT/);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('unwritableReason', () => {
  it('names what is wrong with the place, or nothing when it is writable', () => {
    const dir = folder();
    writeFileSync(path.join(dir, 'file'), 'x');
    mkdirSync(path.join(dir, 'sub'));
    expect(unwritableReason(path.join(dir, 'snap.json'))).toBeUndefined();
    expect(unwritableReason(path.join(dir, 'missing', 'snap.json'))).toBe(`the folder ${path.join(dir, 'missing')} does not exist`);
    expect(unwritableReason(path.join(dir, 'file', 'snap.json'))).toBe(`${path.join(dir, 'file')} is not a folder`);
    expect(unwritableReason(path.join(dir, 'sub'))).toBe(`${path.join(dir, 'sub')} is a folder`);
  });
});
