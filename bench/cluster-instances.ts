/**
 * The instances under test in the cluster bench: N `sarangbang serve` processes started as users start them
 * (`npm run serve`), each on 127.0.0.1 port 0, all hosting the same named rooms from one rooms file
 * (`--rooms FILE`, PROTOCOL.md 19.5; with one room, the default room and no file) and, with a Redis URL, sharing them through it (`--cluster URL`, section 20).
 * Their CPU and memory come from /proc (bench/cli-server-handle.ts finds the room process below npm).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startCliServer } from './cli-server-handle.js';
import type { ServerHandle } from './server-handle.js';

export interface InstanceOptions {
  /** `redis://127.0.0.1:PORT`, or undefined for a plain many-room server (no --cluster). */
  cluster: string | undefined;
  rooms: readonly string[];
  /** Members a room (and the server) admits: above what the bench connects. */
  maxUsers: number;
  /** Run the `serve` of another checkout (e.g. a branch's worktree) instead of this one. */
  checkout?: string | undefined;
}

export interface Instances {
  servers: ServerHandle[];
  stop(): Promise<void>;
}

export function roomNames(count: number): string[] {
  const width = String(count).length;
  return Array.from({ length: count }, (_, i) => `room${String(i + 1).padStart(width, '0')}`);
}

export async function startInstances(count: number, options: InstanceOptions): Promise<Instances> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sarangbang-bench-cluster-'));
  const roomsFile = path.join(dir, 'rooms.json');
  writeFileSync(
    roomsFile,
    JSON.stringify({ rooms: options.rooms.map((name) => ({ name, maxUsers: options.maxUsers })) }),
  );
  // One room: the server's default room (no rooms file; clients name no room), as a one-room server runs.
  const flags = [
    ...(options.rooms.length > 1 ? ['--rooms', roomsFile] : []),
    ...(options.cluster === undefined ? [] : ['--cluster', options.cluster]),
  ];
  const started = await Promise.allSettled(
    Array.from({ length: count }, () =>
      startCliServer('npm', { rateLimit: 'off', maxUsers: options.maxUsers, flags, checkout: options.checkout }),
    ),
  );
  const servers = started.flatMap((each) => (each.status === 'fulfilled' ? [each.value] : []));
  const stop = async (): Promise<void> => {
    await Promise.allSettled(servers.map((server) => server.stop()));
    rmSync(dir, { recursive: true, force: true });
  };
  const failed = started.find((each) => each.status === 'rejected');
  if (failed) {
    await stop();
    throw failed.reason instanceof Error ? failed.reason : new Error(String(failed.reason));
  }
  return { servers, stop };
}
