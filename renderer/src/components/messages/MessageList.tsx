import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { keepPositionsOnAppend } from './keep-positions';
import { useLocale, useT } from '../../i18n/i18n';
import { formatCount } from '../../lib/format';
import type { MessageLog } from '../../store/message-log';
import type { PendingMessage, TimelineEntry } from '../../store/model';
import { Icon } from '../ui/Icon';
import { estimateRowHeight, MessageRow } from './MessageRow';
import { useWindowFocused } from '../../hooks/use-window-focus';
import { LogDivider } from './LogDivider';
import { measureRow } from './measure-row';
import { PendingStatus, type PendingHandlers } from './PendingStatus';
import { useBottomRange, useFollowBottom } from './follow-bottom';
import { useNewMessages } from './use-new-messages';
import { useThrottledCount } from './use-throttled-count';

const NEAR_BOTTOM_PX = 80;
const NO_PENDING: readonly PendingMessage[] = [];
/** Older history is asked for when the reader is this close to the top. */
const NEAR_TOP_PX = 400;
const HIGHLIGHT_MS = 2_500;

/** A row to bring into view and highlight briefly (a search result); `seq` repeats the same row. */
export interface LogFocus {
  key: string;
  seq: number;
}

/**
 * The conversation, virtualized: only the rows on screen exist in the DOM, so 100,000 messages scroll smoothly.
 * Follows new messages while the reader is at the bottom; otherwise offers a "jump to latest (N new)" button. A "New
 * messages" line marks the first message that came while the window was not looked at or the reader scrolled up.
 * My messages the room has not posted yet come last, marked sending or failed (their rows follow the log's).
 * Near the top it asks for older history (`onNearTop`); rows put in front keep what the reader looks at in place.
 */
export function MessageList({
  log,
  label,
  empty,
  pending = NO_PENDING,
  pendingHandlers,
  onNearTop,
  loadingOlder,
  focus,
}: {
  log: MessageLog<TimelineEntry>;
  label: string;
  empty?: string;
  pending?: readonly PendingMessage[];
  pendingHandlers?: PendingHandlers;
  onNearTop?: () => void;
  loadingOlder?: boolean;
  focus?: LogFocus | null;
}) {
  const t = useT();
  const locale = useLocale();
  const scroller = useRef<HTMLDivElement>(null);
  const content = useRef<HTMLDivElement>(null);
  const rowsBox = useRef<HTMLDivElement>(null);
  const listRef = useRef<ReturnType<typeof useVirtualizer<HTMLDivElement, Element>> | null>(null);
  const [atBottom, setAtBottom] = useState(true);
  const atBottomRef = useRef(true);
  const focused = useWindowFocused();
  const fresh = useNewMessages(log, focused, atBottom);
  // A new getItemKey makes the virtualizer re-measure every row from the first; keep it stable while the shared
  // items array is (it changes only when old entries are trimmed), so a scroll re-measures only what moved.
  const items = log.items;
  const logCount = useThrottledCount(log.length, items);
  const count = logCount + pending.length;
  const entryAt = useCallback(
    (index: number): TimelineEntry | undefined => (index < logCount ? items[index] : pending[index - logCount]),
    [items, logCount, pending],
  );
  const getItemKey = useCallback((index: number) => entryAt(index)?.key ?? index, [entryAt]);
  // Close estimates matter: every row whose measured height differs from its estimate makes the virtualizer
  // recompute the positions of all rows after it, which for 100,000 rows is a long task.
  const estimateSize = useCallback((index: number) => estimateRowHeight(entryAt(index), entryAt(index - 1)), [entryAt]);
  // While following the bottom, the rows rendered are those at the bottom (the view moves there after layout).
  const rangeExtractor = useBottomRange(listRef, atBottomRef, atBottom);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize,
    overscan: 12,
    getItemKey,
    measureElement: measureRow,
    rangeExtractor,
    // Scroll events re-render through React's scheduler, a frame at a time, not synchronously inside each event: with
    // messages arriving, a synchronous render per scroll event made 79 ms `scroll` handlers (bench:ui).
    useFlushSync: false,
  });
  listRef.current = virtualizer;
  const follow = useFollowBottom({ virtualizer, scroller, content, rows: rowsBox, following: atBottomRef, count });
  // Rows only added at the end (the shared items array grew in place): the rows before keep their positions.
  const [reportStable] = useState(() => keepPositionsOnAppend(virtualizer));
  const shownRows = useRef({ items, logCount });
  reportStable(shownRows.current.items === items ? Math.min(shownRows.current.logCount, logCount) : 0);
  shownRows.current = { items, logCount };

  // Sending a message brings the reader to it.
  const pendingBefore = useRef(pending.length);
  useLayoutEffect(() => {
    if (pending.length > pendingBefore.current) {
      atBottomRef.current = true;
      setAtBottom(true);
    }
    pendingBefore.current = pending.length;
  }, [pending.length]);
  // The virtualizer's own figures: reading the element's scrollHeight here would force a layout per event.
  const isNearBottom = (): boolean => {
    const el = scroller.current;
    if (!el) return true;
    const offset = virtualizer.scrollOffset ?? el.scrollTop;
    return virtualizer.getTotalSize() - offset - (virtualizer.scrollRect?.height ?? el.clientHeight) < NEAR_BOTTOM_PX;
  };

  // Rows put in front (older history): the row that was first moves down by their height, and so does the view.
  const shownFirst = useRef<{ key: string | undefined; count: number }>({ key: undefined, count: 0 });
  useLayoutEffect(() => {
    const before = shownFirst.current;
    shownFirst.current = { key: items[0]?.key, count: logCount };
    const added = logCount - before.count;
    const el = scroller.current;
    if (atBottomRef.current || !el || added <= 0 || before.key === undefined || items[0]?.key === before.key) return;
    const moved = items[added]?.key === before.key ? added : items.findIndex((e) => e.key === before.key);
    const start = moved > 0 ? virtualizer.measurementsCache[moved]?.start : undefined;
    if (start !== undefined) virtualizer.scrollToOffset(el.scrollTop + start);
  }, [items, logCount, virtualizer]);

  // New rows, a row that grows once measured or as it changes (a file card's thumbnail, progress, answer), or a
  // window made smaller keep the reader who was at the bottom there: useFollowBottom, after the browser's layout.
  const viewHeight = virtualizer.scrollRect?.height;
  // A resize can fire a scroll event read against the old size: once the new size is known, say again where we are.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el || viewHeight === undefined) return;
    const near = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM_PX;
    atBottomRef.current = near;
    setAtBottom(near);
  }, [viewHeight]);

  const nearTop = useRef(onNearTop);
  nearTop.current = onNearTop;
  // A first page shorter than the screen cannot be scrolled up: ask for more at once.
  useEffect(() => {
    const el = scroller.current;
    // The virtualizer's figure: the element's clientHeight would force the layout of the rows just committed.
    const height = virtualizer.scrollRect?.height ?? el?.clientHeight ?? 0;
    if (el && count > 0 && virtualizer.getTotalSize() < height + NEAR_TOP_PX) nearTop.current?.();
  }, [count, virtualizer]);

  const [highlight, setHighlight] = useState<string | null>(null);
  useEffect(() => {
    if (!focus) return;
    const index = items.findIndex((e) => e.key === focus.key);
    if (index < 0) return;
    atBottomRef.current = false;
    virtualizer.scrollToIndex(index, { align: 'center' });
    // A log shorter than the screen does not scroll (no scroll event): say where the view is now.
    requestAnimationFrame(() => {
      const near = isNearBottom();
      atBottomRef.current = near;
      setAtBottom(near);
    });
    setHighlight(focus.key);
    const timer = setTimeout(() => setHighlight(null), HIGHLIGHT_MS);
    return () => clearTimeout(timer);
    // Only a new focus moves the view (not every new message): `items` is read, not watched.
  }, [focus?.key, focus?.seq, virtualizer]);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const onScroll = () => {
      const offset = virtualizer.scrollOffset ?? el.scrollTop;
      if (offset < NEAR_TOP_PX) nearTop.current?.();
      // The echo of the list's own write to the bottom: rows added since then must not read as the reader leaving.
      if (atBottomRef.current && follow.isOwnScroll(offset)) return;
      const near = isNearBottom();
      atBottomRef.current = near;
      setAtBottom(near);
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => el.removeEventListener('scroll', onScroll);
  }, [virtualizer, follow]);

  const visible = virtualizer.getVirtualItems();
  return (
    <div className="relative min-h-0 flex-1">
      <div
        ref={scroller}
        role="log"
        aria-label={label}
        aria-live="polite"
        aria-relevant="additions"
        tabIndex={0}
        className="scrollbar-thin h-full overflow-y-auto overscroll-contain pb-3 focus-visible:outline-offset-[-2px]"
      >
        {count === 0 && empty && (
          <div className="flex h-full flex-col items-center justify-center gap-3 text-muted">
            <span className="flex size-14 items-center justify-center rounded-2xl bg-accent-soft text-accent">
              <Icon name="message" className="size-7" />
            </span>
            <p className="text-sm">{empty}</p>
          </div>
        )}
        <div ref={content} className="relative w-full" style={{ height: virtualizer.getTotalSize() }}>
          <div
            ref={rowsBox}
            className="absolute left-0 top-0 w-full"
            style={{ transform: `translateY(${visible[0]?.start ?? 0}px)` }}
          >
            {visible.map((item) => {
              const entry = entryAt(item.index);
              if (!entry) return null;
              const mine = item.index >= logCount ? (entry as PendingMessage) : undefined;
              return (
                <div
                  key={item.key}
                  data-index={item.index}
                  data-pending={mine?.state}
                  ref={virtualizer.measureElement}
                  data-highlight={entry.key === highlight ? '' : undefined}
                  className={entry.key === highlight ? 'bg-accent-soft transition-colors duration-700' : undefined}
                >
                  {item.index === fresh.index && <LogDivider label={t.newMessages} tone="accent" />}
                  <MessageRow
                    entry={entry}
                    previous={item.index === fresh.index ? undefined : entryAt(item.index - 1)}
                    sending={mine?.state === 'sending'}
                    status={mine && <PendingStatus pending={mine} handlers={pendingHandlers} />}
                  />
                </div>
              );
            })}
          </div>
        </div>
      </div>
      {loadingOlder && (
        <p
          role="status"
          className="pointer-events-none absolute left-1/2 top-2 -translate-x-1/2 rounded-full bg-sidebar px-3 py-1 text-xs text-muted shadow-card"
        >
          {t.loadingOlder}
        </p>
      )}
      {!atBottom && count > 0 && (
        <button
          type="button"
          onClick={() => {
            atBottomRef.current = true;
            setAtBottom(true);
            follow.toBottom();
          }}
          className="absolute bottom-3 left-1/2 flex -translate-x-1/2 items-center gap-1.5 rounded-full bg-accent px-3.5 py-1.5 text-xs font-semibold text-accent-fg shadow-card"
        >
          <Icon name="download" className="size-3.5" />
          {fresh.unseen > 0 ? t.jumpToLatestNew(formatCount(fresh.unseen, locale)) : t.jumpToLatest}
        </button>
      )}
    </div>
  );
}
