/**
 * End-to-end encryption of file bytes (docs/PROTOCOL.md "Files", "End-to-end encryption"): the offer/answer `e2e`
 * keys (an X25519 ephemeral key signed by the person's ECDSA P-256 identity), their verification against the
 * fingerprint the host stamped for that nick, the per-connection file key (X25519 → HKDF-SHA256) and the sealed
 * stream the host relays without being able to read it:
 *
 *   salt (16) || record* ;  record = u32be(L) || AES-256-GCM(plain ≤ 64 KiB) || tag (16),  L = plain + 16
 *   nonce = 4 zero bytes || u64be(record number from 0),  AAD = u8(final) || u64be(plaintext offset in the file)
 *
 * Pure: node:crypto and streams only. Failures are TransferErrors: `unverified` (keys), `tampered` (a record), and
 * `link_closed` (the stream ended before its final record).
 */
import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import type { FileE2e } from '../protocol/file-messages.js';
import { TransferError } from '../transfer/transfer-error.js';
import { fingerprintOfSpki, type Identity } from './identity.js';

export const E2E_LABEL = 'sarangbang-file-e2e-1';
export const KEY_INFO_LABEL = 'sarangbang-file-1';
/** Largest plaintext in one record. */
export const RECORD_PLAIN_BYTES = 65536;
export const SALT_BYTES = 16;
export const TAG_BYTES = 16;
const LENGTH_BYTES = 4;
const NONCE_BYTES = 16;

export type E2eRole = 'offer' | 'answer';

/** One side's keys for an offer: what it sends (`e2e`) and its ephemeral private key (kept, never sent). */
export interface E2eKeys {
  e2e: FileE2e;
  ephPrivate: KeyObject;
}

/** The offer's own 16-byte random nonce (`e2e.n`): it names the offer in the transcript and the key derivation. */
export function newOfferNonce(): Buffer {
  return randomBytes(NONCE_BYTES);
}

/** lv(label) || lv(id) || lv(role) || lv(eph) || lv(spki), lv = u32be length then the bytes. */
export function transcript(id: Uint8Array, role: E2eRole, eph: Uint8Array, spki: Uint8Array): Buffer {
  const parts = [Buffer.from(E2E_LABEL), id, Buffer.from(role), eph, spki];
  return Buffer.concat(
    parts.flatMap((part) => {
      const length = Buffer.alloc(4);
      length.writeUInt32BE(part.length);
      return [length, part];
    }),
  );
}

/** The identity's SubjectPublicKeyInfo DER (what `fingerprint` hashes). */
export function identitySpki(identity: Identity): Buffer {
  return createPublicKey(identity.keyPem).export({ type: 'spki', format: 'der' });
}

/**
 * Fresh keys for one side. The offer passes its nonce (the host has not named the offer yet), the answer the
 * offer id the host gave (UTF-8).
 */
export function makeE2e(identity: Identity, role: E2eRole, id: Uint8Array | string): E2eKeys {
  const { privateKey, publicKey } = generateKeyPairSync('x25519');
  const eph = rawX25519(publicKey);
  const spki = identitySpki(identity);
  const sig = sign('sha256', transcript(idBytes(id), role, eph, spki), createPrivateKey(identity.keyPem));
  const e2e: FileE2e = { eph: b64u(eph), spki: b64u(spki), sig: b64u(sig) };
  if (role === 'offer') e2e.n = b64u(Buffer.from(id as Uint8Array));
  return { e2e, ephPrivate: privateKey };
}

/** The offer's keys and its nonce. */
export function makeOfferE2e(identity: Identity): E2eKeys & { nonce: Buffer } {
  const nonce = newOfferNonce();
  return { ...makeE2e(identity, 'offer', nonce), nonce };
}

/**
 * Checks the other side's keys: its SPKI hashes to `fingerprint` (what the host stamped for that nick), it is a
 * P-256 key, and it signed the transcript. `id`: the offer's nonce (role 'offer') or the offer id (role 'answer').
 * Returns the peer's ephemeral public key (and, for an offer, its nonce). Throws TransferError `unverified`.
 */
export function verifyE2e(
  e2e: FileE2e,
  role: E2eRole,
  fingerprint: string | undefined,
  offerId?: string,
): { eph: Buffer; nonce: Buffer } {
  const fail = (why: string): never => {
    throw new TransferError('unverified', `the end-to-end key could not be verified: ${why}`);
  };
  if (fingerprint === undefined) fail('the host did not give a key for that person');
  const eph = fromB64u(e2e.eph);
  const spki = fromB64u(e2e.spki);
  const sig = fromB64u(e2e.sig);
  if (!eph || eph.length !== 32) return fail('bad ephemeral key');
  if (!spki || !sig) return fail('bad encoding');
  if (fingerprintOfSpki(spki) !== fingerprint) fail('it is not the key the host knows for that person');
  let id: Buffer;
  let nonce: Buffer = Buffer.alloc(0);
  if (role === 'offer') {
    const n = e2e.n === undefined ? undefined : fromB64u(e2e.n);
    if (!n || n.length !== NONCE_BYTES) return fail('bad offer nonce');
    id = nonce = n;
  } else {
    if (offerId === undefined) return fail('no offer id');
    id = Buffer.from(offerId);
  }
  let ok: boolean;
  try {
    const key = createPublicKey({ key: spki, format: 'der', type: 'spki' });
    if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
      return fail('not a P-256 key');
    }
    ok = verify('sha256', transcript(id, role, eph, spki), key, sig);
  } catch (error) {
    if (error instanceof TransferError) throw error;
    return fail('unreadable key or signature');
  }
  if (!ok) fail('bad signature');
  return { eph, nonce };
}

/** X25519(own ephemeral private, peer ephemeral public); throws `unverified` for a degenerate (all-zero) result. */
export function sharedSecret(ephPrivate: KeyObject, peerEph: Uint8Array): Buffer {
  let shared: Buffer;
  try {
    const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: b64u(peerEph) }, format: 'jwk' });
    shared = diffieHellman({ privateKey: ephPrivate, publicKey });
  } catch {
    throw new TransferError('unverified', 'the end-to-end key agreement failed');
  }
  if (shared.every((byte) => byte === 0)) throw new TransferError('unverified', 'degenerate end-to-end key');
  return shared;
}

/** HKDF-SHA256(ikm = shared, salt, info = "sarangbang-file-1" || offerNonce || u32be(fileIndex), 32 bytes). */
export function fileKey(shared: Uint8Array, salt: Uint8Array, offerNonce: Uint8Array, fileIndex: number): Buffer {
  const index = Buffer.alloc(4);
  index.writeUInt32BE(fileIndex);
  const info = Buffer.concat([Buffer.from(KEY_INFO_LABEL), offerNonce, index]);
  return Buffer.from(hkdfSync('sha256', shared, salt, info, 32));
}

/** Records for `plain` bytes: max(1, ceil(plain / 65536)). */
export function recordCount(plain: number): number {
  return Math.max(1, Math.ceil(plain / RECORD_PLAIN_BYTES));
}

/** Bytes on the wire for `plain` bytes of file: 16 (salt) + records × 20 + plain. */
export function wireLength(plain: number): number {
  return SALT_BYTES + recordCount(plain) * (LENGTH_BYTES + TAG_BYTES) + plain;
}

/** What both ends of one data connection know: the offer's shared secret and nonce, the file, where it starts. */
export interface StreamParams {
  shared: Uint8Array;
  offerNonce: Uint8Array;
  fileIndex: number;
  /** Plaintext offset in the file of the first byte (the resume offset). */
  offset: number;
  /** Plaintext bytes this connection carries (size − offset). */
  length: number;
}

function recordNonce(record: number): Buffer {
  const nonce = Buffer.alloc(12);
  nonce.writeBigUInt64BE(BigInt(record), 4);
  return nonce;
}

function recordAad(final: boolean, offset: number): Buffer {
  const aad = Buffer.alloc(9);
  aad.writeUInt8(final ? 1 : 0, 0);
  aad.writeBigUInt64BE(BigInt(offset), 1);
  return aad;
}

/**
 * Plaintext in, the sealed stream out: the salt, then records of 64 KiB (the last one shorter, final). Exactly
 * `length` plaintext bytes must go in; more, or fewer by the end, is an error (`read_failed`: the file changed).
 */
export function createSealer(params: StreamParams, salt: Buffer = randomBytes(SALT_BYTES)): Transform {
  const key = fileKey(params.shared, salt, params.offerNonce, params.fileIndex);
  let record = 0;
  let done = 0; // plaintext sealed so far
  let held: Buffer[] = [];
  let heldBytes = 0;
  const seal = (stream: Transform, plain: Buffer): void => {
    const final = done + plain.length === params.length;
    const cipher = createCipheriv('aes-256-gcm', key, recordNonce(record));
    cipher.setAAD(recordAad(final, params.offset + done));
    const header = Buffer.alloc(LENGTH_BYTES);
    header.writeUInt32BE(plain.length + TAG_BYTES);
    const body = cipher.update(plain);
    const tail = cipher.final();
    stream.push(Buffer.concat([header, body, tail, cipher.getAuthTag()]));
    record += 1;
    done += plain.length;
  };
  const takeHeld = (): Buffer => {
    const plain = held.length === 1 ? held[0]! : Buffer.concat(held, heldBytes);
    held = [];
    heldBytes = 0;
    return plain;
  };
  return new Transform({
    construct(callback) {
      this.push(salt);
      callback();
    },
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      if (done + heldBytes + chunk.length > params.length) {
        return callback(new TransferError('read_failed', 'more bytes than the file was offered with'));
      }
      let at = 0;
      while (at < chunk.length) {
        const take = Math.min(RECORD_PLAIN_BYTES - heldBytes, chunk.length - at);
        held.push(chunk.subarray(at, at + take));
        heldBytes += take;
        at += take;
        if (heldBytes === RECORD_PLAIN_BYTES || done + heldBytes === params.length) seal(this, takeHeld());
      }
      callback();
    },
    flush(callback: TransformCallback) {
      if (done + heldBytes !== params.length) {
        return callback(new TransferError('read_failed', 'the file ended before the bytes it was offered with'));
      }
      if (params.length === 0) seal(this, Buffer.alloc(0));
      callback();
    },
  });
}

/**
 * The sealed stream in, verified plaintext out: a record's bytes come out only after its tag checked. A bad tag, a
 * record of the wrong length, out of order or after the final one is `tampered`; an end before the final record is
 * `link_closed` (the connection was cut).
 */
export function createOpener(params: StreamParams): Transform {
  let key: Buffer | undefined;
  let record = 0;
  let done = 0; // plaintext verified so far
  let finished = false;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const take = (n: number): Buffer => {
    const all = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes);
    const head = all.subarray(0, n);
    const rest = all.subarray(n);
    pending = rest.length > 0 ? [rest] : [];
    pendingBytes = rest.length;
    return head;
  };
  const peekLength = (): number => {
    const first = pending[0]!;
    if (first.length >= LENGTH_BYTES) return first.readUInt32BE(0);
    const head = take(LENGTH_BYTES);
    pending.unshift(head);
    pendingBytes += LENGTH_BYTES;
    return head.readUInt32BE(0);
  };
  const tampered = (why: string): TransferError =>
    new TransferError('tampered', `the file's encrypted bytes were altered on the way (${why})`);
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (!key) {
        if (pendingBytes < SALT_BYTES) return callback();
        key = fileKey(params.shared, take(SALT_BYTES), params.offerNonce, params.fileIndex);
      }
      while (pendingBytes >= LENGTH_BYTES) {
        if (finished) return callback(tampered('bytes after the final record'));
        const expectedPlain = Math.min(RECORD_PLAIN_BYTES, params.length - done);
        const length = peekLength();
        if (length !== expectedPlain + TAG_BYTES) return callback(tampered(`record ${record} has the wrong length`));
        if (pendingBytes < LENGTH_BYTES + length) break;
        const sealed = take(LENGTH_BYTES + length);
        const final = done + expectedPlain === params.length;
        const decipher = createDecipheriv('aes-256-gcm', key, recordNonce(record));
        decipher.setAAD(recordAad(final, params.offset + done));
        decipher.setAuthTag(sealed.subarray(LENGTH_BYTES + expectedPlain));
        const body = decipher.update(sealed.subarray(LENGTH_BYTES, LENGTH_BYTES + expectedPlain));
        try {
          decipher.final();
        } catch {
          return callback(tampered(`record ${record} failed its authentication tag`));
        }
        record += 1;
        done += expectedPlain;
        finished = final;
        if (body.length > 0) this.push(body);
      }
      callback();
    },
    flush(callback: TransformCallback) {
      if (finished && pendingBytes === 0) return callback();
      if (finished) return callback(tampered('bytes after the final record'));
      callback(new TransferError('link_closed', 'the encrypted stream ended before its final record'));
    },
  });
}

function rawX25519(publicKey: KeyObject): Buffer {
  return fromB64u(publicKey.export({ format: 'jwk' }).x!)!;
}

function idBytes(id: Uint8Array | string): Buffer {
  return typeof id === 'string' ? Buffer.from(id) : Buffer.from(id);
}

export function b64u(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}

/** Strict base64url without padding; undefined for anything else. */
export function fromB64u(text: unknown): Buffer | undefined {
  if (typeof text !== 'string' || !/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return undefined;
  return Buffer.from(text, 'base64url');
}
