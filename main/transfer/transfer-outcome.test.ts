import { describe, expect, it } from 'vitest';
import { receivedOutcome, receivedResult } from './transfer-outcome.js';
import type { TransferInfo } from './transfer-types.js';

const info: TransferInfo = {
  transfer: 't1',
  offer: 'o1',
  index: 0,
  direction: 'receive',
  peer: 'atom',
  name: 'photo.jpg',
  size: 1000,
  offset: 0,
};
const ended = (reason: 'cancelled' | 'interrupted' | 'sender_left' | 'hash_mismatch' | 'no_space', message = 'm.') => ({
  ok: false as const,
  reason,
  message,
});

describe('how a received file ended', () => {
  it('cancelled while its bytes were held (even when part of the file is on disk): cancelled, nothing kept', () => {
    const outcome = receivedOutcome(ended('cancelled', 'atom cancelled photo.jpg.'), undefined, 600);
    expect(outcome).toEqual({ kind: 'cancelled', message: 'atom cancelled photo.jpg.' });
    expect(receivedResult(info, outcome, 600)).toMatchObject({
      ok: false,
      reason: 'cancelled',
      keptForResume: false,
      bytes: 600,
    });
  });

  it('cut with bytes on disk: interrupted and resumable, the .part kept; with none, a plain failure', () => {
    const kept = receivedOutcome(ended('sender_left', 'atom left the room.'), undefined, 400);
    expect(kept).toEqual({
      kind: 'interrupted',
      resumable: true,
      reason: 'sender_left',
      message: 'atom left the room.',
    });
    expect(receivedResult(info, kept, 400)).toMatchObject({
      ok: false,
      reason: 'sender_left',
      keptForResume: true,
      message: 'atom left the room. The partial file was kept to resume later.',
    });
    expect(receivedOutcome(ended('interrupted'), undefined, 0)).toEqual({
      kind: 'failed',
      code: 'interrupted',
      message: 'm.',
    });
  });

  it('a wrong hash or a full disk is a failure, never resumable', () => {
    expect(receivedOutcome(ended('hash_mismatch'), undefined, 1000)).toMatchObject({
      kind: 'failed',
      code: 'hash_mismatch',
    });
    expect(receivedResult(info, receivedOutcome(ended('no_space'), undefined, 300), 300)).toMatchObject({
      reason: 'no_space',
      keptForResume: false,
    });
  });

  it('verified: named after the file it was saved as', () => {
    const outcome = receivedOutcome({ ok: true }, '/downloads/photo (1).jpg', 0);
    expect(receivedResult(info, outcome, 1000)).toEqual({
      ...info,
      name: 'photo (1).jpg',
      ok: true,
      message: 'photo.jpg 1000 bytes received, SHA-256 verified',
      path: '/downloads/photo (1).jpg',
      keptForResume: false,
      bytes: 1000,
    });
  });
});
