import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  gatedWriter,
  joinUser,
  makeFile,
  relayBytes,
  roomStillWorks,
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
  relayBytes('in-process');
});

const MB = 1024 * 1024;

describe('file bytes relayed in a child process of the host', () => {
  it('the relay process dying mid-transfer ends it for both with a reason; chat goes on and the next file gets a new relay process', async () => {
    relayBytes('child-process');
    room = await startRoom();
    const gate = gatedWriter(256 * 1024);
    const atom = await joinUser(room, 'atom');
    const bora = await joinUser(room, 'bora', { openWriteStream: gate.open });
    users = [atom, bora];
    // Larger than every buffer between the two (socket buffers on loopback grow to several MB): the kill always
    // lands before the last byte has left the relay, however slow the machine.
    const big = await makeFile(atom, 'big.bin', 24 * MB);
    await atom.files.send('bora', [big.path]);
    await bora.files.accept((await bora.next('offer')).offer);
    await gate.holding;

    const first = await room.relay.byteRelayUsage();
    expect(first?.pid).toBeGreaterThan(0);
    expect(first?.pid).not.toBe(process.pid);
    process.kill(first!.pid, 'SIGKILL');
    gate.release();
    for (const user of [atom, bora]) {
      const ended = await user.next('ended');
      expect(ended.ok).toBe(false);
      expect(ended.message).toMatch(/relay process stopped/);
    }
    expect(room.relay.activeCount).toEqual({ offers: 0, transfers: 0 });
    await roomStillWorks(atom, bora);

    const small = await makeFile(atom, 'small.bin', 1 * MB);
    await atom.files.send('bora', [small.path]);
    await bora.files.accept((await bora.next('offer', (o) => o.files[0]?.name === 'small.bin')).offer);
    const done = await bora.next('ended', (e) => e.ok);
    expect(await readFile(done.path!)).toEqual(small.bytes);
    expect(path.basename(done.path!)).toBe('small.bin');
    const second = await room.relay.byteRelayUsage();
    expect(second?.pid).toBeGreaterThan(0);
    expect(second?.pid).not.toBe(first!.pid);
  });

  it('closing the relay ends its child process', async () => {
    relayBytes('child-process');
    room = await startRoom();
    const usage = await room.relay.byteRelayUsage();
    const pid = usage!.pid;
    await room.stop();
    room = undefined;
    const alive = (): boolean => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    for (let i = 0; i < 100 && alive(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(alive()).toBe(false);
  });
});
