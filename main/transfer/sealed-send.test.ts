/**
 * sendSealed over a real socket: a slow reader gets the stream sealer's exact bytes although the file is read into
 * two reused buffers; a file shorter than offered is `read_failed`; a connection closed mid-file is `link_closed`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { createSealer, recordSealer, type StreamParams } from '../security/file-crypto.js';
import { sendSealed } from './sealed-send.js';
import { isTransferError } from './transfer-error.js';

const params = (length: number): StreamParams => ({
  shared: Buffer.alloc(32, 5),
  offerNonce: Buffer.alloc(16, 6),
  fileIndex: 1,
  offset: 1000,
  length,
});
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

/** A connected pair on 127.0.0.1: our sending socket and the reader's. */
async function pair(): Promise<{ ours: net.Socket; theirs: net.Socket }> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const accepted = new Promise<net.Socket>((resolve) => server.once('connection', resolve));
  const ours = net.createConnection((server.address() as net.AddressInfo).port, '127.0.0.1');
  ours.on('error', () => undefined);
  const theirs = await accepted;
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  cleanups.push(async () => {
    ours.destroy();
    theirs.destroy();
  });
  return { ours, theirs };
}

async function fileOf(bytes: Buffer): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sealed-send-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'f.bin');
  await writeFile(file, bytes);
  return file;
}

describe('sending a file sealed', () => {
  it('a slow reader gets exactly the stream sealer’s bytes', async () => {
    const bytes = randomBytes(3 * 1024 * 1024 + 1000 + 17);
    const file = await fileOf(bytes);
    const length = bytes.length - 1000;
    const salt = randomBytes(16);
    const expected: Buffer[] = [];
    await pipeline(
      Readable.from([bytes.subarray(1000)]),
      createSealer(params(length), salt),
      new Writable({
        write(chunk: Buffer, _e, callback) {
          expected.push(chunk);
          callback();
        },
      }),
    );
    const { ours, theirs } = await pair();
    const got: Buffer[] = [];
    theirs.on('data', (chunk: Buffer) => {
      got.push(chunk);
      theirs.pause();
      setTimeout(() => theirs.resume(), 1);
    });
    const ended = new Promise((resolve) => theirs.once('end', resolve));
    let read = 0;
    await sendSealed(file, 1000, length, recordSealer(params(length), salt), ours, (n) => (read += n));
    await ended;
    expect(read).toBe(length);
    expect(Buffer.concat(got).equals(Buffer.concat(expected))).toBe(true);
  });

  it('a file shorter than offered is read_failed; a connection closed mid-file is link_closed', async () => {
    const file = await fileOf(randomBytes(100_000));
    const short = await pair();
    short.theirs.resume();
    const error = await sendSealed(file, 1000, 100_000, recordSealer(params(100_000)), short.ours, () => undefined)
      .then(() => undefined)
      .catch((caught: unknown) => caught);
    expect(isTransferError(error, 'read_failed')).toBe(true);

    const big = await fileOf(randomBytes(16 * 1024 * 1024));
    const cut = await pair();
    cut.theirs.once('data', () => cut.theirs.destroy());
    const closed = await sendSealed(
      big,
      0,
      16 * 1024 * 1024,
      recordSealer(params(16 * 1024 * 1024)),
      cut.ours,
      () => undefined,
    )
      .then(() => undefined)
      .catch((caught: unknown) => caught);
    expect(isTransferError(closed, 'link_closed')).toBe(true);
  });
});
