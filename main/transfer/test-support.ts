/** Helpers for the transfer tests: a real room server with the relay on 127.0.0.1:0, users with temp folders. */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { ClientSession } from '../client/session.js';
import { createRoomServer, type RoomServer } from '../server/server.js';
import { FileTransfers, type FileTransfersOptions } from './file-transfers.js';
import { FileRelay, type FileRelayOptions } from './relay.js';
import type { TransferEvents } from './transfer-types.js';

export interface TestRoom {
  server: RoomServer;
  relay: FileRelay;
  port: number;
  stop(): Promise<void>;
}

export async function startRoom(options: FileRelayOptions = {}): Promise<TestRoom> {
  const relay = new FileRelay(options);
  const server = createRoomServer({ hooks: relay.hooks, rateLimit: 'off' });
  const address = await server.listen(0, '127.0.0.1');
  let stopped = false;
  return {
    server,
    relay,
    port: address.port,
    async stop() {
      if (stopped) return;
      stopped = true;
      relay.close();
      await server.close();
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
  /** Resolves with the first event (already seen or future) of `type` matching `match`. */
  next<K extends keyof TransferEvents>(type: K, match?: (event: TransferEvents[K]) => boolean, timeoutMs?: number): Promise<TransferEvents[K]>;
  leave(): Promise<void>;
}

export async function joinUser(room: TestRoom, nick: string, options: Partial<FileTransfersOptions> = {}): Promise<TestUser> {
  const session = new ClientSession({ host: '127.0.0.1', port: room.port, nick, reconnect: false, rttIntervalMs: 0 });
  await session.connect();
  const dir = await mkdtemp(path.join(os.tmpdir(), `sb-dl-${nick}-`));
  const outbox = await mkdtemp(path.join(os.tmpdir(), `sb-out-${nick}-`));
  const files = new FileTransfers(session, { downloadDir: dir, timing: { verdictGraceMs: 3000 }, ...options });
  const seen = { offer: [], 'offer-accepted': [], 'offer-ended': [], started: [], progress: [], ended: [], hashing: [] } as Recorded;
  const waiters = new Set<() => void>();
  for (const type of Object.keys(seen) as (keyof TransferEvents)[]) {
    files.on(type, (event) => {
      (seen[type] as unknown[]).push(event);
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
          reject(new Error(`${nick}: no ${type} event within ${timeoutMs} ms; seen ${JSON.stringify(seen[type]).slice(0, 500)}`));
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
