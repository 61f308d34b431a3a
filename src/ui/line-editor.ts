// The input line's text and cursor, and the edits the keyboard makes to them. Positions count code
// points, so an emoji or an accented letter moves and deletes as one character.

export interface LineState {
  readonly value: string;
  /** In code points, 0..length. */
  readonly cursor: number;
}

export const emptyLine: LineState = { value: '', cursor: 0 };

const chars = (s: string): string[] => Array.from(s);

export function lineOf(value: string): LineState {
  return { value, cursor: chars(value).length };
}

export function insert(state: LineState, text: string): LineState {
  const c = chars(state.value);
  const added = chars(text);
  return { value: [...c.slice(0, state.cursor), ...added, ...c.slice(state.cursor)].join(''), cursor: state.cursor + added.length };
}

export function deleteBack(state: LineState): LineState {
  if (state.cursor === 0) return state;
  const c = chars(state.value);
  return { value: [...c.slice(0, state.cursor - 1), ...c.slice(state.cursor)].join(''), cursor: state.cursor - 1 };
}

export function deleteForward(state: LineState): LineState {
  const c = chars(state.value);
  if (state.cursor >= c.length) return state;
  return { value: [...c.slice(0, state.cursor), ...c.slice(state.cursor + 1)].join(''), cursor: state.cursor };
}

/** Ctrl+W: the word before the cursor and the spaces after it. */
export function deleteWordBack(state: LineState): LineState {
  const c = chars(state.value);
  let start = state.cursor;
  while (start > 0 && c[start - 1] === ' ') start--;
  while (start > 0 && c[start - 1] !== ' ') start--;
  return { value: [...c.slice(0, start), ...c.slice(state.cursor)].join(''), cursor: start };
}

/** Ctrl+U: everything before the cursor. */
export function deleteToStart(state: LineState): LineState {
  return { value: chars(state.value).slice(state.cursor).join(''), cursor: 0 };
}

export function moveLeft(state: LineState): LineState {
  return { ...state, cursor: Math.max(0, state.cursor - 1) };
}

export function moveRight(state: LineState): LineState {
  return { ...state, cursor: Math.min(chars(state.value).length, state.cursor + 1) };
}

export function moveHome(state: LineState): LineState {
  return { ...state, cursor: 0 };
}

export function moveEnd(state: LineState): LineState {
  return { ...state, cursor: chars(state.value).length };
}

/** The text before the cursor, the character under it (a space at the end) and the rest. */
export function splitAtCursor(state: LineState): { before: string; at: string; after: string } {
  const c = chars(state.value);
  return { before: c.slice(0, state.cursor).join(''), at: c[state.cursor] ?? ' ', after: c.slice(state.cursor + 1).join('') };
}
