import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { wireLength } from '../security/file-crypto.js';
import { startMitmProxy } from '../security/mitm-proxy.js';
import { createIdentity } from '../security/identity.js';
import { nickKey } from '../protocol/nickname.js';
import {
  BYTE_RELAYS,
  e2eKeys,
  joinUser,
  listDir,
  makeFile,
  relayBytes,
  roomStillWorks,
  startProxy,
  startRoom,
  type TestRoom,
  type TestUser,
} from './test-support.js';

let room: TestRoom;
let users: TestUser[] = [];
let cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const user of users) await user.leave();
  for (const cleanup of cleanups) await cleanup();
  users = [];
  cleanups = [];
  await room?.stop();
});

const MB = 1024 * 1024;

/** The data connection among a proxy's captured connections: the one whose first frame is the receiver's go-ahead. */
function dataConnection(captured: Buffer[][]): { ready: Record<string, unknown>; sealed: Buffer } {
  for (const chunks of captured) {
    const all = Buffer.concat(chunks);
    if (all.length < 4) continue;
    const length = all.readUInt32BE(0);
    let frame: Record<string, unknown>;
    try {
      frame = JSON.parse(all.subarray(4, 4 + length).toString()) as Record<string, unknown>;
    } catch {
      continue;
    }
    if (frame.t === 'ok' && frame.role === 'receiver') return { ready: frame, sealed: all.subarray(4 + length) };
  }
  throw new Error('no data connection was captured');
}

/** Does `haystack` contain any 32-byte window of `plain` (sampled every 4 KiB)? */
function leaks(haystack: Buffer, plain: Buffer): boolean {
  for (let at = 0; at + 32 <= plain.length; at += 4096) {
    if (haystack.includes(plain.subarray(at, at + 32))) return true;
  }
  return false;
}

describe.each(BYTE_RELAYS)('files end to end (bytes relayed %s)', (mode) => {
  beforeAll(() => relayBytes(mode));

  it('arrives byte-identical and SHA-256 verified; the host forwarded only ciphertext of the announced length', async () => {
    room = await startRoom();
    const keys = await e2eKeys(['atom', 'bora']);
    const proxy = await startProxy(room.port, { capture: true });
    cleanups.push(proxy.stop);
    const atom = await joinUser(room, 'atom', { peers: keys.peers('atom') });
    const bora = await joinUser(room, 'bora', { peers: keys.peers('bora') }, proxy.port);
    users = [atom, bora];
    const size = 2 * MB + 12_345;
    const file = await makeFile(atom, 'secret.bin', size);
    await atom.files.send('bora', [file.path]);
    await bora.files.accept((await bora.next('offer')).offer);
    expect(await bora.next('ended')).toMatchObject({ ok: true, bytes: size });
    expect(await atom.next('ended')).toMatchObject({ ok: true });
    const saved = await readFile(path.join(bora.dir, 'secret.bin'));
    expect(saved.equals(file.bytes)).toBe(true);
    expect(createHash('sha256').update(saved).digest('hex')).toBe(
      createHash('sha256').update(file.bytes).digest('hex'),
    );
    const { ready, sealed } = dataConnection(proxy.captured);
    expect(ready.length).toBe(wireLength(size));
    expect(sealed.length).toBe(wireLength(size));
    expect(leaks(sealed, file.bytes)).toBe(false);
    // The check can fail: the same file sent raw shows its bytes.
    expect(leaks(Buffer.concat([Buffer.alloc(7), file.bytes]), file.bytes)).toBe(true);
  });

  it('an empty file and a few files in one offer', async () => {
    room = await startRoom();
    const keys = await e2eKeys(['atom', 'bora']);
    const atom = await joinUser(room, 'atom', { peers: keys.peers('atom') });
    const bora = await joinUser(room, 'bora', { peers: keys.peers('bora') });
    users = [atom, bora];
    const files = [
      await makeFile(atom, 'empty.bin', 0),
      await makeFile(atom, 'one.bin', 1),
      await makeFile(atom, 'record.bin', 65536),
      await makeFile(atom, 'more.bin', 65537),
    ];
    await atom.files.send(
      'bora',
      files.map((f) => f.path),
    );
    await bora.files.accept((await bora.next('offer')).offer);
    for (const [index, file] of files.entries()) {
      expect(await bora.next('ended', (e) => e.index === index)).toMatchObject({ ok: true });
      expect((await readFile(path.join(bora.dir, path.basename(file.path)))).equals(file.bytes)).toBe(true);
    }
  });

  it('one flipped ciphertext byte on the way: the receiver fails it as tampered, the sender is told, nothing kept', async () => {
    room = await startRoom();
    const keys = await e2eKeys(['atom', 'bora']);
    const proxy = await startProxy(room.port, { flipAt: 1 * MB + 777 });
    cleanups.push(proxy.stop);
    const atom = await joinUser(room, 'atom', { peers: keys.peers('atom') });
    const bora = await joinUser(room, 'bora', { peers: keys.peers('bora') }, proxy.port);
    users = [atom, bora];
    const file = await makeFile(atom, 'big.bin', 3 * MB);
    await atom.files.send('bora', [file.path]);
    await bora.files.accept((await bora.next('offer')).offer);
    expect(await bora.next('ended')).toMatchObject({ ok: false, reason: 'tampered', keptForResume: false });
    expect(await atom.next('ended')).toMatchObject({ ok: false, reason: 'tampered' });
    expect(proxy.flips).toBe(1);
    expect(await listDir(bora.dir)).toEqual([]);
    expect(room.relay.activeCount).toEqual({ offers: 0, transfers: 0 });
    await roomStillWorks(atom, bora);
  });

  it('resumes after a cut with a fresh salt, and the whole file verifies', async () => {
    room = await startRoom();
    const keys = await e2eKeys(['atom', 'bora']);
    const cutting = await startProxy(room.port, { cutAfter: 400_000, capture: true });
    cleanups.push(cutting.stop);
    const atom = await joinUser(room, 'atom', { peers: keys.peers('atom') });
    const bora = await joinUser(room, 'bora', { peers: keys.peers('bora') }, cutting.port);
    users = [atom, bora];
    const size = 3 * MB;
    const file = await makeFile(atom, 'big.bin', size);
    await atom.files.send('bora', [file.path]);
    await bora.files.accept((await bora.next('offer')).offer);
    expect(await bora.next('ended')).toMatchObject({ ok: false, reason: 'interrupted', keptForResume: true });
    await atom.next('ended');
    const first = dataConnection(cutting.captured);
    const kept = (await readFile(path.join(bora.dir, 'big.bin.part'))).length;
    // Only verified records were written: a whole number of 64 KiB records, all of them the file's bytes.
    expect(kept % 65536).toBe(0);
    expect(kept).toBeGreaterThan(0);
    expect((await readFile(path.join(bora.dir, 'big.bin.part'))).equals(file.bytes.subarray(0, kept))).toBe(true);

    await bora.session.close();
    const watching = await startProxy(room.port, { capture: true });
    cleanups.push(watching.stop);
    const bora2 = await joinUser(room, 'bora', { downloadDir: bora.dir, peers: keys.peers('bora') }, watching.port);
    users.push(bora2);
    await atom.files.send('bora', [file.path]);
    const offer = await bora2.next('offer');
    expect(offer.files[0]!.resumeFrom).toBe(kept);
    await bora2.files.accept(offer.offer);
    expect(await bora2.next('ended')).toMatchObject({ ok: true, offset: kept, bytes: size });
    expect((await readFile(path.join(bora.dir, 'big.bin'))).equals(file.bytes)).toBe(true);
    const second = dataConnection(watching.captured);
    expect(second.ready).toMatchObject({ offset: kept, length: wireLength(size - kept) });
    expect(second.sealed.subarray(0, 16).equals(first.sealed.subarray(0, 16))).toBe(false);
  });
});

describe("a man in the middle on the sender's side (main/security/mitm-proxy.ts)", () => {
  async function throughMitm(mode: 'passive' | 'tamper') {
    room = await startRoom();
    const keys = await e2eKeys(['atom', 'bora']);
    const mitm = await startMitmProxy({ target: { host: '127.0.0.1', port: room.port }, mode, tamperAfter: 2 * MB });
    cleanups.push(() => mitm.close());
    const atom = await joinUser(room, 'atom', { peers: keys.peers('atom') }, mitm.port);
    const bora = await joinUser(room, 'bora', { peers: keys.peers('bora') });
    users = [atom, bora];
    const file = await makeFile(atom, 'secret.bin', 4 * MB);
    await atom.files.send('bora', [file.path]);
    await bora.files.accept((await bora.next('offer')).offer);
    return { atom, bora, mitm, file };
  }

  it('passive: it sees no file byte, and the file arrives', async () => {
    const { bora, mitm, file } = await throughMitm('passive');
    expect(await bora.next('ended')).toMatchObject({ ok: true });
    expect(mitm.seen().length).toBeGreaterThan(4 * MB);
    expect(leaks(mitm.seen(), file.bytes)).toBe(false);
  });

  it('one flipped bit of the ciphertext: tampered on both sides, nothing saved', async () => {
    const { atom, bora, mitm } = await throughMitm('tamper');
    expect(await bora.next('ended')).toMatchObject({ ok: false, reason: 'tampered' });
    expect(await atom.next('ended')).toMatchObject({ ok: false, reason: 'tampered' });
    expect(mitm.tampered()).toBe(1);
    expect(await listDir(bora.dir)).toEqual([]);
  });
});

describe('files refused rather than sent unencrypted or to the wrong key', () => {
  it("the host's fingerprint for the sender is another key: the receiver refuses (unverified) without showing it", async () => {
    room = await startRoom();
    const keys = await e2eKeys(['atom', 'bora']);
    keys.directory.set(nickKey('atom'), (await createIdentity('mallory')).fingerprint);
    const atom = await joinUser(room, 'atom', { peers: keys.peers('atom') });
    const bora = await joinUser(room, 'bora', { peers: keys.peers('bora') });
    users = [atom, bora];
    const file = await makeFile(atom, 'x.bin', 1000);
    await atom.files.send('bora', [file.path]);
    expect(await atom.next('offer-ended')).toMatchObject({ reason: 'unverified' });
    expect(await bora.next('offer-ended')).toMatchObject({ reason: 'unverified' });
    expect(bora.seen.offer).toEqual([]);
  });

  it('a sender with a key known to the host offers without e2e (a downgrade): refused', async () => {
    room = await startRoom();
    const keys = await e2eKeys(['atom', 'bora']);
    keys.identities.set('atom', undefined); // atom's client sends raw, although the host knows a key for atom
    const atom = await joinUser(room, 'atom', { peers: keys.peers('atom') });
    const bora = await joinUser(room, 'bora', { peers: keys.peers('bora') });
    users = [atom, bora];
    const file = await makeFile(atom, 'x.bin', 1000);
    await atom.files.send('bora', [file.path]);
    expect(await atom.next('offer-ended')).toMatchObject({ reason: 'unverified' });
    expect(bora.seen.offer).toEqual([]);
  });

  it("the receiver's answer is signed by another key: the sender stops before any byte", async () => {
    room = await startRoom();
    const keys = await e2eKeys(['atom', 'bora']);
    const atomPeers = keys.peers('atom');
    const stranger = (await createIdentity('mallory')).fingerprint;
    const atom = await joinUser(room, 'atom', {
      peers: {
        identity: atomPeers.identity,
        fingerprintOf: (nick) => Promise.resolve(nickKey(nick) === 'bora' ? stranger : undefined),
      },
    });
    const bora = await joinUser(room, 'bora', { peers: keys.peers('bora') });
    users = [atom, bora];
    const file = await makeFile(atom, 'x.bin', 100_000);
    await atom.files.send('bora', [file.path]);
    await bora.files.accept((await bora.next('offer')).offer);
    expect(await atom.next('ended')).toMatchObject({ ok: false, reason: 'unverified' });
    expect(await bora.next('ended')).toMatchObject({ ok: false, reason: 'unverified' });
    expect(await listDir(bora.dir)).toEqual([]);
  });

  it('neither side has an identity: raw bytes as before', async () => {
    room = await startRoom();
    const keys = await e2eKeys([]);
    const atom = await joinUser(room, 'atom', { peers: keys.peers('atom') });
    const proxy = await startProxy(room.port, { capture: true });
    cleanups.push(proxy.stop);
    const bora = await joinUser(room, 'bora', { peers: keys.peers('bora') }, proxy.port);
    users = [atom, bora];
    const file = await makeFile(atom, 'plain.bin', 100_000);
    await atom.files.send('bora', [file.path]);
    await bora.files.accept((await bora.next('offer')).offer);
    expect(await bora.next('ended')).toMatchObject({ ok: true });
    const { ready, sealed } = dataConnection(proxy.captured);
    expect(ready.length).toBe(100_000);
    expect(sealed.equals(file.bytes)).toBe(true);
  });
});
