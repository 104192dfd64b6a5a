/**
 * CPace over ristretto255 with SHA-512 (suite `cpace-ristretto255-sha512`): the password PAKE for password rooms,
 * bound to the TLS channel by `cb` = CB_pake (tls-options.ts). Neither side sends the password; a man in the
 * middle learns nothing to test guesses against offline and cannot pose as the host without it.
 *
 *   lv(x) = u32be(len(x)) || x; strings UTF-8; the password is NFC-normalised first.
 *   G   = ristretto255 element derivation (RFC 9496 §4.3.4, "from uniform bytes") of
 *         SHA-512( lv("SarangbangCPace1") || lv(NFC(password)) || lv(cb) )
 *   server: yb random in 1..l-1, Yb = yb·G (sent in `welcome.auth.Y`)
 *   client: ya random in 1..l-1, Ya = ya·G, K = ya·Yb  (Yb must decode and not be the identity; nor may K)
 *   ISK  = SHA-512( lv("SarangbangCPace1-ISK") || lv(cb) || lv(Ya) || lv(Yb) || lv(K) )   (K as 32-byte encoding)
 *   tagC = HMAC-SHA256(key=ISK, "client" || Ya || Yb)      tagS = HMAC-SHA256(key=ISK, "server" || Yb || Ya)
 *   server: K = yb·Ya, checks tagC (timingSafeEqual), answers tagS; client checks tagS (timingSafeEqual).
 *
 * Points travel as their 32-byte canonical ristretto255 encoding; scalars (test vectors only) as 32-byte
 * little-endian. API: `cpaceServerStart(password, cb) → {Y, finish(Ya, tagC)}`, `cpaceClient(password, cb, Yb) →
 * {Ya, tagC, verifyServer(tagS)}`; both accept an injected scalar for test vectors. `CpaceError` for a bad peer
 * element. `cpaceGenerator` and `cpaceSecretKey` are exported for test vectors.
 */
import { ristretto255, ristretto255_hasher } from '@noble/curves/ed25519.js';
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const CPACE_METHOD = 'cpace-ristretto255-sha512';
const DSI = 'SarangbangCPace1';
const DSI_ISK = 'SarangbangCPace1-ISK';
const POINT_BYTES = 32;
const TAG_BYTES = 32;

const Point = ristretto255.Point;
type RistrettoPoint = ReturnType<typeof Point.fromBytes>;
/** The prime order l of the ristretto255 group. */
export const GROUP_ORDER: bigint = Point.Fn.ORDER;

export class CpaceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CpaceError';
  }
}

export type CpaceServerResult = { ok: true; tagS: Uint8Array } | { ok: false };

export interface CpaceServer {
  /** Yb, 32 bytes, for `welcome.auth.Y`. */
  readonly Y: Uint8Array;
  /**
   * Checks the client's answer; `ok:false` for a wrong password or a malformed Ya/tag (never throws). One guess per
   * exchange: every call after the first returns `ok:false`.
   */
  finish(Ya: Uint8Array, tagC: Uint8Array): CpaceServerResult;
}

export interface CpaceClient {
  /** Ya, 32 bytes, for `login.pake.Y`. */
  readonly Ya: Uint8Array;
  /** tagC, 32 bytes, for `login.pake.tag`. */
  readonly tagC: Uint8Array;
  /** True when the host's tagS proves it knows the password (constant-time compare). */
  verifyServer(tagS: Uint8Array): boolean;
}

export interface CpaceOptions {
  /** Injected secret scalar in 1..l-1 (test vectors only; default: fresh random). */
  scalar?: bigint;
}

/** The server's half: picks yb and returns Yb plus the check of the client's reply. */
export function cpaceServerStart(password: string, cb: Uint8Array, options: CpaceOptions = {}): CpaceServer {
  const G = cpaceGenerator(password, cb);
  const yb = checkScalar(options.scalar ?? randomScalar());
  const Yb = G.multiply(yb).toBytes();
  let used = false;
  return {
    Y: Yb,
    finish(Ya: Uint8Array, tagC: Uint8Array): CpaceServerResult {
      if (used) return { ok: false };
      used = true;
      const peer = decodeElement(Ya);
      if (!peer || tagC.length !== TAG_BYTES) return { ok: false };
      const K = peer.multiply(yb);
      if (K.is0()) return { ok: false };
      const isk = cpaceSecretKey(cb, Ya, Yb, K.toBytes());
      if (!timingSafeEqual(tag(isk, 'client', Ya, Yb), tagC)) return { ok: false };
      return { ok: true, tagS: tag(isk, 'server', Yb, Ya) };
    },
  };
}

/** The client's half, given the server's Yb. Throws CpaceError when Yb is not a usable element. */
export function cpaceClient(password: string, cb: Uint8Array, Yb: Uint8Array, options: CpaceOptions = {}): CpaceClient {
  const peer = decodeElement(Yb);
  if (!peer) throw new CpaceError('the host sent an invalid CPace element');
  const G = cpaceGenerator(password, cb);
  const ya = checkScalar(options.scalar ?? randomScalar());
  const Ya = G.multiply(ya).toBytes();
  const K = peer.multiply(ya);
  if (K.is0()) throw new CpaceError('the CPace shared element is the identity');
  const isk = cpaceSecretKey(cb, Ya, Yb, K.toBytes());
  const tagC = tag(isk, 'client', Ya, Yb);
  const expected = tag(isk, 'server', Yb, Ya);
  return {
    Ya,
    tagC,
    verifyServer: (tagS) => tagS.length === TAG_BYTES && timingSafeEqual(expected, tagS),
  };
}

/** G for a password and channel binding (RFC 9496 §4.3.4 over SHA-512 of the labelled inputs). */
export function cpaceGenerator(password: string, cb: Uint8Array): RistrettoPoint {
  const uniform = sha512(lv(DSI), lv(password.normalize('NFC')), lv(cb));
  return ristretto255_hasher.deriveToCurve!(uniform) as RistrettoPoint;
}

/** ISK = SHA-512(lv("SarangbangCPace1-ISK") || lv(cb) || lv(Ya) || lv(Yb) || lv(K)). */
export function cpaceSecretKey(cb: Uint8Array, Ya: Uint8Array, Yb: Uint8Array, K: Uint8Array): Uint8Array {
  return sha512(lv(DSI_ISK), lv(cb), lv(Ya), lv(Yb), lv(K));
}

/** A scalar's 32-byte little-endian encoding (for test vectors). */
export function scalarToBytes(scalar: bigint): Uint8Array {
  const out = new Uint8Array(32);
  let rest = scalar;
  for (let i = 0; i < 32; i++, rest >>= 8n) out[i] = Number(rest & 0xffn);
  return out;
}

/** A uniformly random scalar in 1..l-1: 64 random bytes reduced mod l (bias < 2^-250), retried if 0. */
function randomScalar(): bigint {
  for (;;) {
    const bytes = randomBytes(64);
    let value = 0n;
    for (let i = bytes.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i] ?? 0);
    const scalar = value % GROUP_ORDER;
    if (scalar !== 0n) return scalar;
  }
}

function checkScalar(scalar: bigint): bigint {
  if (scalar <= 0n || scalar >= GROUP_ORDER) throw new RangeError('a CPace scalar is in 1..l-1');
  return scalar;
}

/** The element encoded by 32 canonical bytes, or undefined when malformed or the identity. */
function decodeElement(bytes: Uint8Array): RistrettoPoint | undefined {
  if (bytes.length !== POINT_BYTES) return undefined;
  try {
    const point = Point.fromBytes(bytes);
    return point.is0() ? undefined : point;
  } catch {
    return undefined;
  }
}

function tag(isk: Uint8Array, role: 'client' | 'server', first: Uint8Array, second: Uint8Array): Uint8Array {
  return createHmac('sha256', isk).update(role, 'utf8').update(first).update(second).digest();
}

function sha512(...parts: Uint8Array[]): Uint8Array {
  const hash = createHash('sha512');
  for (const part of parts) hash.update(part);
  return hash.digest();
}

/** lv(x): 4-byte big-endian length of x, then x (strings as UTF-8). */
export function lv(value: Uint8Array | string): Buffer {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}
