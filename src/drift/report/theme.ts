// Semantic styles for terminal reports. Renderers ask for "a critical badge" or "an added line",
// never for "red", so the palette lives in one place and `color: false` (NO_COLOR, pipes, CI logs)
// switches every style off at once.

import pc from 'picocolors';
import type { Severity } from '../model.js';

export type Style = (text: string) => string;

export interface Theme {
  severity: Record<Severity, Style>;
  heading: Style;
  muted: Style;
  ok: Style;
  error: Style;
  warning: Style;
  added: Style;
  removed: Style;
  changed: Style;
  command: Style;
}

export function createTheme(color: boolean): Theme {
  const c = pc.createColors(color);
  return {
    severity: {
      critical: (t) => c.bold(c.red(t)),
      high: c.red,
      medium: c.yellow,
      low: c.cyan,
    },
    heading: c.bold,
    muted: c.dim,
    ok: c.green,
    error: (t) => c.bold(c.red(t)),
    warning: c.yellow,
    added: c.green,
    removed: c.red,
    changed: c.yellow,
    command: c.cyan,
  };
}
