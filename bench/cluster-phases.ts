/**
 * The windows of the cluster bench, each over a logged-in many-room crowd spread over the instances:
 * saturation (every client sends its whole burst at once; deliveries/s until every expected delivery arrived),
 * paced (a fixed rate per client; latency percentiles) and idle (connections that log in and say nothing; memory).
 */
import { encodeFrame } from '../main/protocol/codec.js';
import { RoomTrackers, connectCrowd, seating, type Seat } from './cluster-crowd.js';
import { startMeter, type Measured } from './cluster-meter.js';
import type { LoadClient } from './load-client.js';
import { processMemory } from './proc-stats.js';
import type { RedisCounters, RedisHandle } from './redis-handle.js';
import { errorSummary, settle, sleep, waitUntil } from './room-harness.js';
import type { ServerHandle } from './server-handle.js';
import { nowUs, type LatencyHistogram } from './stats.js';

export interface Setup {
  servers: ServerHandle[];
  redis: RedisHandle | undefined;
  roomNames: string[];
}

export interface Integrity {
  delivered: number;
  expected: number;
  lost: number;
  duplicated: number;
  corrupted: number;
  lossDetail: { receivers: number; worst: number };
  refused: string;
  complete: boolean;
  /** Clients whose connection closed or broke during the window. */
  trouble: number;
}

export interface WindowResult extends Integrity {
  /** Chat messages sent (each is delivered to every member of its room, the sender included). */
  messages: number;
  measured: Measured;
  latency: LatencyHistogram;
  /** Paced only: the same crowd saying nothing just before (the instances' and Redis's CPU at rest). */
  quiet?: Measured;
}

const SATURATION_FILLER = 24;
const PACED_FILLER = 48;

function integrity(trackers: RoomTrackers, crowd: readonly LoadClient[], complete: boolean): Integrity {
  return {
    delivered: trackers.delivered,
    expected: trackers.expected,
    lost: trackers.lost,
    duplicated: trackers.duplicated,
    corrupted: trackers.corrupted,
    lossDetail: trackers.lossDetail(),
    refused: errorSummary(crowd),
    complete,
    trouble: crowd.filter((client) => client.closed || client.protocolFault !== undefined).length,
  };
}

/** The chat crowd: `clients` logged in, `rooms` rooms, round-robin over the instances. */
export async function connectChatCrowd(
  setup: Setup,
  clients: number,
  prefix: string,
): Promise<{ seats: Seat[]; crowd: LoadClient[] }> {
  const seats = seating(clients, setup.roomNames.length, setup.servers.length);
  const ports = setup.servers.map((server) => server.port);
  const crowd = await connectCrowd(seats, ports, setup.roomNames, prefix, { onMsg: () => {} });
  await settle(() => crowd.reduce((sum, client) => sum + client.joinedEvents, 0));
  return { seats, crowd };
}

function startPhase(crowd: readonly LoadClient[], trackers: RoomTrackers): void {
  for (const client of crowd) {
    client.errors.clear();
    client.handler = trackers;
  }
}

export async function runClusterSaturation(
  setup: Setup,
  seats: Seat[],
  crowd: LoadClient[],
  messages: number,
  prefix: string,
): Promise<WindowResult> {
  const trackers = new RoomTrackers(seats, setup.roomNames.length, messages, SATURATION_FILLER, prefix);
  startPhase(crowd, trackers);
  const bursts = crowd.map((client) => {
    const sentUs = nowUs();
    const firstId = client.takeIds(messages);
    const frames: Buffer[] = [];
    for (let seq = 0; seq < messages; seq++)
      frames.push(encodeFrame({ t: 'say', id: firstId + seq, text: trackers.send(client.index, seq, sentUs) }));
    return Buffer.concat(frames);
  });
  const meter = await startMeter(setup.servers, setup.redis);
  crowd.forEach((client, i) => client.write(bursts[i]!));
  const complete = await waitUntil(
    () => {
      trackers.countRefusals(crowd);
      return trackers.complete;
    },
    () => trackers.delivered + trackers.duplicated + trackers.corrupted,
    10_000,
    180_000,
  );
  const measured = await meter(complete ? trackers.lastDeliveryUs : undefined);
  return {
    ...integrity(trackers, crowd, complete),
    messages: crowd.length * messages,
    measured,
    latency: trackers.latency(),
  };
}

/**
 * Every client sends `rate` messages a second for `durationMs`, starts staggered evenly over one period; then the
 * window waits (bounded) for every delivery. Deliveries of messages sent in the warm-up are checked, not timed.
 */
export async function runClusterPaced(
  setup: Setup,
  seats: Seat[],
  crowd: LoadClient[],
  rate: number,
  durationMs: number,
  warmupMs: number,
  prefix: string,
): Promise<WindowResult> {
  const periodUs = 1_000_000 / rate;
  const perClient = Math.ceil((durationMs / 1000) * rate);
  const n = crowd.length;
  const trackers = new RoomTrackers(seats, setup.roomNames.length, perClient, PACED_FILLER, prefix);
  startPhase(crowd, trackers);
  const firstIds = crowd.map((client) => client.takeIds(perClient));
  const nextSeq = new Uint32Array(n);
  const quietMeter = await startMeter(setup.servers, setup.redis);
  await sleep(Math.max(500, Math.min(3000, durationMs / 3)));
  const quiet = await quietMeter();
  const startUs = nowUs() + 20_000;
  trackers.timeFromUs = startUs + warmupMs * 1000;
  const meter = await startMeter(setup.servers, setup.redis);
  const deadline = Date.now() + durationMs + 30_000;
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const now = nowUs();
      let remaining = 0;
      for (let i = 0; i < n; i++) {
        const seq = nextSeq[i]!;
        if (seq >= perClient) continue;
        remaining++;
        if (now < startUs + (i / n) * periodUs + seq * periodUs) continue;
        const client = crowd[i]!;
        client.write(
          encodeFrame({ t: 'say', id: firstIds[i]! + seq, text: trackers.send(client.index, seq, nowUs()) }),
        );
        nextSeq[i] = seq + 1;
      }
      if (remaining === 0 || Date.now() > deadline) resolve();
      else setTimeout(tick, 1);
    };
    tick();
  });
  const complete = await waitUntil(
    () => {
      trackers.countRefusals(crowd);
      return trackers.complete;
    },
    () => trackers.delivered,
    5_000,
    30_000,
  );
  const measured = await meter();
  let sent = 0;
  for (const count of nextSeq) sent += count;
  return { ...integrity(trackers, crowd, complete), messages: sent, measured, latency: trackers.latency(), quiet };
}

export interface MemoryResult {
  connections: number;
  /** Clients that could not connect or log in (the first error). */
  error: string | undefined;
  /** Each instance's RSS before and with the connections, bytes. */
  before: number[];
  after: number[];
  redisBefore: RedisCounters | undefined;
  redisAfter: RedisCounters | undefined;
  redisRssBefore: number | undefined;
  redisRssAfter: number | undefined;
}

const rssOf = (pid: number): number => processMemory(pid)?.rss ?? Number.NaN;

/** `count` connections log in (spread over rooms and instances like the chat crowd) and stay silent. */
export async function runClusterIdle(setup: Setup, count: number, prefix: string): Promise<MemoryResult> {
  await sleep(2000); // a cluster instance first reads every room's kept history from Redis
  const before = setup.servers.map((server) => rssOf(server.pid));
  const redisBefore = await setup.redis?.counters();
  const redisRssBefore = setup.redis === undefined ? undefined : rssOf(setup.redis.pid);
  let error: string | undefined;
  let crowd: LoadClient[] = [];
  try {
    ({ crowd } = await connectChatCrowd(setup, count, prefix).then(
      (result) => result,
      (caught: unknown) => {
        error = (caught as Error).message;
        return { crowd: [] as LoadClient[] };
      },
    ));
    await sleep(1000);
    return {
      connections: crowd.length,
      error,
      before,
      after: setup.servers.map((server) => rssOf(server.pid)),
      redisBefore,
      redisAfter: await setup.redis?.counters(),
      redisRssBefore,
      redisRssAfter: setup.redis === undefined ? undefined : rssOf(setup.redis.pid),
    };
  } finally {
    for (const client of crowd) client.close();
  }
}
