import { describe, expect, it } from 'vitest';
import { parseFileChoice } from './prompts.js';

describe('choosing files of an offer by number', () => {
  it('reads 1-based numbers separated by spaces or commas as sorted 0-based indexes, once each', () => {
    expect(parseFileChoice('2')).toEqual([1]);
    expect(parseFileChoice(' 3 1 ')).toEqual([0, 2]);
    expect(parseFileChoice('1,3, 3')).toEqual([0, 2]);
  });

  it('is not a choice when the line holds anything but numbers (it is chat, or y/n)', () => {
    for (const line of ['', 'y', '1a', '1 and 2', '-1', '1.5', '/accept 1'])
      expect(parseFileChoice(line)).toBeUndefined();
  });
});
