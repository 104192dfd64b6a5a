/**
 * Saturation: every client writes all of its messages at once (rate limit off) and the server delivers each to
 * every member (echo included, except on IRC) as fast as it can; TCP flow control and the server's push back do
 * the pacing. The same burst runs over our framed protocol, our plain-text mode, or IRC against ngIRCd.
 */
import { encodeFrame } from '../main/protocol/codec.js';
import { DeliveryTracker } from './delivery-tracker.js';
import { connectLineClients, type LineLoadClient } from './line-client.js';
import type { LoadClient } from './load-client.js';
import { performance } from 'node:perf_hooks';
import { processMemory, processWrites } from './proc-stats.js';
import { connectClients, errorCount, errorSummary, nickList, settle, waitUntil } from './room-harness.js';
import type { ServerHandle } from './server-handle.js';
import { machineBusy, nowUs } from './stats.js';

/** framed and text: our server; irc: ngIRCd. */
export type SaturationProtocol = 'framed' | 'text' | 'irc';

export interface SaturationResult {
  protocol: SaturationProtocol;
  /** The server's peak resident memory over its life (the phase's fresh process), if /proc tells. */
  peakRss: number | undefined;
  /** Members the server let go during the burst (slow consumer, or their connection closed). */
  dropped: number;
  /** Which round of an alternating run this was (ratios compare within a round). */
  round?: number;
  clients: number;
  messages: number;
  delivered: number;
  expected: number;
  lost: number;
  lossDetail: { receivers: number; worst: number };
  duplicated: number;
  corrupted: number;
  refused: string;
  complete: boolean;
  seconds: number;
  perSecond: number;
  serverCpu: number;
  generatorCpu: number;
  /** Cores busy with everything else on the machine during the window (other people's work). */
  otherCores: number;
  socketTrouble: number;
  /** The server's write(2)/writev(2) calls during the burst and the bytes they carried, if /proc tells. */
  serverWrites: { calls: number; bytes: number } | undefined;
  /** Share of the burst the load generator's event loop was busy (1: it never waited for the server). */
  generatorLoopBusy: number;
}

const PREFIX = 'sat';
const FILLER = 24;

type Crowd = (LoadClient | LineLoadClient)[];

/** Every client's whole burst, built before the clock starts. */
function bursts(crowd: Crowd, tracker: DeliveryTracker, messages: number): Buffer[] {
  return crowd.map((client, sender) => {
    const sentUs = nowUs();
    if ('chatLine' in client) {
      let lines = '';
      for (let seq = 0; seq < messages; seq++) lines += client.chatLine(tracker.send(sender, seq, sentUs));
      return Buffer.from(lines, 'latin1');
    }
    const firstId = client.takeIds(messages);
    const frames: Buffer[] = [];
    for (let seq = 0; seq < messages; seq++) {
      frames.push(encodeFrame({ t: 'say', id: firstId + seq, text: tracker.send(sender, seq, sentUs) }));
    }
    return Buffer.concat(frames);
  });
}

export async function runSaturation(
  server: ServerHandle,
  clients: number,
  messages: number,
  protocol: SaturationProtocol = 'framed',
): Promise<SaturationResult> {
  const tracker = new DeliveryTracker(clients, clients, messages, FILLER, nickList(PREFIX, clients));
  let crowd: Crowd;
  if (protocol === 'framed') crowd = await connectClients(server.port, clients, PREFIX, tracker);
  else {
    tracker.useLines(protocol);
    crowd = await connectLineClients(server.port, clients, PREFIX, protocol, tracker);
  }
  await settle(() => crowd.reduce((sum, client) => sum + client.joinedEvents, 0));
  const burst = bursts(crowd, tracker, messages);

  const serverBefore = await server.stats();
  const cpuBefore = process.cpuUsage();
  const machine = machineBusy();
  const writesBefore = processWrites(server.pid);
  const loopBefore = performance.eventLoopUtilization();
  const startUs = nowUs();
  crowd.forEach((client, i) => client.write(burst[i]!));
  const complete = await waitUntil(
    () => {
      tracker.refused = errorCount(crowd);
      return tracker.complete;
    },
    () => tracker.delivered + tracker.duplicated + tracker.corrupted,
    10_000,
    180_000,
  );
  const endUs = complete ? tracker.lastDeliveryUs : nowUs();
  const cpu = process.cpuUsage(cpuBefore);
  const busyCores = machine();
  const loop = performance.eventLoopUtilization(loopBefore);
  const writesAfter = processWrites(server.pid);
  const serverAfter = await server.stats();
  const wallUs = endUs - startUs;
  const serverCpuUs = serverAfter.cpu.user + serverAfter.cpu.system - serverBefore.cpu.user - serverBefore.cpu.system;
  const trouble = crowd.filter((client) => client.closed || client.protocolFault !== undefined).length;
  const dropped = crowd.filter((client) => client.closed || client.byeReason !== undefined).length;
  const peakRss = processMemory(server.pid)?.peak;
  for (const client of crowd) client.close();
  return {
    protocol,
    peakRss,
    dropped,
    clients,
    messages,
    delivered: tracker.delivered,
    expected: tracker.expected,
    lost: tracker.lost,
    lossDetail: tracker.lossDetail(),
    duplicated: tracker.duplicated,
    corrupted: tracker.corrupted,
    refused: errorSummary(crowd),
    complete,
    seconds: wallUs / 1e6,
    perSecond: tracker.delivered / (wallUs / 1e6),
    // CPU over the sending window (the server's figure also covers the few ms until the stats query).
    serverCpu: serverCpuUs / wallUs,
    generatorCpu: (cpu.user + cpu.system) / wallUs,
    otherCores: busyCores - (cpu.user + cpu.system) / wallUs - serverCpuUs / wallUs,
    socketTrouble: trouble,
    serverWrites:
      writesBefore && writesAfter
        ? { calls: writesAfter.calls - writesBefore.calls, bytes: writesAfter.bytes - writesBefore.bytes }
        : undefined,
    generatorLoopBusy: loop.utilization,
  };
}
