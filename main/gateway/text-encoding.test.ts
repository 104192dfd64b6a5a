import { describe, expect, it } from 'vitest';
import { decodeLine, encodeText } from './text-encoding.js';

// "사랑방 hi" in EUC-KR (CP949), as a course client on Korean Windows sends it.
const EUC_KR = Buffer.from([0xbb, 0xe7, 0xb6, 0xfb, 0xb9, 0xe6, 0x20, 0x68, 0x69]);

describe('plain-text encodings', () => {
  it('stays UTF-8 for UTF-8 input and for garbage without Hangul', () => {
    expect(decodeLine(Buffer.from('사랑방 hi'), 'utf-8')).toEqual({ text: '사랑방 hi', encoding: 'utf-8' });
    expect(decodeLine(Buffer.from([0x41, 0xff, 0x42]), 'utf-8')).toEqual({ text: 'A\uFFFDB', encoding: 'utf-8' });
  });

  it('switches a connection to EUC-KR when it sends Hangul in EUC-KR, and encodes replies to match', () => {
    expect(decodeLine(EUC_KR, 'utf-8')).toEqual({ text: '사랑방 hi', encoding: 'euc-kr' });
    expect(decodeLine(Buffer.from('abc'), 'euc-kr')).toEqual({ text: 'abc', encoding: 'euc-kr' });
    expect(encodeText('사랑방 hi', 'euc-kr')).toEqual(EUC_KR);
    expect(encodeText('[귓속말] 😀', 'euc-kr').toString('latin1')).toMatch(/^\[.{6}\] \?$/u);
    expect(encodeText('사랑방', 'utf-8')).toEqual(Buffer.from('사랑방'));
  });
});
