import { describe, expect, it } from 'vitest';
import { Pacer } from './pacer.js';

describe('the outbox pacer', () => {
  it('lets a burst through, then one message per 1/perSec, and starts over empty when the host says so', () => {
    let now = 0;
    const pacer = new Pacer(20, 3, () => now);
    for (let i = 0; i < 3; i++) {
      expect(pacer.msUntilNext()).toBe(0);
      pacer.take();
    }
    expect(pacer.msUntilNext()).toBe(50);
    now += 30;
    expect(pacer.msUntilNext()).toBe(20);
    now += 20;
    expect(pacer.msUntilNext()).toBe(0);
    now += 10_000;
    pacer.empty();
    expect(pacer.msUntilNext()).toBe(50);
  });
});
