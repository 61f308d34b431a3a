// TEST HOOK, inert unless IAL_TEST_HEAL_HOOK is set: stops a heal at a chosen point of a chosen action so
// the crash and concurrency tests can interrupt a real `ialctl` process exactly there (a `kill -9` after a
// write reached AWS, two checkouts racing for the same action). Nothing in the product sets it.
//
//   IAL_TEST_HEAL_HOOK=<point>:<action index>:kill            SIGKILL this process at that point
//   IAL_TEST_HEAL_HOOK=<point>:<action index>:wait:<file>     write <file>.reached, then wait until <file> exists
//
// Points: `before-action` (before the re-read that checks AWS still has the planned values), `before-write`
// (journaled as started, nothing sent), `after-write` (the write returned, before its verification),
// `after-action` (the outcome is journaled, before the next action starts).
import { existsSync, writeFileSync } from 'node:fs';
import { UsageError } from './errors.js';

export type HealHookPoint = 'before-action' | 'before-write' | 'after-write' | 'after-action';

export interface HealHooks {
  at(point: HealHookPoint, index: number): Promise<void>;
}

export const HEAL_HOOK_VARIABLE = 'IAL_TEST_HEAL_HOOK';
const POINTS: readonly HealHookPoint[] = ['before-action', 'before-write', 'after-write', 'after-action'];
const POLL_MS = 50;

export function healHooksFromEnv(env: NodeJS.ProcessEnv): HealHooks | undefined {
  const spec = env[HEAL_HOOK_VARIABLE];
  if (spec === undefined || spec === '') return undefined;
  const [point, index, verb, ...rest] = spec.split(':');
  const file = rest.join(':');
  const n = Number(index);
  if (!POINTS.includes(point as HealHookPoint) || !Number.isInteger(n) || n < 0 || !(verb === 'kill' || (verb === 'wait' && file !== ''))) {
    throw new UsageError(
      `${HEAL_HOOK_VARIABLE}="${spec}" is not <point>:<index>:kill or <point>:<index>:wait:<file>`,
      `it is a test hook: unset ${HEAL_HOOK_VARIABLE}, or use one of the points ${POINTS.join(', ')}`,
    );
  }
  return {
    async at(at, i) {
      if (at !== point || i !== n) return;
      if (verb === 'kill') {
        process.kill(process.pid, 'SIGKILL');
        // SIGKILL is not delivered synchronously everywhere: never run past the chosen point.
        await new Promise(() => {});
      }
      writeFileSync(`${file}.reached`, `${process.pid}\n`);
      while (!existsSync(file)) await new Promise((r) => setTimeout(r, POLL_MS));
    },
  };
}
