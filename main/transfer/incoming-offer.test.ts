import { describe, expect, it } from 'vitest';
import { IncomingOfferState } from './incoming-offer.js';
import type { TransferError } from './transfer-error.js';
import type { IncomingOffer } from './transfer-types.js';

const offer: IncomingOffer = {
  offer: 'o1',
  from: 'atom',
  expiresInMs: 60_000,
  files: [0, 1].map((index) => ({
    index,
    name: `f${index}`,
    safeName: `f${index}`,
    size: 10,
    sha256: 'x',
    resumeFrom: 0,
  })),
};
const ticket = (index: number) => ({ transfer: `t${index}`, index, token: `k${index}`, offset: 0 });
const cancelled = { ok: false as const, reason: 'cancelled' as const, message: 'atom cancelled f0.' };

describe('one incoming offer, phase by phase', () => {
  it('ended by the host while its kept .part files are looked up: never shown', () => {
    const state = new IncomingOfferState('o1');
    expect(state.forget()).toBe(true);
    expect(state.show(offer)).toBe(false);
    expect(state.phase).toBe('over');
  });

  it('a transfer the host ends before its ticket is tracked starts settled, and only that one', () => {
    const state = new IncomingOfferState('o1');
    state.show(offer);
    state.take();
    state.verdict('t0', cancelled);
    const first = state.track(ticket(0));
    const second = state.track(ticket(1));
    state.receiving();
    expect(first.verdict).toEqual(cancelled);
    expect(second.verdict).toBeUndefined();
    expect(first.info).toMatchObject({ offer: 'o1', index: 0, direction: 'receive', peer: 'atom', name: 'f0' });
  });

  it('once accepted it cannot be answered again, and the host ending the offer does not drop its transfers', () => {
    const state = new IncomingOfferState('o1');
    state.show(offer);
    state.take();
    expect(() => state.take()).toThrow(
      expect.objectContaining({ code: 'offer_not_pending' } satisfies Partial<TransferError>),
    );
    expect(() => state.decline()).toThrow(expect.objectContaining({ code: 'offer_not_pending' }));
    const running = state.track(ticket(0));
    state.receiving();
    expect(state.forget()).toBe(false);
    expect(state.phase).toBe('receiving');
    state.verdict('t0', cancelled);
    expect(running.verdict).toEqual(cancelled);
  });

  it('a verdict for a transfer it no longer runs is dropped, not kept for later', () => {
    const state = new IncomingOfferState('o1');
    state.show(offer);
    state.take();
    state.track(ticket(0));
    state.receiving();
    state.finished('t0');
    state.verdict('t1', cancelled);
    expect(state.track(ticket(1)).verdict).toBeUndefined();
  });

  it('declined: over, and not declinable twice', () => {
    const state = new IncomingOfferState('o1');
    state.show(offer);
    state.decline();
    expect(state.phase).toBe('over');
    expect(() => state.decline()).toThrow(expect.objectContaining({ code: 'offer_not_pending' }));
  });
});
