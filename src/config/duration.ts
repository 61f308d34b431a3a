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
  if (total <= 0) throw new RangeError(`${JSON.stringify(text)} is not a duration: it must be longer than zero`);
  if (!Number.isSafeInteger(total)) throw new RangeError(`${JSON.stringify(text)} is too long a duration`);
  return total;
}
