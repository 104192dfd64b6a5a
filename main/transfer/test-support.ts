/** Helpers for the transfer tests: a real room server with the relay on 127.0.0.1:0, users with temp folders. */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { Writable } from 'node:stream';
import { ClientSession } from '../client/session.js';
import type { RoomServer } from '../gateway/server.js';
import { startRoomHost } from '../host/start-room-host.js';
import { FileTransfers, type FileTransfersOptions } from './file-transfers.js';
import type { FileRelay, FileRelayOptions } from './relay.js';
import type { TransferEvents } from './transfer-types.js';
import { createIdentity, type Identity } from '../security/identity.js';
import { nickKey } from '../protocol/nickname.js';
import type { E2ePeers } from './e2e-context.js';

export interface TestRoom {
  server: RoomServer;
  relay: FileRelay;
  port: number;
  stop(): Promise<void>;
}

export const BYTE_RELAYS = ['in-process', 'child-process'] as const;
let byteRelay: (typeof BYTE_RELAYS)[number] = 'in-process';

/** Where the bytes of rooms started from now on are relayed; a suite runs once per mode, as both must behave alike. */
export function relayBytes(mode: (typeof BYTE_RELAYS)[number]): void {
  byteRelay = mode;
}

export async function startRoom(options: FileRelayOptions = {}): Promise<TestRoom> {
  const host = await startRoomHost({ port: 0, host: '127.0.0.1', rateLimit: 'off', relay: { byteRelay, ...options } });
  let stopped = false;
  return {
    server: host.server,
    relay: host.relay,
    port: host.address.port,
    async stop() {
      if (stopped) return;
      stopped = true;
      await host.close();
    },
  };
}

type Recorded = { [K in keyof TransferEvents]: TransferEvents[K][] };

export interface TestUser {
  nick: string;
  session: ClientSession;
  files: FileTransfers;
  /** Download folder. */
  dir: string;
  /** Folder for files this user sends. */
  outbox: string;
  seen: Recorded;
  /** Every `started` and `ended` in the order they came, as `started 0`, `ended 0`… (file index). */
  order: string[];
  /** Resolves with the first event (already seen or future) of `type` matching `match`. */
  next<K extends keyof TransferEvents>(
    type: K,
    match?: (event: TransferEvents[K]) => boolean,
    timeoutMs?: number,
  ): Promise<TransferEvents[K]>;
  leave(): Promise<void>;
}

export async function joinUser(
  room: TestRoom,
  nick: string,
  options: Partial<FileTransfersOptions> = {},
  port = room.port,
): Promise<TestUser> {
  const session = new ClientSession({ host: '127.0.0.1', port, nick, reconnect: false, rttIntervalMs: 0 });
  await session.connect();
  const dir = await mkdtemp(path.join(os.tmpdir(), `sb-dl-${nick}-`));
  const outbox = await mkdtemp(path.join(os.tmpdir(), `sb-out-${nick}-`));
  const files = new FileTransfers(session, { downloadDir: dir, timing: { verdictGraceMs: 3000 }, ...options });
  const seen = {
    offer: [],
    'offer-accepted': [],
    'offer-ended': [],
    started: [],
    progress: [],
    ended: [],
    hashing: [],
  } as Recorded;
  const waiters = new Set<() => void>();
  const order: string[] = [];
  for (const type of Object.keys(seen) as (keyof TransferEvents)[]) {
    files.on(type, (event) => {
      (seen[type] as unknown[]).push(event);
      if (type === 'started' || type === 'ended') order.push(`${type} ${(event as { index: number }).index}`);
      for (const waiter of [...waiters]) waiter();
    });
  }
  return {
    nick,
    session,
    files,
    dir,
    outbox,
    seen,
    order,
    next(type, match = () => true, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const found = (seen[type] as TransferEvents[typeof type][]).find(match);
          if (found === undefined) return false;
          waiters.delete(check as () => void);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check as () => void);
          reject(
            new Error(
              `${nick}: no ${type} event within ${timeoutMs} ms; seen ${JSON.stringify(seen[type]).slice(0, 500)}`,
            ),
          );
        }, timeoutMs);
        if (!check()) waiters.add(check as () => void);
      });
    },
    async leave() {
      files.dispose();
      await session.close().catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
      await rm(outbox, { recursive: true, force: true });
    },
  };
}

/** Writes `size` random bytes into the user's outbox. */
export async function makeFile(user: TestUser, name: string, size: number): Promise<{ path: string; bytes: Buffer }> {
  const bytes = randomBytes(size);
  const file = path.join(user.outbox, name);
  await writeFile(file, bytes);
  return { path: file, bytes };
}

export async function listDir(dir: string): Promise<string[]> {
  return (await readdir(dir)).sort();
}

/** The room still routes chat: `a` says something and `b` hears it. */
export async function roomStillWorks(a: TestUser, b: TestUser): Promise<void> {
  const text = `still here ${Math.random()}`;
  const heard = new Promise<void>((resolve) => {
    const off = b.session.on('msg', (m) => {
      if (m.text === text) {
        off();
        resolve();
      }
    });
  });
  await a.session.say(text);
  await heard;
}

/**
 * A write stream for the receiver that writes normally until `holdAfter` bytes, then holds every further write
 * until `release()` — a transfer that is reliably "in the middle" when the test acts.
 */
export function gatedWriter(holdAfter: number): {
  open: NonNullable<FileTransfersOptions['openWriteStream']>;
  holding: Promise<void>;
  release(): void;
} {
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let reached!: () => void;
  const holding = new Promise<void>((resolve) => {
    reached = resolve;
  });
  return {
    holding,
    release,
    open(part, start) {
      const inner = part.writeStream(start);
      inner.on('error', () => undefined); // reported through the outer stream's callbacks
      inner.on('error', () => undefined); // reported through the outer stream's callbacks
      let written = 0;
      return new Writable({
        highWaterMark: 64 * 1024,
        write(chunk: Buffer, _encoding, callback) {
          const go = (): void => {
            if (inner.destroyed) return callback();
            written += chunk.length;
            inner.write(chunk, (error) => callback(error ?? null));
          };
          if (written >= holdAfter) {
            reached();
            void released.then(go);
          } else go();
        },
        final(callback) {
          inner.end(() => callback());
        },
        destroy(error, callback) {
          inner.destroy();
          callback(error);
        },
      });
    },
  };
}

/** A write stream that fails like a full disk once `limit` bytes were written. */
export function fullDiskWriter(limit: number): NonNullable<FileTransfersOptions['openWriteStream']> {
  return (part, start) => {
    const inner = part.writeStream(start);
    inner.on('error', () => undefined); // reported through the outer stream's callbacks
    let written = 0;
    return new Writable({
      write(chunk: Buffer, _encoding, callback) {
        if (written + chunk.length > limit) {
          return callback(
            Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write' }),
          );
        }
        written += chunk.length;
        inner.write(chunk, (error) => callback(error ?? null));
      },
      final(callback) {
        inner.end(() => callback());
      },
      destroy(error, callback) {
        inner.destroy();
        callback(error);
      },
    });
  };
}

/**
 * A loopback proxy between a client and the host. `cutAfter` cuts a connection once that many bytes went host → client:
 * both sides, or with `cutClientOnly` only the client's side, while the host's side keeps draining into nothing (the
 * host believes every byte was delivered). `slice`: forwards every chunk in pieces of 1–7 bytes. `flipAt`: flips one
 * bit of the byte at that position host → client (only data connections carry that much). `capture`: keeps what
 * went host → client, per connection, in `captured`.
 */
export async function startProxy(
  target: number,
  options: { cutAfter?: number; slice?: boolean; cutClientOnly?: boolean; flipAt?: number; capture?: boolean },
): Promise<{ port: number; cuts: number; flips: number; captured: Buffer[][]; stop(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const state = { port: 0, cuts: 0, flips: 0, captured: [] as Buffer[][], stop: async () => undefined as void };
  const forward = (
    from: net.Socket,
    to: net.Socket,
    count: (n: number) => boolean,
    alter: (chunk: Buffer) => Buffer = (chunk) => chunk,
  ): void => {
    let queue = Promise.resolve();
    from.on('data', (original: Buffer) => {
      if (!count(original.length)) return;
      const chunk = alter(original);
      if (!options.slice) {
        to.write(chunk);
        return;
      }
      from.pause();
      queue = queue.then(async () => {
        for (let i = 0; i < chunk.length;) {
          const n = 1 + Math.floor(Math.random() * 7);
          to.write(chunk.subarray(i, i + n));
          i += n;
          await new Promise((resolve) => setImmediate(resolve));
        }
        from.resume();
      });
    });
    from.on('end', () => void queue.then(() => to.end()));
  };
  const server = net.createServer({ allowHalfOpen: true }, (client) => {
    const upstream = net.createConnection({ host: '127.0.0.1', port: target, allowHalfOpen: true });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
      s.on('close', () => sockets.delete(s));
    }
    let down = 0;
    let altered = 0;
    const captured: Buffer[] = [];
    if (options.capture) state.captured.push(captured);
    forward(client, upstream, () => true);
    forward(
      upstream,
      client,
      (n) => {
        down += n;
        if (options.cutAfter !== undefined && down > options.cutAfter) {
          if (!client.destroyed) state.cuts += 1;
          client.destroy();
          if (!options.cutClientOnly) upstream.destroy();
          return false;
        }
        return true;
      },
      (chunk) => {
        const start = altered;
        altered += chunk.length;
        let out = chunk;
        if (options.flipAt !== undefined && options.flipAt >= start && options.flipAt < altered) {
          out = Buffer.from(chunk);
          const at = options.flipAt - start;
          out.writeUInt8(out.readUInt8(at) ^ 0x01, at);
          state.flips += 1;
        }
        if (options.capture) captured.push(Buffer.from(out));
        return out;
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.port = (server.address() as net.AddressInfo).port;
  state.stop = async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return state;
}

/**
 * Identities for end-to-end tests and the fingerprints the host would stamp in the user list (until the host stamps
 * them): `peers(nick)` is that user's E2ePeers. `directory` can be changed to play a host that lies or a member
 * without a key; `identities` can be changed to play a member without one.
 */
export async function e2eKeys(nicks: string[]): Promise<{
  identities: Map<string, Identity | undefined>;
  directory: Map<string, string>;
  peers(nick: string): E2ePeers;
}> {
  const identities = new Map<string, Identity | undefined>();
  const directory = new Map<string, string>();
  for (const nick of nicks) {
    const identity = await createIdentity(nick);
    identities.set(nick, identity);
    directory.set(nickKey(nick), identity.fingerprint);
  }
  return {
    identities,
    directory,
    peers: (nick) => ({
      get identity() {
        return identities.get(nick);
      },
      fingerprintOf: (other) => Promise.resolve(directory.get(nickKey(other))),
    }),
  };
}

/** What a host before `file.progress` would not say: blanked out of go-aheads, the frame's length unchanged. */
const PROGRESS_FIELD = Buffer.from(',"progress":true');

/**
 * A loopback proxy in front of the host that counts the bytes its clients sent (`up`), for what a sender wrote.
 * `olderHost`: data connections' go-aheads lose `"progress":true` (as from a host before `file.progress`).
 */
export async function countingProxy(
  target: number,
  { olderHost = false } = {},
): Promise<{ port: number; up: () => number; stop(): void }> {
  let up = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const host = net.createConnection({ host: '127.0.0.1', port: target });
    for (const [socket, other] of [
      [client, host],
      [host, client],
    ] as const) {
      sockets.add(socket);
      socket.on('error', () => (client.destroy(), host.destroy()));
      // One side closed: end the other once what it still has to write is out (destroying it at once dropped the
      // last bytes of a file, failing the transfer under load).
      socket.on('close', () => (sockets.delete(socket), other.end()));
    }
    client.on('data', (chunk: Buffer) => (up += chunk.length));
    client.pipe(host);
    host.on('data', (chunk: Buffer) => {
      const at = olderHost ? chunk.indexOf(PROGRESS_FIELD) : -1;
      if (at >= 0) chunk.fill(' ', at, at + PROGRESS_FIELD.length); // still valid JSON, same length
      if (!client.write(chunk)) host.pause();
    });
    client.on('drain', () => host.resume());
    host.on('end', () => client.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    up: () => up,
    stop() {
      server.close();
      for (const socket of sockets) socket.destroy();
    },
  };
}
