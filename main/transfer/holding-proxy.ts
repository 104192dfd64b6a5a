/**
 * Test helper: a loopback proxy between one client and the host that plays a receiver whose disk is slow. Once a
 * connection has carried `holdAfter` bytes host → client, the proxy keeps reading the host at full speed but hands
 * the client nothing more until `release()` (the host believes every byte was delivered: large kernel buffers, a
 * slow disk). `blackHole(n)` says whether the n-th connection (1 = the control connection) is swallowed: accepted,
 * never forwarded, never answered (a peer that never connects).
 */
import net from 'node:net';

export interface HoldingProxy {
  port: number;
  /** Resolves once some connection is being held. */
  holding: Promise<void>;
  release(): void;
  stop(): Promise<void>;
}

export async function startHoldingProxy(
  target: number,
  holdAfter: number,
  blackHole: (connection: number) => boolean = () => false,
): Promise<HoldingProxy> {
  const sockets = new Set<net.Socket>();
  const flushes = new Set<() => void>();
  let released = false;
  let reached!: () => void;
  const holding = new Promise<void>((resolve) => (reached = resolve));
  let count = 0;
  const track = (socket: net.Socket): void => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  };
  const server = net.createServer({ allowHalfOpen: true }, (client) => {
    track(client);
    count += 1;
    if (blackHole(count)) {
      client.on('error', () => undefined);
      client.resume();
      return;
    }
    const upstream = net.createConnection({ host: '127.0.0.1', port: target, allowHalfOpen: true });
    track(upstream);
    for (const s of [client, upstream]) {
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    let down = 0;
    let held: Buffer[] | undefined;
    let endHeld = false;
    const flush = (): void => {
      if (!held) return;
      for (const chunk of held) client.write(chunk);
      held = undefined;
      if (endHeld) client.end();
    };
    flushes.add(flush);
    upstream.on('data', (chunk: Buffer) => {
      down += chunk.length;
      if (!released && !held && down > holdAfter) {
        held = [];
        reached();
      }
      if (held) held.push(chunk);
      else client.write(chunk);
    });
    upstream.on('end', () => {
      if (held) endHeld = true;
      else client.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    holding,
    release() {
      released = true;
      for (const flush of flushes) flush();
    },
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
