import { afterEach, describe, expect, it, vi } from 'vitest';
import { lineBlocks } from './text-blocks.js';
import { TextInput } from './text-input.js';

afterEach(() => {
  vi.useRealTimers();
});

function recorder(): { input: TextInput; heard: string[] } {
  const heard: string[] = [];
  const input = new TextInput(4608, (lines) => heard.push(...lines.map((line) => line.toString('utf8'))));
  return { input, heard };
}

const block = (text: string, stale = ''): Buffer => {
  const bytes = Buffer.alloc(128);
  bytes.write(stale);
  bytes.write(`${text}\0`);
  return bytes;
};

describe('TextInput', () => {
  it('block mode: a NUL in the first 128 bytes; each block counts up to its NUL, split or joined reads alike', () => {
    const { input, heard } = recorder();
    const stream = Buffer.concat([
      block('/login atom'),
      block('[atom] hi\n', '[atom] hello everyone\n'),
      block('[atom] a\nb\r\n'),
    ]);
    input.push(stream.subarray(0, 50));
    expect(input.mode).toBe('block');
    input.push(stream.subarray(50, 300));
    input.push(stream.subarray(300));
    expect(heard).toEqual(['/login atom', '[atom] hi', '[atom] a', 'b']);
  });

  it('line mode: nc lines at once, 128 bytes without a NUL, NUL runs still end a line', () => {
    const { input, heard } = recorder();
    input.push(Buffer.from('hello\n'));
    expect(input.mode).toBe('line');
    expect(heard).toEqual(['hello']);
    const other = recorder();
    other.input.push(Buffer.from('x'.repeat(130)));
    expect(other.input.mode).toBe('line');
    other.input.push(Buffer.from('\nlate\0\0'));
    expect(other.heard).toEqual(['x'.repeat(130), 'late']);
  });

  it('text without a newline is a message after a 200 ms pause (Python clients); quicker input waits', () => {
    vi.useFakeTimers();
    const { input, heard } = recorder();
    input.push(Buffer.from('I am a client'));
    vi.advanceTimersByTime(199);
    expect(heard).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(heard).toEqual(['I am a client']);
    expect(input.mode).toBe('line');
    input.push(Buffer.from('[1]g'));
    vi.advanceTimersByTime(150);
    input.push(Buffer.from('d'));
    vi.advanceTimersByTime(199);
    expect(heard).toEqual(['I am a client']);
    vi.advanceTimersByTime(1);
    expect(heard).toEqual(['I am a client', '[1]gd']);
  });
});

describe('lineBlocks', () => {
  it('cuts a line and its LF into NUL-terminated 128-byte blocks at character boundaries', () => {
    const line = `[nc] ${'가'.repeat(60)}`;
    const blocks = lineBlocks(Buffer.from(line), 'utf-8');
    expect(blocks.map((each) => each.length)).toEqual([128, 128]);
    const texts = blocks.map((each) => each.subarray(0, each.indexOf(0)));
    expect(texts.map((text) => text.length)).toEqual([125, 61]);
    expect(texts.map((text) => text.toString('utf8')).join('')).toBe(`${line}\n`);
    expect(lineBlocks(Buffer.from('x'.repeat(127)), 'utf-8').map((each) => each.indexOf(0))).toEqual([127, 1]);
    const eucKr = Buffer.concat([Buffer.from('a'), Buffer.alloc(130, 0xb0)]); // 1 + 65 two-byte characters
    expect(lineBlocks(eucKr, 'euc-kr').map((each) => each.indexOf(0))).toEqual([127, 5]);
  });
});
