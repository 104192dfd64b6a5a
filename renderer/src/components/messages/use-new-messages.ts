/**
 * Where "New messages" starts in a log and how many came since: the first live message from someone else that
 * arrived while the window was not looked at or the reader had scrolled up. Once the reader is back at the bottom of
 * a focused window the line stays (it shows where they left off) but counts nothing; the next unseen message moves
 * it. A message of my own removes it (I have obviously caught up).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { MessageLog } from '../../store/message-log';
import type { TimelineEntry } from '../../store/model';

/** How far back the line is looked for (beyond that it has scrolled far out of sight). */
const SEARCH_LIMIT = 10_000;

export interface NewMessages {
  /** Index of the first new entry, or -1. */
  index: number;
  /** Messages from others since the line while they are still unseen (0 once seen). */
  unseen: number;
}

export function useNewMessages(log: MessageLog<TimelineEntry>, focused: boolean, atBottom: boolean): NewMessages {
  const [marker, setMarker] = useState<{ key: string; seen: boolean } | null>(null);
  const before = useRef({ items: log.items, length: log.length });
  const looking = focused && atBottom;
  const lookingRef = useRef(looking);
  lookingRef.current = looking;

  useEffect(() => {
    const prev = before.current;
    before.current = { items: log.items, length: log.length };
    if (prev.items !== log.items || log.length <= prev.length) return;
    const added = log.items.slice(prev.length, log.length);
    if (added.some((e) => e.kind === 'msg' && e.own && !e.hist)) return setMarker(null);
    if (lookingRef.current) return;
    const first = added.find((e) => e.kind === 'msg' && !e.hist);
    if (first) setMarker((m) => (m && !m.seen ? m : { key: first.key, seen: false }));
  }, [log]);

  useEffect(() => {
    if (looking && marker && !marker.seen) setMarker({ ...marker, seen: true });
  }, [looking, marker]);

  // Where the line was found, kept so that messages added after it are counted alone (not a rescan of up to
  // SEARCH_LIMIT rows on every frame of a burst).
  const found = useRef<{ key: string; items: readonly TimelineEntry[]; length: number; index: number; unseen: number }>(
    null,
  );
  return useMemo(() => {
    if (!marker) return NONE;
    const last = found.current;
    if (last && last.key === marker.key && last.items === log.items && last.length <= log.length) {
      if (log.length - last.index > SEARCH_LIMIT) return NONE;
      let unseen = last.unseen;
      for (let i = last.length; i < log.length; i++) if (fromOthers(log.items[i])) unseen += 1;
      found.current = { ...last, length: log.length, unseen };
      return { index: last.index, unseen: marker.seen ? 0 : unseen };
    }
    found.current = null;
    let unseen = 0;
    const stop = Math.max(0, log.length - SEARCH_LIMIT);
    for (let i = log.length - 1; i >= stop; i--) {
      const entry = log.items[i];
      if (fromOthers(entry)) unseen += 1;
      if (entry?.key === marker.key) {
        found.current = { key: marker.key, items: log.items, length: log.length, index: i, unseen };
        return { index: i, unseen: marker.seen ? 0 : unseen };
      }
    }
    return NONE;
  }, [log, marker]);
}

const NONE: NewMessages = { index: -1, unseen: 0 };
const fromOthers = (entry: TimelineEntry | undefined): boolean => entry?.kind === 'msg' && !entry.own;
