// The demo's throwaway git repository: the bundled phases committed in a fresh repo under the OS
// temp dir, so reverse sync on --demo makes a real branch and commit without touching anything else.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { createScratchRepository } from '../git/worktree.js';
import { demoPhasesDir } from './package-root.js';

/** The bundled phase files keyed by their path in a repository (`phases/…`). */
function bundledPhaseFiles(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (abs: string, rel: string): void => {
    for (const name of readdirSync(abs).sort()) {
      const child = path.join(abs, name);
      if (statSync(child).isDirectory()) walk(child, `${rel}/${name}`);
      else if (/\.ya?ml$/i.test(name)) out.set(`${rel}/${name}`, readFileSync(child, 'utf8'));
    }
  };
  walk(dir, 'phases');
  return out;
}

/** Creates the repository and returns its path. */
export function createDemoRepository(): Promise<string> {
  return createScratchRepository('ialctl-demo-', bundledPhaseFiles(demoPhasesDir()), 'Phases of the shop platform (ialctl demo)');
}
