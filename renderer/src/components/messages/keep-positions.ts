/**
 * Lets the message list's virtualizer keep what it computed when rows are only added at the end.
 *
 * @tanstack/virtual-core recomputes every row's position (O(n): a key, a size-cache lookup and an estimate per row)
 * whenever the row count or getItemKey changes, since either may reorder everything. For an append-only log at
 * 100,000 rows that full pass was the long task while messages arrive. The list knows better: it says how many
 * leading rows kept their key and size, and the virtualizer then resumes from the first row that changed, the same
 * way it does after a row is measured. Anything else (rows removed, a replaced log) still recomputes everything.
 *
 * Resuming still copied two arrays of the whole log on every pass: the row keys (`items.slice()`, ~0.8 MB at
 * 100,000 rows, allocated straight into V8's old generation) and the positions (`Float64Array` regrown to the exact
 * new count, ~1.6 MB). Over 100,000 arriving messages that was about half of what reached the old generation, and
 * the major collections it brought were the page's longest frames (docs/PERFORMANCE.md). Both are kept in place
 * here: the positions grow geometrically, and the key array hands itself back when the pass copies it (the pass
 * overwrites only the rows from where it resumes, exactly what it would write into the copy).
 */
import type { Virtualizer } from '@tanstack/react-virtual';

/** The virtualizer's state this relies on (virtual-core 3.19: getMeasurements resumes from pendingMin). */
interface Internals {
  pendingMin: number | null;
  getMeasurementOptions: () => { count: number };
  /** One lane: row keys (or the row objects made from them) and [start, size] pairs, both indexed by row. */
  _singleLaneMeasurements?: { flat: Float64Array; items: unknown[] } | null;
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
      growInPlace(inner, next.count);
    }
    return next;
  };
  return (stable) => {
    stableSince = Math.min(stableSince ?? stable, stable);
  };
}

/** Makes room for `count` rows in the arrays the next pass writes, so that it neither regrows nor copies them. */
function growInPlace(inner: Internals, count: number): void {
  const lane = inner._singleLaneMeasurements;
  if (!lane || !(lane.flat instanceof Float64Array) || !Array.isArray(lane.items)) return;
  if (lane.flat.length < count * 2) {
    const grown = new Float64Array(Math.max(count * 2, lane.flat.length * 2));
    grown.set(lane.flat);
    lane.flat = grown;
  }
  if (!Object.hasOwn(lane.items, 'slice')) Object.defineProperty(lane.items, 'slice', { value: itself });
}

function itself<T>(this: T): T {
  return this;
}
