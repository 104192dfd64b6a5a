/**
 * Reading one room's history in windows: the newest screen (or the one before a cursor), a window centred on one
 * entry (jump to a search hit), and the count of messages from others after an entry ("N new"). Every query walks
 * the (room, id) index, so a room's last screen costs the same with ten messages or a million.
 */
import type { HistoryPage } from '@contract/ipc-contract';
import type { DatabaseSync } from 'node:sqlite';
import { ENTRY_COLUMNS, toEntry, type EntryRow } from './entry-rows.js';
import { KIND } from './schema.js';

const FROM = `FROM messages m JOIN rooms r ON r.id = m.room`;

export class HistoryPages {
  private readonly olderThan;
  private readonly atOrOlderThan;
  private readonly newerThan;
  private readonly countNewer;

  constructor(db: DatabaseSync) {
    this.olderThan = db.prepare(
      `SELECT ${ENTRY_COLUMNS} ${FROM} WHERE m.room = ? AND m.id < ? ORDER BY m.id DESC LIMIT ?`,
    );
    this.atOrOlderThan = db.prepare(
      `SELECT ${ENTRY_COLUMNS} ${FROM} WHERE m.room = ? AND m.id <= ? ORDER BY m.id DESC LIMIT ?`,
    );
    this.newerThan = db.prepare(
      `SELECT ${ENTRY_COLUMNS} ${FROM} WHERE m.room = ? AND m.id > ? ORDER BY m.id ASC LIMIT ?`,
    );
    this.countNewer = db.prepare(
      `SELECT count(*) AS n FROM messages WHERE room = ? AND id > ? AND kind <> ${KIND.notice} AND own = 0`,
    );
  }

  /** The `limit` entries before `before` (default: the newest), oldest first. */
  page(room: number, limit: number, before = Number.MAX_SAFE_INTEGER): HistoryPage {
    const rows = this.olderThan.all(room, before, limit + 1) as unknown as EntryRow[];
    const hasOlder = rows.length > limit;
    return {
      entries: rows.slice(0, limit).reverse().map(toEntry),
      hasOlder,
      hasNewer: before !== Number.MAX_SAFE_INTEGER && this.newerThan.all(room, before - 1, 1).length > 0,
    };
  }

  /** About `limit` entries: `messageId` and the half before it, then the entries after it. */
  around(room: number, messageId: number, limit: number): HistoryPage {
    const olderCount = Math.ceil(limit / 2);
    const older = this.atOrOlderThan.all(room, messageId, olderCount + 1) as unknown as EntryRow[];
    const newer = this.newerThan.all(room, messageId, limit - olderCount + 1) as unknown as EntryRow[];
    const keptOlder = older.slice(0, olderCount).reverse();
    const keptNewer = newer.slice(0, limit - olderCount);
    return {
      entries: [...keptOlder, ...keptNewer].map(toEntry),
      hasOlder: older.length > olderCount,
      hasNewer: newer.length > limit - olderCount,
    };
  }

  countAfter(room: number, afterId: number): number {
    return Number((this.countNewer.get(room, afterId) as { n: number }).n);
  }
}
