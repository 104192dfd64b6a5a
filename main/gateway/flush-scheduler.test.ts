import { describe, expect, it } from 'vitest';
import { FlushScheduler } from './flush-scheduler.js';

/** A flush target that records in which batch (flush round) it was written. */
function target(log: string[], name: string): { flush(): void } {
  return { flush: () => log.push(name) };
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('FlushScheduler', () => {
  it('flushes on the next event-loop turn when the previous flush was long enough ago', async () => {
    let now = 1000;
    const flushed: string[] = [];
    const scheduler = new FlushScheduler(50, () => now);
    scheduler.add(target(flushed, 'a'));
    expect(flushed).toEqual([]);
    await nextTurn();
    expect(flushed).toEqual(['a']);
    now += 60;
    scheduler.add(target(flushed, 'b'));
    await nextTurn();
    expect(flushed).toEqual(['a', 'b']);
  });

  it('while busy, messages queued over several turns go out together in one later flush', async () => {
    let now = 1000;
    const rounds: string[][] = [];
    let current: string[] = [];
    let lastFlushed: () => void = () => undefined;
    const allFlushed = new Promise<void>((resolve) => (lastFlushed = resolve));
    const record = (name: string): { flush(): void } => ({
      flush: () => {
        if (current.length === 0) rounds.push(current);
        current.push(name);
        if (name === 'fourth') lastFlushed();
      },
    });
    const scheduler = new FlushScheduler(20, () => now);
    scheduler.add(record('first'));
    await nextTurn();
    current = [];
    // Three more messages arrive in three separate event-loop turns, all within the interval.
    scheduler.add(record('second'));
    await nextTurn();
    now += 1;
    scheduler.add(record('third'));
    await nextTurn();
    scheduler.add(record('fourth'));
    expect(rounds).toEqual([['first']]);
    await allFlushed;
    expect(rounds).toEqual([['first'], ['second', 'third', 'fourth']]);
  });

  it('a deleted target (closed connection) is not flushed', async () => {
    const flushed: string[] = [];
    const scheduler = new FlushScheduler(0);
    const gone = target(flushed, 'gone');
    scheduler.add(gone);
    scheduler.add(target(flushed, 'kept'));
    scheduler.delete(gone);
    await nextTurn();
    expect(flushed).toEqual(['kept']);
  });

  it('a large batch (a room of thousands) is written in full and in order, over several turns', async () => {
    const flushed: string[] = [];
    const scheduler = new FlushScheduler(0);
    const names = Array.from({ length: 1000 }, (_, i) => `c${i}`);
    const targets = names.map((name) => target(flushed, name));
    for (const each of targets) scheduler.add(each);
    await nextTurn();
    expect(flushed.length).toBeGreaterThan(0);
    expect(flushed.length).toBeLessThan(999);
    // A connection that closes while the batch is being written is not flushed.
    scheduler.delete(targets[900]!);
    while (flushed.length < 999) await nextTurn();
    await nextTurn();
    expect(flushed).toEqual(names.filter((name) => name !== 'c900'));
  });
});
