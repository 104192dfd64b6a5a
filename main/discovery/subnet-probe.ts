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
import type { FoundRoom, FoundVia } from './types.js';

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

/** Asks `host:port` whether it is a room. Null when it is not (refused, silent, not TLS, not a welcome). */
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
    const timer = setTimeout(() => finish(null), timeoutMs);
    opts.signal?.addEventListener('abort', abort, { once: true });
    if (opts.signal?.aborted) return finish(null);
    raw.on('error', () => finish(null));
    socket.on('error', () => finish(null));
    socket.on('close', () => finish(null));
    let fingerprint: string | undefined;
    socket.once('secureConnect', () => {
      fingerprint = peerFingerprint(socket);
      if (fingerprint === undefined) return finish(null);
      socket.write(Buffer.concat([PREAMBLE, encodeFrame({ t: 'hello', v: PROTOCOL_VERSION, app: PROBE_APP })]));
    });
    const greeting = new GreetingSkipper();
    const decoder = new FrameDecoder();
    socket.on('data', (chunk: Buffer) => {
      const bytes = greeting.push(chunk);
      if (!bytes || fingerprint === undefined) return;
      const { frames, error } = decoder.push(bytes);
      if (error) return finish(null);
      const first = frames[0];
      if (!first) return;
      const welcome = welcomeRoom(first as Record<string, unknown>);
      if (!welcome) return finish(null);
      socket.write(encodeFrame({ t: 'bye', reason: 'probe' }));
      const fp = fingerprint;
      finish({
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
      });
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
