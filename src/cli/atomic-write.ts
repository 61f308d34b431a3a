// Files ialctl writes for the user (snapshots) appear whole or not at all: the text goes to a temporary
// file in the same folder (so the rename cannot cross file systems), which is renamed over the target.
// On any failure the temporary file is removed and the target is left as it was.
import { randomBytes } from 'node:crypto';
import { accessSync, constants, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Why `target` cannot be written, checked before any work is done; undefined when it looks writable. */
export function unwritableReason(target: string): string | undefined {
  const folder = path.dirname(target);
  let folderStat;
  try {
    folderStat = statSync(folder);
  } catch {
    return `the folder ${folder} does not exist`;
  }
  if (!folderStat.isDirectory()) return `${folder} is not a folder`;
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    return `the folder ${folder} is not writable`;
  }
  try {
    if (statSync(target).isDirectory()) return `${target} is a folder`;
  } catch {
    // Not there yet: the normal case.
  }
  return undefined;
}

export function writeFileAtomically(target: string, text: string): void {
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(temporary, text, { flag: 'wx' });
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
