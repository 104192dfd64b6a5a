import { createDecipheriv, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { isTransferError } from '../transfer/transfer-error.js';
import {
  createOpener,
  createSealer,
  fileKey,
  fromB64u,
  b64u,
  makeE2e,
  makeOfferE2e,
  recordOpener,
  recordSealer,
  sharedSecret,
  verifyE2e,
  wireLength,
  type StreamParams,
} from './file-crypto.js';
import { createIdentity, type Identity } from './identity.js';

const KIB64 = 65536;

let alice: Identity;
let bob: Identity;
beforeAll(async () => {
  [alice, bob] = await Promise.all([createIdentity('alice'), createIdentity('bob')]);
});

function params(length: number, offset = 0, shared = Buffer.alloc(32, 7)): StreamParams {
  return { shared, offerNonce: Buffer.alloc(16, 1), fileIndex: 0, offset, length };
}

/** Feeds `input` in uneven pieces through `stream`; resolves with everything it produced. */
async function run(stream: NodeJS.ReadWriteStream, input: Buffer, piece = 10_007): Promise<Buffer> {
  const out: Buffer[] = [];
  const pieces: Buffer[] = [];
  for (let i = 0; i < input.length; i += piece) pieces.push(input.subarray(i, i + piece));
  await pipeline(
    Readable.from(pieces),
    stream,
    new Writable({
      write(chunk: Buffer, _e, callback) {
        out.push(chunk);
        callback();
      },
    }),
  );
  return Buffer.concat(out);
}

function flip(bytes: Buffer, at: number, mask: number): void {
  bytes.writeUInt8(bytes.readUInt8(at) ^ mask, at);
}

async function seal(plain: Buffer, p: StreamParams): Promise<Buffer> {
  return run(createSealer(p), plain);
}

async function openError(wire: Buffer, p: StreamParams): Promise<unknown> {
  return run(createOpener(p), wire).then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('sealed file stream', () => {
  it.each([0, 1, KIB64 - 1, KIB64, KIB64 + 1, 3 * 1024 * 1024 + 5])(
    'round trip of %i bytes with the announced wire length',
    async (size) => {
      const plain = randomBytes(size);
      const wire = await seal(plain, params(size));
      expect(wire.length).toBe(wireLength(size));
      expect((await run(createOpener(params(size)), wire, 4099)).equals(plain)).toBe(true);
    },
  );

  it('the sealed bytes do not depend on how the plaintext is cut, nor the opened ones on how the wire is cut', async () => {
    // Whole records in a chunk take the in-place path, split ones the reused gather buffer: both must give the same
    // bytes, and no output may share that buffer (run() keeps every chunk until the end, so a shared one would show).
    const size = 4 * KIB64 + 777;
    const plain = randomBytes(size);
    const salt = randomBytes(16);
    const wire = await run(createSealer(params(size), salt), plain, size);
    for (const piece of [1, 3, 4099, KIB64, KIB64 + 20, 4 * KIB64]) {
      expect((await run(createSealer(params(size), salt), plain, piece)).equals(wire)).toBe(true);
      expect((await run(createOpener(params(size)), wire, piece)).equals(plain)).toBe(true);
    }
    expect((await run(createOpener(params(size)), wire, wire.length)).equals(plain)).toBe(true);
  });

  it('a record opener is done with each chunk when push returns: one input buffer refilled for every read', async () => {
    // As a receiver reading its socket into one buffer: every piece lands in the same memory, overwritten (with
    // garbage first) right after push returns. The output must still be the file, and no output may share that memory.
    const size = 5 * KIB64 + 3;
    const plain = randomBytes(size);
    const wire = await seal(plain, params(size));
    for (const piece of [7, 4099, KIB64, KIB64 + 20, 3 * KIB64]) {
      const reads = Buffer.alloc(piece);
      const opener = recordOpener(params(size));
      const out: Buffer[] = [];
      for (let at = 0; at < wire.length; at += piece) {
        const n = wire.copy(reads, 0, at, at + piece);
        const error = opener.push(reads.subarray(0, n), (chunk) => {
          expect(chunk.buffer).not.toBe(reads.buffer);
          out.push(chunk);
        });
        expect(error).toBeUndefined();
        reads.fill(0xa5);
      }
      expect(opener.end()).toBeUndefined();
      expect(Buffer.concat(out).equals(plain)).toBe(true);
    }
  });

  it('a record sealer is done with each chunk when push returns: one file buffer refilled for every read', async () => {
    // As the sender reading its file into reused buffers: each piece is overwritten right after push returns. The
    // wire must be the stream sealer's, byte for byte, and no emitted chunk may share the input's memory.
    const size = 5 * KIB64 + 3;
    const plain = randomBytes(size);
    const salt = randomBytes(16);
    const wire = await run(createSealer(params(size), salt), plain);
    for (const piece of [7, KIB64 - 1, KIB64, 256 * 1024]) {
      const reads = Buffer.alloc(piece);
      const sealer = recordSealer(params(size), salt);
      const out: Buffer[] = [sealer.salt];
      const emit = (chunk: Buffer): void => {
        expect(chunk.buffer).not.toBe(reads.buffer);
        out.push(chunk);
      };
      for (let at = 0; at < size; at += piece) {
        const n = plain.copy(reads, 0, at, at + piece);
        expect(sealer.push(reads.subarray(0, n), emit)).toBeUndefined();
        reads.fill(0x5a);
      }
      expect(sealer.end(emit)).toBeUndefined();
      expect(Buffer.concat(out).equals(wire)).toBe(true);
    }
    const short = recordSealer(params(10));
    short.push(Buffer.alloc(9), () => undefined);
    expect(
      isTransferError(
        short.end(() => undefined),
        'read_failed',
      ),
    ).toBe(true);
    expect(
      isTransferError(
        recordSealer(params(1)).push(Buffer.alloc(2), () => undefined),
        'read_failed',
      ),
    ).toBe(true);
  });

  it('a record opener refuses everything after an error, and its end is not a clean one', async () => {
    const size = 2 * KIB64;
    const wire = await seal(randomBytes(size), params(size));
    flip(wire, 100, 1);
    const opener = recordOpener(params(size));
    const out: Buffer[] = [];
    expect(
      isTransferError(
        opener.push(wire.subarray(0, KIB64 + 40), (c) => out.push(c)),
        'tampered',
      ),
    ).toBe(true);
    expect(
      isTransferError(
        opener.push(wire.subarray(KIB64 + 40), (c) => out.push(c)),
        'tampered',
      ),
    ).toBe(true);
    expect(isTransferError(opener.end(), 'tampered')).toBe(true);
    expect(out).toEqual([]);
  });

  it('the AAD carries offsets past 4 GiB in full (u64be)', async () => {
    const offset = 2 ** 32 + 7;
    const salt = randomBytes(16);
    const p = params(5, offset);
    const wire = await run(createSealer(p, salt), Buffer.from('hello'));
    // Opened independently, with the AAD built from a BigInt.
    const aad = Buffer.alloc(9);
    aad.writeUInt8(1, 0);
    aad.writeBigUInt64BE(BigInt(offset), 1);
    const decipher = createDecipheriv('aes-256-gcm', fileKey(p.shared, salt, p.offerNonce, 0), Buffer.alloc(12));
    decipher.setAAD(aad);
    decipher.setAuthTag(wire.subarray(16 + 4 + 5));
    expect(Buffer.concat([decipher.update(wire.subarray(20, 25)), decipher.final()]).toString()).toBe('hello');
  });

  it('wireLength: 16 + records × 20 + plain', () => {
    expect(wireLength(0)).toBe(36);
    expect(wireLength(1)).toBe(37);
    expect(wireLength(KIB64)).toBe(16 + 20 + KIB64);
    expect(wireLength(KIB64 + 1)).toBe(16 + 40 + KIB64 + 1);
  });

  it('a resume from an offset opens only with that offset', async () => {
    const plain = randomBytes(200_000);
    const wire = await seal(plain, params(plain.length, 1_000_000));
    expect((await run(createOpener(params(plain.length, 1_000_000)), wire)).equals(plain)).toBe(true);
    expect(isTransferError(await openError(wire, params(plain.length, 0)), 'tampered')).toBe(true);
  });

  it('a resume at the end is one empty final record', async () => {
    const wire = await seal(Buffer.alloc(0), params(0, 5000));
    expect(wire.length).toBe(36);
    expect(await run(createOpener(params(0, 5000)), wire)).toEqual(Buffer.alloc(0));
  });

  it('the same plaintext never gives the same bytes twice (fresh salt per connection)', async () => {
    const plain = randomBytes(1000);
    const [a, b] = await Promise.all([seal(plain, params(1000)), seal(plain, params(1000))]);
    expect(a.subarray(0, 16)).not.toEqual(b.subarray(0, 16));
    expect(a.subarray(16).equals(b.subarray(16))).toBe(false);
  });

  describe('fails on anything altered', () => {
    const size = 3 * KIB64 + 100;
    let plain: Buffer;
    let wire: Buffer;
    const record = (i: number): [number, number] => {
      const start = 16 + i * (KIB64 + 20);
      return [start, start + KIB64 + 20];
    };
    beforeAll(async () => {
      plain = randomBytes(size);
      wire = await seal(plain, params(size));
    });

    it('one flipped byte in the middle: tampered, and nothing of that record comes out', async () => {
      const bad = Buffer.from(wire);
      flip(bad, record(1)[0] + 1000, 1);
      const out: Buffer[] = [];
      const opener = createOpener(params(size));
      opener.on('data', (chunk: Buffer) => out.push(chunk));
      const error = await new Promise((resolve) => {
        opener.on('error', resolve);
        opener.end(bad);
      });
      expect(isTransferError(error, 'tampered')).toBe(true);
      expect(Buffer.concat(out).equals(plain.subarray(0, KIB64))).toBe(true);
    });

    it('a flipped tag or salt byte', async () => {
      for (const at of [record(0)[1] - 1, 3, wire.length - 1]) {
        const bad = Buffer.from(wire);
        flip(bad, at, 0x80);
        expect(isTransferError(await openError(bad, params(size)), 'tampered')).toBe(true);
      }
    });

    it('two records swapped', async () => {
      const [a0, a1] = record(0);
      const [b0, b1] = record(1);
      const bad = Buffer.concat([
        wire.subarray(0, a0),
        wire.subarray(b0, b1),
        wire.subarray(a0, a1),
        wire.subarray(b1),
      ]);
      expect(isTransferError(await openError(bad, params(size)), 'tampered')).toBe(true);
    });

    it('a record replayed', async () => {
      const [a0, a1] = record(0);
      const bad = Buffer.concat([wire.subarray(0, a1), wire.subarray(a0, a1), wire.subarray(a1)]);
      expect(isTransferError(await openError(bad, params(size)), 'tampered')).toBe(true);
    });

    it('the final record dropped, or the stream cut: link_closed, never accepted', async () => {
      expect(isTransferError(await openError(wire.subarray(0, record(3)[0]), params(size)), 'link_closed')).toBe(true);
      expect(isTransferError(await openError(wire.subarray(0, wire.length - 5), params(size)), 'link_closed')).toBe(
        true,
      );
    });

    it('a full record passed off as the final one (cut at a record boundary, shorter length claimed)', async () => {
      const short = record(2)[1] - 16 - 3 * 20;
      expect(isTransferError(await openError(wire.subarray(0, record(2)[1]), params(short)), 'tampered')).toBe(true);
    });

    it('bytes after the final record', async () => {
      const bad = Buffer.concat([wire, Buffer.alloc(8)]);
      expect(isTransferError(await openError(bad, params(size)), 'tampered')).toBe(true);
    });

    it('the wrong key', async () => {
      const error = await openError(wire, params(size, 0, Buffer.alloc(32, 8)));
      expect(isTransferError(error, 'tampered')).toBe(true);
    });

    it('another file index of the same offer', async () => {
      expect(isTransferError(await openError(wire, { ...params(size), fileIndex: 1 }), 'tampered')).toBe(true);
    });
  });

  it('a sealer fed more or fewer bytes than announced fails', async () => {
    await expect(seal(randomBytes(10), params(9))).rejects.toMatchObject({ code: 'read_failed' });
    await expect(seal(randomBytes(10), params(11))).rejects.toMatchObject({ code: 'read_failed' });
  });

  it('keeps backpressure: a paused reader stops the sealer after a few records', async () => {
    const sealer = createSealer(params(64 * KIB64));
    let accepted = 0;
    const chunk = randomBytes(KIB64);
    while (sealer.write(chunk)) accepted += 1;
    expect(accepted).toBeLessThan(4);
    sealer.destroy();
  });
});

describe('test vector (docs/PROTOCOL.md, checked against an independent HKDF + AES-GCM)', () => {
  const shared = Buffer.from(Array.from({ length: 32 }, (_, i) => i));
  const salt = Buffer.from(Array.from({ length: 16 }, (_, i) => 0xa0 + i));
  const offerNonce = Buffer.from(Array.from({ length: 16 }, (_, i) => 0x10 + i));

  it('key and sealed stream of "hello", file index 2, offset 1000', async () => {
    expect(fileKey(shared, salt, offerNonce, 2).toString('hex')).toBe(
      '2b5d97342c657a927a54dc9b741f075c5cc3ff4022f5bb56e1896b21f01e6217',
    );
    const p = { shared, offerNonce, fileIndex: 2, offset: 1000, length: 5 };
    const wire = await run(createSealer(p, salt), Buffer.from('hello'));
    expect(wire.toString('hex')).toBe(
      'a0a1a2a3a4a5a6a7a8a9aaabacadaeaf' + '00000015' + 'd1b72efc71' + '5cc3656149acb1b97678df9b2cdce4b5',
    );
    expect((await run(createOpener(p), wire)).toString()).toBe('hello');
  });
});

describe('offer and answer keys', () => {
  it('both sides derive the same secret after verifying each other', () => {
    const offer = makeOfferE2e(alice);
    const fromOffer = verifyE2e(offer.e2e, 'offer', alice.fingerprint);
    expect(fromOffer.nonce).toEqual(offer.nonce);
    const answer = makeE2e(bob, 'answer', 'offer-1');
    const fromAnswer = verifyE2e(answer.e2e, 'answer', bob.fingerprint, 'offer-1');
    expect(sharedSecret(answer.ephPrivate, fromOffer.eph)).toEqual(sharedSecret(offer.ephPrivate, fromAnswer.eph));
  });

  it('a swapped ephemeral key fails the signature', () => {
    const offer = makeOfferE2e(alice);
    const other = makeOfferE2e(alice);
    const swapped = { ...offer.e2e, eph: other.e2e.eph };
    expect(() => verifyE2e(swapped, 'offer', alice.fingerprint)).toThrow(/bad signature/);
    const answer = makeE2e(bob, 'answer', 'offer-1');
    expect(() => verifyE2e(answer.e2e, 'answer', bob.fingerprint, 'offer-2')).toThrow(/bad signature/);
    expect(() => verifyE2e(answer.e2e, 'offer', bob.fingerprint)).toThrow(/nonce|signature/);
  });

  it('a key that is not the one the host stamped for that nick fails', () => {
    const offer = makeOfferE2e(alice);
    let error: unknown;
    try {
      verifyE2e(offer.e2e, 'offer', bob.fingerprint);
    } catch (caught) {
      error = caught;
    }
    expect(isTransferError(error, 'unverified')).toBe(true);
    expect(() => verifyE2e(offer.e2e, 'offer', undefined)).toThrow(/did not give a key/);
    // Mallory signs with her own key but claims alice's SPKI: the SPKI matches, the signature does not.
    const mallory = makeOfferE2e(bob);
    expect(() => verifyE2e({ ...mallory.e2e, spki: offer.e2e.spki }, 'offer', alice.fingerprint)).toThrow(
      /bad signature/,
    );
  });

  it('rejects malformed fields', () => {
    const offer = makeOfferE2e(alice);
    expect(() => verifyE2e({ ...offer.e2e, eph: 'AAAA' }, 'offer', alice.fingerprint)).toThrow(/ephemeral/);
    expect(() => verifyE2e({ ...offer.e2e, n: b64u(Buffer.alloc(3)) }, 'offer', alice.fingerprint)).toThrow(/nonce/);
    expect(fromB64u('ab=c')).toBeUndefined();
  });

  it('refuses an all-zero (low-order) peer key', () => {
    const offer = makeOfferE2e(alice);
    expect(() => sharedSecret(offer.ephPrivate, Buffer.alloc(32))).toThrow();
  });
});
