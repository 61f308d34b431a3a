// Semantic colour tokens for the chat. Components ask for "a critical badge" or "a focused border",
// never for "red", so the palette lives here (the same roles as the text reports' theme in
// src/drift/report/theme.ts), and NO_COLOR swaps it for one without colours (undefined = the
// terminal's own foreground), exactly as the CLI's reports do.
import { createContext, useContext } from 'react';
import type { Severity } from '../drift/model.js';

type Colour = string | undefined;

export interface UiTheme {
  /** Body text has no token: it keeps the terminal's own foreground, readable on any background. */
  text: { secondary: Colour; accent: Colour; user: Colour };
  status: { success: Colour; error: Colour; warning: Colour; running: Colour };
  severity: Record<Severity, Colour>;
  border: { default: Colour; focused: Colour; danger: Colour };
  diff: { added: Colour; removed: Colour; changed: Colour };
}

export const colourTheme: UiTheme = {
  text: { secondary: 'gray', accent: 'cyan', user: 'blueBright' },
  status: { success: 'green', error: 'red', warning: 'yellow', running: 'cyan' },
  severity: { critical: 'redBright', high: 'red', medium: 'yellow', low: 'cyan' },
  border: { default: 'gray', focused: 'cyan', danger: 'yellow' },
  diff: { added: 'green', removed: 'red', changed: 'yellow' },
};

export const plainTheme: UiTheme = {
  text: { secondary: undefined, accent: undefined, user: undefined },
  status: { success: undefined, error: undefined, warning: undefined, running: undefined },
  severity: { critical: undefined, high: undefined, medium: undefined, low: undefined },
  border: { default: undefined, focused: undefined, danger: undefined },
  diff: { added: undefined, removed: undefined, changed: undefined },
};

export const ThemeContext = createContext<UiTheme>(colourTheme);

export function useTheme(): UiTheme {
  return useContext(ThemeContext);
}
