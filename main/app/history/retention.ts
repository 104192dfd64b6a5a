/**
 * What the retention setting deletes, and deleting it without freezing the main process: rows go in chunks, each its
 * own short transaction, with a turn of the event loop between chunks (IPC and room traffic keep flowing); the freed
 * pages are then returned to the file system (auto_vacuum = INCREMENTAL) and the WAL is truncated, so deleted text
 * does not linger in the files.
 */
import type { HistoryRetention } from '@contract/ipc-contract';
import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import { setImmediate as nextTurn } from 'node:timers/promises';

export const DAY_MS = 86_400_000;
const CHUNK = 2_000;

/** Entries older than this time are deleted; undefined: nothing is (forever). `off` deletes everything. */
export function retentionCutoff(retention: HistoryRetention, now: number): number | undefined {
  if (retention === 'off') return Number.MAX_SAFE_INTEGER;
  if (retention === '30d') return now - 30 * DAY_MS;
  return undefined;
}

/**
 * Deletes the `messages` rows matching `where` (with `params`), chunk by chunk. `beforeChunk` runs first in each
 * turn (the store commits its open batch there). Returns how many rows went.
 */
export async function deleteInChunks(
  db: DatabaseSync,
  where: string,
  params: SQLInputValue[],
  beforeChunk: () => void,
): Promise<number> {
  const statement = db.prepare(`DELETE FROM messages WHERE id IN (SELECT id FROM messages WHERE ${where} LIMIT ?)`);
  let total = 0;
  for (;;) {
    beforeChunk();
    const { changes } = statement.run(...params, CHUNK);
    total += Number(changes);
    if (Number(changes) < CHUNK) break;
    await nextTurn();
  }
  return total;
}

/** Forgets the thumbnails no stored file card names any more (after cards were deleted). */
export function forgetUnusedPreviews(db: DatabaseSync): void {
  db.exec(
    `DELETE FROM previews WHERE NOT EXISTS (
       SELECT 1 FROM messages m WHERE m.kind = 2 AND instr(m.data, previews.id) > 0)`,
  );
}

/** Gives freed pages back and empties the WAL (after deletions). */
export function reclaim(db: DatabaseSync): void {
  db.exec('PRAGMA incremental_vacuum');
  db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
}
