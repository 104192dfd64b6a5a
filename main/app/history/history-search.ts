/**
 * Full-text search over stored messages and file cards, newest first, in one room or all. A query is split into
 * words; a message matches when its text contains every word (case-insensitive substrings, so a Korean word is found
 * inside a longer phrase without spaces). Words of 3+ characters are looked up in the trigram index (LIKE on the FTS5
 * table uses it); when every word is shorter (the trigram index cannot serve 1–2 characters, e.g. "만나"), the same
 * rooms are scanned newest first with LIKE and the scan stops at `limit` hits.
 *
 * Results carry the match ranges (UTF-16 offsets) in a snippet of the text, never markup: the page renders text.
 */
import type { HistorySearchHit } from '@contract/ipc-contract';
import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { ENTRY_COLUMNS, toEntry, type EntryRow } from './entry-rows.js';
import { KIND } from './schema.js';

const MAX_WORDS = 8;
const SCAN_WINDOW = 50_000;
const SNIPPET_CHARS = 160;
const SNIPPET_LEAD = 40;

export function queryWords(query: string): string[] {
  const words = query.normalize('NFC').trim().split(/\s+/u).filter(Boolean);
  return [...new Set(words)].slice(0, MAX_WORDS);
}

function escapedLike(word: string): string {
  return `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The pieces of a word the trigram index can look up: FTS5 uses a LIKE only without an ESCAPE clause, so a word with
 * `%` or `_` is looked up by its literal pieces of 3+ characters (and matched exactly by a scan filter).
 */
function indexPieces(word: string): string[] {
  return word.split(/[%_]/).filter((piece) => [...piece].length >= 3);
}

function hasWildcard(word: string): boolean {
  return /[%_]/.test(word);
}

/**
 * Runs a search; `room` undefined = every room. A search without an indexable piece scans: it walks the messages
 * newest first in windows of `scanWindow` ids with a turn of the event loop between windows, so a word found nowhere
 * in a million messages delays only its own answer, never the app.
 */
export async function searchHistory(
  db: DatabaseSync,
  {
    query,
    room,
    limit,
    scanWindow = SCAN_WINDOW,
  }: { query: string; room?: number | undefined; limit: number; scanWindow?: number },
): Promise<HistorySearchHit[]> {
  const words = queryWords(query);
  if (words.length === 0) return [];
  const pieces = words.flatMap(indexPieces);
  const scanned = words.filter((w) => hasWildcard(w) || [...w].length < 3);
  const params: SQLInputValue[] = [];
  const where: string[] = [];
  let sql: string;
  if (pieces.length > 0) {
    for (const piece of pieces) {
      where.push('f.text LIKE ?');
      params.push(`%${piece}%`);
    }
    // CROSS JOIN keeps the index first (newest match first, stop at `limit`) even with a room filter.
    sql = `SELECT ${ENTRY_COLUMNS} FROM messages_fts f CROSS JOIN messages m ON m.id = f.rowid JOIN rooms r ON r.id = m.room`;
  } else {
    where.push(`m.kind <> ${KIND.notice}`);
    sql = `SELECT ${ENTRY_COLUMNS} FROM messages m JOIN rooms r ON r.id = m.room`;
  }
  for (const word of scanned) {
    where.push(`m.text LIKE ? ESCAPE '\\'`);
    params.push(escapedLike(word));
  }
  if (room !== undefined) {
    where.push('m.room = ?');
    params.push(room);
  }
  const hit = (row: EntryRow): HistorySearchHit => ({
    entry: toEntry(row),
    snippet: snippet(row.text, matchRanges(row.text, words)),
  });
  if (pieces.length > 0) {
    const statement = db.prepare(`${sql} WHERE ${where.join(' AND ')} ORDER BY f.rowid DESC LIMIT ?`);
    return (statement.all(...params, limit) as unknown as EntryRow[]).map(hit);
  }
  const statement = db.prepare(
    `${sql} WHERE ${where.join(' AND ')} AND m.id >= ? AND m.id < ? ORDER BY m.id DESC LIMIT ?`,
  );
  // Two subqueries: min() and max() in one SELECT would scan the table instead of reading both ends of the key.
  const bounds = db
    .prepare('SELECT (SELECT min(id) FROM messages) AS low, (SELECT max(id) FROM messages) AS high')
    .get() as {
    low: number | null;
    high: number | null;
  };
  const rows: EntryRow[] = [];
  const top = (bounds.high ?? 0) + 1;
  for (let upper = top; rows.length < limit && upper > (bounds.low ?? 0); upper -= scanWindow) {
    if (upper !== top) await nextTurn();
    rows.push(...(statement.all(...params, upper - scanWindow, upper, limit - rows.length) as unknown as EntryRow[]));
  }
  return rows.map(hit);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Where the words occur in `text` (case-insensitive), sorted, overlaps merged. */
export function matchRanges(text: string, words: string[]): [number, number][] {
  const found: [number, number][] = [];
  for (const word of words) {
    for (const match of text.matchAll(new RegExp(escapeRegExp(word), 'giu'))) {
      found.push([match.index, match.index + match[0].length]);
    }
  }
  found.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: [number, number][] = [];
  for (const range of found) {
    const last = merged.at(-1);
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([range[0], range[1]]);
  }
  return merged;
}

/** A window of the text around the first match, with the ranges inside it (shifted to the window). */
export function snippet(text: string, ranges: [number, number][]): HistorySearchHit['snippet'] {
  if (text.length <= SNIPPET_CHARS) return { text, cutStart: false, cutEnd: false, ranges };
  let start = Math.max(0, (ranges[0]?.[0] ?? 0) - SNIPPET_LEAD);
  let end = Math.min(text.length, start + SNIPPET_CHARS);
  start = Math.max(0, end - SNIPPET_CHARS);
  // Never cut a surrogate pair in half.
  if (start > 0 && /[\uDC00-\uDFFF]/.test(text[start] ?? '')) start -= 1;
  if (end < text.length && /[\uDC00-\uDFFF]/.test(text[end] ?? '')) end += 1;
  const inside = ranges
    .filter(([a, b]) => b > start && a < end)
    .map(([a, b]): [number, number] => [Math.max(a, start) - start, Math.min(b, end) - start]);
  return { text: text.slice(start, end), cutStart: start > 0, cutEnd: end < text.length, ranges: inside };
}
