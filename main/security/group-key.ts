/**
 * The content key of an end-to-end group offer (docs/PROTOCOL.md "Files", "Group offers"): the sender seals every
 * file once under a random 32-byte key K (in place of the pair's X25519 secret), and wraps K, together with a digest
 * of the offered file list, for each receiver who accepted, under a key only that pair can derive:
 *
 *   wrapKey = HKDF-SHA256(ikm = X25519(sender eph, receiver eph), salt = n, info = "sarangbang-file-key-1" || offer id)
 *   wrapped = AES-256-GCM(wrapKey, nonce = 12 zero bytes, AAD = "sarangbang-file-key-1", K || filesDigest) || tag
 *   filesDigest = SHA-256( for each file: lv(name) || u64be(size) || sha256 (32 raw bytes) )
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import type { FileDescriptor } from '../protocol/file-messages.js';
import { TransferError } from '../transfer/transfer-error.js';
import { b64u, fromB64u } from './file-crypto.js';

export const GROUP_KEY_LABEL = 'sarangbang-file-key-1';
const KEY_BYTES = 32;
const TAG_BYTES = 16;

/** A fresh content key for one group offer. */
export function newContentKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

/** SHA-256 over lv(name) || u64be(size) || sha256 of each file, in offer order. */
export function filesDigest(files: readonly FileDescriptor[]): Buffer {
  const hash = createHash('sha256');
  for (const file of files) {
    const name = Buffer.from(file.name);
    const head = Buffer.alloc(4);
    head.writeUInt32BE(name.length);
    const size = Buffer.alloc(8);
    size.writeUInt32BE(Math.floor(file.size / 2 ** 32), 0);
    size.writeUInt32BE(file.size >>> 0, 4);
    hash.update(head).update(name).update(size).update(Buffer.from(file.sha256, 'hex'));
  }
  return hash.digest();
}

function wrapKey(pairShared: Uint8Array, offerNonce: Uint8Array, offerId: string): Buffer {
  const info = Buffer.concat([Buffer.from(GROUP_KEY_LABEL), Buffer.from(offerId)]);
  return Buffer.from(hkdfSync('sha256', pairShared, offerNonce, info, KEY_BYTES));
}

/** The sender's `file.key` value for one receiver. */
export function wrapContentKey(
  contentKey: Uint8Array,
  files: readonly FileDescriptor[],
  pair: { shared: Uint8Array; nonce: Uint8Array },
  offerId: string,
): string {
  const cipher = createCipheriv('aes-256-gcm', wrapKey(pair.shared, pair.nonce, offerId), Buffer.alloc(12));
  cipher.setAAD(Buffer.from(GROUP_KEY_LABEL));
  const sealed = Buffer.concat([cipher.update(contentKey), cipher.update(filesDigest(files)), cipher.final()]);
  return b64u(Buffer.concat([sealed, cipher.getAuthTag()]));
}

/**
 * The receiver's side: K, once the wrap opened under its pair key and the digest matches the files it was offered.
 * Throws `tampered` otherwise (the key did not come from the sender, or the host changed the offer's file list).
 */
export function unwrapContentKey(
  wrapped: unknown,
  files: readonly FileDescriptor[],
  pair: { shared: Uint8Array; nonce: Uint8Array },
  offerId: string,
): Buffer {
  const bytes = fromB64u(wrapped);
  if (!bytes || bytes.length !== 2 * KEY_BYTES + TAG_BYTES)
    throw new TransferError('tampered', 'the content key has the wrong length');
  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-gcm', wrapKey(pair.shared, pair.nonce, offerId), Buffer.alloc(12));
    decipher.setAAD(Buffer.from(GROUP_KEY_LABEL));
    decipher.setAuthTag(bytes.subarray(2 * KEY_BYTES));
    plain = Buffer.concat([decipher.update(bytes.subarray(0, 2 * KEY_BYTES)), decipher.final()]);
  } catch {
    throw new TransferError('tampered', 'the content key did not come from the sender');
  }
  if (!plain.subarray(KEY_BYTES).equals(filesDigest(files)))
    throw new TransferError('tampered', 'the offered file list is not the one the sender signed for');
  return plain.subarray(0, KEY_BYTES);
}
