/**
 * How room events and replies look to a plain-text (nc/telnet/course C) client. Korean first, in the course's own
 * wording, with English in parentheses. Line kinds, by their first characters:
 *   `[nick] text`            room chat (also your own, echoed)
 *   `[귓속말] [nick] text`    a whisper to you; `[귓속말] [you → nick] text` is your own whisper
 *   `[1:1] [nick] text`      1:1 conversation
 *   `[nick]님이 ...`          join / leave / rename / away / 1:1 notices
 *   `* ...`                  replies to your commands and other server information
 *   `! ... (code)`           an error, with its stable code
 *   `--- ... ---`            around the earlier room messages replayed on login
 * docs/PROTOCOL.md ("Plain-text mode") documents every format; keep the two in step.
 */
import type { DmEndReason, LeaveReason, RoomInfo, ServerMessage, UserInfo, UserStatus } from '../protocol/messages.js';

// Peer text is shown as text: control characters (escape sequences, bare CR, C1 controls) could drive the terminal.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/gu;

// Bidi embeddings, overrides, isolates and marks would reorder what follows ("invoice\u202Efdp.exe"): removed.
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/gu;

/** Makes peer text terminal-safe; a multi-line message continues on lines indented by four spaces. */
export function safeText(text: string): string {
  return text.replace(UNSAFE, '\uFFFD').replace(BIDI_CONTROLS, '').replace(/\t/g, '    ').split('\n').join('\n    ');
}

const LEAVE_ENGLISH: Record<LeaveReason, string> = {
  quit: 'left',
  disconnected: 'left: connection lost',
  keepalive_timeout: 'left: timed out',
  login_timeout: 'left: timed out',
  slow_consumer: 'left: too far behind',
  protocol_error: 'left: protocol error',
  internal: 'left: server error',
  server_shutdown: 'left: server shutting down',
  moved: 'left: moved to another room',
  server_failed: 'left: their server stopped',
};

function dmEnded(peer: string, reason: DmEndReason, started: boolean): string {
  switch (reason) {
    case 'ended':
      return `[${peer}]님과 1:1 대화 종료 (1:1 with ${peer} ended)`;
    case 'declined':
      return `[${peer}]님이 1:1 대화를 거부했습니다. (${peer} declined the 1:1)`;
    case 'expired':
      return `[${peer}]님과의 1:1 대화 요청이 만료되었습니다. (the 1:1 request with ${peer} expired)`;
    case 'cancelled':
      return `[${peer}]님과의 1:1 대화 요청이 취소되었습니다. (the 1:1 request with ${peer} was cancelled)`;
    case 'left':
      return started
        ? `[${peer}]님이 나가서 1:1 대화가 끝났습니다. (${peer} left; the 1:1 is over)`
        : `[${peer}]님이 나가서 1:1 대화 요청이 취소되었습니다. (${peer} left; the 1:1 request is cancelled)`;
    case 'busy':
      return `[${peer}]님과의 1:1 대화 요청이 취소되었습니다: 다른 1:1 대화가 시작되었습니다. (request with ${peer} cancelled: another 1:1 started)`;
  }
}

/**
 * The lines `viewer` sees for one room event; [] for events plain-text clients do not show. `started`: for a
 * `with.ended`, whether the 1:1 had started (else it was a request).
 */
export function formatEvent(message: ServerMessage, viewer: string, started = true): string[] {
  switch (message.t) {
    case 'msg': {
      const text = safeText(message.text);
      if (message.scope === 'room') return [`[${message.from}] ${text}`];
      if (message.scope === 'dm') return [`[1:1] [${message.from}] ${text}`];
      if (message.from === viewer && message.to !== undefined)
        return [`[귓속말] [${message.from} → ${message.to}] ${text}`];
      return [`[귓속말] [${message.from}] ${text}`];
    }
    case 'joined':
      return [`[${message.user.nick}]님이 입장하였습니다. (${message.user.nick} joined)`];
    case 'left':
      return [`[${message.nick}]님이 퇴장하였습니다. (${message.nick} ${LEAVE_ENGLISH[message.reason]})`];
    case 'renamed':
      return [`[${message.from}]님이 [${message.to}](으)로 이름을 바꿨습니다. (${message.from} is now ${message.to})`];
    case 'awake': {
      const lines = [
        `* 부재중 모드를 끝냈습니다. 놓친 메시지 ${message.missed}개. (You are back; you missed ${message.missed} message${message.missed === 1 ? '' : 's'}.)`,
      ];
      const lost = message.missed - (message.held ?? message.missed);
      if (lost > 0)
        lines.push(
          `* 그중 오래된 ${lost}개는 서버에 남아 있지 않습니다. (The oldest ${lost} of them are no longer kept.)`,
        );
      return lines;
    }
    case 'with.request':
      return [
        `[${message.from}]님이 1:1 대화를 요청했습니다. (y/n)? (${message.from} asks for a 1:1 chat: answer y or n)`,
      ];
    case 'with.started':
      return [`[${message.peer}]님과 1:1 대화 시작 (1:1 with ${message.peer} started; /end to finish)`];
    case 'with.ended':
      return [dmEnded(message.peer, message.reason, started)];
    case 'notice':
      return [`* ${safeText(message.text)}`];
    default:
      return [];
  }
}

/** Earlier room messages shown on login, between two marker lines; nothing when there are none. */
export function formatReplay(messages: readonly ServerMessage[], viewer: string): string[] {
  if (messages.length === 0) return [];
  const n = messages.length;
  return [
    `--- 이전 메시지 ${n}개 (${n} earlier message${n === 1 ? '' : 's'}) ---`,
    ...messages.flatMap((message) => formatEvent(message, viewer)),
    '--- 이전 메시지 끝 (end of earlier messages) ---',
  ];
}

/** Away / back lines for status changes of others (`wasAway`: whether that user was shown as away before). */
export function formatStatus(nick: string, status: UserStatus, wasAway: boolean, awayText?: string): string[] {
  if (status === 'away' && !wasAway) {
    const why = awayText ? `: ${safeText(awayText)}` : '';
    return [`[${nick}]님이 부재중입니다. (${nick} is away${why})`];
  }
  if (status !== 'away' && wasAway) return [`[${nick}]님이 돌아왔습니다. (${nick} is back)`];
  return [];
}

const STATUS_LABEL: Record<UserStatus, string> = {
  active: 'active (활동중)',
  away: 'away (부재중)',
  dm: '1:1 (1:1 대화중)',
};

/** Terminal columns of `text`: East Asian wide and fullwidth characters (Hangul, CJK, fullwidth forms) take two. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += WIDE.test(char) ? 2 : /\p{Mn}|\p{Me}|\u200b/u.test(char) ? 0 : 1;
  return width;
}

const WIDE =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\ua960-\ua97f\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{1f300}-\u{1f64f}\u{1f900}-\u{1f9ff}\u{20000}-\u{3fffd}]/u;

export function formatList(users: UserInfo[]): string[] {
  const width = Math.max(4, ...users.map((user) => displayWidth(user.nick))) + 2;
  const pad = (text: string): string => text + ' '.repeat(Math.max(1, width - displayWidth(text)));
  return [
    `* User List (${users.length})`,
    `*   ${pad('name')}status`,
    ...users.map(
      (user) =>
        `*   ${pad(user.nick)}${STATUS_LABEL[user.status]}${user.secure === false ? ' (unencrypted)' : ''}${user.awayText ? `: ${safeText(user.awayText)}` : ''}`,
    ),
  ];
}

/** The `/rooms` answer (section 19.4): one line per room, ` (password)` and ` ←` (you are here) after it. */
export function formatRooms(rooms: readonly (RoomInfo & { here: boolean })[]): string[] {
  const width = Math.max(...rooms.map((room) => displayWidth(room.name))) + 2;
  const pad = (text: string): string => text + ' '.repeat(Math.max(1, width - displayWidth(text)));
  return [
    '* Rooms (방 목록):',
    ...rooms.map(
      (room) =>
        `*   ${pad(safeText(room.name))}${room.people}/${room.maxUsers}${room.passwordRequired ? ' (password)' : ''}${room.here ? ' ←' : ''}`,
    ),
    `*   (${rooms.length} room${rooms.length === 1 ? '' : 's'})`,
  ];
}

/** The answer to `/join <room>` before `/login`. */
export function formatJoinLater(room: string): string {
  return `* /login 하면 [${safeText(room)}] 방에 들어갑니다. (/login will enter ${safeText(room)}.)`;
}

export function formatError(code: string, message: string): string {
  return `! ${message} (${code})`;
}

export function greeting(room: string, passwordRequired: boolean): string[] {
  const login = passwordRequired ? '/login <nick> <password>' : '/login <nick>';
  return [
    `* 사랑방 "${room}"에 오신 것을 환영합니다. (Welcome to Sarangbang room "${room}".)`,
    `* ${login} 으로 입장하세요. (Log in with ${login}${passwordRequired ? '' : ', or just type to join as a guest'}; /help lists commands.)`,
  ];
}

export const HELP: readonly string[] = [
  '* Commands (명령어):',
  '*   /login <nick> [password]   입장 (log in)',
  '*   <text>                     방 전체에 말하기; 1:1 중에는 상대에게만 (say to the room; to your partner during a 1:1)',
  '*   /list                      사용자 목록 (who is here, with status)',
  '*   /to <nick> <text>          귓속말 (whisper); /w is the same',
  '*   /sleep [text]              부재중 (away: room messages are held back and shown when you return)',
  '*   /wakeup                    부재중 끝 (back; any message also ends away)',
  '*   /with <nick>               1:1 대화 요청 (ask for a 1:1); answer a request with y or n',
  '*   /accept [nick], /decline [nick]  1:1 요청 수락/거절 (answer a 1:1 request; the latest without a nick)',
  '*   /end                       1:1 대화 종료 또는 요청 취소 (end the 1:1 or cancel your request)',
  '*   /nick <new>                이름 바꾸기 (rename)',
  '*   /rooms                     방 목록 (the rooms of this server)',
  '*   /join <room> [password]    다른 방으로 옮기기 (move to another room; before /login: the room /login enters)',
  '*   /version                   서버 버전 (server version)',
  '*   /ping                      서버 응답 확인 (is the server there?)',
  '*   /help                      이 도움말 (this help)',
  '*   /exit                      나가기 (leave)',
  '*   //text                     "/"로 시작하는 메시지 보내기 (send a line starting with "/")',
];
