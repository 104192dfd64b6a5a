import { describe, expect, it } from 'vitest';
import { checkRoomName, roomKey } from './room-name.js';

describe('room names (PROTOCOL.md 19.1)', () => {
  it('takes letters and digits of any script, "-", "_" and "."; 1-32 characters after NFC', () => {
    for (const name of ['math', 'Math-101', 'a_b.c', '수학', 'José', 'Jose\u0301', 'x'.repeat(32), '٣']) {
      expect(checkRoomName(name), name).toEqual({ ok: true, name: name.normalize('NFC') });
    }
  });

  it('refuses empty, long, spaced, symbol, edge "." / "-" and a leading combining mark', () => {
    for (const name of [
      '',
      'x'.repeat(33),
      'two words',
      'a/b',
      'hi!',
      '.hidden',
      'end-',
      '-x',
      'x.',
      '\u0301a',
      'a\u200bb',
    ]) {
      expect(checkRoomName(name).ok, JSON.stringify(name)).toBe(false);
    }
  });

  it('keys names by NFC and lower case', () => {
    expect(roomKey('MATH')).toBe(roomKey('math'));
    expect(roomKey('Jose\u0301')).toBe(roomKey('JOSÉ'));
    expect(roomKey('math')).not.toBe(roomKey('maths'));
  });
});
