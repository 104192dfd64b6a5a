/**
 * The app's conversation store: `<userData>/history.sqlite`, one per app profile, used from the main process only.
 *
 * Writes are synchronous (the caller gets the new entry's id at once) but batched: the first write of an event-loop
 * turn opens a transaction that commits on the next turn, so a burst (a replay of hundreds of messages arriving in
 * one socket read) costs one commit, and a crash loses at most that turn's messages. A message the store already has
 * (same room, server run and mid: a replay after a reconnect) is ignored. With retention `off` nothing is written.
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
import { ENTRY_COLUMNS, scopeCode, toEntry, type EntryRow } from './entry-rows.js';
import { openHistoryDb } from './history-db.js';
import { HistoryPages } from './history-pages.js';
import { searchHistory } from './history-search.js';
import { DAY_MS, deleteInChunks, reclaim, retentionCutoff } from './retention.js';
import { roomCodeOf } from './room-key.js';
import { KIND, STATE } from './schema.js';

export interface RoomInfo {
  key: RoomKey;
  name?: string;
  host?: string;
  port?: number;
}

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

export type OutboxUpdate =
  | { cid: string; state: 'sending' }
  | { cid: string; state: 'failed'; error?: string | undefined }
  | { cid: string; state: 'sent'; run?: string | undefined; mid: number };

export class HistoryStore {
  private readonly pages: HistoryPages;
  private readonly roomIds = new Map<RoomKey, number>();
  /** What noteRoom was told, to describe a room again after its history was cleared. */
  private readonly roomInfo = new Map<RoomKey, RoomInfo>();
  private readonly runIds = new Map<string, number>();
  private readonly lastTs = new Map<number, number>();
  private batchOpen = false;
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
    this.sql = {
      insert: db.prepare(
        `INSERT OR IGNORE INTO messages (room, run, mid, ts, kind, scope, sender, recipient, text, data, own, cid, state)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      roomUpsert: db.prepare(
        `INSERT INTO rooms (key, name, host, port, code) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET name = CASE WHEN excluded.name <> '' THEN excluded.name ELSE name END,
           host = CASE WHEN excluded.host <> '' THEN excluded.host ELSE host END,
           port = CASE WHEN excluded.port <> 0 THEN excluded.port ELSE port END
         RETURNING id`,
      ),
      roomId: db.prepare('SELECT id FROM rooms WHERE key = ?'),
      runUpsert: db.prepare(
        'INSERT INTO runs (run) VALUES (?) ON CONFLICT (run) DO UPDATE SET run = excluded.run RETURNING id',
      ),
      touch: db.prepare('UPDATE rooms SET last_ts = max(last_ts, ?) WHERE id = ?'),
      byCid: db.prepare('SELECT id FROM messages WHERE room = ? AND cid = ?'),
      byMid: db.prepare('SELECT id FROM messages WHERE room = ? AND run IS ? AND mid = ?'),
      setState: db.prepare('UPDATE messages SET state = ?, error = ? WHERE room = ? AND cid = ?'),
      setSent: db.prepare(
        'UPDATE messages SET run = ?, mid = ?, state = NULL, error = NULL WHERE room = ? AND cid = ?',
      ),
      dropCid: db.prepare('DELETE FROM messages WHERE room = ? AND cid = ?'),
      adoptCid: db.prepare('UPDATE messages SET cid = ? WHERE id = ?'),
      unsent: db.prepare(
        `SELECT ${ENTRY_COLUMNS} FROM messages m JOIN rooms r ON r.id = m.room
         WHERE m.room = ? AND m.cid IS NOT NULL AND m.state IS NOT NULL ORDER BY m.id`,
      ),
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

  /** Records (or refreshes) a room's name and address; returns its row id. */
  noteRoom(room: RoomInfo): number | undefined {
    if (!this.enabled) return undefined;
    this.roomInfo.set(room.key, { ...this.roomInfo.get(room.key), ...room });
    this.beginBatch();
    const row = this.sql.roomUpsert.get(
      room.key,
      room.name ?? '',
      room.host ?? '',
      room.port ?? 0,
      roomCodeOf(room.key) ?? null,
    ) as { id: number };
    this.roomIds.set(room.key, row.id);
    return row.id;
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

  addNotice(roomKey: RoomKey, ts: number, notice: HistoryNotice): number | undefined {
    return this.insert(roomKey, ts, KIND.notice, { data: JSON.stringify(notice) });
  }

  addFileCard(
    roomKey: RoomKey,
    card: { ts: number; from: string; scope: MessageScope; to?: string; own: boolean; file: HistoryFileCard },
  ): number | undefined {
    return this.insert(roomKey, card.ts, KIND.file, {
      scope: card.scope,
      from: card.from,
      to: card.to,
      own: card.own,
      text: card.file.files.map((f) => f.name).join('\n'),
      data: JSON.stringify(card.file),
    });
  }

  /**
   * My message's outbox state changed. `sent`: it is now the room's message `mid`: when the room's copy is already
   * stored (its echo came first) the unsent row gives way to it, else the unsent row becomes the delivered message.
   */
  updateOutbox(roomKey: RoomKey, update: OutboxUpdate): void {
    const room = this.enabled ? (this.roomIds.get(roomKey) ?? this.lookupRoom(roomKey)) : undefined;
    if (room === undefined) return;
    this.beginBatch();
    if (update.state !== 'sent') {
      const error = update.state === 'failed' ? (update.error ?? null) : null;
      this.sql.setState.run(STATE[update.state], error, room, update.cid);
      return;
    }
    const run = update.run === undefined ? null : this.runId(update.run);
    const echo = this.sql.byMid.get(room, run, update.mid) as { id: number } | undefined;
    if (echo) {
      this.sql.dropCid.run(room, update.cid);
      this.sql.adoptCid.run(update.cid, echo.id);
    } else {
      this.sql.setSent.run(run, update.mid, room, update.cid);
    }
  }

  page(roomKey: RoomKey, limit: number, before?: number): HistoryPage {
    const room = this.lookupRoom(roomKey);
    if (room === undefined) return { entries: [], hasOlder: false, hasNewer: false };
    return this.pages.page(room, limit, before);
  }

  around(roomKey: RoomKey, messageId: number, limit = 50): HistoryPage {
    const room = this.lookupRoom(roomKey);
    if (room === undefined) return { entries: [], hasOlder: false, hasNewer: false };
    return this.pages.around(room, messageId, limit);
  }

  countAfter(roomKey: RoomKey, afterId: number): number {
    const room = this.lookupRoom(roomKey);
    return room === undefined ? 0 : this.pages.countAfter(room, afterId);
  }

  /** Newest first; see history-search.ts. */
  async search(query: string, limit: number, roomKey?: RoomKey): Promise<HistorySearchHit[]> {
    const room = roomKey === undefined ? undefined : this.lookupRoom(roomKey);
    if (roomKey !== undefined && room === undefined) return [];
    return searchHistory(this.db, { query, room, limit });
  }

  rooms(): HistoryRoom[] {
    this.commit();
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
    const room = this.lookupRoom(roomKey);
    if (room === undefined) return [];
    return (this.sql.unsent.all(room) as unknown as EntryRow[]).map(toEntry);
  }

  /** Deletes one room's history (and the room), or everything. */
  async clear(roomKey?: RoomKey): Promise<void> {
    if (this.closed) return;
    const commit = (): void => this.commit();
    if (roomKey === undefined) {
      await deleteInChunks(this.db, '1', [], commit);
      this.commit();
      this.db.exec('DELETE FROM rooms; DELETE FROM runs');
      this.roomIds.clear();
      this.runIds.clear();
    } else {
      const room = this.lookupRoom(roomKey);
      if (room === undefined) return;
      await deleteInChunks(this.db, 'room = ?', [room], commit);
      this.commit();
      this.db.prepare('DELETE FROM rooms WHERE id = ?').run(room);
      this.roomIds.delete(roomKey);
    }
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
    const deleted = await deleteInChunks(this.db, 'ts < ?', [cutoff], () => this.commit());
    if (deleted > 0) reclaim(this.db);
    return deleted;
  }

  /** Commits the open batch now (tests, and before reading from another connection). */
  flush(): void {
    this.commit();
  }

  close(): void {
    if (this.closed) return;
    this.commit();
    if (this.dailyTimer) clearInterval(this.dailyTimer);
    this.closed = true;
    this.db.close();
  }

  private insert(
    roomKey: RoomKey,
    ts: number,
    kind: number,
    f: {
      run?: string | undefined;
      mid?: number | undefined;
      scope?: MessageScope | undefined;
      from?: string | undefined;
      to?: string | undefined;
      text?: string | undefined;
      data?: string | undefined;
      own?: boolean | undefined;
      cid?: string | undefined;
      state?: number | null | undefined;
    },
  ): number | undefined {
    if (!this.enabled) return undefined;
    const room = this.roomIds.get(roomKey) ?? this.noteRoom(this.roomInfo.get(roomKey) ?? { key: roomKey });
    if (room === undefined) return undefined;
    this.beginBatch();
    const result = this.sql.insert.run(
      room,
      f.run === undefined ? null : this.runId(f.run),
      f.mid ?? null,
      ts,
      kind,
      f.scope === undefined ? null : scopeCode(f.scope),
      f.from ?? '',
      f.to ?? null,
      f.text ?? '',
      f.data ?? null,
      f.own ? 1 : 0,
      f.cid ?? null,
      f.state ?? null,
    );
    if (Number(result.changes) === 0) return undefined;
    if (ts > (this.lastTs.get(room) ?? 0)) this.lastTs.set(room, ts);
    return Number(result.lastInsertRowid);
  }

  private runId(run: string): number {
    let id = this.runIds.get(run);
    if (id === undefined) {
      id = (this.sql.runUpsert.get(run) as { id: number }).id;
      this.runIds.set(run, id);
    }
    return id;
  }

  private lookupRoom(roomKey: RoomKey): number | undefined {
    const cached = this.roomIds.get(roomKey);
    if (cached !== undefined) return cached;
    const row = this.sql.roomId.get(roomKey) as { id: number } | undefined;
    if (row) this.roomIds.set(roomKey, row.id);
    return row?.id;
  }

  private beginBatch(): void {
    if (this.batchOpen) return;
    this.db.exec('BEGIN');
    this.batchOpen = true;
    setImmediate(() => this.commit());
  }

  private commit(): void {
    if (!this.batchOpen || this.closed) return;
    for (const [room, ts] of this.lastTs) this.sql.touch.run(ts, room);
    this.lastTs.clear();
    this.batchOpen = false;
    try {
      this.db.exec('COMMIT');
    } catch (error) {
      // A failed COMMIT (disk full) can leave the transaction open: end it, so the next batch can begin.
      if (this.db.isTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
  }
}
