import { describe, expect, it } from 'vitest';
import { MemoryTransferTokens } from './transfer-tokens.js';

describe('transfer tokens (in memory)', () => {
  it('issues unguessable tokens that can be claimed exactly once', () => {
    const tokens = new MemoryTransferTokens();
    const sender = tokens.issue({ transfer: 't1', role: 'sender' });
    const receiver = tokens.issue({ transfer: 't1', role: 'receiver' });
    expect(sender).not.toBe(receiver);
    expect(sender.length).toBeGreaterThanOrEqual(32);
    expect(tokens.claim(sender)).toEqual({ transfer: 't1', role: 'sender' });
    expect(tokens.claim(sender)).toBeUndefined();
    expect(tokens.size).toBe(1);
  });

  it('forgets a token that was never claimed', () => {
    const tokens = new MemoryTransferTokens();
    const token = tokens.issue({ transfer: 't2', role: 'receiver' });
    tokens.forget(token);
    expect(tokens.claim(token)).toBeUndefined();
    expect(tokens.size).toBe(0);
  });
});
