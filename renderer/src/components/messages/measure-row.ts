/**
 * How the message list's virtualizer measures a row: from the ResizeObserver's report, never by reading the row's
 * height when it mounts. The default read (`offsetHeight` from the row's ref, in React's commit) forced a layout of
 * the freshly inserted rows in the middle of every commit, and the re-render that followed forced another
 * (bench:ui profiles: ~13 s of 127 s while 100,000 messages arrived, in the longest frames). The observer reports
 * each new row once the browser has laid it out anyway, so the height costs no extra layout; until then the row
 * keeps its estimate (or the size it was measured at before). Without ResizeObserver (jsdom) it reads the height.
 */
import type { Virtualizer } from '@tanstack/react-virtual';

export function measureRow(
  element: Element,
  entry: ResizeObserverEntry | undefined,
  instance: Virtualizer<HTMLDivElement, Element>,
): number {
  const box = entry?.borderBoxSize?.[0];
  if (box) return Math.round(box.blockSize);
  if (entry || typeof ResizeObserver === 'undefined') return (element as HTMLElement).offsetHeight;
  const index = instance.indexFromElement(element);
  return instance.itemSizeCache.get(instance.options.getItemKey(index)) ?? instance.options.estimateSize(index);
}
