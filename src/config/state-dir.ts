// Checks `state_dir` before anything opens the state store in it. SQLite in /proc, /sys or /dev (or a
// path that resolves there through a symlink) can hang or write into the kernel's files; a mistyped
// absolute path would silently create a state store somewhere nobody looks.
import { accessSync, constants, realpathSync, statSync } from 'node:fs';
import path from 'node:path';

const FORBIDDEN_ROOTS = ['/proc', '/sys', '/dev'];

function under(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** The nearest existing ancestor of `dir` (or `dir` itself), symlinks resolved. */
function nearestExisting(dir: string): { existing: string; real: string } {
  let current = dir;
  for (;;) {
    try {
      return { existing: current, real: realpathSync(current) };
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return { existing: current, real: current };
      current = parent;
    }
  }
}

/** The kernel file system `stateDir` is in (after symlinks), or undefined. */
export function kernelFileSystemOf(stateDir: string): string | undefined {
  const { existing, real } = nearestExisting(stateDir);
  const resolved = existing === stateDir ? real : path.join(real, path.relative(existing, stateDir));
  return FORBIDDEN_ROOTS.find((root) => under(root, resolved) || under(root, stateDir));
}

/**
 * Why `stateDir` (absolute) cannot hold the state store, or undefined when it can. `projectDir` is the
 * working directory: a state_dir inside it is created on first use; one outside it must already be
 * a writable directory (so a typo does not quietly create folders elsewhere on the machine).
 */
export function stateDirProblem(stateDir: string, projectDir: string): string | undefined {
  const forbidden = kernelFileSystemOf(stateDir);
  if (forbidden !== undefined) {
    return `${stateDir} is inside ${forbidden}, a kernel file system that cannot hold the state store: use a folder such as .ial in the project`;
  }
  const { existing, real } = nearestExisting(stateDir);
  if (existing === stateDir) {
    if (!statSync(real).isDirectory()) return `${stateDir} exists and is not a folder`;
    try {
      accessSync(real, constants.W_OK);
    } catch {
      return `${stateDir} is not writable`;
    }
    return undefined;
  }
  if (!under(projectDir, stateDir)) {
    return `${stateDir} does not exist and is outside the project (${projectDir}): create it first, or use a folder inside the project such as .ial`;
  }
  if (!statSync(real).isDirectory()) return `${existing} is not a folder, so ${stateDir} cannot be created`;
  return undefined;
}
