/**
 * An append-only message log that can hold 100,000+ entries without copying them on every append: entries live in
 * a shared array and each state change produces a new small view object ({ items, length }) so React sees a change.
 * Older entries are dropped in chunks past a cap.
 */
export interface MessageLog<T> {
  readonly items: readonly T[];
  readonly length: number;
}

export const LOG_CAP = 200_000;
const TRIM_CHUNK = 20_000;

export function emptyLog<T>(): MessageLog<T> {
  return { items: [], length: 0 };
}

export function appendToLog<T>(log: MessageLog<T>, entries: readonly T[]): MessageLog<T> {
  if (entries.length === 0) return log;
  // Appending in place is safe only when this view is the newest one (nobody appended past it).
  let items = log.items.length === log.length ? (log.items as T[]) : log.items.slice(0, log.length);
  for (const entry of entries) items.push(entry);
  if (items.length > LOG_CAP) items = items.slice(items.length - LOG_CAP + TRIM_CHUNK);
  return { items, length: items.length };
}
