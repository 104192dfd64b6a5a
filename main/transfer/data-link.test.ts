import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeFrame } from '../protocol/codec.js';
import { LINK_READ_BYTES, openDataLink } from './data-link.js';
import type { TransferError } from './transfer-error.js';

const servers: net.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** A host that answers every data connection's hello with `writes`, one socket write each. */
async function host(writes: Buffer[]): Promise<number> {
  const server = net.createServer((socket) => {
    socket.once('data', () => {
      for (const chunk of writes) socket.write(chunk);
    });
    socket.on('error', () => undefined);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

const ready = encodeFrame({ t: 'ok', transfer: 'x1', role: 'receiver', offset: 0, length: 8 });

describe('a data connection', () => {
  it('hands over file bytes that arrive in the same read as the go-ahead, even when they look like a frame header', async () => {
    const fileBytes = Buffer.from([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 7]);
    const port = await host([Buffer.concat([ready, fileBytes])]);
    const link = await openDataLink('127.0.0.1', port, 'token', 5000).promise;
    expect(link.ready).toMatchObject({ t: 'ok', transfer: 'x1' });
    expect(link.socket.read()).toEqual(fileBytes);
    link.socket.destroy();
  });

  it('keeps a small file readable even when its bytes and the end of stream came before anyone read the socket', async () => {
    const fileBytes = Buffer.from('the whole file');
    const server = net.createServer((socket) =>
      socket.once('data', () => socket.end(Buffer.concat([ready, fileBytes]))),
    );
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const link = await openDataLink('127.0.0.1', (server.address() as net.AddressInfo).port, 'token', 5000).promise;
    await new Promise((resolve) => setTimeout(resolve, 100)); // the FIN arrives while the receiver is busy elsewhere
    const chunks: Buffer[] = [];
    for await (const chunk of link.socket) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks)).toEqual(fileBytes);
  });

  it('waits for a go-ahead split across reads, down to its length header', async () => {
    const port = await host([ready.subarray(0, 2), ready.subarray(2, 9), ready.subarray(9)]);
    const link = await openDataLink('127.0.0.1', port, 'token', 5000).promise;
    expect(link.ready).toMatchObject({ t: 'ok', role: 'receiver' });
    expect(link.socket.readableLength).toBe(0);
    link.socket.destroy();
  });

  it('a link reset by the host while it waits to be used fails its reader, not the process', async () => {
    const server = net.createServer((socket) =>
      socket.once('data', () => socket.write(ready, () => setTimeout(() => socket.resetAndDestroy(), 20))),
    );
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const link = await openDataLink('127.0.0.1', (server.address() as net.AddressInfo).port, 'token', 5000).promise;
    await new Promise((resolve) => link.socket.once('close', resolve)); // the reset arrives while nobody reads
    const reading = (async () => {
      for await (const chunk of link.socket) void chunk;
    })();
    await expect(reading).rejects.toThrow();
  });

  it("fails with the host's code when the host refuses the token, and with bad_frame on garbage", async () => {
    const refused = await host([
      encodeFrame({ t: 'error', code: 'bad_token', message: 'Unknown or already used transfer token.' }),
    ]);
    await expect(openDataLink('127.0.0.1', refused, 'token', 5000).promise).rejects.toMatchObject({
      code: 'bad_token',
    } satisfies Partial<TransferError>);
    const garbage = await host([Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n')]);
    await expect(openDataLink('127.0.0.1', garbage, 'token', 5000).promise).rejects.toMatchObject({
      code: 'bad_frame',
    });
  });

  it("reading into one buffer: the go-ahead read's file bytes come first, then every later read, then the end", async () => {
    const fileBytes = randomBytes(300_000);
    const server = net.createServer((socket) =>
      socket.once('data', () => {
        socket.write(Buffer.concat([ready, fileBytes.subarray(0, 10)]));
        setTimeout(() => socket.end(fileBytes.subarray(10)), 50);
      }),
    );
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    const link = await openDataLink('127.0.0.1', port, 'token', 5000, undefined, true).promise;
    expect(link.socket.readableLength).toBe(0); // nothing held by the socket itself
    const copies: Buffer[] = [];
    const buffers = new Set<ArrayBufferLike>();
    const ended = new Promise((resolve) => link.socket.once('end', resolve));
    let paused = false;
    link.readInto!((bytes) => {
      copies.push(Buffer.from(bytes));
      if (bytes.length <= LINK_READ_BYTES) buffers.add(bytes.buffer);
      if (copies.length !== 2) return true;
      // Pausing holds every later byte (and the end) until resume.
      paused = true;
      setTimeout(() => {
        paused = false;
        link.socket.resume();
      }, 50);
      return false;
    });
    link.socket.on('end', () => expect(paused).toBe(false));
    await ended;
    expect(Buffer.concat(copies).equals(fileBytes)).toBe(true);
    expect(copies.length).toBeGreaterThan(2);
    // One memory for all the socket's reads (the go-ahead's leftover is the link's own copy).
    expect(buffers.size).toBe(2);
  });

  it('reading into one buffer keeps a small file that came with its end before anyone read', async () => {
    const fileBytes = Buffer.from('the whole file');
    const server = net.createServer((socket) =>
      socket.once('data', () => socket.end(Buffer.concat([ready, fileBytes]))),
    );
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    const link = await openDataLink('127.0.0.1', port, 'token', 5000, undefined, true).promise;
    await new Promise((resolve) => setTimeout(resolve, 100)); // the FIN arrives while the receiver is busy elsewhere
    const copies: Buffer[] = [];
    const ended = new Promise((resolve) => link.socket.once('end', resolve));
    link.readInto!((bytes) => copies.push(Buffer.from(bytes)) > 0);
    await ended;
    expect(Buffer.concat(copies)).toEqual(fileBytes);
  });
});
