/**
 * A look-alike nickname corpus, judged by the real room with `alice` present: invisible and blank-looking names are
 * `nick_invalid`, names that look like alice (homoglyphs, fullwidth, mixed case) are `nick_taken`, and ordinary names in
 * any script, Korean first, are still accepted.
 */
import { describe, expect, it } from 'vitest';
import { Room } from '../rooms/room.js';
import type { MemberEndpoint } from '../rooms/member.js';
import { RoomError } from '../rooms/room-error.js';
import { CONFUSABLES_VERSION } from './confusables.js';
import { nickKey } from './nickname.js';

type Verdict = 'accept' | 'nick_invalid' | 'nick_taken';

const endpoint: MemberEndpoint = {
  isTextClient: false,
  secure: false,
  remoteAddress: '127.0.0.1',
  deliver: () => {},
  disconnect: () => {},
};

function roomWith(...nicks: string[]): Room {
  const room = new Room({ name: 'lab', maxUsers: 100, consentTimeoutMs: 60_000 });
  for (const nick of nicks) room.join(endpoint, nick);
  return room;
}

/** What the room says to a newcomer asking for `nick` (the newcomer leaves again, so each case stands alone). */
function judge(room: Room, nick: string): Verdict {
  try {
    room.leave(room.join(endpoint, nick), 'quit');
    return 'accept';
  } catch (error) {
    if (error instanceof RoomError && (error.code === 'nick_invalid' || error.code === 'nick_taken')) return error.code;
    throw error;
  }
}

const CORPUS: [label: string, nick: string, verdict: Verdict][] = [
  // ordinary names, Korean first
  ['Hangul 사랑방', '사랑방', 'accept'],
  ['Hangul 김철수', '김철수', 'accept'],
  ['Hangul 이영희', '이영희', 'accept'],
  ['compatibility jamo ㄱ', 'ㄱ', 'accept'],
  ['ASCII with digit and underscore', 'bob_2', 'accept'],
  ['Latin with umlaut (NFC)', 'Ünal', 'accept'],
  ['Latin with umlaut (NFD, composed on arrival)', 'U\u0308nal', 'accept'],
  ['e + combining acute after a letter', 'Jose\u0301', 'accept'],
  ['Greek name', 'Ελένη', 'accept'],
  ['Cyrillic name', 'Дмитрий', 'accept'],
  ['Han', '田中', 'accept'],
  ['emoji without a variation selector', '😀', 'accept'],
  ['fullwidth name nobody holds', 'ｂｏｂ', 'accept'],
  ['a different name that contains alice', 'malice', 'accept'],
  ['alice with a digit appended', 'alice2', 'accept'],
  ['accented a is visibly different', 'álice', 'accept'],
  // invisible, blank-looking, combining, controls
  ['variation selector 16', 'alice\uFE0F', 'nick_invalid'],
  ['variation selector 1', 'ali\uFE00ce', 'nick_invalid'],
  ['variation selector supplement', 'alice\u{E0100}', 'nick_invalid'],
  ['combining grapheme joiner', 'alice\u034F', 'nick_invalid'],
  ['Hangul filler U+3164 alone', '\u3164', 'nick_invalid'],
  ['Hangul filler inside a name', '김\u3164철수', 'nick_invalid'],
  ['Hangul choseong filler', '\u115F', 'nick_invalid'],
  ['Hangul jungseong filler', '\u1160', 'nick_invalid'],
  ['halfwidth Hangul filler', '\uFFA0', 'nick_invalid'],
  ['braille blank', '\u2800', 'nick_invalid'],
  ['braille blanks after a name', 'alice\u2800\u2800', 'nick_invalid'],
  ['object replacement character', 'alice\uFFFC', 'nick_invalid'],
  ['Khitan filler (a mark) after a letter', 'a\u{16FE4}', 'nick_invalid'],
  ['musical null notehead', 'alice\u{1D159}', 'nick_invalid'],
  ['lone combining acute', '\u0301', 'nick_invalid'],
  ['leading combining mark', '\u0301bob', 'nick_invalid'],
  ['zero-width space', 'al\u200Bice', 'nick_invalid'],
  ['zero-width joiner', 'alice\u200D', 'nick_invalid'],
  ['soft hyphen', 'ali\u00ADce', 'nick_invalid'],
  ['word joiner', 'alice\u2060', 'nick_invalid'],
  ['byte order mark', '\uFEFFalice', 'nick_invalid'],
  ['Mongolian free variation selector', 'alice\u180B', 'nick_invalid'],
  ['left-to-right mark', 'alice\u200E', 'nick_invalid'],
  ['right-to-left override', 'al\u202Eice', 'nick_invalid'],
  ['isolate pair', '\u2066alice\u2069', 'nick_invalid'],
  ['tag characters', 'alice\u{E0041}\u{E007F}', 'nick_invalid'],
  ['C1 control NEL', 'alice\u0085', 'nick_invalid'],
  ['ideographic space', 'ali\u3000ce', 'nick_invalid'],
  ['leading slash', '/alice', 'nick_invalid'],
  // look-alikes of alice
  ['the same name', 'alice', 'nick_taken'],
  ['upper case', 'ALICE', 'nick_taken'],
  ['title case', 'Alice', 'nick_taken'],
  ['Cyrillic а', '\u0430lice', 'nick_taken'],
  ['Cyrillic е', 'alic\u0435', 'nick_taken'],
  ['Cyrillic а and і', '\u0430l\u0456ce', 'nick_taken'],
  ['Greek alpha', '\u03B1lice', 'nick_taken'],
  ['dotless i', 'al\u0131ce', 'nick_taken'],
  ['digit one for l', 'a1ice', 'nick_taken'],
  ['capital I for l', 'aIice', 'nick_taken'],
  ['vertical line for l', 'a|ice', 'nick_taken'],
  ['fullwidth', 'ａｌｉｃｅ', 'nick_taken'],
  ['fullwidth upper case', 'ＡＬＩＣＥ', 'nick_taken'],
  ['mathematical bold', '𝐚𝐥𝐢𝐜𝐞', 'nick_taken'],
  ['mathematical monospace', '𝚊𝚕𝚒𝚌𝚎', 'nick_taken'],
];

describe(`look-alike nicknames (confusables ${CONFUSABLES_VERSION}), alice present`, () => {
  const room = roomWith('alice');

  it.each(CORPUS)('%s: %j → %s', (_label, nick, verdict) => {
    expect(judge(room, nick)).toBe(verdict);
  });

  it('holds enough cases of each kind', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(40);
    for (const verdict of ['accept', 'nick_invalid', 'nick_taken'] as const) {
      expect(CORPUS.filter((entry) => entry[2] === verdict).length).toBeGreaterThanOrEqual(10);
    }
  });

  it('says which present member a look-alike resembles', () => {
    expect(() => room.join(endpoint, '\u0430lice')).toThrow(/looks like alice/u);
    expect(() => room.join(endpoint, 'alice\uFE0F')).toThrow(/invisible/u);
    expect(() => room.join(endpoint, '\u0301')).toThrow(/combining mark/u);
  });
});

describe('look-alikes beyond alice', () => {
  it('treats rn as m, 0 as O and 1 as l, both ways round', () => {
    const room = roomWith('kim', 'bobO', 'l33t');
    expect(judge(room, 'kirn')).toBe('nick_taken');
    expect(judge(room, 'bob0')).toBe('nick_taken');
    expect(judge(room, '133t')).toBe('nick_taken');
    expect(judge(room, 'kin')).toBe('accept');
    const other = roomWith('aIice');
    expect(judge(other, 'alice')).toBe('nick_taken');
  });

  it('lets a member rename to a look-alike of their own name but not of someone else', () => {
    const room = roomWith('bob');
    const alice = room.join(endpoint, 'alice');
    expect(room.rename(alice, 'ALICE')).toEqual({ nick: 'ALICE' });
    expect(() => room.rename(alice, 'b\u043Eb')).toThrow(RoomError);
    room.leave(alice, 'quit');
    expect(judge(room, 'aIice')).toBe('accept');
  });

  it('finds a member by any look-alike of the name, as /to and /with do', () => {
    const room = roomWith('alice');
    expect(room.find('\u0430lice')?.nick).toBe('alice');
    expect(room.find('ＡＬＩＣＥ')?.nick).toBe('alice');
    expect(room.find('aIice')?.nick).toBe('alice');
    expect(room.find('bob')).toBeUndefined();
    expect(nickKey('\u0430lice')).toBe(nickKey('alice'));
  });
});
