/**
 * Files between members of different instances of one cluster (a real Redis): the offer, consent, progress and the
 * end events cross through Redis; the receiver's data connection lands on its own instance and hops to the sender's.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliProcess } from '../cli/cli-process.js';
import { FramedTestClient } from '../gateway/test-support.js';
import { encodeFrame, type FrameObject } from '../protocol/codec.js';
import { PREAMBLE } from '../protocol/limits.js';
import { dataTicket } from '../security/data-ticket.js';
import {
  gatedWriter,
  joinUser,
  listDir,
  makeFile,
  roomStillWorks,
  type TestRoom,
  type TestUser,
} from '../transfer/test-support.js';
import { haveRedis, startInstance, TestRedis, type TestInstance } from './test-support.js';

const on = (port: number): TestRoom => ({ port }) as TestRoom;

/** Opens a data connection to `port` with `hello`; resolves with the host's first frame and keeps what follows. */
async function dataHello(
  port: number,
  hello: Record<string, unknown>,
): Promise<{ frame: FrameObject; socket: net.Socket; after: Buffer[] }> {
  const socket = net.connect(port, '127.0.0.1');
  socket.on('error', () => undefined);
  socket.write(Buffer.concat([PREAMBLE, encodeFrame({ t: 'data', ...hello })]));
  let buffered = Buffer.alloc(0);
  const after: Buffer[] = [];
  let framed = false;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no answer on the data connection')), 10_000);
    socket.on('data', (chunk: Buffer) => {
      if (framed) return void after.push(chunk);
      buffered = Buffer.concat([buffered, chunk]);
      if (buffered.length < 4 || buffered.length < 4 + buffered.readUInt32BE(0)) return;
      framed = true;
      clearTimeout(timer);
      const end = 4 + buffered.readUInt32BE(0);
      after.push(buffered.subarray(end));
      resolve({ frame: JSON.parse(buffered.subarray(4, end).toString()) as FrameObject, socket, after });
    });
  });
}

async function until(check: () => boolean, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.skipIf(!haveRedis)('files between instances of a cluster', { timeout: 60_000 }, () => {
  let redis: TestRedis;
  let a: TestInstance;
  let b: TestInstance;
  const users: TestUser[] = [];
  const clis: CliProcess[] = [];
  const clients: FramedTestClient[] = [];
  beforeAll(async () => {
    redis = await TestRedis.start();
    a = await startInstance(redis.url, { rateLimit: 'off' });
    b = await startInstance(redis.url, { rateLimit: 'off' });
  });
  afterAll(async () => {
    for (const user of users) await user.leave();
    for (const client of clients) client.close();
    for (const cli of clis) cli.child.kill('SIGKILL');
    await Promise.all([a, b].map((each) => each?.close()));
    await redis?.dispose();
  });

  /** A sender on `from` and a receiver on `to`, each seen by the other's instance. */
  async function pair(sender: string, receiver: string, to = b.port, receiverOptions = {}) {
    const atom = await joinUser(on(a.port), sender);
    const bora = await joinUser(on(to), receiver, receiverOptions);
    users.push(atom, bora);
    await until(() => a.server.room.find(receiver) !== undefined, `${receiver} on A`);
    return { atom, bora };
  }

  it('sends a file from a member on A to one on B: consent, progress, the same bytes, end to end', async () => {
    const { atom, bora } = await pair('atom', 'bora');
    const file = await makeFile(atom, 'across.bin', 3 * 1024 * 1024 + 17);
    await atom.files.send('bora', [file.path]);
    const offer = await bora.next('offer');
    expect(offer).toMatchObject({ from: 'atom' });
    await bora.files.accept(offer.offer);
    expect(await bora.next('ended')).toMatchObject({ ok: true, bytes: file.bytes.length });
    expect(await atom.next('ended')).toMatchObject({ ok: true });
    expect((await readFile(path.join(bora.dir, 'across.bin'))).equals(file.bytes)).toBe(true);
    expect(atom.seen.progress.length).toBeGreaterThan(0);
    expect(a.relay.activeCount).toEqual({ offers: 0, transfers: 0 });
  });

  it('a declined offer ends on both sides and writes nothing', async () => {
    const { atom, bora } = await pair('ari', 'bae');
    const file = await makeFile(atom, 'no.bin', 1000);
    await atom.files.send('bae', [file.path]);
    await bora.files.decline((await bora.next('offer')).offer);
    expect(await atom.next('offer-ended')).toMatchObject({ reason: 'declined' });
    expect(await listDir(bora.dir)).toEqual([]);
  });

  it('a transfer cancelled mid-way by the sender ends on both sides', async () => {
    const gate = gatedWriter(256 * 1024);
    const { atom, bora } = await pair('ash', 'bly', b.port, { openWriteStream: gate.open });
    const file = await makeFile(atom, 'big.bin', 4 * 1024 * 1024);
    await atom.files.send('bly', [file.path]);
    await bora.files.accept((await bora.next('offer')).offer);
    await gate.holding;
    await atom.files.cancel();
    gate.release();
    expect(await atom.next('ended')).toMatchObject({ ok: false, reason: 'cancelled' });
    expect(await bora.next('ended')).toMatchObject({ ok: false, reason: 'cancelled', keptForResume: false });
    await until(() => a.relay.activeCount.transfers === 0, 'the relay to forget the transfer');
  });

  it("refuses a forged hop: only the receiver's own instance can pass its data connection on", async () => {
    const ana = await FramedTestClient.login(a.port, 'ana');
    const ben = await FramedTestClient.login(b.port, 'ben');
    clients.push(ana, ben);
    await until(() => a.server.room.find('ben') !== undefined, 'ben on A');
    const bytes = randomBytes(5000);
    const sha256 = (await import('node:crypto')).createHash('sha256').update(bytes).digest('hex');
    await ana.ok('file.offer', { to: 'ben', files: [{ name: 'x.bin', size: bytes.length, sha256 }] });
    const offer = await ben.nextOf('file.offer');
    const { transfers } = (await ben.ok('file.answer', { offer: offer.offer, accept: [{ index: 0 }] })) as {
      transfers: { token: string }[];
    };
    const token = transfers[0]!.token;
    // Straight to the sender's instance: neither the token nor a ticket made with another key opens it.
    for (const hello of [{ token }, { ticket: dataTicket(randomBytes(32), token) }]) {
      const { frame, socket } = await dataHello(a.port, hello);
      expect(frame).toMatchObject({ t: 'error', code: 'bad_token' });
      socket.destroy();
    }
    // Through the receiver's own instance it still works: the bytes arrive as sent.
    const accepted = await ana.nextOf('file.accepted');
    const [sent] = accepted.transfers as { token: string; transfer: string }[];
    const senderToken = sent!.token;
    const receiving = await dataHello(b.port, { token });
    const sending = await dataHello(a.port, { token: senderToken });
    expect(sending.frame).toMatchObject({ t: 'ok', role: 'sender' });
    expect(receiving.frame).toMatchObject({ t: 'ok', role: 'receiver' });
    const ended = new Promise((resolve) => receiving.socket.on('end', resolve));
    sending.socket.end(bytes);
    await ended;
    expect(Buffer.concat(receiving.after).equals(bytes)).toBe(true);
    // The receiver's word that the file is whole reaches the sender's instance, which tells the sender.
    await ben.ok('file.verified', { transfer: sent!.transfer });
    expect(await ana.nextOf('file.done')).toMatchObject({ offer: offer.offer, index: 0 });
    expect(a.relay.activeCount).toEqual({ offers: 0, transfers: 0 });
    sending.socket.destroy();
  });

  it("the receiver's instance killed with SIGKILL mid-transfer: the sender hears a clean end", async () => {
    const doomed = runCli(['serve', '--host', '127.0.0.1', '--port', '0', '--no-announce', '--cluster', redis.url]);
    clis.push(doomed);
    const port = Number((await doomed.waitFor(/open on port (\d+)/, 30_000))[1]);
    const gate = gatedWriter(256 * 1024);
    const { atom, bora } = await pair('abe', 'bim', port, { openWriteStream: gate.open });
    const file = await makeFile(atom, 'doomed.bin', 32 * 1024 * 1024);
    await atom.files.send('bim', [file.path]);
    await bora.files.accept((await bora.next('offer')).offer);
    await gate.holding;
    doomed.child.kill('SIGKILL');
    await doomed.exited;
    gate.release();
    // Cut mid-way (the hop broke: interrupted), or once every byte had been passed on (then the sweep: receiver_left).
    const ended = await atom.next('ended');
    expect(ended.ok).toBe(false);
    expect(['interrupted', 'receiver_left']).toContain(ended.reason);
    expect(await bora.next('ended')).toMatchObject({ ok: false, keptForResume: true });
    await until(() => a.relay.activeCount.transfers === 0, 'the relay to forget the transfer');
  });

  it("the sender's instance killed with SIGKILL mid-transfer: the receiver keeps its part, nothing hangs", async () => {
    const doomed = runCli(['serve', '--host', '127.0.0.1', '--port', '0', '--no-announce', '--cluster', redis.url]);
    clis.push(doomed);
    const port = Number((await doomed.waitFor(/open on port (\d+)/, 30_000))[1]);
    const gate = gatedWriter(256 * 1024);
    const cid = await joinUser(on(port), 'cid');
    const dov = await joinUser(on(b.port), 'dov', { openWriteStream: gate.open });
    users.push(cid, dov);
    await until(() => b.server.room.find('cid') !== undefined, 'cid on B');
    const file = await makeFile(cid, 'gone.bin', 32 * 1024 * 1024);
    await cid.files.send('dov', [file.path]);
    await dov.files.accept((await dov.next('offer')).offer);
    await gate.holding;
    doomed.child.kill('SIGKILL');
    await doomed.exited;
    gate.release();
    expect(await dov.next('ended')).toMatchObject({ ok: false, keptForResume: true });
    await roomStillWorks(dov, (await pair('eli', 'fay')).bora);
  });

  it("an offer whose sender's instance dies before the answer ends for the receiver (sender_left)", async () => {
    const doomed = runCli(['serve', '--host', '127.0.0.1', '--port', '0', '--no-announce', '--cluster', redis.url]);
    clis.push(doomed);
    const port = Number((await doomed.waitFor(/open on port (\d+)/, 30_000))[1]);
    const jin = await joinUser(on(port), 'jin');
    const kai = await joinUser(on(b.port), 'kai');
    users.push(jin, kai);
    await until(() => b.server.room.find('jin') !== undefined, 'jin on B');
    const file = await makeFile(jin, 'later.bin', 1000);
    await jin.files.send('kai', [file.path]);
    const offer = await kai.next('offer');
    doomed.child.kill('SIGKILL');
    expect(await kai.next('offer-ended', (e) => e.offer === offer.offer)).toMatchObject({ reason: 'sender_left' });
    expect(kai.files.incomingOffers()).toEqual([]);
  });

  it('a group offer reaches members of both instances, each file uploaded once', async () => {
    const gus = await joinUser(on(a.port), 'gus');
    const hal = await joinUser(on(a.port), 'hal');
    const ivy = await joinUser(on(b.port), 'ivy');
    users.push(gus, hal, ivy);
    await until(() => a.server.room.find('ivy') !== undefined, 'ivy on A');
    const file = await makeFile(gus, 'all.bin', 2 * 1024 * 1024 + 3);
    const offer = await gus.files.sendGroup(['hal', 'ivy'], [file.path]);
    expect(offer.group?.sort()).toEqual(['hal', 'ivy']);
    for (const user of [hal, ivy]) await user.files.accept((await user.next('offer')).offer);
    for (const user of [hal, ivy]) {
      expect(await user.next('ended')).toMatchObject({ ok: true, bytes: file.bytes.length });
      expect((await readFile(path.join(user.dir, 'all.bin'))).equals(file.bytes)).toBe(true);
    }
    for (const peer of ['hal', 'ivy'])
      expect(await gus.next('ended', (e) => e.peer === peer)).toMatchObject({ ok: true });
  });
});
