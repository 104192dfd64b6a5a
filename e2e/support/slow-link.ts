/**
 * A slow network link for the tests: a TCP proxy on 127.0.0.1 that forwards to a room's port and delivers the
 * server→client direction at a fixed rate. A person who joins through it receives files slowly enough that progress
 * can be watched and a transfer cancelled midway, whatever the speed of this machine. (Data connections go to the
 * same address as the room, so they pass through it too.)
 */
import { once } from 'node:events';
import { connect, createServer, type Socket } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

const SLICE = 16 * 1024;

export interface SlowLink {
  port: number;
  /** Drops every connection through the link at once (a network loss nobody announced); new ones still pass. */
  cut(): void;
  close(): Promise<void>;
}

/** Copies `from` to `to` at `bytesPerSec`; ends `to` only after every byte queued before `from` ended is delivered. */
function throttle(from: Socket, to: Socket, bytesPerSec: number): void {
  let queue = Promise.resolve();
  from.on('data', (chunk: Buffer) => {
    from.pause();
    queue = queue
      .then(async () => {
        for (let offset = 0; offset < chunk.length && !to.destroyed; offset += SLICE) {
          const piece = chunk.subarray(offset, offset + SLICE);
          if (!to.write(piece)) await Promise.race([once(to, 'drain'), once(to, 'close')]);
          await delay((piece.length / bytesPerSec) * 1000);
        }
        if (!from.destroyed) from.resume();
      })
      // `once` rejects when `to` fails (e.g. reset while a transfer runs): the link is cut, both ways.
      .catch(() => {
        from.destroy();
        to.destroy();
      });
  });
  from.on('end', () => void queue.then(() => to.end()));
}

export async function startSlowLink(targetPort: number, bytesPerSec: number): Promise<SlowLink> {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => sockets.delete(socket));
    }
    // A clean end from the server still drains through the throttle; a reset, or the client going, cuts both.
    upstream.on('close', (hadError) => hadError && client.destroy());
    client.on('close', () => upstream.destroy());
    client.pipe(upstream);
    throttle(upstream, client, bytesPerSec);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    cut() {
      for (const socket of sockets) socket.destroy();
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
