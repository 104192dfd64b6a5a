import { describe, expect, it } from 'vitest';
import { codeMatches, parseRoomCode, roomCode } from './room-code.js';

const FP = 'ff00' + '00'.repeat(30);
const FP_RANDOMISH = 'b5d3c2a1f0e9d8c7b6a5948372615049382716050a1b2c3d4e5f60718293a4b5';

describe('room codes', () => {
  it('encodes the first 100 bits MSB first in Crockford base32, grouped by 4', () => {
    // 0xff 0x00 = 11111 11100 00000 0... → Z W 0 0 ...
    expect(roomCode(FP)).toBe('ZW00-0000-0000-0000-0000');
    expect(roomCode('00'.repeat(32))).toBe('0000-0000-0000-0000-0000');
    // 0b00001 00010 00011 00100 00101 ... : bytes 08 86 42 98 ...
    expect(roomCode('0886429' + '8' + '00'.repeat(28))).toMatch(/^1234-5/);
    // Published in docs/PROTOCOL.md as the worked example.
    expect(roomCode('74e9154d8b1973e8074fd8c116d13943f709df854d9ea3c09c9ace156bb98ac5')).toBe(
      'EKMH-AKCB-35SY-G1TF-V30H',
    );
    expect(roomCode(FP_RANDOMISH)).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$/);
  });

  it('depends only on the first 100 bits', () => {
    const a = 'ab'.repeat(12) + 'a0' + '00'.repeat(19);
    const b = 'ab'.repeat(12) + 'a7' + 'ff'.repeat(19); // differs after bit 100 (byte 12 low nibble onwards)
    expect(roomCode(a)).toBe(roomCode(b));
    const c = 'ab'.repeat(12) + 'b0' + '00'.repeat(19); // bit 99 differs
    expect(roomCode(c)).not.toBe(roomCode(a));
  });

  it('parses forgivingly and refuses anything else', () => {
    const code = roomCode(FP_RANDOMISH);
    expect(parseRoomCode(code)).toBe(code.replace(/-/g, ''));
    expect(parseRoomCode(code.toLowerCase().replace(/-/g, ' '))).toBe(code.replace(/-/g, ''));
    expect(parseRoomCode('oooo-iiii-llll-0000-1111')).toBe('00001111111100001111');
    expect(parseRoomCode('ZW00-0000-0000-0000-000')).toBeUndefined();
    expect(parseRoomCode('ZW00-0000-0000-0000-00000')).toBeUndefined();
    expect(parseRoomCode('ZW00-0000-0000-0000-000U')).toBeUndefined();
    expect(parseRoomCode('')).toBeUndefined();
  });

  it('matches a code only against its own fingerprint', () => {
    const code = roomCode(FP_RANDOMISH);
    expect(codeMatches(code, FP_RANDOMISH)).toBe(true);
    expect(codeMatches(code.toLowerCase(), FP_RANDOMISH)).toBe(true);
    expect(codeMatches(code, FP)).toBe(false);
    expect(codeMatches('not a code', FP_RANDOMISH)).toBe(false);
  });

  it('refuses a fingerprint that is not hex', () => {
    expect(() => roomCode('xyz')).toThrow(TypeError);
  });
});
