// ↑/↓ through the lines already sent, like a shell: ↑ from the draft goes to the newest line, ↓ past
// the newest comes back to the draft the operator was typing. Immutable, so React state holds it.

export interface InputHistory {
  /** Sent lines, oldest first. */
  readonly entries: readonly string[];
  /** Position while browsing; null = editing the draft. */
  readonly index: number | null;
  /** What was being typed before browsing started. */
  readonly draft: string;
}

export const MAX_HISTORY = 200;

export const emptyHistory: InputHistory = { entries: [], index: null, draft: '' };

export function remember(history: InputHistory, line: string): InputHistory {
  const last = history.entries[history.entries.length - 1];
  const entries = line.trim() === '' || last === line ? history.entries : [...history.entries, line].slice(-MAX_HISTORY);
  return { entries, index: null, draft: '' };
}

/** Moves back (older); returns the new state and the text to show, or undefined when already at the oldest. */
export function older(history: InputHistory, current: string): { history: InputHistory; text: string } | undefined {
  if (history.entries.length === 0) return undefined;
  if (history.index === null) {
    const index = history.entries.length - 1;
    return { history: { ...history, index, draft: current }, text: history.entries[index] ?? '' };
  }
  if (history.index === 0) return undefined;
  const index = history.index - 1;
  return { history: { ...history, index }, text: history.entries[index] ?? '' };
}

/** Moves forward (newer); past the newest line the draft comes back. */
export function newer(history: InputHistory): { history: InputHistory; text: string } | undefined {
  if (history.index === null) return undefined;
  if (history.index >= history.entries.length - 1) return { history: { ...history, index: null }, text: history.draft };
  const index = history.index + 1;
  return { history: { ...history, index }, text: history.entries[index] ?? '' };
}
