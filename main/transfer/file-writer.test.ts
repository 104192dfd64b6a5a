/**
 * writeIncoming on an end-to-end link that reads into one reused buffer (data-link.ts `reuseReads`): the file that
 * reaches a slow disk is the sent one although every socket read lands in the same memory, reading pauses while the
 * disk is behind, and altered or cut streams end as `tampered` or as fewer bytes.
 */
import { createHash, randomBytes } from 'node:crypto';
import net from 'node:net';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeFrame } from '../protocol/codec.js';
import { createSealer, recordOpener, type StreamParams } from '../security/file-crypto.js';
import { openDataLink } from './data-link.js';
import { writeIncoming } from './file-writer.js';

const servers: net.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

const params = (length: number): StreamParams => ({
  shared: Buffer.alloc(32, 3),
  offerNonce: Buffer.alloc(16, 4),
  fileIndex: 0,
  offset: 0,
  length,
});

async function sealed(plain: Buffer): Promise<Buffer> {
  const out: Buffer[] = [];
  await pipeline(
    Readable.from([plain]),
    createSealer(params(plain.length)),
    new Writable({
      write(chunk: Buffer, _e, callback) {
        out.push(chunk);
        callback();
      },
    }),
  );
  return Buffer.concat(out);
}

/** A host that sends the go-ahead, then `wire` (its first bytes in the same write), then ends. */
async function host(wire: Buffer): Promise<number> {
  const ready = encodeFrame({ t: 'ok', transfer: 'x1', role: 'receiver', offset: 0, length: wire.length });
  const server = net.createServer((socket) => {
    socket.on('error', () => undefined);
    socket.once('data', () => socket.end(Buffer.concat([ready, wire])));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

/**
 * A disk that finishes each write 2 ms later, keeping every chunk it was handed until the end, and the bytes of each
 * write call (one call takes all the chunks waiting, as a file's `pwritev` does).
 */
function slowDisk(): { writer: Writable; chunks: Buffer[]; calls: number[] } {
  const chunks: Buffer[] = [];
  const calls: number[] = [];
  const writer = new Writable({
    highWaterMark: 64 * 1024,
    writev(waiting: { chunk: Buffer }[], callback) {
      for (const { chunk } of waiting) chunks.push(chunk);
      calls.push(waiting.reduce((sum, { chunk }) => sum + chunk.length, 0));
      setTimeout(callback, 2);
    },
  });
  return { writer, chunks, calls };
}

async function receive(
  wire: Buffer,
  length: number,
): Promise<{ result: Awaited<ReturnType<typeof writeIncoming>>; chunks: Buffer[]; calls: number[]; hash: string }> {
  const port = await host(wire);
  const disk = slowDisk();
  const hash = createHash('sha256');
  const result = await writeIncoming(openDataLink('127.0.0.1', port, 'token', 5000, undefined, true).promise, {
    length,
    opener: recordOpener(params(length)),
    hash,
    open: () => disk.writer,
    onSocket: () => undefined,
    onBytes: () => undefined,
  });
  return { result, chunks: disk.chunks, calls: disk.calls, hash: hash.digest('hex') };
}

describe('an end-to-end file read into one buffer', () => {
  it('reaches a slow disk intact, every chunk it was handed still holding its bytes at the end', async () => {
    const plain = randomBytes(3 * 1024 * 1024 + 5);
    const { result, chunks, hash } = await receive(await sealed(plain), plain.length);
    expect(result).toEqual({ received: plain.length });
    expect(Buffer.concat(chunks).equals(plain)).toBe(true);
    expect(hash).toBe(createHash('sha256').update(plain).digest('hex'));
  });

  it('each write holds whole records, however the reads cut them: a cut or a crash leaves whole records', async () => {
    const plain = randomBytes(3 * 1024 * 1024 + 5);
    const { result, calls } = await receive(await sealed(plain), plain.length);
    expect(result).toEqual({ received: plain.length });
    expect(calls.slice(0, -1).every((bytes) => bytes % 65536 === 0)).toBe(true);
    expect(calls.at(-1)! % 65536).toBe(5);
  });

  it('an altered record ends it as tampered, with nothing of that record written', async () => {
    const plain = randomBytes(300_000);
    const wire = await sealed(plain);
    wire[16 + 4 + 65536 + 16 + 4 + 10]! ^= 1; // inside the second record
    const { result, chunks } = await receive(wire, plain.length);
    expect(result.failure?.code).toBe('tampered');
    expect(Buffer.concat(chunks).equals(plain.subarray(0, 65536))).toBe(true);
  });

  it('a stream cut before its final record shows as fewer bytes received, without a failure of ours', async () => {
    const plain = randomBytes(300_000);
    const wire = await sealed(plain);
    const { result } = await receive(wire.subarray(0, wire.length - 100), plain.length);
    expect(result.failure).toBeUndefined();
    expect(result.received).toBe(4 * 65536);
  });
});
