/**
 * Opens the conversation store's SQLite file (node:sqlite, built into Node 24 and Electron 45: no native module) with
 * the settings it relies on, and brings its schema up to date.
 *
 * - `journal_mode = WAL`: a commit appends to the -wal file; readers never block the writer; a crash mid-write leaves
 *   the database as of the last commit (the torn tail of the WAL is ignored on the next open).
 * - `synchronous = NORMAL`: in WAL mode this fsyncs at checkpoints, not at every commit. A killed or crashed app loses
 *   nothing committed (the OS has the pages); only a power cut or OS crash can lose the last commits, never corrupt
 *   the file. FULL would fsync each commit (milliseconds each on laptop disks) for messages the room replays anyway on
 *   the next reconnect.
 * - A file that is not a database (or is damaged beyond opening) is moved aside as `history.sqlite.bad-<time>` and a
 *   new one started: the app keeps working, the old file stays for recovery.
 */
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { migrate, SchemaTooNewError } from './schema.js';

const PRAGMAS = `
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
PRAGMA busy_timeout = 2000;
PRAGMA secure_delete = FAST;
PRAGMA journal_size_limit = 8388608;
PRAGMA temp_store = MEMORY;
`;

function openAndMigrate(file: string): DatabaseSync {
  const db = new DatabaseSync(file);
  try {
    db.exec(PRAGMAS);
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function isDamaged(error: unknown): boolean {
  const code = (error as { errcode?: number }).errcode;
  // SQLITE_CORRUPT (11) and SQLITE_NOTADB (26), including their extended codes.
  return code !== undefined && ((code & 0xff) === 11 || (code & 0xff) === 26);
}

export function openHistoryDb(file: string, now = Date.now()): DatabaseSync {
  mkdirSync(dirname(file), { recursive: true });
  try {
    return openAndMigrate(file);
  } catch (error) {
    if (error instanceof SchemaTooNewError || !isDamaged(error)) throw error;
    for (const suffix of ['', '-wal', '-shm']) {
      if (existsSync(file + suffix)) renameSync(file + suffix, `${file}.bad-${now}${suffix}`);
    }
    return openAndMigrate(file);
  }
}
