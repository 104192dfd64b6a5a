/**
 * How the terminal client shows what happens in the room, in the course's style (`[atom] hello`,
 * `[귓속말] [atom] Hello there`, `[user1]님이 입장하였습니다.`). Pure functions of the events.
 */
import type { ChatMessage, LeaveReason, RoomInfo, UserInfo, WithEndedEvent } from '../protocol/messages.js';
import { nickKey } from '../protocol/nickname.js';
import { roomCode } from '../security/room-code.js';

// Peer text must not drive the terminal: escape sequences could move the cursor, retitle the window or fake lines.
// A lone surrogate is not text either. Both become U+FFFD.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]|\p{Cs}/gu;

// Bidi embeddings, overrides and isolates (LRE RLE PDF LRO RLO, LRI RLI FSI PDI) and the marks LRM/RLM/ALM reorder
// what follows ("invoice\u202Efdp.exe" shows as "invoiceexe.pdf"): removed, as the desktop app does
// (renderer/src/lib/display-text.ts).
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

/**
 * Makes peer-supplied text (nicknames, messages, away texts, file names) safe to print: control characters become
 * U+FFFD, bidi controls are removed, newlines (and the line/paragraph separators) continue indented.
 */
export function safeText(text: string, indent = '  '): string {
  return text
    .replace(/\r\n?|[\u2028\u2029]/g, '\n')
    .replace(CONTROL, '\uFFFD')
    .replace(BIDI_CONTROLS, '')
    .replace(/\n/g, `\n${indent}`);
}

const same = (a: string, b: string): boolean => nickKey(a) === nickKey(b);

/** Put before a message replayed from the room's history (on joining, reconnecting or coming back from away). */
export const HISTORY_MARK = '(history) ';

export function formatChat(message: ChatMessage, me: string): string {
  return message.hist === true ? `${HISTORY_MARK}${chatLine(message, me)}` : chatLine(message, me);
}

function chatLine(message: ChatMessage, me: string): string {
  const from = safeText(message.from);
  const text = safeText(message.text);
  switch (message.scope) {
    case 'whisper':
      return same(message.from, me)
        ? `[귓속말 → ${safeText(message.to ?? '?')}] ${text}`
        : `[귓속말] [${from}] ${text}`;
    case 'dm':
      return `[1:1] [${from}] ${text}`;
    default:
      return `[${from}] ${text}`;
  }
}

const LEAVE_NOTES: Partial<Record<LeaveReason, string>> = {
  disconnected: 'connection lost',
  keepalive_timeout: 'stopped answering',
  slow_consumer: 'too slow to keep up',
  protocol_error: 'protocol error',
  server_shutdown: 'room closed',
  moved: 'moved to another room',
  server_failed: 'their server stopped',
};

export function formatJoined(nick: string): string {
  return `[${safeText(nick)}]님이 입장하였습니다.`;
}

export function formatLeft(nick: string, reason: LeaveReason): string {
  const note = LEAVE_NOTES[reason];
  return `[${safeText(nick)}]님이 퇴장하였습니다.${note ? ` (${note})` : ''}`;
}

/** A nickname held by another key than the one this profile last saw it with (people.json). */
export function formatNewDevice(nick: string, fingerprint: string): string {
  return `[${safeText(nick)}] is using a different key than before (key ${roomCode(fingerprint)}): if you did not expect this, check with them.`;
}

export function formatRenamed(from: string, to: string): string {
  return `[${safeText(from)}]님이 [${safeText(to)}](으)로 이름을 바꾸었습니다.`;
}

export function formatAway(nick: string, awayText?: string): string {
  return `[${safeText(nick)}]님이 자리를 비웠습니다${awayText ? `: ${safeText(awayText)}` : '.'}`;
}

export function formatBack(nick: string): string {
  return `[${safeText(nick)}]님이 돌아왔습니다.`;
}

/**
 * Back from away: how many room messages came meanwhile. `held` of them follow (replayed); a host older than issue 12
 * says nothing of `held` and sends none.
 */
export function formatAwake(missed: number, held?: number): string {
  if (missed === 0) return 'You are back. You missed no room messages.';
  const plural = missed === 1 ? '' : 's';
  if (held === undefined) return `You are back. You missed ${missed} room message${plural}.`;
  const messages = `${missed} message${plural}`;
  if (held === 0) return `You are back. ${messages} while you were away (no longer kept).`;
  const gone = missed - held;
  const note = gone > 0 ? `\n(${gone} older one${gone === 1 ? ' was' : 's were'} no longer kept)` : '';
  return `You are back. ${messages} while you were away:${note}`;
}

/** After a reconnect whose replay could not go back far enough. */
export const REPLAY_TRUNCATED =
  '(history) Some messages from while you were disconnected are no longer kept by the room.';

export function formatWithRequest(from: string): string {
  return `[${safeText(from)}]님이 1:1 대화를 요청했습니다. (y/n)?`;
}

export function formatWithStarted(peer: string): string {
  return `[${safeText(peer)}]님과 1:1 대화 시작`;
}

export function formatWithEnded(event: WithEndedEvent): string {
  const peer = safeText(event.peer);
  switch (event.reason) {
    case 'declined':
      return `[${peer}]님이 1:1 대화를 거부했습니다.`;
    case 'expired':
      return `[${peer}]님과의 1:1 대화 요청이 만료되었습니다.`;
    case 'cancelled':
      return `[${peer}]님과의 1:1 대화 요청이 취소되었습니다.`;
    default:
      return `[${peer}]님과 1:1 대화 종료`;
  }
}

const STATUS_NOTE: Record<UserInfo['status'], string> = { active: '', away: 'away', dm: 'in 1:1' };

/**
 * The `/list` answer: a count, then one user per line with their status; `newDevice` says which members to mark as
 * a nickname on another key than last time.
 */
export function formatUserList(
  users: readonly UserInfo[],
  me: string,
  newDevice: (user: UserInfo) => boolean = () => false,
): string {
  const lines = users.map((user) => {
    const notes = [
      same(user.nick, me) ? 'you' : '',
      user.secure === false ? 'unencrypted' : '',
      newDevice(user) ? 'new device' : '',
      STATUS_NOTE[user.status] + (user.awayText ? `: ${safeText(user.awayText)}` : ''),
    ].filter(Boolean);
    return `  ${safeText(user.nick)}${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`;
  });
  return [`${users.length} user${users.length === 1 ? '' : 's'} in the room:`, ...lines].join('\n');
}

/** A refused command or failed request. */
export function formatError(message: string, hint?: string): string {
  return hint ? `! ${safeText(message)}\n  ${safeText(hint)}` : `! ${safeText(message)}`;
}

/** 765 bytes, 12.3 KB, 4.5 MB, 1.2 GB (powers of 1024, as file managers show). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} byte${bytes === 1 ? '' : 's'}`;
  const units = ['KB', 'MB', 'GB', 'TB', 'PB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

/**
 * The receiver's question, as in the course: `[atom] wants to send you data.txt (765 bytes). Accept? (y/n)`. Several
 * files are numbered, and the numbers of some of them accept only those.
 */
export function formatFileOffer(from: string, files: ReadonlyArray<{ name: string; size: number }>): string {
  if (files.length === 1)
    return `[${safeText(from)}] wants to send you ${safeText(files[0]!.name)} (${formatBytes(files[0]!.size)}). Accept? (y/n)`;
  const list = files.map((file, i) => `  ${i + 1}) ${safeText(file.name)} (${formatBytes(file.size)})`).join('\n');
  return `[${safeText(from)}] wants to send you ${files.length} files:\n${list}\nAccept? (y/n, or the numbers of the files to take, e.g. 1 3)`;
}

/** `/rooms` in the terminal client: every room of the server, people/capacity, ` (password)`, ` ← here`. */
export function formatServerRooms(rooms: readonly RoomInfo[], here: string | undefined): string {
  const width = Math.max(...rooms.map((room) => safeText(room.name).length)) + 2;
  return [
    `Rooms (${rooms.length}):`,
    ...rooms.map((room) => {
      const name = safeText(room.name);
      const current = here !== undefined && name.normalize('NFC').toLowerCase() === here.normalize('NFC').toLowerCase();
      return `  ${name.padEnd(width)}${room.people}/${room.maxUsers}${room.passwordRequired ? ' (password)' : ''}${current ? ' ← here' : ''}`;
    }),
  ].join('\n');
}
