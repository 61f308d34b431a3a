// Durations as people write them in config and flags: `90s`, `30m`, `6h`, `1d`, or combined `1h30m`.

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
type Unit = keyof typeof UNIT_MS;

const WHOLE = /^(?:\d+(?:ms|s|m|h|d))+$/;
const PART = /(\d+)(ms|s|m|h|d)/g;

export const DURATION_HINT = 'use a whole number followed by ms, s, m, h or d, e.g. 90s, 30m, 6h, 1d';

/** Milliseconds in `text`; throws a RangeError whose message says what is accepted. */
export function parseDuration(text: string): number {
  const trimmed = text.trim();
  if (!WHOLE.test(trimmed)) throw new RangeError(`${JSON.stringify(text)} is not a duration: ${DURATION_HINT}`);
  let total = 0;
  for (const [, amount, unit] of trimmed.matchAll(PART)) total += Number(amount) * UNIT_MS[unit as Unit];
  if (!Number.isFinite(total)) throw new RangeError(`${JSON.stringify(text)} is too long a duration`);
  if (total <= 0) throw new RangeError(`${JSON.stringify(text)} is not a duration: it must be longer than zero`);
  if (!Number.isSafeInteger(total)) throw new RangeError(`${JSON.stringify(text)} is too long a duration`);
  return total;
}

export interface DurationBounds {
  /** What the duration is for, in messages: "check interval", "pause". */
  what: string;
  minMs: number;
  maxMs: number;
}

const MINUTE = UNIT_MS.m;
const DAY = UNIT_MS.d;

// A watch loop faster than a minute hammers the AWS APIs (and the state store) for no gain; longer than
// a month is not monitoring. The upper bound also keeps every wait far from Date and timer limits.
export const CHECK_INTERVAL_BOUNDS: DurationBounds = { what: 'check interval', minMs: MINUTE, maxMs: 30 * DAY };
// Pauses and freeze windows end on their own; a year is the longest that still means "temporarily".
export const PAUSE_BOUNDS: DurationBounds = { what: 'pause', minMs: MINUTE, maxMs: 366 * DAY };
export const FREEZE_WINDOW_BOUNDS: DurationBounds = { what: 'freeze window', minMs: MINUTE, maxMs: 366 * DAY };

/** `60000` → `1m`, `2592000000` → `30d`: the bounds as people write them. */
function formatBound(ms: number): string {
  if (ms % DAY === 0) return `${ms / DAY}d`;
  if (ms % UNIT_MS.h === 0) return `${ms / UNIT_MS.h}h`;
  if (ms % MINUTE === 0) return `${ms / MINUTE}m`;
  return `${ms}ms`;
}

/** Like parseDuration, and within `bounds`; the RangeError says the accepted range. */
export function parseBoundedDuration(text: string, bounds: DurationBounds): number {
  const ms = parseDuration(text);
  const range = `between ${formatBound(bounds.minMs)} and ${formatBound(bounds.maxMs)}`;
  if (ms < bounds.minMs) throw new RangeError(`${JSON.stringify(text)} is too short for a ${bounds.what}: use a duration ${range}`);
  if (ms > bounds.maxMs) throw new RangeError(`${JSON.stringify(text)} is too long for a ${bounds.what}: use a duration ${range}`);
  return ms;
}
