#!/usr/bin/env node
// Entry point installed as `ialctl`: runs the compiled CLI from dist/.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/cli/run.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('ialctl: the CLI is not built yet (dist/ is missing).\n  hint: run `npm ci` (it builds) or `npm run build`\n');
  process.exit(1);
}
await import(entry.href);
