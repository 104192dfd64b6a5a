/**
 * Finds the rooms around, the way `sarangbang rooms` and the app's "Search again" do: browses mDNS for `waitMs`
 * (default 3 s) while checking the known rooms (hosts joined before) directly, then, when nothing was found ('auto')
 * or on request ('always'), probes subnets: the ones given, else the private subnets this machine is on. Rooms are
 * merged by fingerprint and port (mDNS first, then known rooms, then the probe) and sorted by name.
 */
import { browseRooms } from './room-browser.js';
import { localPrivateSubnets, probeRoom, probeSubnets } from './subnet-probe.js';
import type { FoundRoom } from './types.js';

export interface FindRoomsOptions {
  waitMs?: number;
  /** Subnets to probe (the user named them); default: the private subnets this machine is on. */
  subnets?: string[];
  /** Rooms joined before, checked directly. */
  known?: Array<{ host: string; port: number }>;
  probe?: 'auto' | 'always' | 'never';
  signal?: AbortSignal;
  /** Each room as soon as it is found (a room may be reported again with fresher facts). */
  onFound?: (room: FoundRoom) => void;
  /** What was done, for "nothing found" messages. */
  report?: FindReport;
}

/** Filled in by findRooms: what it looked at. */
export interface FindReport {
  waitedMs: number;
  knownChecked: number;
  probed: string[];
}

/** Known rooms checked at most (the most recent first, as given). */
const MAX_KNOWN = 32;
const KNOWN_TIMEOUT_MS = 1500;

const key = (room: FoundRoom): string => `${room.fingerprint}@${room.port}`;

export async function findRooms(options: FindRoomsOptions = {}): Promise<FoundRoom[]> {
  const waitMs = Math.max(0, options.waitMs ?? 3000);
  const mode = options.probe ?? 'auto';
  const found = new Map<string, FoundRoom>();
  const add = (room: FoundRoom): void => {
    const existing = found.get(key(room));
    if (existing && existing.via === 'mdns' && room.via !== 'mdns') return;
    found.set(key(room), room);
    options.onFound?.(room);
  };
  const report = options.report ?? { waitedMs: 0, knownChecked: 0, probed: [] };
  const started = Date.now();
  const browser = browseRooms();
  browser.on('change', (rooms) => rooms.forEach(add));
  const known = (options.known ?? []).slice(0, MAX_KNOWN);
  report.knownChecked = known.length;
  const subnets = options.subnets && options.subnets.length > 0 ? options.subnets : undefined;
  const probeNow = (): Promise<FoundRoom[]> => {
    const cidrs = subnets ?? localPrivateSubnets();
    report.probed = cidrs;
    return probeSubnets({ cidrs, signal: options.signal, onFound: add });
  };
  try {
    const knownChecks = Promise.all(
      known.map((room) =>
        probeRoom(room.host, room.port, { timeoutMs: KNOWN_TIMEOUT_MS, via: 'known', signal: options.signal }).then(
          (result) => result && add(result),
        ),
      ),
    );
    const early = mode === 'always' ? probeNow() : undefined;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, waitMs);
      options.signal?.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          resolve();
        },
        { once: true },
      );
    });
    await knownChecks;
    // A room that said goodbye during the wait is gone.
    const live = new Set(browser.list().map(key));
    for (const [id, room] of found) if (room.via === 'mdns' && !live.has(id)) found.delete(id);
    if (early) await early;
    else if (mode === 'auto' && found.size === 0 && !options.signal?.aborted) await probeNow();
  } finally {
    browser.stop();
    report.waitedMs = Date.now() - started;
  }
  return [...found.values()].sort((a, b) => a.name.localeCompare(b.name) || a.host.localeCompare(b.host));
}
