import { readFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  listDir,
  joinUser,
  makeFile,
  roomStillWorks,
  startRoom,
  type TestRoom,
  type TestUser,
} from './test-support.js';

let room: TestRoom;
let users: TestUser[] = [];

async function setup(relayOptions = {}): Promise<[TestUser, TestUser]> {
  room = await startRoom(relayOptions);
  const atom = await joinUser(room, 'atom');
  const bora = await joinUser(room, 'bora');
  users = [atom, bora];
  return [atom, bora];
}

afterEach(async () => {
  for (const user of users) await user.leave();
  users = [];
  await room?.stop();
});

describe('file offers with consent', () => {
  it('sends an accepted file: verified on both sides and identical on disk', async () => {
    const [atom, bora] = await setup();
    const { path: file, bytes } = await makeFile(atom, 'data.txt', 765);
    const sent = await atom.files.send('bora', [file]);
    expect(sent.files[0]).toMatchObject({ name: 'data.txt', size: 765 });
    const offer = await bora.next('offer');
    expect(offer).toMatchObject({
      from: 'atom',
      files: [{ name: 'data.txt', size: 765, safeName: 'data.txt', resumeFrom: 0 }],
    });
    expect(await listDir(bora.dir)).toEqual([]); // nothing written before consent
    await bora.files.accept(offer.offer);
    const received = await bora.next('ended');
    const delivered = await atom.next('ended');
    expect(received).toMatchObject({
      ok: true,
      name: 'data.txt',
      bytes: 765,
      message: 'data.txt 765 bytes received, SHA-256 verified',
    });
    expect(delivered).toMatchObject({ ok: true, direction: 'send', bytes: 765 });
    expect(await readFile(path.join(bora.dir, 'data.txt'))).toEqual(bytes);
    expect(await listDir(bora.dir)).toEqual(['data.txt']);
    const last = bora.seen.progress.at(-1)!;
    expect(last).toMatchObject({ bytes: 765, size: 765, percent: 100 });
    expect(room.relay.activeCount).toEqual({ offers: 0, transfers: 0 });
    await roomStillWorks(atom, bora);
  });

  it('a 20 MiB file arrives verified and identical', async () => {
    const [atom, bora] = await setup();
    const { path: file, bytes } = await makeFile(atom, 'large.bin', 20 * 1024 * 1024);
    await atom.files.send('bora', [file]);
    await bora.files.accept((await bora.next('offer')).offer);
    expect(await bora.next('ended')).toMatchObject({ ok: true, bytes: bytes.length });
    expect(await atom.next('ended')).toMatchObject({ ok: true });
    expect((await readFile(path.join(bora.dir, 'large.bin'))).equals(bytes)).toBe(true);
    const percents = bora.seen.progress.map((p) => p.percent);
    expect(percents).toEqual([...percents].sort((a, b) => a - b)); // progress only goes forward
  });

  it('accepts part of a multi-file offer; the sender hears which were skipped', async () => {
    const [atom, bora] = await setup();
    const a = await makeFile(atom, 'a.bin', 1000);
    const b = await makeFile(atom, 'b.bin', 2000);
    const c = await makeFile(atom, 'c.bin', 0);
    await atom.files.send('bora', [a.path, b.path, c.path]);
    const offer = await bora.next('offer');
    await bora.files.accept(offer.offer, [0, 2]);
    expect(await atom.next('offer-accepted')).toMatchObject({ accepted: [0, 2], skipped: [1] });
    await bora.next('ended', (e) => e.index === 2);
    await atom.next('ended', (e) => e.index === 2);
    expect(bora.seen.ended.map((e) => [e.name, e.ok])).toEqual([
      ['a.bin', true],
      ['c.bin', true],
    ]);
    expect(atom.seen.ended.every((e) => e.ok)).toBe(true);
    expect(await readFile(path.join(bora.dir, 'a.bin'))).toEqual(a.bytes);
    expect(await listDir(bora.dir)).toEqual(['a.bin', 'c.bin']);
  });

  it("sends the files of an offer in order, each starting once the previous one's bytes are out, not verified", async () => {
    const [atom, bora] = await setup();
    const files = await Promise.all(
      ['one.bin', 'two.bin', 'three.bin'].map((name, i) => makeFile(atom, name, 40_000 + i)),
    );
    await atom.files.send(
      'bora',
      files.map((f) => f.path),
    );
    await bora.files.accept((await bora.next('offer')).offer);
    await atom.next('ended', (e) => e.index === 2);
    expect(atom.seen.ended.every((e) => e.ok)).toBe(true);
    // Each verification comes back over the network after the sender has already moved on to the next file.
    expect(atom.order.filter((e) => e.startsWith('ended'))).toEqual(['ended 0', 'ended 1', 'ended 2']);
    for (const k of [0, 1])
      expect(atom.order.indexOf(`started ${k + 1}`)).toBeLessThan(atom.order.indexOf(`ended ${k}`));
    for (const f of files) expect(await readFile(path.join(bora.dir, path.basename(f.path)))).toEqual(f.bytes);
  });

  it('offers the same file to several users at once; each answers for themselves', async () => {
    const [atom, bora] = await setup();
    const cora = await joinUser(room, 'cora');
    users.push(cora);
    const { path: file, bytes } = await makeFile(atom, 'both.bin', 4096);
    const offers = await atom.files.sendToMany(['bora', 'cora', 'nobody'], [file]);
    expect(offers.map((o) => (o instanceof Error ? (o as Error & { code?: string }).code : o.to))).toEqual([
      'bora',
      'cora',
      'no_such_user',
    ]);
    await bora.files.accept((await bora.next('offer')).offer);
    await cora.files.decline((await cora.next('offer')).offer);
    expect(await bora.next('ended')).toMatchObject({ ok: true });
    expect(await atom.next('offer-ended')).toMatchObject({ peer: 'cora', reason: 'declined' });
    expect(await atom.next('ended')).toMatchObject({ ok: true, peer: 'bora' });
    expect((await readFile(path.join(bora.dir, 'both.bin'))).equals(bytes)).toBe(true);
    expect(await listDir(cora.dir)).toEqual([]);
  });

  it('a declined offer reaches the sender with the reason and writes nothing', async () => {
    const [atom, bora] = await setup();
    const { path: file } = await makeFile(atom, 'data.txt', 10);
    await atom.files.send('bora', [file]);
    const offer = await bora.next('offer');
    await bora.files.decline(offer.offer);
    expect(await atom.next('offer-ended')).toMatchObject({
      reason: 'declined',
      peer: 'bora',
      message: 'bora declined the files.',
    });
    expect(await bora.next('offer-ended')).toMatchObject({ reason: 'declined' });
    expect(await listDir(bora.dir)).toEqual([]);
    await roomStillWorks(bora, atom);
  });

  it('an unanswered offer expires for both sides', async () => {
    const [atom, bora] = await setup({ offerTimeoutMs: 300 });
    const { path: file } = await makeFile(atom, 'data.txt', 10);
    await atom.files.send('bora', [file]);
    await bora.next('offer');
    expect(await atom.next('offer-ended')).toMatchObject({ reason: 'expired' });
    expect(await bora.next('offer-ended')).toMatchObject({ reason: 'expired' });
    expect(bora.files.incomingOffers()).toEqual([]);
    await expect(bora.files.accept(bora.seen.offer[0]!.offer)).rejects.toThrow(/no longer waiting/);
    expect(await listDir(bora.dir)).toEqual([]);
  });

  it('refuses offers to an away user, to yourself, to nobody, and over the host limit', async () => {
    const [atom, bora] = await setup({ maxFileBytes: 100 });
    const { path: file } = await makeFile(atom, 'data.txt', 10);
    const big = await makeFile(atom, 'big.bin', 101);
    await bora.session.sleep();
    await expect(atom.files.send('bora', [file])).rejects.toMatchObject({ code: 'user_away' });
    await bora.session.wakeup();
    await expect(atom.files.send('atom', [file])).rejects.toMatchObject({ code: 'self_target' });
    await expect(atom.files.send('nobody', [file])).rejects.toMatchObject({ code: 'no_such_user' });
    await expect(atom.files.send('bora', [big.path])).rejects.toMatchObject({ code: 'file_too_large' });
    await expect(atom.files.send('bora', [atom.outbox])).rejects.toThrow(/is a folder/);
    expect(bora.seen.offer).toEqual([]);
    await roomStillWorks(atom, bora);
  });

  it('refuses an offer to a plain-text (nc) client with a clear reason', async () => {
    const [atom] = await setup();
    const nc = net.createConnection({ host: '127.0.0.1', port: room.port });
    nc.setEncoding('utf8');
    let heard = '';
    nc.on('data', (d: string) => {
      heard += d;
    });
    nc.write('/login cora\n');
    await expect.poll(() => room.server.room.find('cora') !== undefined, { timeout: 10_000 }).toBe(true);
    const { path: file } = await makeFile(atom, 'data.txt', 10);
    await expect(atom.files.send('cora', [file])).rejects.toThrow(/plain-text client.*cannot receive files/);
    nc.destroy();
    expect(heard).not.toContain('data.txt');
  });

  it('a receiver without enough free disk space declines with no_space', async () => {
    room = await startRoom();
    const atom = await joinUser(room, 'atom');
    const bora = await joinUser(room, 'bora', { freeSpace: async () => 500 });
    users = [atom, bora];
    const { path: file } = await makeFile(atom, 'data.bin', 1000);
    await atom.files.send('bora', [file]);
    const offer = await bora.next('offer');
    await bora.files.accept(offer.offer);
    expect(await atom.next('offer-ended')).toMatchObject({
      reason: 'no_space',
      message: expect.stringContaining('free disk space'),
    });
    expect(await bora.next('offer-ended')).toMatchObject({ reason: 'no_space' });
    expect(await listDir(bora.dir)).toEqual([]);
  });
});
