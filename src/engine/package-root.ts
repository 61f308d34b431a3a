// Where the bundled demo lives, whether running from src/ (tests) or dist/ (installed CLI).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** src/engine/x.ts and dist/engine/x.js are both two levels below the package root. */
export function packageRoot(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
}

export const demoPhasesDir = (): string => path.join(packageRoot(), 'phases');
export const demoSandboxPath = (): string => path.join(packageRoot(), 'demo', 'sandbox.json');
