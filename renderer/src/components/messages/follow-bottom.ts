/**
 * Keeps the message list at its bottom while the reader is there, after the browser's own layout instead of inside
 * React's commit. Scrolling to the last row from a layout effect (`scrollToIndex`, and the virtualizer's reconcile
 * loop on the frames after it) read `scrollHeight` right after new rows were inserted, which forced their layout in
 * the middle of every commit: 8.5 s + 4.7 s of a 133 s bench:ui arrival profile, in the longest frames. Now:
 *
 * - while following, the list renders the rows the view will show once at the bottom (`bottomRange`), computed from
 *   the virtualizer's sizes, not around the position the element still has;
 * - a ResizeObserver on the list, its content and its rows' container writes the bottom position once the browser
 *   has laid them out (its callbacks run after layout and before paint: the write forces nothing, and the frame shows
 *   the new rows already at the bottom);
 * - the virtualizer does not shift the view for rows measured above it while following (its write would use an
 *   offset from before ours and move the reader up);
 * - the scroll event that echoes our own write is told apart from the reader's (`isOwnScroll`): content added
 *   between the write and its event must not read as "the reader scrolled up".
 *
 * Without ResizeObserver (jsdom) the list scrolls to its last row from a layout effect, as before.
 */
import { defaultRangeExtractor, type Range, type Virtualizer } from '@tanstack/react-virtual';
import { useCallback, useLayoutEffect, useState, type RefObject } from 'react';

type ListVirtualizer = Virtualizer<HTMLDivElement, Element>;

/** The rows shown once the list is scrolled to its end (plus overscan above), from the virtualizer's sizes alone. */
export function bottomRange(virtualizer: ListVirtualizer, range: Range): number[] {
  const { count, overscan } = range;
  if (count === 0) return [];
  const rows = virtualizer.measurementsCache;
  const top = virtualizer.getTotalSize() - (virtualizer.scrollRect?.height ?? 0);
  // The first row that ends below the top of the bottom screenful.
  let low = 0;
  let high = count - 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((rows[mid]?.end ?? 0) > top) high = mid;
    else low = mid + 1;
  }
  return defaultRangeExtractor({ ...range, startIndex: low, endIndex: count - 1, overscan: Math.max(overscan, 0) });
}

/**
 * The range extractor to give the virtualizer: the bottom rows while `following` (read on every call), else the
 * default. `followingState` is the same flag as React state: a new function when it flips, so the virtualizer does
 * not keep the range it memoized for the other mode.
 */
export function useBottomRange(
  virtualizer: RefObject<ListVirtualizer | null>,
  following: RefObject<boolean>,
  followingState: boolean,
): (range: Range) => number[] {
  return useCallback(
    (range: Range) => {
      const v = virtualizer.current;
      return following.current && v ? bottomRange(v, range) : defaultRangeExtractor(range);
    },
    [virtualizer, following, followingState],
  );
}

export interface FollowBottom {
  /** Whether a scroll event at `offset` is the echo of the list's own write to the bottom. */
  isOwnScroll: (offset: number) => boolean;
  /** Goes to the bottom now (the reader asked: a click, a message sent); one forced layout, once. */
  toBottom: () => void;
}

/** Follows the bottom while `following` (a ref the list keeps current); see the file's comment. */
export function useFollowBottom({
  virtualizer,
  scroller,
  content,
  rows,
  following,
  count,
}: {
  virtualizer: ListVirtualizer;
  scroller: RefObject<HTMLDivElement | null>;
  content: RefObject<HTMLDivElement | null>;
  rows: RefObject<HTMLDivElement | null>;
  following: RefObject<boolean>;
  count: number;
}): FollowBottom {
  const [api] = useState(() => {
    let written: number | null = null;
    const write = (): void => {
      const el = scroller.current;
      if (!el) return;
      el.scrollTop = el.scrollHeight;
      written = el.scrollTop;
    };
    return {
      write,
      isOwnScroll: (offset: number) => written !== null && Math.abs(offset - written) < 1,
      toBottom: () => {
        if (noObserver() && virtualizer.options.count > 0)
          virtualizer.scrollToIndex(virtualizer.options.count - 1, { align: 'end' });
        else write();
      },
    };
  });

  // While following, rows measured above the view do not move it (the bottom write that follows does); otherwise
  // the virtualizer's own rule applies (a custom rule replaces it only while defined).
  useLayoutEffect(() => {
    Object.defineProperty(virtualizer, 'shouldAdjustScrollPositionOnItemSizeChange', {
      configurable: true,
      get: () => (following.current ? NEVER : undefined),
      set: () => {},
    });
  }, [virtualizer, following]);

  // Set up in the commit, so the first report (right after the first layout) comes before the first paint.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el || noObserver()) return;
    const observer = new ResizeObserver(() => {
      if (following.current) api.write();
    });
    for (const target of [el, content.current, rows.current]) if (target) observer.observe(target);
    return () => observer.disconnect();
  }, [api, scroller, content, rows, following]);

  // Without ResizeObserver: the last row, from the commit.
  const total = virtualizer.getTotalSize();
  const viewHeight = virtualizer.scrollRect?.height;
  useLayoutEffect(() => {
    if (noObserver() && following.current && count > 0) virtualizer.scrollToIndex(count - 1, { align: 'end' });
  }, [count, total, viewHeight, virtualizer, following]);

  return { isOwnScroll: api.isOwnScroll, toBottom: api.toBottom };
}

const noObserver = (): boolean => typeof ResizeObserver === 'undefined';
const NEVER = (): boolean => false;
