/**
 * Slow reader: the same paced chat twice on one server, first without and then with one extra member that logs in
 * and never reads again. Compares the others' latency and the server's memory between the two windows, and notes
 * whether (and when) the server dropped the never-reader. The second window runs until the drop is seen (plus a
 * little) or three times as long as the first: the kernel's socket buffers absorb a few MB before the server's own
 * queue for the never-reader even starts to grow.
 */
import type { FrameObject } from '../main/protocol/codec.js';
import { LoadClient } from './load-client.js';
import { PACED_RATE } from './phase-paced.js';
import { connectClients, runPaced, settle } from './room-harness.js';
import type { ServerHandle } from './server-handle.js';
import { nowUs, type LatencyHistogram } from './stats.js';

export interface WindowFigures {
  seconds: number;
  latency: LatencyHistogram;
  lost: number;
  duplicated: number;
  corrupted: number;
}

/** Server memory right after a forced GC (so that garbage awaiting collection does not count). */
export interface MemorySample {
  rss: number;
  buffers: number;
  /** Bytes the server had queued for all members together. */
  queued: number;
}

export interface SlowReaderResult {
  clients: number;
  textBytes: number;
  without: WindowFigures;
  with: WindowFigures;
  /** Halfway through the first window, and once while the never-reader's queue was at the hard bound. */
  memoryWithout: MemorySample;
  memoryWith: MemorySample | undefined;
  /** Largest outgoing queue the server held for the never-reader (sampled every 250 ms), if it could tell. */
  peakQueue: number | undefined;
  /** Seconds from the never-reader's login to the `left` notice the others got, if any. */
  droppedAfterS: number | undefined;
  dropReason: string | undefined;
}

const PREFIX = 'sr';
const NEVER_READER = 'never-reader';
const HARD_BOUND = 1024 * 1024;
const AFTER_DROP_MS = 2000;
const QUEUE_SAMPLE_MS = 250;

async function memorySample(server: ServerHandle): Promise<MemorySample> {
  const { mem, queued } = await server.stats({ gc: true });
  return { rss: mem.rss, buffers: mem.arrayBuffers + mem.external, queued };
}

export async function runSlowReader(
  server: ServerHandle,
  clients: number,
  durationMs: number,
  warmupMs: number,
  fillerLength: number,
): Promise<SlowReaderResult> {
  const crowd = await connectClients(server.port, clients, PREFIX, { onMsg: () => {} });
  await settle(() => crowd.reduce((sum, client) => sum + client.joinedEvents, 0));
  let droppedAtUs: number | undefined;
  let dropReason: string | undefined;

  const onEvent = (frame: FrameObject, recvUs: number): void => {
    if (frame.t === 'left' && frame.nick === NEVER_READER && droppedAtUs === undefined) {
      droppedAtUs = recvUs;
      dropReason = String(frame.reason);
    }
  };

  const window = async (windowMs: number, stopWhen?: () => boolean, onTick?: () => void): Promise<WindowFigures> => {
    const startUs = nowUs();
    const { tracker } = await runPaced(crowd, {
      ratePerSecond: PACED_RATE,
      durationMs: windowMs,
      warmupMs,
      fillerLength,
      prefix: PREFIX,
      stopWhen,
      onEvent,
      onTick,
      tickMs: windowMs / 2,
    });
    const { latency, lost, duplicated, corrupted } = tracker;
    const seconds = (nowUs() - startUs) / 1e6;
    return { seconds, latency, lost, duplicated, corrupted };
  };

  // One forced-GC sample halfway through the first window, with chat in flight as in the second.
  let memoryWithout: Promise<MemorySample> | undefined;
  const without = await window(durationMs, undefined, () => {
    memoryWithout ??= memorySample(server);
  });

  const never = new LoadClient(clients, { onMsg: () => {} });
  await never.connect(server.port);
  await never.login(NEVER_READER);
  never.stopReading();
  const joinedUs = nowUs();
  let peakQueue: number | undefined;
  let memoryWith: Promise<MemorySample> | undefined;
  const queueSampler = setInterval(() => {
    void server.queuedFor(NEVER_READER).then((bytes) => {
      if (bytes === undefined) return;
      peakQueue = Math.max(peakQueue ?? 0, bytes);
      // One forced-GC sample while the queue is full: the never-reader's cost at its largest.
      if (bytes >= HARD_BOUND) memoryWith ??= memorySample(server);
    });
  }, QUEUE_SAMPLE_MS);
  const withReader = await window(
    3 * durationMs,
    () => droppedAtUs !== undefined && nowUs() - droppedAtUs > AFTER_DROP_MS * 1000,
  );
  clearInterval(queueSampler);
  never.close();
  for (const client of crowd) client.close();
  return {
    clients,
    textBytes: fillerLength,
    without,
    with: withReader,
    memoryWithout: await (memoryWithout ?? memorySample(server)),
    memoryWith: await memoryWith,
    peakQueue,
    droppedAfterS: droppedAtUs === undefined ? undefined : (droppedAtUs - joinedUs) / 1e6,
    dropReason,
  };
}
