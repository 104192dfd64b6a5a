/**
 * A man in the middle for tests: what anyone on the same Wi-Fi can do between a client and the host.
 *
 * `startMitmProxy({ target, mode })` listens on 127.0.0.1:0 and, for every connection, opens one to the host:
 * - `passive`: relays both ways unchanged and records every byte it saw (`seen()`), so a test can assert that no
 *   password, chat text, token or file byte crossed the network in a readable form;
 * - `tamper`: like passive, but flips one bit of client→host bytes once `tamperAfter` bytes have passed, or, after
 *   `tamperNext()`, in the next client→host chunk (an altered TLS record must end the connection, never deliver
 *   altered text);
 * - `impersonate`: terminates TLS itself with its own identity (first byte 0x16) and opens its own TLS connection to
 *   the host, relaying the decrypted stream (it can read it all) — a client must refuse this host (pinning, room
 *   code) and a password room's PAKE must fail on both sides. Connections that do not start with TLS are relayed
 *   as in passive mode.
 * Test support only: nothing in the product imports it.
 */
import net, { type AddressInfo } from 'node:net';
import tls from 'node:tls';
import { createIdentity, type Identity } from './identity.js';
import { clientTlsOptions, serverTlsOptions, TLS_FIRST_BYTE } from './tls-options.js';

export type MitmMode = 'passive' | 'tamper' | 'impersonate';

export interface MitmOptions {
  target: { host: string; port: number };
  mode: MitmMode;
  /** tamper: client→host bytes to let through before flipping one bit (absent: only after `tamperNext()`). */
  tamperAfter?: number;
  /** impersonate: the proxy's own identity (default: a new one). */
  identity?: Identity;
}

export interface MitmProxy {
  readonly port: number;
  /** Every byte relayed in either direction so far (ciphertext on TLS connections, what the network carried). */
  seen(): Buffer;
  /** impersonate: the decrypted bytes the proxy read from clients (what it learned by terminating TLS). */
  decrypted(): Buffer;
  /** How many connections were opened through the proxy. */
  connections(): number;
  /** How many times a bit was flipped (tamper). */
  tampered(): number;
  /** tamper: flip a bit inside the next client→host chunk of any connection (past a TLS record's 5-byte header). */
  tamperNext(): void;
  close(): Promise<void>;
}

export async function startMitmProxy(options: MitmOptions): Promise<MitmProxy> {
  const seen: Buffer[] = [];
  const decrypted: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  let connections = 0;
  let flips = 0;
  let armed = false;
  const identity = options.mode === 'impersonate' ? (options.identity ?? (await createIdentity('mitm'))) : undefined;

  const track = (socket: net.Socket): net.Socket => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.once('close', () => sockets.delete(socket));
    return socket;
  };
  /**
   * One side closing ends the other: cleanly (after what is still queued for it has been written, as a real network
   * path would deliver it), or at once when the closing side failed. Destroying it at once lost the sender's last
   * bytes whenever the proxy had not written them yet.
   */
  const endBoth = (a: net.Socket, b: net.Socket): void => {
    const pass = (from: net.Socket, to: net.Socket): void => {
      from.once('close', (hadError: boolean) => (hadError ? to.destroy() : to.end()));
    };
    pass(a, b);
    pass(b, a);
  };

  /** Raw relay; `transform` may change client→host chunks. */
  const relay = (client: net.Socket, first: Buffer, transform: (chunk: Buffer) => Buffer): void => {
    const upstream = track(net.connect(options.target.port, options.target.host));
    endBoth(client, upstream);
    const up = (chunk: Buffer): void => {
      seen.push(Buffer.from(chunk));
      upstream.write(transform(chunk));
    };
    up(first);
    client.on('data', up);
    upstream.on('data', (chunk: Buffer) => {
      seen.push(Buffer.from(chunk));
      client.write(chunk);
    });
  };

  const flip = (chunk: Buffer, at: number): Buffer => {
    const copy = Buffer.from(chunk);
    copy[at] = (copy[at] ?? 0) ^ 0x01;
    flips++;
    return copy;
  };
  const flipper = (): ((chunk: Buffer) => Buffer) => {
    let passed = 0;
    let done = options.tamperAfter === undefined;
    const after = options.tamperAfter ?? 0;
    return (chunk) => {
      if (armed) {
        armed = false;
        return flip(chunk, Math.min(8, chunk.length - 1));
      }
      if (done || passed + chunk.length <= after) {
        passed += chunk.length;
        return chunk;
      }
      const at = Math.max(0, after - passed);
      passed += chunk.length;
      done = true;
      return flip(chunk, at);
    };
  };

  const impersonate = (client: net.Socket, first: Buffer): void => {
    client.pause();
    client.unshift(first);
    const own = identity as Identity;
    const front = new tls.TLSSocket(client, { isServer: true, ...serverTlsOptions(own) });
    front.on('error', () => undefined);
    const back = tls.connect({ host: options.target.host, port: options.target.port, ...clientTlsOptions(own) });
    track(back as unknown as net.Socket);
    back.on('error', () => undefined);
    const destroy = (): void => {
      front.destroy();
      back.destroy();
      client.destroy();
    };
    front.once('close', destroy);
    back.once('close', destroy);
    front.on('data', (chunk: Buffer) => {
      decrypted.push(Buffer.from(chunk));
      back.write(chunk);
    });
    back.on('data', (chunk: Buffer) => front.write(chunk));
    // No client.resume(): TLS now reads the socket's handle itself, and a resumed raw socket would steal its bytes.
  };

  const server = net.createServer((client) => {
    connections++;
    track(client);
    client.once('data', (first: Buffer) => {
      if (options.mode === 'impersonate' && first[0] === TLS_FIRST_BYTE) impersonate(client, first);
      else relay(client, first, options.mode === 'tamper' ? flipper() : (chunk) => chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    port: (server.address() as AddressInfo).port,
    seen: () => Buffer.concat(seen),
    decrypted: () => Buffer.concat(decrypted),
    connections: () => connections,
    tampered: () => flips,
    tamperNext: () => {
      armed = true;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
