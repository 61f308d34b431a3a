// Freeze windows (`auto_heal.freeze_windows`): periods, opened by a cron expression and lasting a fixed
// duration, when unattended healing must not run. Pure: the time is passed in.
import { CronExpressionParser } from 'cron-parser';
import type { FreezeWindow } from '../config/schema.js';

export interface ActiveFreeze {
  window: FreezeWindow;
  openedAt: Date;
  closesAt: Date;
}

/**
 * The freeze window open at `now`, if any; when several are open, the one that closes last (healing
 * resumes only when all of them are closed).
 */
export function activeFreeze(windows: readonly FreezeWindow[], now: Date): ActiveFreeze | undefined {
  let active: ActiveFreeze | undefined;
  for (const window of windows) {
    // prev() is strictly before its reference date; one millisecond later makes a window that opens
    // exactly now count as open. The latest opening closes last, as every opening lasts the same.
    const expression = CronExpressionParser.parse(window.cron, {
      tz: window.timezone,
      currentDate: new Date(now.getTime() + 1),
    });
    const openedAt = expression.prev().toDate();
    const closesAt = new Date(openedAt.getTime() + window.durationMs);
    if (now.getTime() < closesAt.getTime() && (active === undefined || closesAt > active.closesAt)) {
      active = { window, openedAt, closesAt };
    }
  }
  return active;
}
