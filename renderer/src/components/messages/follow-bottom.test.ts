import { Virtualizer } from '@tanstack/react-virtual';
import { describe, expect, it } from 'vitest';
import { bottomRange } from './follow-bottom';

/** A virtualizer over `count` rows of `size` px whose view is `height` px tall, scrolled to the top. */
function list(count: number, size: (i: number) => number, height: number) {
  const v = new Virtualizer<HTMLDivElement, Element>({
    count,
    getScrollElement: () => null,
    estimateSize: size,
    scrollToFn: () => {},
    observeElementRect: () => {},
    observeElementOffset: () => {},
    overscan: 3,
  });
  v.scrollRect = { width: 800, height };
  v.getTotalSize(); // computes the positions
  return v;
}

const range = (v: Virtualizer<HTMLDivElement, Element>) => ({
  startIndex: 0,
  endIndex: 5,
  overscan: v.options.overscan,
  count: v.options.count,
});

describe('bottomRange', () => {
  it('renders the rows of the last screenful and the overscan above them, whatever the current position', () => {
    const v = list(1_000, () => 30, 300);
    // 30,000 px in all: the bottom screenful starts at 29,700, inside row 990 (29,700–29,730 ends past it).
    const rows = bottomRange(v, range(v));
    expect(rows[0]).toBe(987);
    expect(rows.at(-1)).toBe(999);
    expect(rows).toHaveLength(13);
  });

  it('covers rows of mixed heights down to the last one', () => {
    const v = list(500, (i) => (i % 5 === 0 ? 61 : 28), 400);
    const rows = bottomRange(v, range(v));
    const items = v.measurementsCache;
    const top = v.getTotalSize() - 400;
    const first = rows[3]!;
    expect(items[first]!.end).toBeGreaterThan(top);
    expect(items[first - 1]!.end).toBeLessThanOrEqual(top);
    expect(rows.at(-1)).toBe(499);
  });

  it('is every row when they fit on one screen, and nothing for an empty list', () => {
    const v = list(5, () => 30, 300);
    expect(bottomRange(v, range(v))).toEqual([0, 1, 2, 3, 4]);
    const none = list(0, () => 30, 300);
    expect(bottomRange(none, range(none))).toEqual([]);
  });
});
