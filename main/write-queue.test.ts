import { describe, expect, it } from 'vitest';
import { WriteQueue } from './write-queue.js';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('WriteQueue', () => {
  it('runs writes one at a time in the order asked; a failed one does not stop those after it', async () => {
    const queue = new WriteQueue();
    const log: string[] = [];
    const write = (name: string, ms: number, fail = false) =>
      queue.run(async () => {
        log.push(`${name} starts`);
        await tick(ms);
        log.push(`${name} ends`);
        if (fail) throw new Error(`${name} failed`);
      });
    const first = write('first', 20);
    const second = write('second', 1, true);
    const third = write('third', 1);
    await expect(second).rejects.toThrow('second failed');
    await Promise.all([first, third]);
    expect(log).toEqual(['first starts', 'first ends', 'second starts', 'second ends', 'third starts', 'third ends']);
  });

  it('settles once every write asked for so far has ended, failed ones too', async () => {
    const queue = new WriteQueue();
    const ended: string[] = [];
    void queue.run(async () => {
      await tick(10);
      ended.push('a');
    });
    queue
      .run(async () => {
        await tick(10);
        ended.push('b');
        throw new Error('disk full');
      })
      .catch(() => undefined);
    await queue.settled();
    expect(ended).toEqual(['a', 'b']);
  });
});
