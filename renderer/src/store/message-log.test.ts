import { describe, expect, it } from 'vitest';
import { LOG_CAP, appendToLog, emptyLog } from './message-log';

describe('message log', () => {
  it('appends without losing earlier views', () => {
    const a = appendToLog(emptyLog<number>(), [1, 2]);
    const b = appendToLog(a, [3]);
    expect(a.length).toBe(2);
    expect(b.length).toBe(3);
    expect(b.items.slice(0, b.length)).toEqual([1, 2, 3]);
    // Appending to an older view must not clobber the newer one.
    const c = appendToLog(a, [9]);
    expect(c.items.slice(0, c.length)).toEqual([1, 2, 9]);
    expect(b.items.slice(0, b.length)).toEqual([1, 2, 3]);
  });

  it('drops the oldest entries past the cap', () => {
    let log = emptyLog<number>();
    const chunk = Array.from({ length: 10_000 }, (_, i) => i);
    for (let i = 0; i < LOG_CAP / 10_000 + 1; i++) log = appendToLog(log, chunk);
    expect(log.length).toBeLessThanOrEqual(LOG_CAP);
    expect(log.items[log.length - 1]).toBe(9_999);
  });
});
