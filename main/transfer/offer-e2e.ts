/**
 * The clients' end-to-end decisions for one offer (docs/PROTOCOL.md "Files", "End-to-end encryption"): the sender's
 * keys, the receiver's check of an incoming offer and its answer keys, the sender's check of the answer. Either
 * side goes raw only when it or the other side has no identity; when both have one, a missing, unknown or badly
 * signed key refuses the offer (`unverified`), never a silent fall back to raw bytes.
 */
import type { KeyObject } from 'node:crypto';
import type { FileE2e } from '../protocol/file-messages.js';
import { makeE2e, makeOfferE2e, sharedSecret, verifyE2e, type StreamParams } from '../security/file-crypto.js';
import type { E2ePeers } from './e2e-context.js';
import { isTransferError } from './transfer-error.js';

/** What seals (or opens) every file of an offer: the X25519 shared secret and the offer's nonce. */
export interface OfferSecret {
  shared: Buffer;
  nonce: Buffer;
}

/** The sender's own keys for an offer, kept until the answer. */
export interface SenderKeys {
  e2e: FileE2e;
  ephPrivate: KeyObject;
  nonce: Buffer;
}

export type E2eDecision<T> = { kind: 'raw' } | ({ kind: 'e2e' } & T) | { kind: 'refuse'; message: string };

/** The offer's keys, or undefined (raw) when we have no identity. */
export function senderKeys(peers: E2ePeers): SenderKeys | undefined {
  const identity = peers.identity;
  return identity ? makeOfferE2e(identity) : undefined;
}

/** One connection's stream parameters for file `index` from `offset`, `length` plaintext bytes. */
export function streamParams(secret: OfferSecret, index: number, offset: number, length: number): StreamParams {
  return { shared: secret.shared, offerNonce: secret.nonce, fileIndex: index, offset, length };
}

/** Receiver: may this offer be shown, and is it end to end? */
export async function checkIncomingOffer(
  peers: E2ePeers,
  from: string,
  e2e: FileE2e | undefined,
): Promise<E2eDecision<{ eph: Buffer; nonce: Buffer }>> {
  if (!peers.identity) return { kind: 'raw' };
  const fingerprint = await peers.fingerprintOf(from);
  if (!e2e) {
    if (fingerprint === undefined) return { kind: 'raw' };
    return { kind: 'refuse', message: `${from} has a key but offered files without end-to-end encryption.` };
  }
  try {
    return { kind: 'e2e', ...verifyE2e(e2e, 'offer', fingerprint) };
  } catch (error) {
    if (!isTransferError(error, 'unverified')) throw error;
    return { kind: 'refuse', message: `Refused files from ${from}: ${error.message}.` };
  }
}

/** Receiver, accepting: its answer keys for offer `offerId`, and the offer's secret. */
export function answerKeys(
  peers: E2ePeers,
  offerId: string,
  offer: { eph: Buffer; nonce: Buffer },
): { e2e: FileE2e; secret: OfferSecret } {
  const keys = makeE2e(peers.identity!, 'answer', offerId);
  return { e2e: keys.e2e, secret: { shared: sharedSecret(keys.ephPrivate, offer.eph), nonce: offer.nonce } };
}

/** Sender, accepted: is the answer end to end, and verified? */
export async function checkAnswer(
  peers: E2ePeers,
  keys: SenderKeys | undefined,
  offerId: string,
  to: string,
  e2e: FileE2e | undefined,
): Promise<E2eDecision<{ secret: OfferSecret }>> {
  if (!keys) return { kind: 'raw' };
  const fingerprint = await peers.fingerprintOf(to);
  if (!e2e) {
    if (fingerprint === undefined) return { kind: 'raw' };
    return { kind: 'refuse', message: `${to} has a key but accepted without end-to-end encryption.` };
  }
  try {
    const { eph } = verifyE2e(e2e, 'answer', fingerprint, offerId);
    return { kind: 'e2e', secret: { shared: sharedSecret(keys.ephPrivate, eph), nonce: keys.nonce } };
  } catch (error) {
    if (!isTransferError(error, 'unverified')) throw error;
    return { kind: 'refuse', message: `Stopped sending to ${to}: ${error.message}.` };
  }
}
