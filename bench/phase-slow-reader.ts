/**
 * Slow reader: the same paced chat twice on one server, first without and then with one extra member that logs in
 * and never reads again. Compares the others' latency and the server's memory between the two windows, and notes
 * whether (and when) the server dropped the never-reader.
 */
import type { FrameObject } from '../main/protocol/codec.js';
import { LoadClient } from './load-client.js';
import { PACED_RATE } from './phase-paced.js';
import { connectClients, runPaced, settle } from './room-harness.js';
import type { ServerHandle } from './server-handle.js';
import { nowUs, type LatencyHistogram } from './stats.js';

export interface WindowFigures {
  latency: LatencyHistogram;
  lost: number;
  duplicated: number;
  corrupted: number;
  peakRss: number;
  peakBuffers: number;
  peakHeap: number;
}

export interface SlowReaderResult {
  clients: number;
  textBytes: number;
  without: WindowFigures;
  with: WindowFigures;
  /** Seconds from the never-reader's login to the `left` notice the others got, if any. */
  droppedAfterS: number | undefined;
  dropReason: string | undefined;
}

const PREFIX = 'sr';
const NEVER_READER = 'never-reader';

export async function runSlowReader(server: ServerHandle, clients: number, durationMs: number, warmupMs: number, fillerLength: number): Promise<SlowReaderResult> {
  const crowd = await connectClients(server.port, clients, PREFIX, { onMsg: () => {} });
  await settle(() => crowd.reduce((sum, client) => sum + client.joinedEvents, 0));

  const window = async (): Promise<{ figures: WindowFigures; events: FrameObject[] }> => {
    let peakRss = 0;
    let peakBuffers = 0;
    let peakHeap = 0;
    const samples: Array<Promise<void>> = [];
    const sample = (): void => {
      samples.push(
        server.stats().then(({ mem }) => {
          peakRss = Math.max(peakRss, mem.rss);
          peakBuffers = Math.max(peakBuffers, mem.arrayBuffers + mem.external);
          peakHeap = Math.max(peakHeap, mem.heapUsed);
        }),
      );
    };
    const { tracker } = await runPaced(crowd, { ratePerSecond: PACED_RATE, durationMs, warmupMs, fillerLength, prefix: PREFIX, onTick: sample });
    await Promise.all(samples);
    const { latency, lost, duplicated, corrupted } = tracker;
    return { figures: { latency, lost, duplicated, corrupted, peakRss, peakBuffers, peakHeap }, events: tracker.events };
  };

  const without = await window();

  const never = new LoadClient(clients, { onMsg: () => {} });
  await never.connect(server.port);
  await never.login(NEVER_READER);
  never.stopReading();
  const joinedUs = nowUs();
  const withReader = await window();
  never.close();

  const left = withReader.events.find((event) => event.t === 'left' && event.nick === NEVER_READER);
  const leftAtUs = typeof left?.recvUs === 'number' ? left.recvUs : undefined;
  for (const client of crowd) client.close();
  return {
    clients,
    textBytes: fillerLength,
    without: without.figures,
    with: withReader.figures,
    droppedAfterS: left ? ((leftAtUs ?? nowUs()) - joinedUs) / 1e6 : undefined,
    dropReason: left ? String(left.reason) : undefined,
  };
}
