/**
 * Lets the message list's virtualizer keep the positions it computed when rows are only added at the end.
 *
 * @tanstack/virtual-core recomputes every row's position (O(n): a key, a size-cache lookup and an estimate per row)
 * whenever the row count or getItemKey changes, since either may reorder everything. For an append-only log at
 * 100,000 rows that full pass was the long task while messages arrive. The list knows better: it says how many
 * leading rows kept their key and size, and the virtualizer then resumes from the first row that changed, the same
 * way it does after a row is measured. Anything else (rows removed, a replaced log) still recomputes everything.
 */
import type { Virtualizer } from '@tanstack/react-virtual';

/** The virtualizer's state this relies on (virtual-core 3.19: getMeasurements resumes from pendingMin). */
interface Internals {
  pendingMin: number | null;
  getMeasurementOptions: () => { count: number };
}

/**
 * Wraps the virtualizer's measurement options once. Call the returned function on every render with the number of
 * leading rows whose key and size did not change since the previous render.
 */
export function keepPositionsOnAppend(virtualizer: Virtualizer<HTMLDivElement, Element>): (stable: number) => void {
  const inner = virtualizer as unknown as Internals;
  const base = inner.getMeasurementOptions;
  if (typeof base !== 'function' || !('pendingMin' in inner)) return () => {}; // another version: full passes
  let previous: { count: number } | undefined;
  // Rows unchanged since the options were last computed (renders may come between two computations); none if no
  // render said so.
  let stableSince: number | null = null;
  inner.getMeasurementOptions = () => {
    const resumeFrom = inner.pendingMin;
    const next = base();
    if (next !== previous) {
      const stable = Math.min(stableSince ?? 0, previous?.count ?? 0);
      // base() forgot where to resume (it assumes everything moved): resume from the first changed row instead.
      if (previous && next.count >= previous.count && stable > 0)
        inner.pendingMin = Math.min(resumeFrom ?? stable, stable);
      previous = next;
      stableSince = null;
    }
    return next;
  };
  return (stable) => {
    stableSince = Math.min(stableSince ?? stable, stable);
  };
}
