/**
 * Idle memory: the server's RSS with thousands of logged-in connections that say nothing. Connections open in
 * batches (no SYN backlog overflow, a bounded join storm). If logins start failing, the rest still connect and say
 * hello, so that the memory figure covers the full count, and the report says how many were logged in.
 */
import { execSync } from 'node:child_process';
import { LoadClient } from './load-client.js';
import { nickFor, settle } from './room-harness.js';
import type { ServerHandle, ServerStats } from './server-handle.js';

export interface IdleResult {
  requested: number;
  loggedIn: number;
  helloOnly: number;
  open: number;
  baseline: ServerStats;
  loaded: ServerStats;
  loadedAfterGc: ServerStats;
  /** First login refusal or connection failure, if any. */
  error: string | undefined;
  fdLimit: number;
}

const BATCH = 250;

/** The soft open-files limit this process (and the server child, which inherits it) runs under. */
export function openFileLimit(): number {
  try {
    const value = execSync('ulimit -n', { shell: '/bin/sh', encoding: 'utf8' }).trim();
    return value === 'unlimited' ? Number.POSITIVE_INFINITY : Number(value);
  } catch {
    return Number.NaN;
  }
}

export async function runIdle(server: ServerHandle, count: number): Promise<IdleResult> {
  const fdLimit = openFileLimit();
  const baseline = await server.stats({ gc: true });
  const crowd: LoadClient[] = [];
  let loggedIn = 0;
  let helloOnly = 0;
  let error: string | undefined;
  for (let start = 0; start < count; start += BATCH) {
    const batch: LoadClient[] = [];
    for (let i = start; i < Math.min(count, start + BATCH); i++) batch.push(new LoadClient(i, { onMsg: () => {} }));
    await Promise.all(
      batch.map(async (client) => {
        try {
          await client.connect(server.port);
        } catch (caught) {
          error ??= `connect: ${(caught as Error).message}`;
          return;
        }
        if (error !== undefined) {
          helloOnly++;
          return;
        }
        try {
          await client.login(nickFor('idle', client.index));
          loggedIn++;
        } catch (caught) {
          error ??= `login #${client.index + 1}: ${(caught as Error).message}`;
        }
      }),
    );
    crowd.push(...batch);
  }
  await settle(() => crowd.reduce((sum, client) => sum + client.joinedEvents, 0), 1_000, 60_000);
  const loaded = await server.stats();
  const loadedAfterGc = await server.stats({ gc: true });
  const open = crowd.filter((client) => !client.closed).length;
  for (const client of crowd) client.close();
  return { requested: count, loggedIn, helloOnly, open, baseline, loaded, loadedAfterGc, error, fdLimit };
}
