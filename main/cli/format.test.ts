import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../protocol/messages.js';
import {
  formatAwake,
  formatChat,
  formatFileOffer,
  formatLeft,
  formatNewDevice,
  formatRenamed,
  formatUserList,
  formatWithEnded,
  formatWithRequest,
  safeText,
} from './format.js';
import { roomCode } from '../security/room-code.js';

const chat = (fields: Partial<ChatMessage>): ChatMessage => ({
  t: 'msg',
  mid: 1,
  ts: 0,
  from: 'atom',
  scope: 'room',
  text: 'Hello there',
  ...fields,
});

describe('terminal formatting (course style)', () => {
  it('marks messages replayed from history, and says what came while away', () => {
    expect(formatChat(chat({ hist: true }), 'me')).toBe('(history) [atom] Hello there');
    expect(formatChat(chat({ hist: true, scope: 'whisper', to: 'me' }), 'me')).toBe(
      '(history) [귓속말] [atom] Hello there',
    );
    expect(formatAwake(0, 0)).toBe('You are back. You missed no room messages.');
    expect(formatAwake(12, 12)).toBe('You are back. 12 messages while you were away:');
    expect(formatAwake(1, 1)).toBe('You are back. 1 message while you were away:');
    expect(formatAwake(12, 9)).toBe(
      'You are back. 12 messages while you were away:\n(3 older ones were no longer kept)',
    );
    expect(formatAwake(2, 1)).toBe('You are back. 2 messages while you were away:\n(1 older one was no longer kept)');
    expect(formatAwake(5, 0)).toBe('You are back. 5 messages while you were away (no longer kept).');
    expect(formatAwake(3)).toBe('You are back. You missed 3 room messages.');
  });

  it('shows room, whisper and 1:1 messages like the course', () => {
    expect(formatChat(chat({}), 'hansung')).toBe('[atom] Hello there');
    expect(formatChat(chat({ scope: 'whisper', to: 'hansung' }), 'hansung')).toBe('[귓속말] [atom] Hello there');
    expect(formatChat(chat({ scope: 'whisper', to: 'hansung' }), 'ATOM')).toBe('[귓속말 → hansung] Hello there');
    expect(formatChat(chat({ scope: 'dm', to: 'user2' }), 'user2')).toBe('[1:1] [atom] Hello there');
  });

  it('never passes terminal escape sequences from peers through', () => {
    const line = formatChat(chat({ from: 'evil\u001b[2J', text: 'hi\u001b]0;owned\u0007 there\u009b' }), 'me');
    // eslint-disable-next-line no-control-regex
    expect(line).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(line).toBe('[evil\uFFFD[2J] hi\uFFFD]0;owned\uFFFD there\uFFFD');
  });

  it('shows bidi overrides, embeddings and isolates inert in every kind of peer text', () => {
    const bidi = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/;
    const trick = 'invoice\u202Efdp.exe';
    expect(safeText(trick)).toBe('invoicefdp.exe');
    expect(formatChat(chat({ from: 'a\u2067b\u2069', text: `see ${trick} \u202Bx\u202C \u2066y\u2069` }), 'me')).toBe(
      '[ab] see invoicefdp.exe x y',
    );
    expect(
      formatUserList([{ nick: 'ev\u202Eil', status: 'away', awayText: 'back \u200Fsoon\u200E' }], 'me'),
    ).not.toMatch(bidi);
    expect(formatFileOffer('bob', [{ name: 'cat\u202Egpj.exe', size: 1 }])).toContain('catgpj.exe (1 byte)');
    expect(formatRenamed('x\u061C', 'y\u2068')).toBe('[x]님이 [y](으)로 이름을 바꾸었습니다.');
  });

  it('turns lone surrogates into U+FFFD and line separators into indented continuation lines', () => {
    expect(safeText('a\ud800b\udc00')).toBe('a\uFFFDb\uFFFD');
    expect(safeText('one\u2028[alice] fake')).toBe('one\n  [alice] fake');
    expect(safeText('😀 사랑방')).toBe('😀 사랑방');
  });

  it('indents the continuation lines of a multi-line message', () => {
    expect(safeText('one\r\ntwo\nthree')).toBe('one\n  two\n  three');
  });

  it('writes the 1:1 and leave notices', () => {
    expect(formatWithRequest('user1')).toBe('[user1]님이 1:1 대화를 요청했습니다. (y/n)?');
    expect(formatWithEnded({ t: 'with.ended', peer: 'user2', reason: 'declined' })).toBe(
      '[user2]님이 1:1 대화를 거부했습니다.',
    );
    expect(formatWithEnded({ t: 'with.ended', peer: 'user2', reason: 'ended' })).toBe('[user2]님과 1:1 대화 종료');
    expect(formatLeft('user1', 'quit')).toBe('[user1]님이 퇴장하였습니다.');
    expect(formatLeft('user1', 'keepalive_timeout')).toBe('[user1]님이 퇴장하였습니다. (stopped answering)');
  });

  it('lists users with their status', () => {
    expect(
      formatUserList(
        [
          { nick: 'atom', status: 'active' },
          { nick: 'hansung', status: 'away', awayText: 'lunch' },
          { nick: 'bob', status: 'dm' },
        ],
        'atom',
      ),
    ).toBe('3 users in the room:\n  atom (you)\n  hansung (away: lunch)\n  bob (in 1:1)');
  });

  it('says a nickname is on another key, with its key code, and marks it in the list', () => {
    const fp = 'ab'.repeat(32);
    expect(formatNewDevice('b\u202Eob\u001b[2J', fp)).toBe(
      `[bob\uFFFD[2J] is using a different key than before (key ${roomCode(fp)}): if you did not expect this, check with them.`,
    );
    expect(
      formatUserList(
        [
          { nick: 'atom', status: 'active', fp },
          { nick: 'bob', status: 'away', secure: false, fp },
        ],
        'atom',
        (user) => user.nick === 'bob',
      ),
    ).toBe('2 users in the room:\n  atom (you)\n  bob (unencrypted, new device, away)');
  });
});
