/**
 * The sender's progress counts what reached the receiver's side (the host's `file.progress`), not what it read from
 * disk: a receiver that stops reading holds the sender's percentage back, whichever way the host relays.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ProgressReport } from './progress.js';
import {
  BYTE_RELAYS,
  countingProxy,
  gatedWriter,
  joinUser,
  makeFile,
  relayBytes,
  startRoom,
  type TestRoom,
  type TestUser,
} from './test-support.js';

let room: TestRoom | undefined;
let users: TestUser[] = [];
const stops: (() => void)[] = [];

afterEach(async () => {
  for (const user of users) await user.leave();
  users = [];
  for (const stop of stops.splice(0)) stop();
  await room?.stop();
  room = undefined;
});

const MiB = 1024 * 1024;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(BYTE_RELAYS)('sender progress by delivered bytes (bytes relayed %s)', (mode) => {
  beforeAll(() => relayBytes(mode));

  it(
    'a receiver that stops reading holds the percentage back; verified, it reaches 100 %',
    { timeout: 60_000 },
    async () => {
      room = await startRoom();
      const proxy = await countingProxy(room.port); // atom's connections go through it: what atom wrote
      stops.push(() => proxy.stop());
      const gate = gatedWriter(2 * MiB);
      const atom = await joinUser(room, 'atom', {}, proxy.port);
      const bora = await joinUser(room, 'bora', { openWriteStream: gate.open });
      users = [atom, bora];
      const size = 48 * MiB;
      const file = await makeFile(atom, 'big.bin', size);
      await atom.files.send('bora', [file.path]);
      await bora.files.accept((await bora.next('offer')).offer);
      await gate.holding;
      await sleep(1500); // every buffer on the way fills up
      const reports = atom.seen.progress as ProgressReport[];
      const held = reports.at(-1)?.bytes ?? 0;
      // Counting what atom read and wrote would show at least `proxy.up()`. What reached bora's connection is less by
      // at least the host's relay buffer: the host pauses atom only once 1 MiB waits for bora in the host.
      expect(held).toBeGreaterThan(0);
      expect(held).toBeLessThanOrEqual(proxy.up() - MiB);
      await sleep(1000);
      // Later reports keep to the same bound while bora holds.
      expect((atom.seen.progress as ProgressReport[]).at(-1)?.bytes).toBeLessThanOrEqual(proxy.up() - MiB);
      gate.release();
      const ended = await atom.next('ended', () => true, 30_000);
      expect(ended).toMatchObject({ ok: true, bytes: size });
      expect((atom.seen.progress as ProgressReport[]).at(-1)).toMatchObject({ bytes: size, percent: 100 });
      // Never backwards.
      const counts = (atom.seen.progress as ProgressReport[]).map((report) => report.bytes);
      expect(counts).toEqual([...counts].sort((a, b) => a - b));
    },
  );

  it('from an older host (no progress in the go-ahead): the sender counts what it wrote, as before', async () => {
    room = await startRoom();
    const proxy = await countingProxy(room.port, { olderHost: true });
    stops.push(() => proxy.stop());
    const gate = gatedWriter(2 * MiB);
    const atom = await joinUser(room, 'atom', {}, proxy.port);
    const bora = await joinUser(room, 'bora', { openWriteStream: gate.open });
    users = [atom, bora];
    const size = 48 * MiB;
    const file = await makeFile(atom, 'big.bin', size);
    const hostReports: number[] = [];
    atom.session.on('file.progress', (event) => hostReports.push(event.bytes));
    await atom.files.send('bora', [file.path]);
    await bora.files.accept((await bora.next('offer')).offer);
    await gate.holding;
    await sleep(1500);
    // This host does report, but its go-ahead did not say so: the sender shows its own count, which runs ahead of
    // what reached bora by at least the host's 1 MiB relay buffer.
    const own = (atom.seen.progress as ProgressReport[]).at(-1)?.bytes ?? 0;
    expect(own).toBeGreaterThan((hostReports.at(-1) ?? 0) + MiB);
    gate.release();
    expect(await atom.next('ended', () => true, 30_000)).toMatchObject({ ok: true, bytes: size });
    const counts = (atom.seen.progress as ProgressReport[]).map((report) => report.bytes);
    expect(counts.at(-1)).toBe(size);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
  });
});
