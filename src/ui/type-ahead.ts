// Which key presses the confirmation dialog may take as an answer. Text typed while a plan was being
// prepared ("is it safe? yes y") must never answer it: the dialog takes only a distinct key press made
// after it was drawn and after the typing stopped. Pure: the caller passes the times (its clock).

/**
 * How long the dialog ignores keys after it is drawn, and how long the keyboard must be quiet before
 * a key counts as a distinct press. Longer than the gap between keys of someone typing, short enough
 * not to be noticed by someone reading the plan.
 */
export const SETTLE_MS = 500;

export interface KeyVerdict {
  accepted: boolean;
  /** Why a key was ignored, for tests and the display. */
  reason?: 'paste' | 'too_soon' | 'still_typing';
}

export class TypeAheadGuard {
  private lastKeyAt: number | undefined;
  private ignoredText = '';

  /**
   * `shownAt`: when the dialog was drawn. `lastKeyAt`: the last key pressed anywhere in the chat before
   * that (typing that started before the dialog and goes on is still typing ahead).
   */
  constructor(
    private readonly shownAt: number,
    lastKeyAt: number | undefined,
    private readonly settleMs: number = SETTLE_MS,
  ) {
    this.lastKeyAt = lastKeyAt;
  }

  /** Everything ignored so far, as typed (Enter as ⏎). */
  get ignored(): string {
    return this.ignoredText;
  }

  /** `input`: the text of one input event (a chunk of several characters is a paste or buffered type-ahead). */
  take(input: string, at: number, shownAs: string = input): KeyVerdict {
    const previous = this.lastKeyAt;
    this.lastKeyAt = at;
    let reason: KeyVerdict['reason'];
    if ([...input].length > 1) reason = 'paste';
    else if (at - this.shownAt < this.settleMs) reason = 'too_soon';
    else if (previous !== undefined && at - previous < this.settleMs) reason = 'still_typing';
    if (reason === undefined) return { accepted: true };
    this.ignoredText += shownAs;
    return { accepted: false, reason };
  }
}
