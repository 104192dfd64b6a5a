/**
 * Saturation: every client writes all of its messages at once (rate limit off) and the server delivers each to
 * every member, echo included, as fast as it can; TCP flow control and the server's push back do the pacing.
 */
import { encodeFrame } from '../main/protocol/codec.js';
import { DeliveryTracker } from './delivery-tracker.js';
import { connectClients, errorCount, errorSummary, nickList, settle, waitUntil } from './room-harness.js';
import type { ServerHandle } from './server-handle.js';
import { machineBusy, nowUs } from './stats.js';

export interface SaturationResult {
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
}

const PREFIX = 'sat';
const FILLER = 24;

export async function runSaturation(
  server: ServerHandle,
  clients: number,
  messages: number,
): Promise<SaturationResult> {
  const tracker = new DeliveryTracker(clients, clients, messages, FILLER, nickList(PREFIX, clients));
  const crowd = await connectClients(server.port, clients, PREFIX, tracker);
  await settle(() => crowd.reduce((sum, client) => sum + client.joinedEvents, 0));

  // Build every client's whole burst before the clock starts.
  const bursts = crowd.map((client, sender) => {
    const firstId = client.takeIds(messages);
    const frames: Buffer[] = [];
    const sentUs = nowUs();
    for (let seq = 0; seq < messages; seq++) {
      frames.push(encodeFrame({ t: 'say', id: firstId + seq, text: tracker.send(sender, seq, sentUs) }));
    }
    return Buffer.concat(frames);
  });

  const serverBefore = await server.stats();
  const cpuBefore = process.cpuUsage();
  const machine = machineBusy();
  const startUs = nowUs();
  crowd.forEach((client, i) => client.write(bursts[i]!));
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
  const serverAfter = await server.stats();
  const wallUs = endUs - startUs;
  const serverCpuUs = serverAfter.cpu.user + serverAfter.cpu.system - serverBefore.cpu.user - serverBefore.cpu.system;
  const trouble = crowd.filter((client) => client.closed || client.protocolFault !== undefined).length;
  for (const client of crowd) client.close();
  return {
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
  };
}
