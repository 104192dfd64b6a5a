import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TransferInfo } from '@contract/ipc-contract';
import { createTestApp, type TestApp } from './test-support.js';

let alice: TestApp;
let bob: TestApp;
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sb-send-'));
  alice = await createTestApp('alice');
  bob = await createTestApp('bob');
  await alice.ok('app.ready');
  await bob.ok('app.ready');
  const hosted = await alice.ok('host.start', { port: 0, maxUsers: 5 });
  if (!hosted.running) throw new Error('not hosting');
  await alice.ok('room.join', { host: '127.0.0.1', port: hosted.port, nick: 'alice' });
  await bob.ok('room.join', { host: '127.0.0.1', port: hosted.port, nick: 'bob' });
});
afterEach(async () => {
  await Promise.all([alice.close(), bob.close()]);
  await rm(dir, { recursive: true, force: true });
});

async function register(t: TestApp, name: string, bytes: Buffer): Promise<string> {
  await writeFile(join(dir, name), bytes);
  const [file] = await t.ok('files.registerPaths', { paths: [join(dir, name)] });
  return file!.fileId;
}
const final = (id: string, state: TransferInfo['state']) => (info: TransferInfo) =>
  info.transferId === id && info.state === state;

describe('sending files through the app services', () => {
  it('offers, asks for consent, relays, verifies on both sides, and can show the file in its folder', async () => {
    const content = randomBytes(300_000);
    const fileId = await register(bob, 'photo.jpg', content);
    const { offerIds } = await bob.ok('files.offer', { to: ['alice'], fileIds: [fileId] });
    const offer = await alice.waitFor('file.offer');
    expect(offer).toMatchObject({
      offerId: offerIds[0],
      from: 'bob',
      files: [{ index: 0, name: 'photo.jpg', size: 300_000 }],
      totalBytes: 300_000,
      autoAccepted: false,
    });
    const sending = bob.app.transfers.list()[0]!;
    expect(sending).toMatchObject({ direction: 'send', peer: 'alice', state: 'waiting' });

    // nothing is written before consent
    const downloads = alice.app.settings.get().downloadDir;
    expect(await readdir(downloads).catch(() => [])).toEqual([]);

    await alice.ok('files.answer', { offerId: offer.offerId, decision: 'accept' });
    const received = await alice.waitFor(
      'transfer.update',
      (i) => i.direction === 'receive' && i.state === 'verified',
      15_000,
    );
    await bob.waitFor('transfer.update', final(sending.transferId, 'verified'), 15_000);
    expect(received).toMatchObject({ name: 'photo.jpg', size: 300_000, bytes: 300_000, canShowInFolder: true });
    expect(JSON.stringify(received)).not.toContain(downloads);
    expect(await readFile(join(downloads, 'photo.jpg'))).toEqual(content);
    expect(alice.app.snapshot().offers).toEqual([]);

    await alice.ok('files.showInFolder', { transferId: received.transferId });
    expect(alice.platform.revealedFiles).toEqual([join(downloads, 'photo.jpg')]);
    expect(await bob.call('files.showInFolder', { transferId: sending.transferId })).toMatchObject({
      ok: false,
      error: { code: 'not_finished' },
    });
  });

  it('with the window in the background, tells me once when all the files of an offer have arrived', async () => {
    alice.platform.focused = false;
    const fileIds = [
      await register(bob, 'one.txt', Buffer.from('1')),
      await register(bob, 'two.txt', Buffer.from('2')),
    ];
    await bob.ok('files.offer', { to: ['alice'], fileIds });
    const offer = await alice.waitFor('file.offer');
    await alice.ok('files.answer', { offerId: offer.offerId, decision: 'accept' });
    for (const name of ['one.txt', 'two.txt'])
      await alice.waitFor('transfer.update', (i) => i.name === name && i.state === 'verified', 15_000);
    const received = alice.platform.notifications.filter((n) => n.title.includes('received'));
    expect(received.map((n) => [n.title, n.body])).toEqual([['2 files received from bob', 'one.txt, two.txt']]);
    received[0]!.click();
    expect(await alice.waitFor('focus')).toEqual({ kind: 'transfers' });
  });

  it('tells the sender when the offer is declined, and writes nothing', async () => {
    const fileId = await register(bob, 'secret.txt', Buffer.from('no thanks'));
    await bob.ok('files.offer', { to: ['alice'], fileIds: [fileId] });
    const offer = await alice.waitFor('file.offer');
    await alice.ok('files.answer', { offerId: offer.offerId, decision: 'decline' });
    const declined = await bob.waitFor('transfer.update', (i) => i.state === 'declined');
    expect(declined).toMatchObject({ reason: 'declined', peer: 'alice' });
    expect(await readdir(alice.app.settings.get().downloadDir).catch(() => [])).toEqual([]);
    expect(await alice.call('files.answer', { offerId: offer.offerId, decision: 'accept' })).toMatchObject({
      ok: false,
      error: { code: 'no_such_offer' },
    });
  });

  it('accepts some files of an offer: only those arrive, the sender sees the others declined', async () => {
    const keep = randomBytes(50_000);
    const fileIds = [await register(bob, 'skip.bin', randomBytes(10_000)), await register(bob, 'keep.bin', keep)];
    await bob.ok('files.offer', { to: ['alice'], fileIds });
    const offer = await alice.waitFor('file.offer');
    await alice.ok('files.answer', { offerId: offer.offerId, decision: 'accept', indices: [1] });
    await alice.waitFor('transfer.update', (i) => i.direction === 'receive' && i.state === 'verified', 15_000);
    await bob.waitFor('transfer.update', (i) => i.name === 'skip.bin' && i.state === 'declined');
    await bob.waitFor('transfer.update', (i) => i.name === 'keep.bin' && i.state === 'verified', 15_000);
    const downloads = alice.app.settings.get().downloadDir;
    expect(await readdir(downloads)).toEqual(['keep.bin']);
    expect(await readFile(join(downloads, 'keep.bin'))).toEqual(keep);
    expect(alice.app.transfers.list().map((t) => t.name)).toEqual(['keep.bin']);
  });

  it('"Clear finished" forgets ended transfers on both sides and keeps the ones still going', async () => {
    const done = await register(bob, 'done.txt', Buffer.from('delivered'));
    await bob.ok('files.offer', { to: ['alice'], fileIds: [done] });
    await alice.ok('files.answer', { offerId: (await alice.waitFor('file.offer')).offerId, decision: 'accept' });
    await bob.waitFor('transfer.update', (i) => i.name === 'done.txt' && i.state === 'verified', 15_000);
    await alice.waitFor('transfer.update', (i) => i.name === 'done.txt' && i.state === 'verified', 15_000);
    const waiting = await register(bob, 'waiting.txt', Buffer.from('not yet answered'));
    await bob.ok('files.offer', { to: ['alice'], fileIds: [waiting] });

    const cleared = await bob.ok('files.clearFinished');
    expect(cleared.transferIds).toHaveLength(1);
    expect(bob.app.transfers.list().map((t) => [t.name, t.state])).toEqual([['waiting.txt', 'waiting']]);
    expect(bob.app.snapshot().transfers.map((t) => t.name)).toEqual(['waiting.txt']);
    expect((await alice.ok('files.clearFinished')).transferIds).toHaveLength(1);
    expect(alice.app.transfers.list()).toEqual([]);
  });

  it('saves into a folder chosen with "Save to…", keeps the offer open when the dialog is cancelled', async () => {
    const fileId = await register(bob, 'notes.md', Buffer.from('# notes'));
    await bob.ok('files.offer', { to: ['alice'], fileIds: [fileId] });
    const offer = await alice.waitFor('file.offer');
    expect(
      await alice.call('files.answer', { offerId: offer.offerId, decision: 'accept', chooseFolder: true }),
    ).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    const chosen = join(dir, 'chosen');
    await writeFile(join(dir, 'placeholder'), '');
    alice.platform.dialogs.queueFolder(chosen);
    await alice.ok('files.answer', { offerId: offer.offerId, decision: 'accept', chooseFolder: true });
    await alice.waitFor('transfer.update', (i) => i.direction === 'receive' && i.state === 'verified', 15_000);
    expect(await readFile(join(chosen, 'notes.md'), 'utf8')).toBe('# notes');
  });

  it('accepts later offers from a sender I chose to always accept, by key: another "bob" is asked', async () => {
    const bobKey = alice.app.chat.fingerprintOf('bob');
    expect(bobKey).toBe(bob.app.identities.identity.fingerprint);
    const first = await register(bob, 'one.txt', Buffer.from('1'));
    await bob.ok('files.offer', { to: ['alice'], fileIds: [first] });
    const offer = await alice.waitFor('file.offer');
    await alice.ok('files.answer', { offerId: offer.offerId, decision: 'accept', alwaysAccept: true });
    await alice.waitFor('transfer.update', (i) => i.name === 'one.txt' && i.state === 'verified', 15_000);

    const second = await register(bob, 'two.txt', Buffer.from('2'));
    await bob.ok('files.offer', { to: ['alice'], fileIds: [second] });
    expect(await alice.waitFor('file.offer', (o) => o.files[0]?.name === 'two.txt')).toMatchObject({
      autoAccepted: true,
    });
    await alice.waitFor('transfer.update', (i) => i.name === 'two.txt' && i.state === 'verified', 15_000);
    expect(await readFile(join(alice.app.settings.get().downloadDir, 'two.txt'), 'utf8')).toBe('2');

    // bob leaves; another install (another key) joins as "bob": its offer is asked about, not saved.
    await bob.ok('room.leave', { roomId: bob.app.chat.currentRoomId });
    const impostor = await createTestApp('bob2');
    try {
      await impostor.ok('room.join', { host: '127.0.0.1', port: port(alice), nick: 'bob' });
      await alice.waitFor('users', (u) => u.users.some((m) => m.nick === 'bob' && m.fp !== bobKey));
      expect(alice.app.chat.fingerprintOf('bob')).toBe(impostor.app.identities.identity.fingerprint);
      const third = await register(impostor, 'not-from-bob.exe', Buffer.from('MZ'));
      await impostor.ok('files.offer', { to: ['alice'], fileIds: [third] });
      expect(await alice.waitFor('file.offer', (o) => o.files[0]?.name === 'not-from-bob.exe')).toMatchObject({
        autoAccepted: false,
      });
    } finally {
      await impostor.close();
    }
  });

  it('refuses an offer to nobody reachable with the server reason, and cancels a waiting offer', async () => {
    const fileId = await register(bob, 'x.bin', Buffer.from('x'));
    expect(await bob.call('files.offer', { to: ['nobody'], fileIds: [fileId] })).toMatchObject({
      ok: false,
      error: { code: 'no_such_user' },
    });
    await bob.waitFor('room', (e) => e.t === 'notice' && e.code === 'app.offer_refused');

    await bob.ok('files.offer', { to: ['alice'], fileIds: [fileId] });
    const offer = await alice.waitFor('file.offer');
    const waiting = bob.app.transfers.list().find((t) => t.offerId === offer.offerId)!;
    await bob.ok('files.cancel', { transferId: waiting.transferId });
    expect(await bob.waitFor('transfer.update', final(waiting.transferId, 'cancelled'))).toMatchObject({
      reason: 'cancelled_by_me',
    });
    expect(await alice.waitFor('file.offerClosed')).toEqual({ offerId: offer.offerId, reason: 'cancelled' });
  });
});

function port(t: TestApp): number {
  const state = t.app.host.state();
  if (!state.running) throw new Error('not hosting');
  return state.port;
}
