/**
 * Group offers over real sockets: one offer to the whole room, each receiver consenting for itself; the sender's
 * bytes are read once at the host however many accept; a receiver that stops reading is cut (`lagging`) while the
 * others finish; sealed files open with the content key at every receiver; the sender can cancel for one receiver
 * (pending or accepted) before the upload without withdrawing the offer from the others.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { wireLength } from '../security/file-crypto.js';
import { e2eKeys, gatedWriter, joinUser, makeFile, startRoom, type TestRoom, type TestUser } from './test-support.js';

const MB = 1024 * 1024;
let room: TestRoom | undefined;
let users: TestUser[] = [];

afterEach(async () => {
  for (const user of users) await user.leave();
  users = [];
  await room?.stop();
  room = undefined;
});

describe('group offers', () => {
  it('sealed to 5: one declines, one stops reading and is cut; the rest verify; the sender uploads once', async () => {
    // The grace is long enough that a receiver merely slowed by a loaded machine is not taken for the one that stopped.
    room = await startRoom({ windowBytes: 1 * MB, lagGraceMs: 2000 });
    const nicks = ['atom', 'r1', 'r2', 'r3', 'r4', 'slow'];
    const keys = await e2eKeys(nicks);
    const slowWriter = gatedWriter(256 * 1024);
    for (const nick of nicks) {
      const options = nick === 'slow' ? { openWriteStream: slowWriter.open } : {};
      users.push(await joinUser(room, nick, { peers: keys.peers(nick), ...options }));
    }
    const [atom, r1, r2, r3, r4, slow] = users as [TestUser, TestUser, TestUser, TestUser, TestUser, TestUser];
    const size = 6 * MB + 4321;
    const file = await makeFile(atom, 'movie.bin', size);
    const offer = await atom.files.sendGroup('*', [file.path]);
    expect(offer.group?.sort()).toEqual(['r1', 'r2', 'r3', 'r4', 'slow']);
    await r1.files.decline((await r1.next('offer')).offer);
    for (const user of [r2, r3, r4, slow]) await user.files.accept((await user.next('offer')).offer);
    expect(await atom.next('offer-ended', (e) => e.peer === 'r1')).toMatchObject({ reason: 'declined' });

    for (const user of [r2, r3, r4]) {
      expect(await user.next('ended')).toMatchObject({ ok: true, bytes: size });
      expect((await readFile(path.join(user.dir, 'movie.bin'))).equals(file.bytes)).toBe(true);
    }
    const cut = await slow.next('ended');
    expect(cut).toMatchObject({ ok: false, reason: 'lagging', keptForResume: true });
    slowWriter.release();
    const sent = await Promise.all(
      ['r2', 'r3', 'r4', 'slow'].map((peer) => atom.next('ended', (e) => e.peer === peer)),
    );
    expect(sent.map((e) => [e.peer, e.ok])).toEqual([
      ['r2', true],
      ['r3', true],
      ['r4', true],
      ['slow', false],
    ]);
    await expect.poll(() => room!.relay.group.stats.bytesFromSenders).toBe(wireLength(size));
    expect(room.relay.group.stats.peakWindowBytes).toBeLessThanOrEqual(1 * MB + 64 * 1024);
    expect(r1.seen.started).toEqual([]);
  });

  it('cancelled for one pending and one accepted receiver before the upload: only theirs end, the rest verify', async () => {
    room = await startRoom();
    for (const nick of ['atom', 'bora', 'cho', 'dan']) users.push(await joinUser(room, nick));
    const [atom, bora, cho, dan] = users as [TestUser, TestUser, TestUser, TestUser];
    const size = 2 * MB + 99;
    const file = await makeFile(atom, 'b.bin', size);
    const offer = await atom.files.sendGroup('*', [file.path]);
    await bora.next('offer');
    await atom.files.cancelFor(offer.offer, 'bora'); // still pending
    expect(await bora.next('offer-ended')).toMatchObject({ offer: offer.offer, reason: 'cancelled' });
    expect(await atom.next('offer-ended', (e) => e.peer === 'bora')).toMatchObject({ reason: 'cancelled' });

    await cho.files.accept((await cho.next('offer')).offer);
    await atom.next('offer-accepted', (e) => e.to === 'cho');
    await atom.files.cancelFor(offer.offer, 'cho'); // accepted, the upload not started (dan is pending)
    expect(await cho.next('ended')).toMatchObject({ ok: false, reason: 'cancelled' });
    await expect(atom.files.cancelFor(offer.offer, 'cho')).rejects.toMatchObject({ code: 'no_such_user' });

    await dan.files.accept((await dan.next('offer')).offer);
    expect(await dan.next('ended')).toMatchObject({ ok: true, bytes: size });
    expect((await readFile(path.join(dan.dir, 'b.bin'))).equals(file.bytes)).toBe(true);
    expect(await atom.next('ended', (e) => e.peer === 'dan')).toMatchObject({ ok: true });
    expect(bora.seen.started).toEqual([]);
  });

  it("to a list of two, sealed with the sessions' own identities: both verify, one upload", async () => {
    room = await startRoom();
    for (const nick of ['atom', 'bora', 'cho', 'dan']) users.push(await joinUser(room, nick));
    const [atom, bora, cho, dan] = users as [TestUser, TestUser, TestUser, TestUser];
    const size = 3 * MB + 7;
    const file = await makeFile(atom, 'a.bin', size);
    const offer = await atom.files.sendGroup(['bora', 'cho'], [file.path]);
    expect(offer.group).toEqual(['bora', 'cho']);
    for (const user of [bora, cho]) await user.files.accept((await user.next('offer')).offer);
    for (const user of [bora, cho]) {
      expect(await user.next('ended')).toMatchObject({ ok: true, bytes: size });
      expect((await readFile(path.join(user.dir, 'a.bin'))).equals(file.bytes)).toBe(true);
    }
    await expect.poll(() => room!.relay.group.stats.bytesFromSenders).toBe(wireLength(size));
    expect(dan.seen.offer).toEqual([]);
  });
});
