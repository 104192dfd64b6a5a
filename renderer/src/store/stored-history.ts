/**
 * The conversation store's entries in the room's timeline. Stored entries are shown like live ones (a stored notice
 * is worded like a live one); what is already on screen is recognised by its `historyId` (every stored room event
 * carries it, a replay of a stored message too), so a page merged into a log never shows an entry twice. Entries are
 * placed in store order (ids only grow); lines without an id (local notices) stay just before the entry after them.
 */
import type { HistoryEntry } from '@contract/ipc-contract';
import type { MessageLog } from './message-log';
import type { TimelineEntry } from './model';

/** How far back an id is looked for when a live event arrives (ids grow, so the walk usually stops at once). */
const SEARCH_LIMIT = 5_000;

/**
 * A stored entry as a timeline row, or null for what the room log does not show: 1:1 messages (they belong to the
 * 1:1 panel; search finds them), my messages the outbox still holds (sending or failed: the outbox shows them), and
 * file cards of the 1:1 open now with `dmPeer` (its panel shows them). A 1:1's card with nowhere else to go (that
 * 1:1 is over) stays in the room log, as a live one does.
 */
export function timelineEntryOf(entry: HistoryEntry, dmPeer?: string): TimelineEntry | null {
  const base = { key: `h${entry.id}`, ts: entry.ts, historyId: entry.id };
  switch (entry.kind) {
    case 'msg':
      if (entry.scope === 'dm' || entry.state !== undefined) return null;
      return {
        ...base,
        kind: 'msg',
        mid: entry.mid ?? -1,
        from: entry.from,
        text: entry.text,
        scope: entry.scope,
        ...(entry.to === undefined ? {} : { to: entry.to }),
        own: entry.own,
        run: '',
        stored: true,
      };
    case 'notice':
      return { ...base, kind: 'notice', notice: entry.notice };
    case 'file':
      if (entry.scope === 'dm' && dmPeer !== undefined && withPeer(entry, dmPeer)) return null;
      return {
        ...base,
        kind: 'file',
        from: entry.from,
        ...(entry.to === undefined ? {} : { to: entry.to }),
        own: entry.own,
        file: entry.file,
      };
  }
}

/** A stored entry of the 1:1 with `peer` as a row of its panel (messages and file cards), else null. */
export function dmEntryOf(entry: HistoryEntry, peer: string): TimelineEntry | null {
  if (entry.kind === 'notice' || entry.scope !== 'dm' || !withPeer(entry, peer)) return null;
  const row = timelineEntryOf({ ...entry, scope: 'room' });
  return row?.kind === 'msg' ? { ...row, scope: 'dm' } : row;
}

function withPeer(entry: Extract<HistoryEntry, { from: string }>, peer: string): boolean {
  const key = peer.toLowerCase();
  return entry.from.toLowerCase() === key || entry.to?.toLowerCase() === key;
}

/** The log already shows the stored entry `historyId`. */
export function hasHistoryId(log: MessageLog<TimelineEntry>, historyId: number): boolean {
  const stop = Math.max(0, log.length - SEARCH_LIMIT);
  for (let i = log.length - 1; i >= stop; i--) {
    const id = log.items[i]?.historyId;
    if (id === undefined) continue;
    if (id === historyId) return true;
    if (id < historyId) return false;
  }
  return false;
}

/** Where the log shows the stored entry `historyId` (-1: not loaded). */
export function indexOfHistoryId(log: MessageLog<TimelineEntry>, historyId: number): number {
  for (let i = log.length - 1; i >= 0; i--) if (log.items[i]?.historyId === historyId) return i;
  return -1;
}

/** The log with the stored entries it does not show yet, each in its place; the same log when nothing is new. */
export function mergeStored(
  log: MessageLog<TimelineEntry>,
  entries: readonly HistoryEntry[],
  rowOf: (entry: HistoryEntry) => TimelineEntry | null = timelineEntryOf,
): MessageLog<TimelineEntry> {
  const present = new Set<number>();
  for (let i = 0; i < log.length; i++) {
    const id = log.items[i]?.historyId;
    if (id !== undefined) present.add(id);
  }
  const fresh: TimelineEntry[] = [];
  for (const entry of [...entries].sort((a, b) => a.id - b.id)) {
    const row = present.has(entry.id) ? null : rowOf(entry);
    if (row) fresh.push(row);
  }
  if (fresh.length === 0) return log;
  const items: TimelineEntry[] = [];
  let pending: TimelineEntry[] = [];
  let next = 0;
  for (let i = 0; i < log.length; i++) {
    const row = log.items[i]!;
    if (row.historyId === undefined) {
      pending.push(row);
      continue;
    }
    while (next < fresh.length && fresh[next]!.historyId! < row.historyId) items.push(fresh[next++]!);
    for (const p of pending) items.push(p);
    pending = [];
    items.push(row);
  }
  while (next < fresh.length) items.push(fresh[next++]!);
  for (const p of pending) items.push(p);
  return { items, length: items.length };
}
