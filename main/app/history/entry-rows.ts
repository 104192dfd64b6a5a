/**
 * Rows of the `messages` table ↔ the contract's HistoryEntry: the column list every read selects, and the mapping
 * from a row (with its room's key) to an entry. A notice or file card whose stored JSON no longer parses becomes a
 * plain server notice rather than an error, so one damaged row cannot hide a room's history.
 */
import type { HistoryEntry, HistoryFileCard, HistoryNotice, MessageScope } from '@contract/ipc-contract';
import { KIND, SCOPE, STATE } from './schema.js';

/** Selected as `m`'s columns plus the room's key (`r.key`). */
export const ENTRY_COLUMNS =
  'm.id, r.key AS roomKey, m.mid, m.ts, m.kind, m.scope, m.sender, m.recipient, m.text, m.data, m.own, m.cid, m.state, m.error';

export interface EntryRow {
  id: number;
  roomKey: string;
  mid: number | null;
  ts: number;
  kind: number;
  scope: number | null;
  sender: string;
  recipient: string | null;
  text: string;
  data: string | null;
  own: number;
  cid: string | null;
  state: number | null;
  error: string | null;
}

const SCOPES: MessageScope[] = ['room', 'whisper', 'dm'];

export function scopeCode(scope: MessageScope): number {
  return SCOPE[scope];
}

function parsed<T>(data: string | null): T | undefined {
  try {
    return data === null ? undefined : (JSON.parse(data) as T);
  } catch {
    return undefined;
  }
}

export function toEntry(row: EntryRow): HistoryEntry {
  const base = { id: row.id, roomKey: row.roomKey, ts: row.ts };
  if (row.kind === KIND.notice) {
    const notice = parsed<HistoryNotice>(row.data) ?? { type: 'server', code: 'app.unreadable', text: row.text };
    return { ...base, kind: 'notice', notice };
  }
  const talk = {
    from: row.sender,
    scope: SCOPES[row.scope ?? 0] ?? 'room',
    ...(row.recipient === null ? {} : { to: row.recipient }),
    own: row.own === 1,
  };
  if (row.kind === KIND.file) {
    const file = parsed<HistoryFileCard>(row.data) ?? { direction: 'receive', files: [] };
    return { ...base, kind: 'file', ...talk, file };
  }
  return {
    ...base,
    kind: 'msg',
    ...(row.mid === null ? {} : { mid: row.mid }),
    ...talk,
    text: row.text,
    ...(row.cid === null ? {} : { cid: row.cid }),
    ...(row.state === STATE.sending ? { state: 'sending' as const } : {}),
    ...(row.state === STATE.failed ? { state: 'failed' as const } : {}),
    ...(row.error === null ? {} : { error: row.error }),
  };
}
