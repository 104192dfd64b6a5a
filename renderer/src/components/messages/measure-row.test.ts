import { Virtualizer } from '@tanstack/react-virtual';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { measureRow } from './measure-row';

/** A row element as the list renders it (data-index), whose height read is counted. */
function row(index: number) {
  const element = document.createElement('div');
  element.dataset.index = String(index);
  const read = vi.fn(() => 75);
  Object.defineProperty(element, 'offsetHeight', { get: read });
  return { element, read };
}

const virtualizer = () =>
  new Virtualizer<HTMLDivElement, Element>({
    count: 3,
    getScrollElement: () => null,
    estimateSize: () => 30,
    getItemKey: (i) => `k${i}`,
    scrollToFn: () => {},
    observeElementRect: () => {},
    observeElementOffset: () => {},
  });

describe('measureRow', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('takes the observer-reported height, and does not read the layout when a row mounts', () => {
    vi.stubGlobal('ResizeObserver', class {});
    const v = virtualizer();
    const { element, read } = row(1);
    expect(measureRow(element, undefined, v)).toBe(30); // the estimate until the observer reports
    v.itemSizeCache.set('k1', 61);
    expect(measureRow(element, undefined, v)).toBe(61); // or the size measured before
    const entry = { borderBoxSize: [{ blockSize: 44.4, inlineSize: 500 }] } as unknown as ResizeObserverEntry;
    expect(measureRow(element, entry, v)).toBe(44);
    expect(read).not.toHaveBeenCalled();
  });

  it('reads the height where there is no ResizeObserver', () => {
    vi.stubGlobal('ResizeObserver', undefined);
    const { element, read } = row(0);
    expect(measureRow(element, undefined, virtualizer())).toBe(75);
    expect(read).toHaveBeenCalledOnce();
  });
});
