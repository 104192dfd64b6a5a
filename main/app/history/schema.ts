/**
 * The conversation store's schema and its migrations. `PRAGMA user_version` is the schema version; each step in
 * MIGRATIONS moves the file one version up inside a transaction, so a file is always at a version some step left it
 * at. A file newer than this code is refused (opened by a newer app, then by this one) rather than guessed at.
 *
 * Tables: `rooms` (one per room identity, see room-key.ts), `runs` (server run ids, so rows hold a small integer),
 * `messages` (messages, notices, file cards and my unsent messages), and `messages_fts`, an external-content FTS5
 * index over the text of messages and file cards with the trigram tokenizer (substring search that works for Korean,
 * which has no spaces between many words), kept in step by triggers; `previews` (version 2): the received image behind
 * each thumbnail id a stored file card names.
 */
import type { DatabaseSync } from 'node:sqlite';

export const SCHEMA_VERSION = 2;

const V1 = `
CREATE TABLE rooms (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL DEFAULT '',
  host TEXT NOT NULL DEFAULT '',
  port INTEGER NOT NULL DEFAULT 0,
  code TEXT,
  last_ts INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  run TEXT NOT NULL UNIQUE
);
CREATE TABLE messages (
  id INTEGER PRIMARY KEY,
  room INTEGER NOT NULL REFERENCES rooms(id),
  run INTEGER REFERENCES runs(id),
  mid INTEGER,
  ts INTEGER NOT NULL,
  kind INTEGER NOT NULL CHECK (kind IN (0, 1, 2)),
  scope INTEGER CHECK (scope IN (0, 1, 2)),
  sender TEXT NOT NULL DEFAULT '',
  recipient TEXT,
  text TEXT NOT NULL DEFAULT '',
  data TEXT,
  own INTEGER NOT NULL DEFAULT 0,
  cid TEXT,
  state INTEGER CHECK (state IN (1, 2)),
  error TEXT
);
CREATE UNIQUE INDEX messages_by_mid ON messages (room, run, mid);
CREATE UNIQUE INDEX messages_by_cid ON messages (room, cid) WHERE cid IS NOT NULL;
CREATE INDEX messages_by_room ON messages (room, id);
CREATE INDEX messages_by_ts ON messages (ts);
CREATE VIRTUAL TABLE messages_fts USING fts5 (
  text, content = 'messages', content_rowid = 'id', tokenize = 'trigram case_sensitive 0', detail = none
);
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages WHEN new.kind <> 1 BEGIN
  INSERT INTO messages_fts (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages WHEN old.kind <> 1 BEGIN
  INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER messages_fts_update AFTER UPDATE OF text, kind ON messages BEGIN
  INSERT INTO messages_fts (messages_fts, rowid, text) SELECT 'delete', old.id, old.text WHERE old.kind <> 1;
  INSERT INTO messages_fts (rowid, text) SELECT new.id, new.text WHERE new.kind <> 1;
END;
`;

/**
 * Version 2: where the thumbnail behind each preview id of a stored file card is (main process only: the page sees
 * the id in a card's `previewUrl`, never the path), so thumbnails survive an app restart.
 */
const V2 = `
CREATE TABLE previews (
  id TEXT PRIMARY KEY,
  path TEXT NOT NULL
) WITHOUT ROWID;
`;

/** Step n moves a file from version n to n + 1. */
const MIGRATIONS: readonly string[] = [V1, V2];

/** Column codes (small integers keep rows and indexes small). */
export const KIND = { msg: 0, notice: 1, file: 2 } as const;
export const SCOPE = { room: 0, whisper: 1, dm: 2 } as const;
export const STATE = { sending: 1, failed: 2 } as const;

export class SchemaTooNewError extends Error {
  constructor(found: number) {
    super(`history.sqlite has schema version ${found}; this app knows up to ${SCHEMA_VERSION}`);
    this.name = 'SchemaTooNewError';
  }
}

export function userVersion(db: DatabaseSync): number {
  return Number((db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version);
}

/** Brings the file to SCHEMA_VERSION. */
export function migrate(db: DatabaseSync, steps: readonly string[] = MIGRATIONS): void {
  let version = userVersion(db);
  if (version > steps.length) throw new SchemaTooNewError(version);
  // Only a fresh file can change auto_vacuum without a VACUUM: freed pages then go back with incremental_vacuum.
  if (version === 0) db.exec('PRAGMA auto_vacuum = INCREMENTAL');
  while (version < steps.length) {
    db.exec('BEGIN IMMEDIATE');
    try {
      db.exec(steps[version] ?? '');
      db.exec(`PRAGMA user_version = ${version + 1}`);
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
    version += 1;
  }
}
