// Reads the phase folder from disk and hands the texts to the pure loader.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { loadPhases, type DesiredState, type PhaseSource } from '../drift/phases.js';
import { UsageError } from './errors.js';

const YAML_FILE = /\.ya?ml$/i;
const PARAMETERS_FILE = 'parameters.yaml';

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

export function listPhaseSources(folder: PhaseFolder): { sources: PhaseSource[]; parametersFile?: { file: string; text: string } } {
  if (!existsSync(folder.dir) || !statSync(folder.dir).isDirectory()) {
    throw new UsageError(`phases folder not found: ${folder.dir}`, 'run from a directory holding phases/, pass --phases DIR, or try --demo');
  }
  const display = (abs: string): string => path.relative(folder.displayRoot, abs).split(path.sep).join('/');
  const sources: PhaseSource[] = [];
  const phases = readdirSync(folder.dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
  for (const phase of phases) {
    const phaseDir = path.join(folder.dir, phase);
    const files = readdirSync(phaseDir, { withFileTypes: true })
      .filter((e) => e.isFile() && YAML_FILE.test(e.name))
      .map((e) => e.name)
      .sort();
    for (const name of files) {
      const abs = path.join(phaseDir, name);
      sources.push({ file: display(abs), phase, text: readFileSync(abs, 'utf8') });
    }
  }
  if (sources.length === 0) {
    throw new UsageError(`no phase files in ${folder.dir}`, 'phase files live in sub-folders such as phases/00-foundation/*.yaml');
  }
  const parametersPath = path.join(folder.dir, PARAMETERS_FILE);
  const parametersFile = existsSync(parametersPath)
    ? { file: display(parametersPath), text: readFileSync(parametersPath, 'utf8') }
    : undefined;
  return { sources, ...(parametersFile ? { parametersFile } : {}) };
}

export function readDesiredState(folder: PhaseFolder, parameterOverrides: Record<string, string>): DesiredState {
  const { sources, parametersFile } = listPhaseSources(folder);
  return loadPhases(sources, { ...(parametersFile ? { parametersFile } : {}), parameterOverrides });
}
