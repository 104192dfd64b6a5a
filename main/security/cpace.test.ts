import { ristretto255_hasher } from '@noble/curves/ed25519.js';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  cpaceClient,
  CpaceError,
  cpaceGenerator,
  cpaceSecretKey,
  cpaceServerStart,
  GROUP_ORDER,
  lv,
  scalarToBytes,
} from './cpace.js';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const unhex = (text: string): Buffer => Buffer.from(text, 'hex');
const leScalar = (bytes: Uint8Array): bigint => BigInt(`0x${hex(Uint8Array.from(bytes).reverse())}`);

/** Published in docs/PROTOCOL.md ("CPace test vectors"); a clean-room client must reproduce every value. */
const VECTOR = {
  password: 'correct horse 사랑방',
  cb: '74e9154d8b1973e8074fd8c116d13943f709df854d9ea3c09c9ace156bb98ac5',
  ya: '532cc32ad13928517b758b3be3ca71fa7fb7afb1d7cd875c30138377eee75a08',
  yb: '21961aa5f78a777f74b93f63197a7897bdae4bde2c603f939aba1fc4ba912501',
  uniform:
    'ff838c3cd928791dd9e4659623c2eab953cdd2d6c6c8882ee458cc98b1b08816' +
    '7d58f5ba94222d2f6dfb3c7bc5be41c192752c0cca5fb79a0d48e573f4318550',
  G: '12b7d4bf44f73a6e4b0e0ede28688c28ca161859b0cf5414d9e71070c8ca7577',
  Ya: 'd66d5c9584433bf623c7370708a49b807c76ea14d4a6b06c52398f4439d33f7c',
  Yb: '92648c64018b6ef20c51dcf1cc4fc4b219fba2ce79475dc112aca4fc5f7f481b',
  K: '0cb4f557e399664475b455d9288432548faf71d61780335a415cf652742a530b',
  ISK:
    '150404f0f1b36aeb1a4f8991ed5a8c51152c886d7a1ea010389426cc0d9491d6' +
    '77d85aa58fc3d3fdaa778ca44fba2e44c49654c22ecc69e1fd158e6f87732525',
  tagC: '677980c8c6c0ec0a36ff20b7170dfb76e7bb32b1a6db68c79e6c3eec3272a1b2',
  tagS: '7a15847d08827f9e93e28dcf62c2f85a1e1f24f383acc0b865fc82172873b9b5',
};

function run(serverPassword: string, clientPassword: string, serverCb: Uint8Array, clientCb = serverCb) {
  const server = cpaceServerStart(serverPassword, serverCb);
  const client = cpaceClient(clientPassword, clientCb, server.Y);
  const result = server.finish(client.Ya, client.tagC);
  return { server, client, result };
}

describe('CPace test vectors', () => {
  it('reproduces the published vector with injected scalars', () => {
    const cb = unhex(VECTOR.cb);
    const ya = leScalar(unhex(VECTOR.ya));
    const yb = leScalar(unhex(VECTOR.yb));
    expect(hex(scalarToBytes(ya))).toBe(VECTOR.ya);
    const G = cpaceGenerator(VECTOR.password, cb);
    expect(hex(G.toBytes())).toBe(VECTOR.G);
    const server = cpaceServerStart(VECTOR.password, cb, { scalar: yb });
    expect(hex(server.Y)).toBe(VECTOR.Yb);
    const client = cpaceClient(VECTOR.password, cb, server.Y, { scalar: ya });
    expect(hex(client.Ya)).toBe(VECTOR.Ya);
    expect(hex(G.multiply((ya * yb) % GROUP_ORDER).toBytes())).toBe(VECTOR.K);
    expect(hex(cpaceSecretKey(cb, client.Ya, server.Y, unhex(VECTOR.K)))).toBe(VECTOR.ISK);
    expect(hex(client.tagC)).toBe(VECTOR.tagC);
    const result = server.finish(client.Ya, client.tagC);
    expect(result.ok && hex(result.tagS)).toBe(VECTOR.tagS);
    expect(client.verifyServer(unhex(VECTOR.tagS))).toBe(true);
  });

  it('derives G exactly as written: SHA-512 of the lv() inputs, then RFC 9496 element derivation', () => {
    const cb = unhex(VECTOR.cb);
    const uniform = createHash('sha512')
      .update(Buffer.concat([lv('SarangbangCPace1'), lv(VECTOR.password), lv(cb)]))
      .digest();
    expect(hex(uniform)).toBe(VECTOR.uniform);
    expect(hex(ristretto255_hasher.deriveToCurve!(uniform).toBytes())).toBe(VECTOR.G);
    expect(hex(lv('ab'))).toBe('000000026162');
    // RFC 9496 Appendix A.3, first "from uniform bytes" vector: the library's map is the standard one.
    const rfcInput =
      '5d1be09e3d0c82fc538112490e35701979d99e06ca3e2b5b54bffe8b4dc772c1' +
      '4d98b696a1bbfb5ca32c436cc61c16563790306c79eaca7705668b47dffe5bb6';
    expect(hex(ristretto255_hasher.deriveToCurve!(unhex(rfcInput)).toBytes())).toBe(
      '3066f82a1a747d45120d1740f14358531a8f04bbffe6a819f86dfe50f44a0a46',
    );
  });

  it('normalises the password to NFC', () => {
    const cb = randomBytes(32);
    const composed = '\u00e9t\u00e9'; // été
    const decomposed = 'e\u0301te\u0301';
    expect(hex(cpaceGenerator(composed, cb).toBytes())).toBe(hex(cpaceGenerator(decomposed, cb).toBytes()));
    expect(run(composed, decomposed, cb).result.ok).toBe(true);
  });
});

describe('CPace exchange', () => {
  it('agrees with the right password, both ways', () => {
    const { client, result } = run('hunter2', 'hunter2', randomBytes(32));
    expect(result.ok).toBe(true);
    if (result.ok) expect(client.verifyServer(result.tagS)).toBe(true);
  });

  it('rejects a wrong password on the server, and the client refuses a host without the password', () => {
    const cb = randomBytes(32);
    expect(run('hunter2', 'hunter3', cb).result.ok).toBe(false);
    // A host that does not know the password (it ran with another one) cannot produce a tagS the client accepts.
    const impostor = cpaceServerStart('guess', cb);
    const client = cpaceClient('hunter2', cb, impostor.Y);
    const forged = impostor.finish(client.Ya, client.tagC);
    expect(forged.ok).toBe(false);
    expect(client.verifyServer(randomBytes(32))).toBe(false);
    expect(client.verifyServer(new Uint8Array(0))).toBe(false);
  });

  it('fails when the two ends see different channel bindings (a man in the middle with two TLS sessions)', () => {
    const { client, result } = run('hunter2', 'hunter2', randomBytes(32), randomBytes(32));
    expect(result.ok).toBe(false);
    // Even relaying the honest host's reply could not satisfy the client: its tag binds its own CB.
    const honest = cpaceServerStart('hunter2', randomBytes(32));
    const victim = cpaceClient('hunter2', randomBytes(32), honest.Y);
    const answer = honest.finish(victim.Ya, victim.tagC);
    expect(answer.ok).toBe(false);
    expect(client.verifyServer(randomBytes(32))).toBe(false);
  });

  it('gives a passive observer nothing to test guesses against: the transcript depends on secret scalars', () => {
    const cb = randomBytes(32);
    const first = run('hunter2', 'hunter2', cb);
    const second = run('hunter2', 'hunter2', cb);
    // Same password, same CB: every public value differs between runs (fresh ya, yb).
    expect(hex(first.client.Ya)).not.toBe(hex(second.client.Ya));
    expect(hex(first.server.Y)).not.toBe(hex(second.server.Y));
    expect(hex(first.client.tagC)).not.toBe(hex(second.client.tagC));
    // tagC is a function of ya, not of (password, CB, Yb) alone: two clients answering the same Yb differ.
    const server = cpaceServerStart('hunter2', cb);
    const one = cpaceClient('hunter2', cb, server.Y, { scalar: 5n });
    const two = cpaceClient('hunter2', cb, server.Y, { scalar: 7n });
    expect(hex(one.tagC)).not.toBe(hex(two.tagC));
    // An observer recomputing the tag for the right password from (Ya, Yb, CB) with any scalar of its own does not
    // reproduce tagC; only the holder of ya (or yb) reaches K.
    const observerGuess = cpaceClient('hunter2', cb, server.Y);
    expect(hex(observerGuess.tagC)).not.toBe(hex(first.client.tagC));
    expect(server.finish(two.Ya, two.tagC).ok).toBe(true); // yet it is a valid answer for the right password
  });

  it('refuses identity and malformed elements', () => {
    const cb = randomBytes(32);
    const identity = new Uint8Array(32);
    expect(() => cpaceClient('pw', cb, identity)).toThrow(CpaceError);
    expect(() => cpaceClient('pw', cb, new Uint8Array(31))).toThrow(CpaceError);
    expect(() => cpaceClient('pw', cb, new Uint8Array(32).fill(0xff))).toThrow(CpaceError);
    // An attacker sending the identity element would know K (the identity) without the password: refused.
    const server = cpaceServerStart('pw', cb);
    const isk = cpaceSecretKey(cb, identity, server.Y, identity);
    const forgedTag = createHmac('sha256', isk).update('client').update(identity).update(server.Y).digest();
    expect(server.finish(identity, forgedTag).ok).toBe(false);
    expect(cpaceServerStart('pw', cb).finish(new Uint8Array(32).fill(0xff), new Uint8Array(32)).ok).toBe(false);
    const fresh = cpaceServerStart('pw', cb);
    const client = cpaceClient('pw', cb, fresh.Y);
    expect(fresh.finish(client.Ya, client.tagC.subarray(0, 16)).ok).toBe(false);
  });

  it('allows one guess per exchange: a second finish fails even with the right answer', () => {
    const cb = randomBytes(32);
    const server = cpaceServerStart('pw', cb);
    const wrong = cpaceClient('guess', cb, server.Y);
    const right = cpaceClient('pw', cb, server.Y);
    expect(server.finish(wrong.Ya, wrong.tagC).ok).toBe(false);
    expect(server.finish(right.Ya, right.tagC).ok).toBe(false);
    expect(cpaceServerStart('pw', cb).finish(right.Ya, right.tagC).ok).toBe(false); // right's tag was for another Yb
    const again = cpaceServerStart('pw', cb);
    const honest = cpaceClient('pw', cb, again.Y);
    expect(again.finish(honest.Ya, honest.tagC).ok).toBe(true);
    expect(again.finish(honest.Ya, honest.tagC).ok).toBe(false);
  });

  it('refuses scalars outside 1..l-1', () => {
    const cb = randomBytes(32);
    expect(() => cpaceServerStart('pw', cb, { scalar: 0n })).toThrow(RangeError);
    expect(() => cpaceServerStart('pw', cb, { scalar: GROUP_ORDER })).toThrow(RangeError);
  });
});
