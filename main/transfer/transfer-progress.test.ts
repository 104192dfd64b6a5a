/**
 * The sender's progress counts what reached the receiver's side (the host's `file.progress`), not what it read from
 * disk: a receiver that stops reading holds the sender's percentage back, whichever way the host relays.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ProgressReport } from './progress.js';
import {
  BYTE_RELAYS,
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

afterEach(async () => {
  for (const user of users) await user.leave();
  users = [];
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
      const gate = gatedWriter(2 * MiB);
      const atom = await joinUser(room, 'atom');
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
      // What bora wrote (2 MiB) plus what waits in its socket and reader; far less than the sender's disk reads
      // (its own socket buffers, the host's 1 MiB and the host's socket to bora come on top of that).
      console.log(`[${mode}] sender progress while bora holds at 2 MiB: ${held} bytes`);
      expect(held).toBeLessThan(9 * MiB); // counting disk reads: 11–16 MB here
      await sleep(1000);
      expect((atom.seen.progress as ProgressReport[]).at(-1)?.bytes).toBe(held); // nothing more reached bora
      gate.release();
      const ended = await atom.next('ended', () => true, 30_000);
      expect(ended).toMatchObject({ ok: true, bytes: size });
      expect((atom.seen.progress as ProgressReport[]).at(-1)).toMatchObject({ bytes: size, percent: 100 });
      // Never backwards.
      const counts = (atom.seen.progress as ProgressReport[]).map((report) => report.bytes);
      expect(counts).toEqual([...counts].sort((a, b) => a - b));
    },
  );
});
