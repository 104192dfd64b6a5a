import { describe, expect, it } from 'vitest';
import { LineSplitter, type LineResult } from './text-lines.js';

const text = (result: LineResult): { lines: string[]; tooLong: boolean } => ({
  lines: result.lines.map((line) => line.toString('utf8')),
  tooLong: result.tooLong,
});

describe('LineSplitter', () => {
  it('splits on LF, drops CR before LF, treats NUL padding as the end of a line, keeps an unfinished line', () => {
    const splitter = new LineSplitter(100);
    const block = (text: string): Buffer => {
      const bytes = Buffer.alloc(128);
      bytes.write(text);
      return bytes;
    };
    // Course clients: `/login atom` without a newline, then `[atom] hi\n`, each padded to 128 bytes.
    expect(text(splitter.push(block('/login atom')))).toEqual({ lines: ['/login atom'], tooLong: false });
    expect(text(splitter.push(block('[atom] hi\r\n')))).toEqual({ lines: ['[atom] hi', ''], tooLong: false });
    expect(text(splitter.push(Buffer.from('hel')))).toEqual({ lines: [], tooLong: false });
    expect(text(splitter.push(Buffer.from('lo\nbye\n')))).toEqual({ lines: ['hello', 'bye'], tooLong: false });
  });

  it('reassembles a UTF-8 character split across reads', () => {
    const splitter = new LineSplitter(100);
    const bytes = Buffer.from('사랑방\n');
    expect(text(splitter.push(bytes.subarray(0, 4))).lines).toEqual([]);
    expect(text(splitter.push(bytes.subarray(4))).lines).toEqual(['사랑방']);
  });

  it('refuses a line over the limit without buffering it, and stays refused', () => {
    const splitter = new LineSplitter(10);
    expect(text(splitter.push(Buffer.from('0123456789\n')))).toEqual({ lines: ['0123456789'], tooLong: false });
    expect(text(splitter.push(Buffer.from('ok\n0123456789A')))).toEqual({ lines: ['ok'], tooLong: true });
    expect(text(splitter.push(Buffer.from('\n')))).toEqual({ lines: [], tooLong: true });
  });
});
