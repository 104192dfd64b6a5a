import { useEffect, useReducer, useRef } from 'react';

/** Past this many rows, the list takes new rows at most every GROWTH_INTERVAL_MS (see useThrottledCount). */
export const THROTTLE_FROM = 5_000;
export const GROWTH_INTERVAL_MS = 100;

/**
 * The row count the virtualizer sees. Each change of count makes it recompute every row's position (O(n)), which
 * at 100,000 rows on every frame of a burst kept the composer from answering keystrokes. Small logs and shrinking
 * ones follow at once; a large log grows at most every GROWTH_INTERVAL_MS (new rows show up to 0.1 s later). A new
 * `items` array (older history put in front, or a trim) is followed at once: its old count would show wrong rows.
 */
export function useThrottledCount(count: number, items?: unknown): number {
  const shown = useRef(count);
  const shownItems = useRef(items);
  const lastAt = useRef(Number.NEGATIVE_INFINITY);
  const [, wake] = useReducer((n: number) => n + 1, 0);
  const now = performance.now();
  const replaced = items !== shownItems.current;
  shownItems.current = items;
  if (replaced || count < THROTTLE_FROM || count < shown.current || now - lastAt.current >= GROWTH_INTERVAL_MS) {
    if (count !== shown.current) lastAt.current = now;
    shown.current = count;
  }
  useEffect(() => {
    if (shown.current === count) return;
    const timer = setTimeout(wake, Math.max(0, lastAt.current + GROWTH_INTERVAL_MS - performance.now()));
    return () => clearTimeout(timer);
  });
  return shown.current;
}
