import { Virtualizer, type VirtualizerOptions } from '@tanstack/react-virtual';
import { describe, expect, it } from 'vitest';
import { keepPositionsOnAppend } from './keep-positions';

/** A virtualizer over `keys` with no element (positions only), counting the estimates it asks for. */
function setup(initial: string[]) {
  let keys = initial;
  const asked: number[] = [];
  const options = (): VirtualizerOptions<HTMLDivElement, Element> => ({
    count: keys.length,
    getScrollElement: () => null,
    estimateSize: (i) => {
      asked.push(i);
      return keys[i]!.startsWith('big') ? 60 : 30;
    },
    getItemKey: (i) => keys[i]!,
    scrollToFn: () => {},
    observeElementRect: () => {},
    observeElementOffset: () => {},
  });
  const virtualizer = new Virtualizer(options());
  const report = keepPositionsOnAppend(virtualizer);
  const starts = () => {
    virtualizer.getTotalSize(); // brings the positions up to date
    return virtualizer.measurementsCache.map((m) => [m.key, m.start, m.size]);
  };
  return {
    virtualizer,
    asked,
    starts,
    /** The list's next render: new keys, and how many leading rows it says are unchanged. */
    render(next: string[], stable: number) {
      keys = next;
      virtualizer.setOptions(options());
      report(stable);
    },
  };
}

/** Positions a fresh virtualizer computes for `keys` (all from scratch). */
function fresh(keys: string[], sizes: Record<string, number> = {}) {
  const list = setup(keys);
  list.starts();
  for (const [key, size] of Object.entries(sizes)) list.virtualizer.resizeItem(keys.indexOf(key), size);
  return list.starts();
}

const range = (from: number, to: number, prefix = 'm') =>
  Array.from({ length: to - from }, (_, i) => `${prefix}${from + i}`);

describe('keepPositionsOnAppend (the message list at 100,000 rows)', () => {
  it('positions only the new rows when rows are added at the end', () => {
    const list = setup(range(0, 1000));
    list.starts();
    list.asked.length = 0;
    const grown = [...range(0, 1000), 'big1000', ...range(1001, 1010)];
    list.render(grown, 1000);
    expect(list.starts()).toEqual(fresh(grown));
    expect(list.asked.every((i) => i >= 1000)).toBe(true);
    expect(list.asked.length).toBeLessThanOrEqual(10);
  });

  it('keeps a measured row’s size and the rows after it in place across appends', () => {
    const list = setup(range(0, 100));
    list.starts();
    list.virtualizer.resizeItem(40, 90);
    const grown = range(0, 120);
    list.render(grown, 100);
    expect(list.starts()).toEqual(fresh(grown, { m40: 90 }));
  });

  it('recomputes everything when rows before the end changed (rows put in front, or removed)', () => {
    const list = setup(range(10, 110));
    list.starts();
    const older = ['big0', ...range(1, 110)];
    list.render(older, 0);
    expect(list.starts()).toEqual(fresh(older));
    const trimmed = range(50, 110);
    list.render(trimmed, 0);
    expect(list.starts()).toEqual(fresh(trimmed));
  });

  it('trusts only the rows every render since the last pass kept', () => {
    const list = setup(range(0, 100));
    list.starts();
    list.render([...range(0, 100), 'x'], 100);
    const replaced = [...range(0, 50), 'big50', ...range(51, 100), 'x', 'y'];
    list.render(replaced, 50); // positions not read in between: the two renders count as one change
    expect(list.starts()).toEqual(fresh(replaced));
  });
});

describe('keepPositionsOnAppend: arrays kept in place while rows arrive', () => {
  const lane = (virtualizer: unknown) =>
    (virtualizer as { _singleLaneMeasurements: { flat: Float64Array; items: unknown[] } })._singleLaneMeasurements;

  it('appends into the same key array and grows the positions geometrically, with the positions a fresh pass gives', () => {
    let keys = range(0, 1000);
    const list = setup(keys);
    list.starts();
    const firstItems = lane(list.virtualizer).items;
    const capacities = new Set<number>();
    for (let batch = 0; batch < 50; batch += 1) {
      const before = keys.length;
      keys = [...keys, ...range(before, before + 40)];
      list.render(keys, before);
      list.starts();
      capacities.add(lane(list.virtualizer).flat.length);
    }
    expect(lane(list.virtualizer).items).toBe(firstItems);
    // 1,000 → 3,000 rows in 50 steps: the positions array was regrown a couple of times, not at every step.
    expect(capacities.size).toBeLessThanOrEqual(3);
    expect(list.starts()).toEqual(fresh(keys));
  });

  it('a row measured among appends, then rows put in front: positions stay what a fresh pass gives', () => {
    let keys = range(0, 200);
    const list = setup(keys);
    list.starts();
    keys = [...keys, ...range(200, 260)];
    list.render(keys, 200);
    list.starts();
    list.virtualizer.resizeItem(230, 75);
    keys = [...keys, ...range(260, 300)];
    list.render(keys, 260);
    expect(list.starts()).toEqual(fresh(keys, { m230: 75 }));
    const older = [...range(0, 20, 'old'), ...keys];
    list.render(older, 0);
    expect(list.starts()).toEqual(fresh(older, { m230: 75 }));
  });
});
