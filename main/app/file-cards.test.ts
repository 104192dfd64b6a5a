import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventPayload, HistoryEntry, RoomKey, TransferInfo } from '@contract/ipc-contract';
import { FileCards } from './file-cards.js';
import { HistoryStore } from './history/history-store.js';
import { createTestApp, type TestApp } from './test-support.js';

/** A real 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

let alice: TestApp;
let bob: TestApp;
let dir: string;
let port = 0;
const open: TestApp[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sb-cards-'));
  alice = await createTestApp('alice');
  bob = await createTestApp('bob');
  open.push(alice, bob);
  await alice.ok('app.ready');
  await bob.ok('app.ready');
  const hosted = await alice.ok('host.start', { port: 0, maxUsers: 5 });
  if (!hosted.running) throw new Error('not hosting');
  port = hosted.port;
  await alice.ok('room.join', { host: '127.0.0.1', port, nick: 'alice' });
  await bob.ok('room.join', { host: '127.0.0.1', port, nick: 'bob' });
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((t) => t.close()));
  await rm(dir, { recursive: true, force: true });
});

async function offer(from: TestApp, to: string, name: string, bytes: Buffer): Promise<string> {
  await writeFile(join(dir, name), bytes);
  const [registered] = await from.ok('files.registerPaths', { paths: [join(dir, name)] });
  const { offerIds } = await from.ok('files.offer', { to: [to], fileIds: [registered!.fileId] });
  return offerIds[0]!;
}

type FileEvent = Extract<EventPayload<'room'>, { t: 'file' }>;
const cardOf =
  (offerId: string, state?: string) =>
  (e: EventPayload<'room'>): boolean =>
    e.t === 'file' &&
    e.file.offerId === offerId &&
    (state === undefined || e.file.files.every((f) => f.state === state));

async function storedCards(t: TestApp, roomKey: RoomKey): Promise<Extract<HistoryEntry, { kind: 'file' }>[]> {
  const page = await t.ok('history.page', { roomKey, limit: 50 });
  return page.entries.filter((e): e is Extract<HistoryEntry, { kind: 'file' }> => e.kind === 'file');
}

describe('file cards in the conversation', () => {
  it('puts the offer in both room logs, follows it to verified, and keeps the final cards across a restart', async () => {
    const offerId = await offer(alice, 'bob', 'photo.png', PNG);
    const offered = (await bob.waitFor('room', cardOf(offerId, 'waiting'))) as FileEvent;
    expect(offered).toMatchObject({ from: 'alice', to: 'bob', scope: 'room', own: false });
    expect(offered.file).toMatchObject({
      direction: 'receive',
      peer: 'alice',
      files: [{ name: 'photo.png', size: PNG.length }],
    });
    expect(offered.historyId).toBeGreaterThan(0);
    const sent = (await alice.waitFor('room', cardOf(offerId, 'waiting'))) as FileEvent;
    expect(sent).toMatchObject({ from: 'alice', to: 'bob', own: true, file: { direction: 'send' } });

    await bob.ok('files.answer', { offerId, decision: 'accept' });
    const verified = (await bob.waitFor('room', cardOf(offerId, 'verified'), 15_000)) as FileEvent;
    expect(verified.historyId).toBe(offered.historyId);
    const previewUrl = verified.file.files[0]!.previewUrl!;
    expect(previewUrl).toMatch(/^\/sbfile\/[0-9a-f]{32}$/);
    const served = await bob.app.previews.serve(previewUrl.slice('/sbfile/'.length));
    expect(served.status).toBe(200);
    expect(served.headers['Content-Type']).toBe('image/png');
    expect(Buffer.from(served.body!)).toEqual(PNG);
    await alice.waitFor('room', cardOf(offerId, 'verified'), 15_000);

    // Restart both apps on their profiles: the cards come back from the store in their final state.
    const roomKey = bob.app.chat.snapshot()!.roomKey;
    for (const t of [alice, bob]) await t.app.dispose();
    open.length = 0;
    const bobAgain = await createTestApp('bob', bob.profileDir);
    const aliceAgain = await createTestApp('alice', alice.profileDir);
    open.push(bobAgain, aliceAgain);
    const [bobCard] = await storedCards(bobAgain, roomKey);
    expect(bobCard).toMatchObject({
      from: 'alice',
      to: 'bob',
      own: false,
      scope: 'room',
      file: {
        direction: 'receive',
        offerId,
        files: [{ name: 'photo.png', size: PNG.length, state: 'verified', previewUrl }],
      },
    });
    const [aliceCard] = await storedCards(aliceAgain, roomKey);
    expect(aliceCard).toMatchObject({ own: true, file: { direction: 'send', files: [{ state: 'verified' }] } });
    expect(aliceCard!.file.files[0]!.previewUrl).toBeUndefined();
    // The stored card's thumbnail still loads in the new app (the store kept which file its id names).
    const previewId = previewUrl.slice('/sbfile/'.length);
    const again = await bobAgain.app.previews.serve(previewId);
    expect([again.status, again.headers['Content-Type']]).toEqual([200, 'image/png']);
    expect(Buffer.from(again.body!)).toEqual(PNG);
    // Cards are found by their file names.
    const { hits } = await bobAgain.ok('history.search', { query: 'photo', limit: 5 });
    expect(hits.map((h) => h.entry.kind)).toEqual(['file']);
    // Clearing the room's history forgets its thumbnails too; no id other than those given out ever serves.
    expect((await bobAgain.app.previews.serve('0'.repeat(32))).status).toBe(404);
    await bobAgain.ok('history.clear', { roomKey });
    const thirdRun = await createTestApp('bob', bob.profileDir);
    open.push(thirdRun);
    expect((await thirdRun.app.previews.serve(previewId)).status).toBe(404);
  });

  it('stores a declined offer as declined on both sides, and a non-image gets no preview', async () => {
    const offerId = await offer(alice, 'bob', 'notes.txt', Buffer.from('not an image, just text'));
    await bob.waitFor('room', cardOf(offerId, 'waiting'));
    await bob.ok('files.answer', { offerId, decision: 'decline' });
    await bob.waitFor('room', cardOf(offerId, 'declined'));
    await alice.waitFor('room', cardOf(offerId, 'declined'), 10_000);
    const roomKey = bob.app.chat.snapshot()!.roomKey;
    bob.app.history!.flush();
    expect((await storedCards(bob, roomKey))[0]!.file.files).toEqual([
      expect.objectContaining({ name: 'notes.txt', state: 'declined', reason: 'declined' }),
    ]);

    const other = await offer(alice, 'bob', 'page.png.txt', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'));
    await bob.waitFor('room', cardOf(other, 'waiting'));
    await bob.ok('files.answer', { offerId: other, decision: 'accept' });
    const done = (await bob.waitFor('room', cardOf(other, 'verified'), 15_000)) as FileEvent;
    expect(done.file.files[0]!.previewUrl).toBeUndefined();
  });

  it('accepting some files of an offer declines the others on the card', async () => {
    await writeFile(join(dir, 'keep.png'), PNG);
    await writeFile(join(dir, 'skip.txt'), 'no thanks');
    const registered = await alice.ok('files.registerPaths', { paths: [join(dir, 'keep.png'), join(dir, 'skip.txt')] });
    const { offerIds } = await alice.ok('files.offer', { to: ['bob'], fileIds: registered.map((f) => f.fileId) });
    const offerId = offerIds[0]!;
    await bob.waitFor('room', cardOf(offerId, 'waiting'));
    await bob.ok('files.answer', { offerId, decision: 'accept', indices: [0] });
    const states = (e: EventPayload<'room'>) =>
      e.t === 'file' && e.file.offerId === offerId ? e.file.files.map((f) => `${f.name}:${f.state}`).join() : '';
    await bob.waitFor('room', (e) => states(e) === 'keep.png:verified,skip.txt:declined', 15_000);
    await alice.waitFor('room', (e) => states(e) === 'keep.png:verified,skip.txt:declined', 15_000);
  });

  it('a card between 1:1 partners during their 1:1 belongs to the 1:1', async () => {
    const a = alice.app.chat.currentRoomId!;
    const b = bob.app.chat.currentRoomId!;
    await alice.ok('room.with', { roomId: a, to: 'bob' });
    await bob.waitFor('room', (e) => e.t === 'with.request');
    await bob.ok('room.withAnswer', { roomId: b, from: 'alice', accept: true });
    await alice.waitFor('room', (e) => e.t === 'with.started');
    const offerId = await offer(alice, 'bob', 'dm.png', PNG);
    expect(await bob.waitFor('room', cardOf(offerId))).toMatchObject({ scope: 'dm', from: 'alice', to: 'bob' });
    expect(await alice.waitFor('room', cardOf(offerId))).toMatchObject({ scope: 'dm', own: true });
  });

  it('one offer reaching several people (a group send) gets one card per receiver, each kept apart', async () => {
    const store = await HistoryStore.open(join(dir, 'cards.sqlite'));
    const sent: EventPayload<'room'>[] = [];
    const cards = new FileCards({
      emit: (event, payload) => void (event === 'room' && sent.push(payload as EventPayload<'room'>)),
      history: store,
      context: () => ({ roomId: 'r', roomKey: 'addr:10.0.0.9:1', nick: 'alice' }),
    });
    const info = (peer: string, state: TransferInfo['state']): TransferInfo => ({
      transferId: `g1:0:${peer}`,
      offerId: 'g1',
      direction: 'send',
      peer,
      name: 'all.png',
      size: 10,
      bytes: 0,
      state,
      resumable: false,
      canShowInFolder: false,
      createdAt: 1,
    });
    for (const peer of ['bob', 'carol']) cards.observe('transfer.update', info(peer, 'waiting'));
    cards.observe('transfer.update', info('carol', 'verified'));
    cards.observe('transfer.update', info('bob', 'declined'));
    store.flush();
    const stored = store.page('addr:10.0.0.9:1', 10).entries;
    expect(stored.map((e) => (e.kind === 'file' ? [e.to, e.file.files.map((f) => f.state)] : e.kind))).toEqual([
      ['bob', ['declined']],
      ['carol', ['verified']],
    ]);
    expect(new Set(sent.map((e) => e.historyId)).size).toBe(2);
    store.close();
  });
});
