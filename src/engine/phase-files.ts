// Reads the phase folder from disk and hands the texts to the pure loader.
import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../drift/diagnostics.js';
import { loadPhases, MAX_PHASE_FILE_BYTES, type DesiredState, type LoadOptions, type PhaseSource } from '../drift/phases.js';
import { PhaseLoadError } from '../drift/diagnostics.js';
import { UsageError } from './errors.js';

const TEMPLATE_FILE = /\.(ya?ml|json)$/i;
const PARAMETERS_FILE = 'parameters.yaml';
/** Deeper than this is a symlink loop nobody meant, or a tree nobody can review. */
const MAX_DEPTH = 16;

export interface PhaseFolder {
  /** Absolute path of the phases folder. */
  dir: string;
  /** How file paths are shown in reports: relative to this directory. */
  displayRoot: string;
}

/** Paths relative to the working directory when the phases live under it; else from the phases folder's parent. */
export function phaseFolder(dir: string, cwd: string): PhaseFolder {
  const abs = path.resolve(cwd, dir);
  const rel = path.relative(cwd, abs);
  const inside = rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
  return { dir: abs, displayRoot: inside ? cwd : path.dirname(abs) };
}

export interface PhaseSources {
  sources: PhaseSource[];
  parametersFile?: { file: string; text: string };
  /** Files seen but not loaded (a symlink loop, a second link to the same file…), each named. */
  warnings: Diagnostic[];
}

/**
 * Every `*.yaml`/`*.yml`/`*.json` under the folder, at any depth, in name order. The phase is the
 * first-level folder (a file at the root is its own phase, named after the file). Symlinks are
 * followed (a loop is named, not walked twice); a file larger than the cap is refused by name before
 * it is read.
 */
export function listPhaseSources(folder: PhaseFolder): PhaseSources {
  if (!existsSync(folder.dir) || !statSync(folder.dir).isDirectory()) {
    throw new UsageError(`phases folder not found: ${folder.dir}`, 'run from a directory holding phases/, pass --phases DIR, or try --demo');
  }
  const display = (abs: string): string => path.relative(folder.displayRoot, abs).split(path.sep).join('/');
  const sources: PhaseSource[] = [];
  const warnings: Diagnostic[] = [];
  const errors: Diagnostic[] = [];
  const seenDirs = new Set<string>();
  const seenFiles = new Map<string, string>();
  const note = (list: Diagnostic[], abs: string, message: string, hint?: string): void => {
    list.push({ file: display(abs), line: 1, column: 1, message, ...(hint ? { hint } : {}) });
  };

  const walk = (dir: string, phase: string | undefined, depth: number): void => {
    const real = realpathSync(dir);
    if (seenDirs.has(real)) {
      note(warnings, dir, 'symlinked folder leads back to a folder already read: not read twice');
      return;
    }
    if (depth > MAX_DEPTH) {
      note(warnings, dir, `folder nested more than ${MAX_DEPTH} levels deep: not read`);
      return;
    }
    seenDirs.add(real);
    const entries = readdirSync(dir).filter((name) => !name.startsWith('.')).sort();
    for (const name of entries) {
      const abs = path.join(dir, name);
      let stat;
      try {
        stat = statSync(abs); // follows symlinks
      } catch (error) {
        const link = lstatSync(abs).isSymbolicLink();
        note(link ? warnings : errors, abs, link ? 'broken symlink: not read' : `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
        continue;
      }
      if (stat.isDirectory()) {
        walk(abs, phase ?? name, depth + 1);
        continue;
      }
      if (!stat.isFile() || !TEMPLATE_FILE.test(name)) continue;
      if (phase === undefined && name === PARAMETERS_FILE) continue;
      const realFile = realpathSync(abs);
      const first = seenFiles.get(realFile);
      if (first !== undefined) {
        note(warnings, abs, `same file as ${first} (symlink): loaded once, as ${first}`);
        continue;
      }
      seenFiles.set(realFile, display(abs));
      if (stat.size > MAX_PHASE_FILE_BYTES) {
        note(errors, abs, `file is larger than ${MAX_PHASE_FILE_BYTES / (1024 * 1024)} MB (${stat.size} bytes)`, 'split it into several phase files, one stack each');
        continue;
      }
      sources.push({ file: display(abs), phase: phase ?? name.replace(TEMPLATE_FILE, ''), text: readFileSync(abs, 'utf8') });
    }
  };
  walk(folder.dir, undefined, 0);
  if (errors.length > 0) throw new PhaseLoadError(errors);
  if (sources.length === 0) {
    throw new UsageError(`no phase files in ${folder.dir}`, 'phase files are *.yaml, *.yml or *.json files such as phases/00-foundation/01-vpc.yaml');
  }
  const parametersPath = path.join(folder.dir, PARAMETERS_FILE);
  const parametersFile = existsSync(parametersPath)
    ? { file: display(parametersPath), text: readFileSync(parametersPath, 'utf8') }
    : undefined;
  return { sources, warnings, ...(parametersFile ? { parametersFile } : {}) };
}

export function readDesiredState(
  folder: PhaseFolder,
  parameterOverrides: Record<string, string>,
  options: Pick<LoadOptions, 'deferMissingParameters'> = {},
): DesiredState {
  const { sources, parametersFile, warnings } = listPhaseSources(folder);
  const state = loadPhases(sources, { ...(parametersFile ? { parametersFile } : {}), parameterOverrides, ...options });
  return { ...state, warnings: [...warnings, ...(state.warnings ?? [])] };
}
