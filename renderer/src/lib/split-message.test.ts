import { describe, expect, it } from 'vitest';
import { splitMessage, utf8Length } from './split-message';

const bytes = (s: string): number => new TextEncoder().encode(s).length;

/** Every part fits, none is blank, none starts or ends inside a surrogate pair, and together they are the text. */
function expectGoodSplit(text: string, max: number): string[] {
  const parts = splitMessage(text, max);
  for (const part of parts) {
    expect(bytes(part)).toBeLessThanOrEqual(max);
    expect(part.trim()).not.toBe('');
    expect(part).not.toMatch(/^[\udc00-\udfff]|[\ud800-\udbff]$/);
    expect(part).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
  }
  expect(parts.join('')).toBe(text);
  return parts;
}

describe('utf8Length', () => {
  it('counts bytes as the room does: ASCII 1, Hangul 3, emoji 4, lone surrogates 3', () => {
    for (const s of ['hello', 'é', '사랑방', '👋🏽', '👨‍👩‍👧', 'a\nb\tc', '']) expect(utf8Length(s)).toBe(bytes(s));
    expect(utf8Length('\ud800x')).toBe(4);
  });
});

describe('splitMessage', () => {
  it('leaves a message that fits alone, including one of exactly the limit', () => {
    expect(splitMessage('hello', 5)).toEqual(['hello']);
    expect(splitMessage('가나', 6)).toEqual(['가나']);
    expect(splitMessage('x'.repeat(4096), 4096)).toEqual(['x'.repeat(4096)]);
  });

  it('splits one byte over the limit into two parts', () => {
    const parts = expectGoodSplit('x'.repeat(4097), 4096);
    expect(parts.map((p) => p.length)).toEqual([4096, 1]);
  });

  it('ends parts at line breaks first, keeping each break with its line', () => {
    const text = 'first line\nsecond line\nthird';
    expect(expectGoodSplit(text, 24)).toEqual(['first line\nsecond line\n', 'third']);
  });

  it('ends parts after a space when no line break fits', () => {
    expect(expectGoodSplit('the quick brown fox jumps', 12)).toEqual(['the quick ', 'brown fox ', 'jumps']);
  });

  it('never cuts Korean in the middle of a syllable, with or without spaces', () => {
    const text = '안녕하세요'.repeat(100); // 1,500 bytes, no space
    const parts = expectGoodSplit(text, 100);
    expect(parts.map(bytes)).toEqual([...Array<number>(15).fill(99), 15]);
    // Decomposed (NFD) syllables are two or three jamo: a part never ends between them, so each part composes back
    // into whole syllables with no jamo left over.
    const nfd = '한국어'.normalize('NFD').repeat(50);
    for (const part of expectGoodSplit(nfd, 23)) expect(part.normalize('NFC')).not.toMatch(/[\u1100-\u11ff]/);
  });

  it('never cuts an emoji: not a surrogate pair, not a skin tone, not a family joined with ZWJ', () => {
    for (const emoji of ['😀', '👋🏽', '👨‍👩‍👧‍👦', '🇰🇷']) {
      const text = emoji.repeat(40);
      const parts = expectGoodSplit(text, 63);
      for (const part of parts) expect(part.split(emoji).join('')).toBe('');
    }
  });

  it('falls back to code points for one character longer than a part (it cannot be kept whole)', () => {
    const zalgo = `a${'\u0301'.repeat(50)}`; // 101 bytes in one grapheme
    expectGoodSplit(zalgo, 40);
  });

  it('splits a 3,000-line paste at line ends into parts that all fit, in order', () => {
    const lines = Array.from({ length: 3_000 }, (_, i) => `line ${i + 1}: 사랑방 테스트 🙂`);
    const text = lines.join('\n');
    const parts = expectGoodSplit(text, 4096);
    expect(parts.slice(0, -1).every((p) => p.endsWith('\n'))).toBe(true);
    expect(parts.length).toBeLessThan(bytes(text) / 4096 + 3);
  });

  it('splits 20,000 characters without spaces into few, full parts', () => {
    const text = 'abcdefghij'.repeat(2_000);
    const parts = expectGoodSplit(text, 4096);
    expect(parts).toHaveLength(5);
  });

  it('drops blank space no part can carry, and never sends a blank part', () => {
    const parts = splitMessage(`start${' '.repeat(50)}end`, 20);
    expect(parts.every((p) => p.trim() !== '')).toBe(true);
    expect(parts.join('').replaceAll(' ', '')).toBe('startend');
    expect(splitMessage('text\n\n\n\n', 5)).toEqual(['text\n']);
  });
});
