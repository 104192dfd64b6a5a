import { describe, expect, it } from 'vitest';
import { highlightParts } from './highlight';

describe('highlightParts', () => {
  it('cuts the text at the matches; the parts join back into the text', () => {
    const text = '오늘 사랑방에서 만나요 🙂 사랑방';
    const parts = highlightParts(text, [
      [16, 19],
      [3, 6],
    ]);
    expect(parts.filter((p) => p.match).map((p) => p.text)).toEqual(['사랑방', '사랑방']);
    expect(parts.map((p) => p.text).join('')).toBe(text);
  });

  it('never marks a character twice, and ignores ranges out of bounds or empty', () => {
    const parts = highlightParts('abcdef', [
      [1, 3],
      [2, 4],
      [5, 5],
      [4, 99],
      [-3, 0],
    ]);
    expect(parts).toEqual([
      { text: 'a', match: false },
      { text: 'bc', match: true },
      { text: 'd', match: true },
      { text: 'ef', match: true },
    ]);
  });
});
