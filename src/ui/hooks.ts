// Terminal width and a ticking clock for spinners, as hooks.
import { useStdout } from 'ink';
import { useEffect, useState } from 'react';

const FALLBACK_COLUMNS = 80;
// Narrower than this, boxes and labels stop making sense; Ink wraps what does not fit.
const MIN_COLUMNS = 40;

/** The terminal's width in columns, updated when the window is resized. */
export function useColumns(): number {
  const { stdout } = useStdout();
  const read = (): number => {
    const columns = stdout.columns;
    return Number.isFinite(columns) && columns > 0 ? Math.max(MIN_COLUMNS, columns) : FALLBACK_COLUMNS;
  };
  const [columns, setColumns] = useState(read);
  useEffect(() => {
    const onResize = (): void => setColumns(read());
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  });
  return columns;
}

/** `now()` every `intervalMs` while `active`; frozen otherwise, so an idle screen does not redraw. */
export function useNow(active: boolean, clock: () => number, intervalMs: number): number {
  const [now, setNow] = useState(clock);
  useEffect(() => {
    if (!active) return;
    setNow(clock());
    const timer = setInterval(() => setNow(clock()), intervalMs);
    return () => clearInterval(timer);
  }, [active, clock, intervalMs]);
  return now;
}
