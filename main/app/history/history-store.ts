/**
 * The app's conversation store: `<userData>/history.sqlite`, one per app profile, used from the main process only.
 * Writes go through HistoryWriter (batched per event-loop turn; a message the store already has, same room, server
 * run and mid, as in a replay after a reconnect, is ignored); reads through HistoryPages and searchHistory. With
 * retention `off` nothing is written and what was kept is deleted.
 */
import type {
  HistoryEntry,
  HistoryFileCard,
  HistoryNotice,
  HistoryPage,
  HistoryRetention,
  HistoryRoom,
  HistorySearchHit,
  MessageScope,
  RoomKey,
} from '@contract/ipc-contract';
import type { DatabaseSync } from 'node:sqlite';
import { ENTRY_COLUMNS, toEntry, type EntryRow } from './entry-rows.js';
import { openHistoryDb } from './history-db.js';
import { HistoryPages } from './history-pages.js';
import { searchHistory } from './history-search.js';
import { HistoryWriter, type OutboxUpdate, type RoomInfo, type RowFields } from './history-writer.js';
import { DAY_MS, deleteInChunks, forgetUnusedPreviews, reclaim, retentionCutoff } from './retention.js';
import { roomCodeOf } from './room-key.js';
import { KIND, STATE } from './schema.js';

export type { OutboxUpdate, RoomInfo };

export interface NewMessage {
  /** The server run (welcome `history.run`); absent for hosts without one (then a per-connection id is used). */
  run?: string | undefined;
  mid?: number | undefined;
  ts: number;
  from: string;
  scope: MessageScope;
  to?: string | undefined;
  text: string;
  own: boolean;
  /** My own message not confirmed yet: its client id and outbox state. */
  cid?: string | undefined;
  state?: 'sending' | 'failed' | undefined;
}

/** A file card's key among a room's rows (a client id, which messages' ids never look like: they have no `:`). */
const fileCardCid = (offerId: string): string => `file:${offerId}`;

export class HistoryStore {
  private readonly pages: HistoryPages;
  private readonly writer: HistoryWriter;
  private closed = false;
  private retention: HistoryRetention;
  private dailyTimer: ReturnType<typeof setInterval> | undefined;
  private readonly sql;

  private constructor(
    private readonly db: DatabaseSync,
    retention: HistoryRetention,
  ) {
    this.retention = retention;
    this.pages = new HistoryPages(db);
    this.writer = new HistoryWriter(db);
    this.sql = {
      unsent: db.prepare(
        `SELECT ${ENTRY_COLUMNS} FROM messages m JOIN rooms r ON r.id = m.room
         WHERE m.room = ? AND m.cid IS NOT NULL AND m.state IS NOT NULL ORDER BY m.id`,
      ),
      savePreview: db.prepare('INSERT OR REPLACE INTO previews (id, path) VALUES (?, ?)'),
      previewPath: db.prepare('SELECT path FROM previews WHERE id = ?'),
      rooms: db.prepare(
        `SELECT key, name, host, port, last_ts FROM rooms r
         WHERE EXISTS (SELECT 1 FROM messages m WHERE m.room = r.id) ORDER BY last_ts DESC, id DESC`,
      ),
    };
  }

  /** Opens (or creates) the store and applies the retention once; then daily while open. */
  static async open(file: string, retention: HistoryRetention = 'forever'): Promise<HistoryStore> {
    const store = new HistoryStore(openHistoryDb(file), retention);
    await store.applyRetention();
    store.dailyTimer = setInterval(() => void store.applyRetention().catch(() => undefined), DAY_MS);
    store.dailyTimer.unref();
    return store;
  }

  get enabled(): boolean {
    return this.retention !== 'off' && !this.closed;
  }

  /** Records (or refreshes) a room's name and address. */
  noteRoom(room: RoomInfo): void {
    if (this.enabled) this.writer.noteRoom(room);
  }

  /** Stores a message; returns its entry id, or undefined when it is already stored (a replay) or history is off. */
  addMessage(roomKey: RoomKey, message: NewMessage): number | undefined {
    const state = message.state === undefined ? null : STATE[message.state];
    return this.insert(roomKey, message.ts, KIND.msg, {
      run: message.run,
      mid: message.mid,
      scope: message.scope,
      from: message.from,
      to: message.to,
      text: message.text,
      own: message.own,
      cid: message.cid,
      state,
    });
  }

  /** The entry id of a message already stored (same room, server run and mid), e.g. a replay that was ignored. */
  storedId(roomKey: RoomKey, run: string, mid: number): number | undefined {
    return this.enabled ? this.writer.idOf(roomKey, run, mid) : undefined;
  }

  addNotice(roomKey: RoomKey, ts: number, notice: HistoryNotice): number | undefined {
    return this.insert(roomKey, ts, KIND.notice, { data: JSON.stringify(notice) });
  }

  /**
   * Stores a file card; one with a `key` (its offer, and for a send the receiver: see FileCards) is kept under it
   * (`updateFileCard` rewrites it; a second add with the same key is ignored and returns undefined).
   */
  addFileCard(
    roomKey: RoomKey,
    card: {
      ts: number;
      from: string;
      scope: MessageScope;
      to?: string;
      own: boolean;
      file: HistoryFileCard;
      key?: string;
    },
  ): number | undefined {
    return this.insert(roomKey, card.ts, KIND.file, {
      scope: card.scope,
      from: card.from,
      to: card.to,
      own: card.own,
      text: card.file.files.map((f) => f.name).join('\n'),
      data: JSON.stringify(card.file),
      cid: card.key === undefined ? undefined : fileCardCid(card.key),
    });
  }

  /** The file card stored under `key` changed (a file's state): its stored copy becomes `file`. */
  updateFileCard(roomKey: RoomKey, key: string, file: HistoryFileCard): void {
    if (!this.enabled) return;
    const text = file.files.map((f) => f.name).join('\n');
    this.writer.updateData(roomKey, fileCardCid(key), text, JSON.stringify(file));
  }

  /** Remembers the received image behind thumbnail id `id` (a file card's `previewUrl`), for after a restart. */
  savePreview(id: string, path: string): void {
    if (this.enabled) this.sql.savePreview.run(id, path);
  }

  /** The image a stored card's thumbnail id names, if it is still kept. */
  previewPath(id: string): string | undefined {
    if (!this.enabled) return undefined;
    const row = this.sql.previewPath.get(id) as { path: string } | undefined;
    return row?.path;
  }

  /** My message's outbox state changed (see HistoryWriter.updateOutbox). */
  updateOutbox(roomKey: RoomKey, update: OutboxUpdate): void {
    if (this.enabled) this.writer.updateOutbox(roomKey, update);
  }

  page(roomKey: RoomKey, limit: number, before?: number): HistoryPage {
    const room = this.writer.lookupRoom(roomKey);
    if (room === undefined) return { entries: [], hasOlder: false, hasNewer: false };
    return this.pages.page(room, limit, before);
  }

  around(roomKey: RoomKey, messageId: number, limit = 50): HistoryPage {
    const room = this.writer.lookupRoom(roomKey);
    if (room === undefined) return { entries: [], hasOlder: false, hasNewer: false };
    return this.pages.around(room, messageId, limit);
  }

  countAfter(roomKey: RoomKey, afterId: number): number {
    const room = this.writer.lookupRoom(roomKey);
    return room === undefined ? 0 : this.pages.countAfter(room, afterId);
  }

  /** Newest first; see history-search.ts. */
  async search(query: string, limit: number, roomKey?: RoomKey): Promise<HistorySearchHit[]> {
    const room = roomKey === undefined ? undefined : this.writer.lookupRoom(roomKey);
    if (roomKey !== undefined && room === undefined) return [];
    return searchHistory(this.db, { query, room, limit });
  }

  rooms(): HistoryRoom[] {
    this.writer.commit();
    const rows = this.sql.rooms.all() as unknown as {
      key: string;
      name: string;
      host: string;
      port: number;
      last_ts: number;
    }[];
    return rows.map((r) => {
      const roomCode = roomCodeOf(r.key);
      return {
        roomKey: r.key,
        name: r.name,
        host: r.host,
        port: r.port,
        ...(roomCode ? { roomCode } : {}),
        lastActivity: r.last_ts,
      };
    });
  }

  /** The entries of a room (oldest first) that are my unsent messages, e.g. to send them again after a restart. */
  unsent(roomKey: RoomKey): HistoryEntry[] {
    const room = this.writer.lookupRoom(roomKey);
    if (room === undefined) return [];
    return (this.sql.unsent.all(room) as unknown as EntryRow[]).map(toEntry);
  }

  /** Deletes one room's history (and the room), or everything. */
  async clear(roomKey?: RoomKey): Promise<void> {
    if (this.closed) return;
    const commit = (): void => this.writer.commit();
    if (roomKey === undefined) {
      await deleteInChunks(this.db, '1', [], commit);
      commit();
      this.db.exec('DELETE FROM rooms; DELETE FROM runs; DELETE FROM previews');
    } else {
      const room = this.writer.lookupRoom(roomKey);
      if (room === undefined) return;
      await deleteInChunks(this.db, 'room = ?', [room], commit);
      commit();
      this.db.prepare('DELETE FROM rooms WHERE id = ?').run(room);
      forgetUnusedPreviews(this.db);
    }
    this.writer.forget(roomKey);
    reclaim(this.db);
  }

  /** Changes the retention and applies it now (`off`: deletes everything and stores nothing from now on). */
  async setRetention(retention: HistoryRetention): Promise<void> {
    this.retention = retention;
    await this.applyRetention();
  }

  async applyRetention(now = Date.now()): Promise<number> {
    if (this.closed) return 0;
    if (this.retention === 'off') {
      await this.clear();
      return 0;
    }
    const cutoff = retentionCutoff(this.retention, now);
    if (cutoff === undefined) return 0;
    const deleted = await deleteInChunks(this.db, 'ts < ?', [cutoff], () => this.writer.commit());
    if (deleted > 0) {
      forgetUnusedPreviews(this.db);
      reclaim(this.db);
    }
    return deleted;
  }

  /** Commits the open batch now (tests, and before reading from another connection). */
  flush(): void {
    if (!this.closed) this.writer.commit();
  }

  close(): void {
    if (this.closed) return;
    this.writer.close();
    if (this.dailyTimer) clearInterval(this.dailyTimer);
    this.closed = true;
    this.db.close();
  }

  private insert(roomKey: RoomKey, ts: number, kind: number, fields: RowFields): number | undefined {
    return this.enabled ? this.writer.insert(roomKey, ts, kind, fields) : undefined;
  }
}
