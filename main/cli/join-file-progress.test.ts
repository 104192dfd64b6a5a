/**
 * The terminal client's file progress counts what reached the receiver: a receiver that stops reading holds the
 * prompt's percentage back, and a receiver that leaves mid-file ends it (the prompt goes back to `atom> `, one clear
 * line says why, and a script's exit code is 3: the file did not arrive verified).
 */
import { PassThrough } from 'node:stream';
import { tmpdir } from 'node:os';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  countingProxy,
  gatedWriter,
  joinUser,
  makeFile,
  startRoom,
  type TestRoom,
  type TestUser,
} from '../transfer/test-support.js';
import { tempConfigDir } from './cli-process.js';
import { runJoin } from './join.js';

// runJoin runs in this process: its known hosts and identity go to a temporary config folder, not the user's.
const configDir = process.env.SARANGBANG_CONFIG_DIR;
beforeAll(() => {
  process.env.SARANGBANG_CONFIG_DIR = tempConfigDir();
});
afterAll(() => {
  if (configDir === undefined) delete process.env.SARANGBANG_CONFIG_DIR;
  else process.env.SARANGBANG_CONFIG_DIR = configDir;
});

let room: TestRoom | undefined;
let users: TestUser[] = [];
const stops: (() => void)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) stop();
  for (const user of users) await user.leave();
  users = [];
  await room?.stop();
  room = undefined;
});

const MiB = 1024 * 1024;
// eslint-disable-next-line no-control-regex
const plain = (text: string): string => text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** runJoin as `atom` on fake streams; `shown` is everything printed so far. */
function atomJoins(port: number, tty: boolean) {
  const input = new PassThrough();
  const output = new PassThrough();
  const errors = new PassThrough();
  let shown = '';
  output.setEncoding('utf8').on('data', (chunk: string) => (shown += chunk));
  errors.setEncoding('utf8').on('data', (chunk: string) => (shown += chunk));
  const until = async (predicate: (text: string) => boolean, timeoutMs = 20_000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(plain(shown))) {
      if (Date.now() > deadline) throw new Error(`timed out; shown:\n${plain(shown).slice(-2000)}`);
      await sleep(20);
    }
  };
  const exit = runJoin(
    { host: '127.0.0.1', port, nick: 'atom', reconnect: false, downloadDir: tmpdir() },
    { input, output, errors, tty },
  );
  return { input, exit, until, shown: () => plain(shown) };
}

describe('sarangbang join: file progress by delivered bytes', { timeout: 60_000 }, () => {
  it('on a terminal: a stalled receiver holds the percentage back; when it leaves, the prompt is atom> again', async () => {
    room = await startRoom();
    const gate = gatedWriter(2 * MiB);
    const bora = await joinUser(room, 'bora', { openWriteStream: gate.open });
    users = [bora];
    bora.files.on('offer', (offer) => void bora.files.accept(offer.offer));
    const size = 64 * MiB;
    const file = await makeFile(bora, 'big.bin', size); // any folder will do for atom's file
    const proxy = await countingProxy(room.port); // atom's connections go through it: what atom wrote
    stops.push(() => proxy.stop());
    const atom = atomJoins(proxy.port, true);
    await atom.until((text) => text.endsWith('atom> '));
    atom.input.write(`/filesend bora ${file.path}\r`);
    await gate.holding;
    await sleep(1500);
    // Disk reads would be far ahead (the sender's socket, the host's 1 MiB and its socket to bora); bora took 2 MiB.
    const percents = [...atom.shown().matchAll(/atom \[big\.bin (\d+)%\]> /g)].map((match) => Number(match[1]));
    expect(percents.length).toBeGreaterThan(0);
    // Less than what atom wrote by at least the host's 1 MiB relay buffer (the host pauses atom only past it).
    expect((Math.max(...percents) / 100) * size).toBeLessThanOrEqual(proxy.up() - MiB);
    expect(atom.shown()).not.toMatch(/big\.bin: 25%/);

    await bora.session.close(); // bora leaves mid-file
    await atom.until((text) => /! big\.bin: .*bora.*left/i.test(text));
    await atom.until((text) => text.endsWith('atom> '));
    await sleep(500); // no late progress report brings the percentage back
    expect(atom.shown().endsWith('atom> ')).toBe(true);
    atom.input.write('/exit\r');
    expect(await atom.exit).toBe(3); // the file did not arrive verified
  });

  it('in a script: the receiver leaves mid-file, one line says so, and the exit code is 3', async () => {
    room = await startRoom();
    const gate = gatedWriter(1 * MiB);
    const bora = await joinUser(room, 'bora', { openWriteStream: gate.open });
    users = [bora];
    bora.files.on('offer', (offer) => void bora.files.accept(offer.offer));
    const file = await makeFile(bora, 'big.bin', 32 * MiB);
    const atom = atomJoins(room.port, false);
    await atom.until((text) => text.includes('Joined'));
    atom.input.end(`/filesend bora ${file.path}\n`);
    await gate.holding;
    await bora.session.close();
    expect(await atom.exit).toBe(3);
    expect(atom.shown().match(/^! big\.bin: .*$/gm)).toHaveLength(1);
  });
});
