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
  createSecretKey,
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

/** nonce = 4 zero bytes || u64be(record), written into `into` (reused: createCipheriv copies it). */
function writeNonce(into: Buffer, record: number): Buffer {
  into.writeUInt32BE(0, 0);
  into.writeUInt32BE(Math.floor(record / 2 ** 32), 4);
  into.writeUInt32BE(record >>> 0, 8);
  return into;
}

/** AAD = u8(final) || u64be(offset), written into `into` (reused: setAAD reads it at once). */
function writeAad(into: Buffer, final: boolean, offset: number): Buffer {
  into.writeUInt8(final ? 1 : 0, 0);
  into.writeUInt32BE(Math.floor(offset / 2 ** 32), 1);
  into.writeUInt32BE(offset >>> 0, 5);
  return into;
}

/** The file key as a KeyObject: made once per connection, not converted again for every record's cipher. */
function streamKey(params: StreamParams, salt: Uint8Array): KeyObject {
  return createSecretKey(fileKey(params.shared, salt, params.offerNonce, params.fileIndex));
}

/** The sealing state machine without a stream around it (createSealer, and a sender reading into one buffer). */
export interface RecordSealer {
  /** The connection's random salt: the first bytes to send. */
  readonly salt: Buffer;
  /**
   * Seals the plaintext in `chunk`, done with it when it returns (a caller may refill it at once): a record split
   * across chunks is copied into a buffer of the sealer's own. `emit` gets each record as three fresh buffers
   * (length, ciphertext, tag), none sharing memory with `chunk`. Returns `read_failed` for more bytes than offered.
   */
  push(chunk: Buffer, emit: (sealed: Buffer) => void): TransferError | undefined;
  /** The plaintext ended: `read_failed` unless exactly `length` bytes went in (no bytes: one empty final record). */
  end(emit: (sealed: Buffer) => void): TransferError | undefined;
}

/**
 * Plaintext in, the sealed stream out: the salt, then records of 64 KiB (the last one shorter, final). Exactly
 * `length` plaintext bytes must go in; more, or fewer by the end, is an error (`read_failed`: the file changed).
 *
 * A record leaves as three chunks, its 4-byte length, the ciphertext (AES-GCM's own output buffer) and the tag, so
 * no record is copied; a writer that corks for the tick (sender.ts) sends them as one `writev`. A record that lies
 * whole in an input chunk is sealed from it in place; only one split across chunks is gathered first, into a buffer
 * reused for the connection (the cipher reads it before it is refilled).
 */
export function recordSealer(params: StreamParams, salt: Buffer = randomBytes(SALT_BYTES)): RecordSealer {
  const key = streamKey(params, salt);
  const nonce = Buffer.alloc(12);
  const aad = Buffer.alloc(9);
  let record = 0;
  let done = 0; // plaintext sealed so far
  let gather: Buffer | undefined; // the current record's plaintext, when it spans input chunks
  let gathered = 0;
  const seal = (plain: Buffer, emit: (sealed: Buffer) => void): void => {
    const final = done + plain.length === params.length;
    const cipher = createCipheriv('aes-256-gcm', key, writeNonce(nonce, record));
    cipher.setAAD(writeAad(aad, final, params.offset + done));
    const header = Buffer.allocUnsafe(LENGTH_BYTES);
    header.writeUInt32BE(plain.length + TAG_BYTES);
    const body = cipher.update(plain);
    cipher.final(); // GCM: no bytes held back
    emit(header);
    if (body.length > 0) emit(body);
    emit(cipher.getAuthTag());
    record += 1;
    done += plain.length;
  };
  return {
    salt,
    push(chunk, emit) {
      if (done + gathered + chunk.length > params.length) {
        return new TransferError('read_failed', 'more bytes than the file was offered with');
      }
      let at = 0;
      while (at < chunk.length) {
        const need = Math.min(RECORD_PLAIN_BYTES, params.length - done); // this record's plaintext
        if (gathered === 0 && chunk.length - at >= need) {
          seal(chunk.subarray(at, at + need), emit);
          at += need;
          continue;
        }
        gather ??= Buffer.allocUnsafeSlow(RECORD_PLAIN_BYTES);
        const take = Math.min(need - gathered, chunk.length - at);
        chunk.copy(gather, gathered, at, at + take);
        gathered += take;
        at += take;
        if (gathered === need) {
          gathered = 0;
          seal(gather.subarray(0, need), emit);
        }
      }
      return undefined;
    },
    end(emit) {
      if (done + gathered !== params.length) {
        return new TransferError('read_failed', 'the file ended before the bytes it was offered with');
      }
      if (params.length === 0 && record === 0) seal(Buffer.alloc(0), emit);
      return undefined;
    },
  };
}

/** recordSealer as a Transform: plaintext chunks in, the salt and sealed records out. */
export function createSealer(params: StreamParams, salt: Buffer = randomBytes(SALT_BYTES)): Transform {
  const sealer = recordSealer(params, salt);
  return new Transform({
    construct(callback) {
      this.push(sealer.salt);
      callback();
    },
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      callback(sealer.push(chunk, (sealed) => this.push(sealed)));
    },
    flush(callback: TransformCallback) {
      callback(sealer.end((sealed) => this.push(sealed)));
    },
  });
}

/** The opening state machine without a stream around it (createOpener, and a receiver reading into one buffer). */
export interface RecordOpener {
  /**
   * Consumes all of `chunk` before it returns and keeps none of it (a caller may refill it at once): a record
   * split across chunks is copied into a buffer of the opener's own. `emit` gets each record's plaintext, AES-GCM's
   * own fresh output buffer, only once the record's tag verified; it never shares memory with `chunk`. Returns the
   * first error (`tampered`); the opener is unusable after one.
   */
  push(chunk: Buffer, emit: (plain: Buffer) => void): TransferError | undefined;
  /** The sealed stream ended: an error (`link_closed`) unless its final record was opened. */
  end(): TransferError | undefined;
}

/**
 * The sealed stream in, verified plaintext out: a record's bytes come out only after its tag checked. A bad tag, a
 * record of the wrong length, out of order or after the final one is `tampered`; an end before the final record is
 * `link_closed` (the connection was cut).
 *
 * A state machine over the incoming chunks (salt → length → record): a record that lies whole in one chunk is
 * opened from it in place; one split across chunks (most, as 64 KiB reads drift against 64 KiB + 20 records) is
 * gathered into a buffer reused for the connection. Each record's plaintext is AES-GCM's own fresh output buffer,
 * emitted once the tag verified, so nothing emitted ever shares memory with the input chunks or the gather buffer.
 */
export function recordOpener(params: StreamParams): RecordOpener {
  let key: KeyObject | undefined;
  const nonce = Buffer.alloc(12);
  const aad = Buffer.alloc(9);
  const salt = Buffer.alloc(SALT_BYTES);
  const header = Buffer.alloc(LENGTH_BYTES);
  let state: 'salt' | 'length' | 'record' | 'finished' | 'failed' = 'salt';
  let have = 0; // bytes of the current salt, length or record gathered so far
  let gather: Buffer | undefined;
  let sealedBytes = 0; // the current record's ciphertext + tag (its checked length)
  let record = 0;
  let done = 0; // plaintext verified so far
  const tampered = (why: string): TransferError => {
    state = 'failed';
    return new TransferError('tampered', `the file's encrypted bytes were altered on the way (${why})`);
  };
  /** Opens the current record from `sealed` (ciphertext || tag); emits its plaintext only once the tag checked. */
  const open = (sealed: Buffer, emit: (plain: Buffer) => void): TransferError | undefined => {
    const plainBytes = sealedBytes - TAG_BYTES;
    const final = done + plainBytes === params.length;
    const decipher = createDecipheriv('aes-256-gcm', key!, writeNonce(nonce, record));
    decipher.setAAD(writeAad(aad, final, params.offset + done));
    decipher.setAuthTag(sealed.subarray(plainBytes, sealedBytes)); // copied by the decipher
    const plain = decipher.update(sealed.subarray(0, plainBytes));
    try {
      decipher.final();
    } catch {
      return tampered(`record ${record} failed its authentication tag`);
    }
    record += 1;
    done += plainBytes;
    state = final ? 'finished' : 'length';
    if (plain.length > 0) emit(plain);
    return undefined;
  };
  /** Copies up to `want − have` bytes of `chunk` from `at` into `into`; returns how many. */
  const fill = (into: Buffer, want: number, chunk: Buffer, at: number): number => {
    const take = Math.min(want - have, chunk.length - at);
    chunk.copy(into, have, at, at + take);
    have += take;
    return take;
  };
  return {
    push(chunk, emit) {
      if (state === 'failed') return tampered('bytes after an error');
      let at = 0;
      while (at < chunk.length) {
        if (state === 'finished') return tampered('bytes after the final record');
        if (state === 'salt') {
          at += fill(salt, SALT_BYTES, chunk, at);
          if (have < SALT_BYTES) break;
          key = streamKey(params, salt);
          state = 'length';
          have = 0;
        } else if (state === 'length') {
          at += fill(header, LENGTH_BYTES, chunk, at);
          if (have < LENGTH_BYTES) break;
          const expectedPlain = Math.min(RECORD_PLAIN_BYTES, params.length - done);
          if (header.readUInt32BE(0) !== expectedPlain + TAG_BYTES) {
            return tampered(`record ${record} has the wrong length`);
          }
          sealedBytes = expectedPlain + TAG_BYTES;
          state = 'record';
          have = 0;
        } else if (have === 0 && chunk.length - at >= sealedBytes) {
          const error = open(chunk.subarray(at, at + sealedBytes), emit);
          if (error) return error;
          at += sealedBytes;
        } else {
          gather ??= Buffer.allocUnsafeSlow(RECORD_PLAIN_BYTES + TAG_BYTES);
          at += fill(gather, sealedBytes, chunk, at);
          if (have < sealedBytes) break;
          have = 0;
          const error = open(gather.subarray(0, sealedBytes), emit);
          if (error) return error;
        }
      }
      return undefined;
    },
    end() {
      if (state === 'finished') return undefined;
      if (state === 'failed') return tampered('the stream ended after an error');
      return new TransferError('link_closed', 'the encrypted stream ended before its final record');
    },
  };
}

/** recordOpener as a Transform: sealed chunks in, verified plaintext out. */
export function createOpener(params: StreamParams): Transform {
  const opener = recordOpener(params);
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      const error = opener.push(chunk, (plain) => this.push(plain));
      callback(error);
    },
    flush(callback: TransformCallback) {
      callback(opener.end());
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
