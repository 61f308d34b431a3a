import { describe, expect, it } from 'vitest';
import {
  deleteBack, deleteForward, deleteToStart, deleteWordBack, emptyLine, insert, lineOf, moveHome, moveLeft, moveRight, splitAtCursor,
} from './line-editor.js';

describe('line editor', () => {
  it('inserts at the cursor and deletes around it, counting an accented letter or emoji as one', () => {
    let s = insert(emptyLine, 'não 🔍');
    expect(s).toEqual({ value: 'não 🔍', cursor: 5 });
    s = deleteBack(s);
    expect(s).toEqual({ value: 'não ', cursor: 4 });
    s = moveLeft(moveLeft(moveLeft(s)));
    expect(splitAtCursor(s)).toEqual({ before: 'n', at: 'ã', after: 'o ' });
    s = deleteForward(s);
    expect(s).toEqual({ value: 'no ', cursor: 1 });
    s = insert(s, 'ã');
    expect(s.value).toBe('não ');
  });

  it('Ctrl+W deletes the word before the cursor, Ctrl+U everything before it', () => {
    const s = lineOf('diff do rds-main-db');
    expect(deleteWordBack(s)).toEqual({ value: 'diff do ', cursor: 8 });
    expect(deleteWordBack(lineOf('diff do  '))).toEqual({ value: 'diff ', cursor: 5 });
    expect(deleteToStart(moveLeft(s))).toEqual({ value: 'b', cursor: 0 });
  });

  it('stays within the line at both ends', () => {
    expect(deleteBack(emptyLine)).toBe(emptyLine);
    expect(moveLeft(moveHome(lineOf('ab'))).cursor).toBe(0);
    expect(moveRight(lineOf('ab')).cursor).toBe(2);
    expect(deleteForward(lineOf('ab'))).toEqual(lineOf('ab'));
    expect(splitAtCursor(lineOf('ab'))).toEqual({ before: 'ab', at: ' ', after: '' });
  });
});
