import { createHash, randomBytes } from 'node:crypto';
import { access, readFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ClientSession } from '../client/session.js';
import { encodeFrame, FrameDecoder } from '../protocol/codec.js';
import type { FileAcceptedEvent, FileDescriptor, FileEndedEvent } from '../protocol/file-messages.js';
import { PREAMBLE } from '../protocol/limits.js';
import { openDataLink } from './data-link.js';
import {
  BYTE_RELAYS,
  relayBytes,
  joinUser,
  listDir,
  roomStillWorks,
  startRoom,
  type TestRoom,
  type TestUser,
} from './test-support.js';

let room: TestRoom;
let users: TestUser[] = [];
let rogue: ClientSession | undefined;

afterEach(async () => {
  await rogue?.close();
  rogue = undefined;
  for (const user of users) await user.leave();
  users = [];
  await room?.stop();
});

const sha = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** A hand-written client that says whatever it likes: offers `files` to bora and returns once she accepts. */
async function rogueOffer(
  files: FileDescriptor[],
  relayOptions = {},
): Promise<{ bora: TestUser; accepted: FileAcceptedEvent; ended: FileEndedEvent[] }> {
  room = await startRoom(relayOptions);
  const bora = await joinUser(room, 'bora');
  users = [bora];
  rogue = new ClientSession({
    host: '127.0.0.1',
    port: room.port,
    nick: 'mallory',
    reconnect: false,
    rttIntervalMs: 0,
    // An unencrypted member: its raw (not end-to-end) offers are legacy, not a downgrade.
    security: { insecure: true },
  });
  await rogue.connect();
  const ended: FileEndedEvent[] = [];
  rogue.on('file.ended', (e) => ended.push(e));
  const accepted = new Promise<FileAcceptedEvent>((resolve) => rogue!.on('file.accepted', resolve));
  await rogue.request('file.offer', { to: 'bora', files });
  const offer = await bora.next('offer');
  await bora.files.accept(offer.offer);
  return { bora, accepted: await accepted, ended };
}

async function sendRaw(token: string, bytes: Buffer): Promise<void> {
  // The rogue is a member on TLS: its data connection presents the ticket bound to its chat connection.
  const link = await openDataLink('127.0.0.1', room.port, rogue!.dataTicket(token), 10_000).promise;
  link.socket.on('error', () => undefined);
  await new Promise<void>((resolve) => link.socket.end(bytes, resolve));
}

describe('offers that would not fit an answer frame', () => {
  async function mallory(): Promise<ClientSession> {
    room = await startRoom();
    users = [await joinUser(room, 'bora')];
    rogue = new ClientSession({
      host: '127.0.0.1',
      port: room.port,
      nick: 'mallory',
      reconnect: false,
      rttIntervalMs: 0,
    });
    await rogue.connect();
    return rogue;
  }
  const descriptor = (name: string): FileDescriptor => ({ name, size: 1, sha256: sha(Buffer.from(name)) });

  it('an offer to a 12,000-character nick gets a short no_such_user error and the sender stays in the room', async () => {
    const session = await mallory();
    const refused = await session.request('file.offer', { to: 'x'.repeat(12_000), files: [descriptor('a')] }).then(
      () => undefined,
      (error: { code: string; message: string }) => error,
    );
    expect(refused?.code).toBe('no_such_user');
    expect(refused?.message.length).toBeLessThanOrEqual(1000);
    expect((await session.list()).users.map((user) => user.nick)).toContain('mallory');
  });

  it('more files than one accepted answer can carry are refused up front with a clear reason', async () => {
    const session = await mallory();
    const files = Array.from({ length: 160 }, (_, i) => descriptor(String(i)));
    await expect(session.request('file.offer', { to: 'bora', files })).rejects.toMatchObject({
      code: 'bad_request',
      message: expect.stringMatching(/at most 100 files/),
    });
    expect((await session.list()).users.map((user) => user.nick)).toContain('mallory');
  });
});

describe.each(BYTE_RELAYS)('a malicious or broken sender (bytes relayed %s)', (mode) => {
  beforeAll(() => relayBytes(mode));

  it('lies about the hash: bora discards the file and both hear hash_mismatch', async () => {
    const bytes = randomBytes(5000);
    const { bora, accepted, ended } = await rogueOffer([
      { name: 'data.txt', size: 5000, sha256: sha(Buffer.from('other')) },
    ]);
    await sendRaw(accepted.transfers[0]!.token, bytes);
    expect(await bora.next('ended')).toMatchObject({ ok: false, reason: 'hash_mismatch', keptForResume: false });
    await expect.poll(() => ended.map((e) => e.reason)).toEqual(['hash_mismatch']);
    expect(await listDir(bora.dir)).toEqual([]);
  });

  it('sends fewer bytes than offered: both told, never renamed to the final name', async () => {
    const bytes = randomBytes(5000);
    const { bora, accepted, ended } = await rogueOffer([{ name: 'data.txt', size: 10_000, sha256: sha(bytes) }]);
    await sendRaw(accepted.transfers[0]!.token, bytes);
    const result = await bora.next('ended');
    expect(result).toMatchObject({ ok: false, reason: 'interrupted' });
    await expect.poll(() => ended.map((e) => e.reason)).toEqual(['interrupted']);
    expect(await listDir(bora.dir)).not.toContain('data.txt');
  });

  it('sends more bytes than offered: cut off with an error, no file saved', async () => {
    const bytes = randomBytes(1000);
    const { bora, accepted, ended } = await rogueOffer([{ name: 'data.txt', size: 1000, sha256: sha(bytes) }]);
    await sendRaw(accepted.transfers[0]!.token, Buffer.concat([bytes, randomBytes(200_000)]));
    expect(await bora.next('ended')).toMatchObject({ ok: false, reason: 'protocol', keptForResume: false });
    await expect.poll(() => ended.map((e) => e.reason)).toEqual(['protocol']);
    expect(await listDir(bora.dir)).toEqual([]);
    await roomStillWorks(bora, bora);
  });

  it('sends bytes before the go-ahead: cut off, both told', async () => {
    const bytes = randomBytes(1000);
    const { bora, accepted, ended } = await rogueOffer([{ name: 'data.txt', size: 1000, sha256: sha(bytes) }]);
    const socket = net.createConnection({ host: '127.0.0.1', port: room.port });
    socket.on('error', () => undefined);
    socket.write(
      Buffer.concat([PREAMBLE, encodeFrame({ t: 'data', ...rogue!.dataTicket(accepted.transfers[0]!.token) }), bytes]),
    );
    expect(await bora.next('ended')).toMatchObject({ ok: false, reason: 'protocol' });
    await expect.poll(() => ended.map((e) => e.reason)).toEqual(['protocol']);
    expect(await listDir(bora.dir)).toEqual([]);
    socket.destroy();
  });

  it('never opens its data connection: the transfer times out for both and the host forgets it', async () => {
    const bytes = randomBytes(1000);
    const { bora, ended } = await rogueOffer([{ name: 'data.txt', size: 1000, sha256: sha(bytes) }], {
      pairTimeoutMs: 300,
    });
    expect(await bora.next('ended')).toMatchObject({ ok: false, reason: 'timeout' });
    await expect.poll(() => ended.map((e) => e.reason)).toEqual(['timeout']);
    expect(room.relay.activeCount).toEqual({ offers: 0, transfers: 0 });
    expect(await listDir(bora.dir)).toEqual([]);
  });

  it('two silent peers: an accepted offer nobody starts is ended after the pairing timeout', async () => {
    room = await startRoom({ pairTimeoutMs: 300 });
    const sessions = ['quiet1', 'quiet2'].map(
      (nick) => new ClientSession({ host: '127.0.0.1', port: room.port, nick, reconnect: false, rttIntervalMs: 0 }),
    );
    try {
      for (const s of sessions) await s.connect();
      const [a, b] = sessions as [ClientSession, ClientSession];
      const ended = new Promise<FileEndedEvent>((resolve) => b.on('file.ended', resolve));
      const offered = new Promise<{ offer: string }>((resolve) => b.on('file.offer', resolve));
      await a.request('file.offer', { to: 'quiet2', files: [{ name: 'x', size: 10, sha256: sha(Buffer.from('x')) }] });
      await b.request('file.answer', { offer: (await offered).offer, accept: [{ index: 0, offset: 0 }] });
      expect(await ended).toMatchObject({ reason: 'timeout' });
      expect(room.relay.activeCount).toEqual({ offers: 0, transfers: 0 });
    } finally {
      for (const s of sessions) await s.close();
    }
  });

  it('a data connection with an unknown or reused token is refused with bad_token', async () => {
    room = await startRoom();
    const socket = net.createConnection({ host: '127.0.0.1', port: room.port });
    socket.write(Buffer.concat([PREAMBLE, encodeFrame({ t: 'data', token: 'made-up' }), Buffer.from('sneaky bytes')]));
    const decoder = new FrameDecoder();
    const frames: unknown[] = [];
    socket.on('data', (chunk: Buffer) => frames.push(...decoder.push(chunk).frames));
    await new Promise((resolve) => socket.on('close', resolve));
    expect(frames).toEqual([{ t: 'error', code: 'bad_token', message: expect.any(String) }]);
  });

  it.each([
    ['../../.bashrc', 'bashrc'],
    ['C:\\Windows\\x', 'x'],
    ['CON', '_CON'],
    [`${'a'.repeat(10_000)}.txt`, `${'a'.repeat(196)}.txt`],
  ])('names a file %j: saved as %j inside the download folder', async (offered, saved) => {
    const bytes = randomBytes(100);
    const { bora, accepted } = await rogueOffer([{ name: offered, size: 100, sha256: sha(bytes) }]);
    expect(bora.seen.offer[0]!.files[0]!.safeName).toBe(saved);
    await sendRaw(accepted.transfers[0]!.token, bytes);
    const result = await bora.next('ended');
    expect(result).toMatchObject({ ok: true, name: saved, path: path.join(bora.dir, saved) });
    expect(await listDir(bora.dir)).toEqual([saved]);
    expect((await readFile(path.join(bora.dir, saved))).equals(bytes)).toBe(true);
    await expect(access(path.join(bora.dir, '..', '..', '.bashrc'))).rejects.toThrow();
  });
});
