/**
 * The next file of an offer pairs however long the receiver takes to finish the one before (a slow disk behind large
 * socket buffers: the host relayed every byte of file 1 long ago), and a receiver that never connects for it still
 * times out, counted from the moment file 1 ended. One-to-one offers on both byte relays, and group offers.
 */
import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { startHoldingProxy, type HoldingProxy } from './holding-proxy.js';
import {
  BYTE_RELAYS,
  joinUser,
  makeFile,
  relayBytes,
  startRoom,
  type TestRoom,
  type TestUser,
} from './test-support.js';

const MB = 1024 * 1024;
const PAIR_MS = 1500;
/** How long the receiver's file 1 is held back: well over the pairing timeout. */
const HOLD_MS = 3 * PAIR_MS;

let room: TestRoom | undefined;
let proxy: HoldingProxy | undefined;
let users: TestUser[] = [];

afterEach(async () => {
  proxy?.release();
  for (const user of users) await user.leave();
  users = [];
  await proxy?.stop();
  proxy = undefined;
  await room?.stop();
  room = undefined;
  relayBytes('in-process');
});

/**
 * atom offers two files to bora, whose connections go through a proxy that holds file 1 after 256 KiB for HOLD_MS.
 * `deadSecond`: bora's data connection for file 2 never reaches the host.
 */
async function slowFirstFile(group: boolean, deadSecond = false): Promise<{ atom: TestUser; bora: TestUser }> {
  room = await startRoom({ pairTimeoutMs: PAIR_MS });
  proxy = await startHoldingProxy(room.port, 256 * 1024, (n) => deadSecond && n === 3);
  const atom = await joinUser(room, 'atom', { timing: { dataTimeoutMs: PAIR_MS } });
  // A dead file-2 connection must be ended by the host's timeout, not by bora's own.
  const bora = await joinUser(room, 'bora', { timing: { dataTimeoutMs: deadSecond ? 30_000 : PAIR_MS } }, proxy.port);
  users = [atom, bora];
  const first = await makeFile(atom, 'first.bin', 4 * MB);
  const second = await makeFile(atom, 'second.bin', 64 * 1024);
  if (group) await atom.files.sendGroup(['bora'], [first.path, second.path]);
  else await atom.files.send('bora', [first.path, second.path]);
  await bora.files.accept((await bora.next('offer')).offer);
  await proxy.holding;
  setTimeout(() => proxy?.release(), HOLD_MS);
  const done = await bora.next('ended', (e) => e.index === 0, 20_000);
  expect(done).toMatchObject({ ok: true, bytes: 4 * MB });
  expect((await readFile(done.path!)).equals(first.bytes)).toBe(true);
  if (!deadSecond) {
    const next = await bora.next('ended', (e) => e.index === 1, 20_000);
    expect(next, next.message).toMatchObject({ ok: true, bytes: 64 * 1024 });
    expect((await readFile(next.path!)).equals(second.bytes)).toBe(true);
    expect(await atom.next('ended', (e) => e.index === 1)).toMatchObject({ ok: true });
  }
  return { atom, bora };
}

/** File 2 ends `timeout` for both, one pairing timeout (not more than two) after file 1 ended. */
async function secondTimesOut(atom: TestUser, bora: TestUser): Promise<void> {
  const firstEnded = Date.now();
  const [sent, received] = await Promise.all([
    atom.next('ended', (e) => e.index === 1, 20_000),
    bora.next('ended', (e) => e.index === 1, 20_000),
  ]);
  const waited = Date.now() - firstEnded;
  expect(sent).toMatchObject({ ok: false, reason: 'timeout' });
  expect(received).toMatchObject({ ok: false, reason: 'timeout' });
  expect(waited).toBeGreaterThanOrEqual(PAIR_MS / 2);
  expect(waited).toBeLessThan(2 * PAIR_MS + 1000);
  expect(room!.relay.activeCount).toEqual({ offers: 0, transfers: 0 });
}

describe.each(BYTE_RELAYS)('pairing the next file of an offer (%s relay)', (mode) => {
  it('file 2 pairs and verifies although the receiver finished file 1 long after the host relayed it', async () => {
    relayBytes(mode);
    await slowFirstFile(false);
  });

  it('a receiver that never connects for file 2 still times out, counted from the end of file 1', async () => {
    relayBytes(mode);
    const { atom, bora } = await slowFirstFile(false, true);
    await secondTimesOut(atom, bora);
  });
});

describe('pairing the next file of a group offer', () => {
  it('file 2 pairs and verifies although the receiver finished file 1 long after the host relayed it', async () => {
    await slowFirstFile(true);
  });

  it('a receiver that never connects for file 2 still times out, counted from the end of file 1', async () => {
    const { atom, bora } = await slowFirstFile(true, true);
    await secondTimesOut(atom, bora);
  });
});
