/**
 * The store's write side: rows into `messages` inside batches, rooms and server runs as small integer ids (cached),
 * and my outbox messages' states. The first write of an event-loop turn opens a transaction that commits on the next
 * turn, so a burst (a replay of hundreds of messages in one socket read) costs one commit while every write still
 * returns its entry id at once; a crash loses at most that turn's writes.
 */
import type { MessageScope, RoomKey } from '@contract/ipc-contract';
import type { DatabaseSync } from 'node:sqlite';
import { scopeCode } from './entry-rows.js';
import { roomCodeOf } from './room-key.js';
import { STATE } from './schema.js';

export interface RoomInfo {
  key: RoomKey;
  name?: string;
  host?: string;
  port?: number;
}

export type OutboxUpdate =
  | { cid: string; state: 'sending' }
  | { cid: string; state: 'failed'; error?: string | undefined }
  | { cid: string; state: 'sent'; run?: string | undefined; mid: number }
  /** Deleted by its author before it was sent: the unsent row goes. */
  | { cid: string; state: 'discarded' };

/** The columns of one new row (kind and ts aside); absent fields are stored empty. */
export interface RowFields {
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
}

export class HistoryWriter {
  private readonly roomIds = new Map<RoomKey, number>();
  /** What noteRoom was told, to describe a room again after its history was cleared. */
  private readonly roomInfo = new Map<RoomKey, RoomInfo>();
  private readonly runIds = new Map<string, number>();
  private readonly lastTs = new Map<number, number>();
  private batchOpen = false;
  private closed = false;
  private failures = 0;
  private readonly sql;

  constructor(private readonly db: DatabaseSync) {
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
      byMid: db.prepare('SELECT id FROM messages WHERE room = ? AND run IS ? AND mid = ?'),
      setState: db.prepare('UPDATE messages SET state = ?, error = ? WHERE room = ? AND cid = ?'),
      setSent: db.prepare(
        'UPDATE messages SET run = ?, mid = ?, state = NULL, error = NULL WHERE room = ? AND cid = ?',
      ),
      dropCid: db.prepare('DELETE FROM messages WHERE room = ? AND cid = ?'),
      dropUnsent: db.prepare('DELETE FROM messages WHERE room = ? AND cid = ? AND state IS NOT NULL'),
      adoptCid: db.prepare('UPDATE messages SET cid = ? WHERE id = ?'),
      setData: db.prepare('UPDATE messages SET text = ?, data = ? WHERE room = ? AND cid = ? AND state IS NULL'),
    };
  }

  /** Records (or refreshes) a room's name and address; returns its row id. */
  noteRoom(room: RoomInfo): number {
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

  /** The room's row id, if it has one. */
  lookupRoom(roomKey: RoomKey): number | undefined {
    const cached = this.roomIds.get(roomKey);
    if (cached !== undefined) return cached;
    const row = this.sql.roomId.get(roomKey) as { id: number } | undefined;
    if (row) this.roomIds.set(roomKey, row.id);
    return row?.id;
  }

  /** The rows of a room (or of all rooms and runs) were deleted: forget their cached ids. */
  forget(roomKey?: RoomKey): void {
    if (roomKey !== undefined) this.roomIds.delete(roomKey);
    else {
      this.roomIds.clear();
      this.runIds.clear();
    }
  }

  /** Inserts one row; returns its id, or undefined when the row is already there (same room, run and mid). */
  insert(roomKey: RoomKey, ts: number, kind: number, f: RowFields): number | undefined {
    const room = this.roomIds.get(roomKey) ?? this.noteRoom(this.roomInfo.get(roomKey) ?? { key: roomKey });
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

  /**
   * My message's outbox state changed. `sent`: it is now the room's message `mid`: when the room's copy is already
   * stored (its echo came first) the unsent row gives way to it, else the unsent row becomes the delivered message.
   */
  updateOutbox(roomKey: RoomKey, update: OutboxUpdate): void {
    const room = this.lookupRoom(roomKey);
    if (room === undefined) return;
    this.beginBatch();
    if (update.state === 'discarded') {
      this.sql.dropUnsent.run(room, update.cid);
      return;
    }
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

  /** Rewrites the text and data of the row kept under client id `cid` (a file card). */
  updateData(roomKey: RoomKey, cid: string, text: string, data: string): void {
    const room = this.lookupRoom(roomKey);
    if (room === undefined) return;
    this.beginBatch();
    this.sql.setData.run(text, data, room, cid);
  }

  /** The id of the message stored as `mid` of server run `run` in a room, if there is one (a replay's own row). */
  idOf(roomKey: RoomKey, run: string, mid: number): number | undefined {
    const room = this.lookupRoom(roomKey);
    const runId = this.runIds.get(run);
    if (room === undefined || runId === undefined) return undefined;
    return (this.sql.byMid.get(room, runId, mid) as { id: number } | undefined)?.id;
  }

  /** Commits the open batch now. */
  commit(): void {
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

  /** Commits what is open and writes nothing more. */
  close(): void {
    this.commit();
    this.closed = true;
  }

  private runId(run: string): number {
    let id = this.runIds.get(run);
    if (id === undefined) {
      id = (this.sql.runUpsert.get(run) as { id: number }).id;
      this.runIds.set(run, id);
    }
    return id;
  }

  private beginBatch(): void {
    if (this.batchOpen) return;
    this.db.exec('BEGIN');
    this.batchOpen = true;
    setImmediate(() => {
      try {
        this.commit();
      } catch (error) {
        // Never an uncaught exception in the app's main process: the batch is lost, the next one starts afresh.
        if (++this.failures <= 3) console.error('[history] a batch could not be committed:', error);
      }
    });
  }
}
