/**
 * Finds rooms without multicast: connects to each address of some subnets on the room port and asks, the way a client
 * starts (docs/PROTOCOL.md section 18.5): TLS 1.3 (ALPN `sarangbang`, no client certificate), the `SBNG` preamble and
 * `hello {v:1}`; the room answers `welcome` (name, password flag, capacity, people) and its certificate gives the
 * fingerprint; the probe then says `bye` and closes. Bounded: at most `concurrency` connections at once, `ratePerSec`
 * new ones a second, `timeoutMs` each and `totalMs` in all. The caller chooses the subnets: `findRooms` probes only the
 * private subnets this machine is on (cidr.ts) and those the user named.
 */
import net from 'node:net';
import tls from 'node:tls';
import { GreetingFilter } from '../client/greeting-filter.js';
import { encodeFrame, FrameDecoder } from '../protocol/codec.js';
import { GreetingSkipper } from '../protocol/greeting-skip.js';
import { DEFAULT_PORT, PREAMBLE, PROTOCOL_VERSION } from '../protocol/limits.js';
import { roomCode } from '../security/room-code.js';
import { ALPN_PROTOCOL, peerFingerprint } from '../security/tls-options.js';
import { cidrHosts, parseCidr } from './cidr.js';
import type { RoomInfo } from '../protocol/messages.js';
import type { FoundRoom, FoundServerRooms, FoundVia } from './types.js';

export { localPrivateSubnets } from './cidr.js';

export const PROBE_APP = 'sarangbang-probe/1';
const DEFAULTS = { timeoutMs: 1500, concurrency: 64, ratePerSec: 250, totalMs: 15_000 };

interface WelcomeRoom {
  name: string;
  passwordRequired: boolean;
  maxUsers: number;
  people?: number;
  plainAllowed?: boolean;
}

function welcomeRoom(frame: Record<string, unknown>): { v: number; room: WelcomeRoom } | null {
  const room = frame.room as Record<string, unknown> | undefined;
  if (frame.t !== 'welcome' || typeof frame.v !== 'number' || typeof room !== 'object' || room === null) return null;
  if (typeof room.name !== 'string' || typeof room.passwordRequired !== 'boolean') return null;
  if (!Number.isSafeInteger(room.maxUsers)) return null;
  const people =
    Number.isSafeInteger(room.people) && (room.people as number) >= 0 ? (room.people as number) : undefined;
  const plain = typeof room.plainAllowed === 'boolean' ? room.plainAllowed : undefined;
  return {
    v: frame.v,
    room: {
      name: room.name.replace(/[\p{Cc}\p{Cf}]/gu, '').slice(0, 200),
      passwordRequired: room.passwordRequired,
      maxUsers: room.maxUsers as number,
      ...(people === undefined ? {} : { people }),
      ...(plain === undefined ? {} : { plainAllowed: plain }),
    },
  };
}

/** `welcome.rooms` of a many-room server (section 19.2), if well formed. */
function welcomeRooms(frame: Record<string, unknown>): { count: number; allowNew: boolean } | undefined {
  const rooms = frame.rooms as Record<string, unknown> | undefined;
  if (typeof rooms !== 'object' || rooms === null) return undefined;
  if (!Number.isSafeInteger(rooms.count) || (rooms.count as number) < 0 || typeof rooms.allowNew !== 'boolean')
    return undefined;
  return { count: rooms.count as number, allowNew: rooms.allowNew };
}

/** The rooms of the `ok` answering the probe's `rooms` request (section 19.3); malformed entries are left out. */
function roomList(frame: Record<string, unknown>): RoomInfo[] | undefined {
  if (frame.t !== 'ok' || frame.id !== 1) return undefined;
  const result = frame.result as { rooms?: unknown } | undefined;
  if (!result || !Array.isArray(result.rooms)) return undefined;
  return (result.rooms as Record<string, unknown>[]).flatMap((room) =>
    typeof room === 'object' &&
    room !== null &&
    typeof room.name === 'string' &&
    Number.isSafeInteger(room.people) &&
    Number.isSafeInteger(room.maxUsers) &&
    typeof room.passwordRequired === 'boolean'
      ? [
          {
            name: room.name.replace(/[\p{Cc}\p{Cf}]/gu, '').slice(0, 200),
            people: room.people as number,
            maxUsers: room.maxUsers as number,
            passwordRequired: room.passwordRequired,
          },
        ]
      : [],
  );
}

/**
 * Asks `host:port` whether it is a room. Null when it is not (refused, silent, not TLS, not a welcome). A many-room
 * server (its welcome carries `rooms`) is also asked for its first page of rooms before the `bye`.
 */
export function probeRoom(
  host: string,
  port: number,
  opts: { timeoutMs?: number; via?: FoundVia; signal?: AbortSignal } = {},
): Promise<FoundRoom | null> {
  const timeoutMs = opts.timeoutMs ?? DEFAULTS.timeoutMs;
  return new Promise((resolve) => {
    const raw = net.createConnection({ host, port });
    const socket = tls.connect({
      socket: new GreetingFilter(raw),
      ...(net.isIP(host) === 0 ? { servername: host } : {}),
      minVersion: 'TLSv1.3',
      maxVersion: 'TLSv1.3',
      rejectUnauthorized: false,
      ALPNProtocols: [ALPN_PROTOCOL],
    });
    let done = false;
    /** The room, once its welcome came (a many-room server's list is still to come). */
    let found: FoundRoom | undefined;
    const finish = (room: FoundRoom | null): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', abort);
      socket.destroy();
      raw.destroy();
      resolve(room);
    };
    const abort = (): void => finish(null);
    // A many-room server that never answers `rooms` is still a room (found without its list).
    const timer = setTimeout(() => finish(found ?? null), timeoutMs);
    opts.signal?.addEventListener('abort', abort, { once: true });
    if (opts.signal?.aborted) return finish(null);
    raw.on('error', () => finish(null));
    socket.on('error', () => finish(null));
    socket.on('close', () => finish(found ?? null));
    let fingerprint: string | undefined;
    socket.once('secureConnect', () => {
      fingerprint = peerFingerprint(socket);
      if (fingerprint === undefined) return finish(null);
      socket.write(Buffer.concat([PREAMBLE, encodeFrame({ t: 'hello', v: PROTOCOL_VERSION, app: PROBE_APP })]));
    });
    const greeting = new GreetingSkipper();
    const decoder = new FrameDecoder();
    const report = (room: FoundRoom): void => {
      socket.write(encodeFrame({ t: 'bye', reason: 'probe' }));
      finish(room);
    };
    socket.on('data', (chunk: Buffer) => {
      const bytes = greeting.push(chunk);
      if (!bytes || fingerprint === undefined) return;
      const { frames, error } = decoder.push(bytes);
      if (error) return finish(found ?? null);
      for (const frame of frames as Record<string, unknown>[]) {
        if (found) {
          // Waiting for the rooms page: anything but its answer is skipped; its answer (or an error) ends the probe.
          if (frame.id !== 1) continue;
          const list = roomList(frame);
          if (list && found.rooms) found.rooms.list = list;
          return report(found);
        }
        const welcome = welcomeRoom(frame);
        if (!welcome) return finish(null);
        const fp = fingerprint;
        const rooms: FoundServerRooms | undefined = welcomeRooms(frame);
        found = {
          name: welcome.room.name,
          protocol: welcome.v,
          people: welcome.room.people ?? 0,
          maxUsers: welcome.room.maxUsers,
          passwordRequired: welcome.room.passwordRequired,
          plainAllowed: welcome.room.plainAllowed ?? false,
          fingerprint: fp,
          id: `${fp}@${host}:${port}`,
          host,
          port,
          addresses: [host],
          roomCode: roomCode(fp),
          via: opts.via ?? 'probe',
          lastSeen: Date.now(),
          ...(rooms ? { rooms } : {}),
        };
        if (!rooms) return report(found);
        socket.write(encodeFrame({ t: 'rooms', id: 1 }));
      }
    });
  });
}

export interface ProbeSubnetsOptions {
  /** IPv4 CIDRs (cidr.ts parseCidr); a bare address is a /32. */
  cidrs: string[];
  port?: number;
  /** Per address (default 1500 ms). */
  timeoutMs?: number;
  signal?: AbortSignal;
  onFound?: (room: FoundRoom) => void;
  /** Connections at once (default 64). */
  concurrency?: number;
  /** New connections a second (default 250). */
  ratePerSec?: number;
  /** The whole probe (default 15 s): addresses not reached by then are skipped. */
  totalMs?: number;
}

/** Probes every address of the subnets, bounded in concurrency, rate and total time. Throws CidrError on a bad CIDR. */
export async function probeSubnets(options: ProbeSubnetsOptions): Promise<FoundRoom[]> {
  const cidrs = options.cidrs.map(parseCidr);
  const port = options.port ?? DEFAULT_PORT;
  const concurrency = Math.max(1, options.concurrency ?? DEFAULTS.concurrency);
  const gapMs = 1000 / Math.max(1, options.ratePerSec ?? DEFAULTS.ratePerSec);
  const stop = new AbortController();
  const onAbort = (): void => stop.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) stop.abort();
  const deadline = setTimeout(() => stop.abort(), options.totalMs ?? DEFAULTS.totalMs);
  const seen = new Set<string>();
  const found: FoundRoom[] = [];
  const hosts = (function* () {
    for (const cidr of cidrs) yield* cidrHosts(cidr);
  })();
  let nextStart = Date.now();
  const worker = async (): Promise<void> => {
    for (;;) {
      if (stop.signal.aborted) return;
      const next = hosts.next();
      if (next.done) return;
      // Rate: each new connection waits for its slot.
      const slot = nextStart;
      nextStart = Math.max(nextStart, Date.now()) + gapMs;
      const wait = slot - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      if (stop.signal.aborted) return;
      const room = await probeRoom(next.value, port, { timeoutMs: options.timeoutMs, signal: stop.signal });
      if (room && !seen.has(`${room.fingerprint}@${room.port}`)) {
        seen.add(`${room.fingerprint}@${room.port}`);
        found.push(room);
        options.onFound?.(room);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    clearTimeout(deadline);
    options.signal?.removeEventListener('abort', onAbort);
  }
  return found;
}
