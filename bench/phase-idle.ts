/**
 * Idle memory: the server's RSS with thousands of logged-in connections that say nothing.
 */
import { execSync } from 'node:child_process';
import type { LoadClient } from './load-client.js';
import { connectClients, settle } from './room-harness.js';
import type { ServerHandle, ServerStats } from './server-handle.js';

export interface IdleResult {
  requested: number;
  connected: number;
  baseline: ServerStats;
  loaded: ServerStats;
  loadedAfterGc: ServerStats;
  error: string | undefined;
  fdLimit: number;
}

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
  let error: string | undefined;
  const batch = 250;
  try {
    for (let start = 0; start < count; start += batch) {
      const size = Math.min(batch, count - start);
      crowd.push(...(await connectClients(server.port, size, 'idle', { onMsg: () => {} }, size, start)));
    }
  } catch (caught) {
    error = (caught as Error).message;
  }
  await settle(() => crowd.reduce((sum, client) => sum + client.joinedEvents, 0), 1_000, 60_000);
  const loaded = await server.stats();
  const loadedAfterGc = await server.stats({ gc: true });
  const connected = crowd.filter((client) => !client.closed).length;
  for (const client of crowd) client.close();
  return { requested: count, connected, baseline, loaded, loadedAfterGc, error, fdLimit };
}
