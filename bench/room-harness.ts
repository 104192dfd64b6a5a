/**
 * Shared steps of the fan-out phases: log in a crowd of load clients, wait for the room to settle, poll for
 * completion with a deadline, and run a paced chat window.
 */
import { encodeFrame, type FrameObject } from '../main/protocol/codec.js';
import { DeliveryTracker } from './delivery-tracker.js';
import { LoadClient, type DeliveryHandler } from './load-client.js';
import { nowUs } from './stats.js';

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function nickFor(prefix: string, index: number): string {
  return `${prefix}${index}`;
}

/** Connects and logs in `count` clients, `batch` at a time (keeps the listen backlog and the join storm modest). */
export async function connectClients(
  port: number,
  count: number,
  prefix: string,
  handler: DeliveryHandler,
  batch = 100,
  firstIndex = 0,
): Promise<LoadClient[]> {
  const clients: LoadClient[] = [];
  for (let start = 0; start < count; start += batch) {
    const group: LoadClient[] = [];
    for (let i = start; i < Math.min(count, start + batch); i++) group.push(new LoadClient(firstIndex + i, handler));
    await Promise.all(
      group.map(async (client) => {
        await client.connect(port);
        await client.login(nickFor(prefix, client.index));
      }),
    );
    clients.push(...group);
  }
  return clients;
}

/** Waits until `probe()` stops changing for `quietMs` (e.g. the join notices have all arrived), at most `maxMs`. */
export async function settle(probe: () => number, quietMs = 300, maxMs = 30_000): Promise<void> {
  const deadline = Date.now() + maxMs;
  let last = probe();
  let quietSince = Date.now();
  while (Date.now() < deadline) {
    await sleep(50);
    const value = probe();
    if (value !== last) {
      last = value;
      quietSince = Date.now();
    } else if (Date.now() - quietSince >= quietMs) return;
  }
}

/** Polls `done()` until true or until nothing progressed for `stallMs`; returns whether it completed. */
export async function waitUntil(
  done: () => boolean,
  progress: () => number,
  stallMs: number,
  maxMs: number,
): Promise<boolean> {
  const deadline = Date.now() + maxMs;
  let last = progress();
  let lastChange = Date.now();
  while (!done()) {
    if (Date.now() > deadline || Date.now() - lastChange > stallMs) return false;
    await sleep(20);
    const value = progress();
    if (value !== last) {
      last = value;
      lastChange = Date.now();
    }
  }
  return true;
}

export function nickList(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => nickFor(prefix, i));
}

/** Error answers received by these clients so far (refused `say` requests; being let go is not a refusal). */
export function errorCount(clients: readonly { errors: Map<string, number> }[]): number {
  let total = 0;
  for (const client of clients) for (const [code, count] of client.errors) if (code !== 'slow_consumer') total += count;
  return total;
}

/** Error codes received by these clients, e.g. "rate_limited×3". */
export function errorSummary(clients: readonly { errors: Map<string, number> }[]): string {
  const codes = new Map<string, number>();
  for (const client of clients)
    for (const [code, count] of client.errors) codes.set(code, (codes.get(code) ?? 0) + count);
  return [...codes].map(([code, count]) => `${code}×${count}`).join(', ') || 'none';
}

export interface PacedOptions {
  ratePerSecond: number;
  durationMs: number;
  warmupMs: number;
  fillerLength: number;
  prefix: string;
  /** Called every `tickMs` (default 500 ms) during the window (e.g. to sample server memory). */
  tickMs?: number;
  onTick?: () => void;
  /** Checked on every tick: true ends the window early (messages not yet sent are not sent). */
  stopWhen?: () => boolean;
  onEvent?: (frame: FrameObject, recvUs: number) => void;
}

/**
 * Every client sends `ratePerSecond` messages for `durationMs`, starts staggered evenly over one period, then the
 * window waits (bounded) for every delivery. Returns the tracker with the figures.
 */
export async function runPaced(
  senders: LoadClient[],
  options: PacedOptions,
): Promise<{ tracker: DeliveryTracker; complete: boolean }> {
  const periodUs = 1_000_000 / options.ratePerSecond;
  const perClient = Math.ceil((options.durationMs / 1000) * options.ratePerSecond);
  const n = senders.length;
  const tracker = new DeliveryTracker(n, n, perClient, options.fillerLength, nickList(options.prefix, n));
  tracker.eventListener = options.onEvent;
  for (const client of senders) client.handler = tracker;
  const startUs = nowUs() + 20_000;
  tracker.timeFromUs = startUs + options.warmupMs * 1000;
  const nextSeq = new Uint32Array(n);
  const firstIds = senders.map((client) => client.takeIds(perClient));
  let lastTick = Date.now();
  const errorsBefore = errorCount(senders);

  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const now = nowUs();
      let remaining = 0;
      for (let i = 0; i < n; i++) {
        const seq = nextSeq[i]!;
        if (seq >= perClient) continue;
        remaining++;
        if (now < startUs + (i / n) * periodUs + seq * periodUs) continue;
        const sentUs = nowUs();
        const text = tracker.send(i, seq, sentUs);
        senders[i]!.write(encodeFrame({ t: 'say', id: firstIds[i]! + seq, text }));
        nextSeq[i] = seq + 1;
      }
      if (options.onTick && Date.now() - lastTick >= (options.tickMs ?? 500)) {
        lastTick = Date.now();
        options.onTick();
      }
      if (remaining === 0 || options.stopWhen?.()) resolve();
      else setTimeout(tick, 1);
    };
    tick();
  });
  const complete = await waitUntil(
    () => {
      tracker.refused = errorCount(senders) - errorsBefore;
      return tracker.complete;
    },
    () => tracker.delivered,
    5_000,
    30_000,
  );
  return { tracker, complete };
}
