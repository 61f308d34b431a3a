// A virtual clock for `drift watch` run as a real process: the first `instantWaits` waits between runs
// pass at once (virtual time moves by exactly the wait the loop asked for), later ones are real. So a
// test sees several runs of a one-hour schedule in seconds, can assert the schedule from the printed
// waits instead of measuring wall time, and can still signal the process while it really waits.
import { abortableSleep } from '../../src/engine/watch.js';
import type { WatchSchedule } from '../../src/cli/commands/watch.js';

/** Environment variable the test entry reads: how many waits between runs pass instantly. */
export const INSTANT_WAITS_VARIABLE = 'IALCTL_TEST_INSTANT_WAITS';

export function virtualSchedule(instantWaits: number): WatchSchedule {
  let now = 0;
  let waits = 0;
  return {
    clock: () => now,
    sleep: async (ms, signal) => {
      waits++;
      if (waits > instantWaits) return abortableSleep(ms, signal);
      now += ms;
      // Yield to the event loop as a real wait would, so signals and output are handled in order.
      await new Promise<void>((resolve) => setImmediate(resolve));
    },
  };
}
