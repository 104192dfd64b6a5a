/**
 * FanoutPipe over real sockets: while one receiver stops reading, the host's memory for the upload stays within the
 * window plus the receivers' socket queues (its slabs are reused, never grown per byte), the fast receiver gets every
 * byte intact and in order, the slow one is cut `lagging`, and the sender's bytes are read once.
 */
import { randomBytes } from 'node:crypto';
import net, { type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FanoutPipe } from './fanout-pipe.js';
import { SLAB_BYTES } from './fanout-window.js';

const MiB = 1024 * 1024;
let server: Server | undefined;
const sockets: Socket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

/** A connected pair on 127.0.0.1: [the host's end, the client's end]. */
async function pair(): Promise<[Socket, Socket]> {
  server ??= await new Promise<Server>((resolve) => {
    const s = net.createServer({ pauseOnConnect: true });
    s.listen(0, '127.0.0.1', () => resolve(s));
  });
  const accepted = new Promise<Socket>((resolve) => server!.once('connection', resolve));
  const { port } = server.address() as net.AddressInfo;
  const client = net.connect(port, '127.0.0.1');
  const host = await accepted;
  sockets.push(host, client);
  return [host, client];
}

/** Everything after the go-ahead frame (4-byte length, then its payload). */
function afterGoAhead(bytes: Buffer): Buffer {
  return bytes.subarray(4 + bytes.readUInt32BE(0));
}

describe('FanoutPipe', () => {
  it('holds at most the window and the socket queues while a receiver stalls, and cuts it lagging', async () => {
    const size = 24 * MiB + 12345;
    const file = randomBytes(size);
    const windowBytes = 2 * MiB;
    const ended: Record<string, string> = {};
    const relayed: string[] = [];
    const pipe = new FanoutPipe(
      'up',
      size,
      {
        relayed: (t) => relayed.push(t),
        failed: (t, reason) => (ended[t] = reason),
        uploadFailed: (reason) => (ended.upload = reason),
      },
      { pairTimeoutMs: 5000, stallTimeoutMs: 10_000, explainGraceMs: 200, windowBytes, lagGraceMs: 1500 },
    );
    pipe.addReceiver('fast');
    pipe.addReceiver('slow');
    const [senderHost, senderClient] = await pair();
    const [fastHost, fastClient] = await pair();
    const [slowHost, slowClient] = await pair();
    slowClient.pause(); // never reads: the kernel's buffers fill, then the host's queue, then the window
    const fastBytes: Buffer[] = [];
    fastClient.on('data', (chunk: Buffer) => fastBytes.push(chunk));
    const fastDone = new Promise((resolve) => fastClient.once('end', resolve));
    pipe.attachReceiver('fast', fastHost, Buffer.alloc(0));
    pipe.attachReceiver('slow', slowHost, Buffer.alloc(0));
    pipe.attachSender(senderHost, Buffer.alloc(0));
    senderClient.once('data', () => senderClient.end(file)); // the go-ahead
    await fastDone;

    expect(ended).toEqual({ slow: 'lagging' });
    expect(relayed).toEqual(['fast']);
    expect(afterGoAhead(Buffer.concat(fastBytes)).equals(file)).toBe(true);
    expect(pipe.bytesFromSender).toBe(size);
    expect(pipe.peakWindowBytes).toBeLessThanOrEqual(windowBytes + 64 * 1024);
    // The memory held for the upload: the window, 256 KiB (+ one write) queued per receiver socket, one partly
    // filled slab at each end; nothing grows with the 24 MiB that went through.
    const queues = 2 * (256 + 64) * 1024;
    expect(pipe.peakBufferedBytes).toBeLessThanOrEqual(windowBytes + queues + 2 * SLAB_BYTES);
    pipe.close();
  });
});
