import { describe, expect, it } from 'vitest';
import { LineSplitter } from './text-lines.js';

describe('LineSplitter', () => {
  it('splits on LF, drops CR before LF and every NUL, keeps an unfinished line for later', () => {
    const splitter = new LineSplitter(100);
    const block = Buffer.alloc(128);
    block.write('/login atom\r\n');
    expect(splitter.push(block)).toEqual({ lines: ['/login atom'], tooLong: false });
    expect(splitter.push(Buffer.from('hel'))).toEqual({ lines: [], tooLong: false });
    expect(splitter.push(Buffer.from('lo\nbye\n'))).toEqual({ lines: ['hello', 'bye'], tooLong: false });
  });

  it('reassembles a UTF-8 character split across reads', () => {
    const splitter = new LineSplitter(100);
    const bytes = Buffer.from('사랑방\n');
    expect(splitter.push(bytes.subarray(0, 4)).lines).toEqual([]);
    expect(splitter.push(bytes.subarray(4)).lines).toEqual(['사랑방']);
  });

  it('refuses a line over the limit without buffering it, and stays refused', () => {
    const splitter = new LineSplitter(10);
    expect(splitter.push(Buffer.from('0123456789\n'))).toEqual({ lines: ['0123456789'], tooLong: false });
    expect(splitter.push(Buffer.from('ok\n0123456789A'))).toEqual({ lines: ['ok'], tooLong: true });
    expect(splitter.push(Buffer.from('\n'))).toEqual({ lines: [], tooLong: true });
  });
});
