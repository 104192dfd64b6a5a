import { describe, expect, it } from 'vitest';
import type { Reply } from '@contract/ipc-contract';
import { sendInOrder } from './send-parts';

const ok: Reply<unknown> = { ok: true, result: { mid: 1 } };
const refuse = (code: 'rate_limited' | 'not_connected', retryAfterMs?: number): Reply<unknown> => ({
  ok: false,
  error: { code, message: code, ...(retryAfterMs ? { details: { retryAfterMs } } : {}) },
});

describe('sendInOrder', () => {
  it('sends every part in order, one at a time', async () => {
    const sent: string[] = [];
    let inFlight = 0;
    const outcome = await sendInOrder(['a', 'b', 'c'], async (text) => {
      inFlight++;
      expect(inFlight).toBe(1);
      await new Promise((r) => setTimeout(r, 1));
      sent.push(text);
      inFlight--;
      return ok;
    });
    expect(outcome).toEqual({ sent: 3 });
    expect(sent).toEqual(['a', 'b', 'c']);
  });

  it('waits as long as the room asks when it says "too fast", then sends the same part again', async () => {
    const answers = [ok, refuse('rate_limited', 300), ok, ok];
    const waits: number[] = [];
    const sent: string[] = [];
    const outcome = await sendInOrder(
      ['a', 'b', 'c'],
      async (text) => {
        sent.push(text);
        return answers.shift()!;
      },
      undefined,
      async (ms) => {
        waits.push(ms);
      },
    );
    expect(outcome).toEqual({ sent: 3 });
    expect(sent).toEqual(['a', 'b', 'b', 'c']);
    expect(waits).toEqual([300]);
  });

  it('stops at the first other refusal and says how many went', async () => {
    const answers = [ok, refuse('not_connected')];
    const progress: number[] = [];
    const outcome = await sendInOrder(
      ['a', 'b', 'c'],
      async () => answers.shift()!,
      (n) => progress.push(n),
    );
    expect(outcome).toMatchObject({ sent: 1, error: { code: 'not_connected' } });
    expect(progress).toEqual([0, 1]);
  });
});
