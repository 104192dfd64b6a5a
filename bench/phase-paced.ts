/**
 * Paced latency: each client sends 5 messages a second, staggered, and every delivery's latency is the receive
 * time minus the send time carried in its text (one process, one clock).
 */
import { connectClients, errorSummary, runPaced, settle } from './room-harness.js';
import type { ServerHandle } from './server-handle.js';
import { machineBusy, nowUs, type LatencyHistogram } from './stats.js';

export interface PacedResult {
  clients: number;
  latency: LatencyHistogram;
  delivered: number;
  lost: number;
  lossDetail: { receivers: number; worst: number };
  duplicated: number;
  corrupted: number;
  refused: string;
  complete: boolean;
  /** CPU use over the window, as a share of one core. */
  serverCpu: number;
  generatorCpu: number;
  /** Cores busy with everything else on the machine during the window (other people's work). */
  otherCores: number;
}

export const PACED_RATE = 5;
const FILLER = 48;

export async function runPacedPhase(
  server: ServerHandle,
  clients: number,
  durationMs: number,
  warmupMs: number,
): Promise<PacedResult> {
  const prefix = `p${clients}u`;
  const crowd = await connectClients(server.port, clients, prefix, { onMsg: () => {} });
  await settle(() => crowd.reduce((sum, client) => sum + client.joinedEvents, 0));
  const serverBefore = await server.stats();
  const cpuBefore = process.cpuUsage();
  const machine = machineBusy();
  const startUs = nowUs();
  const { tracker, complete } = await runPaced(crowd, {
    ratePerSecond: PACED_RATE,
    durationMs,
    warmupMs,
    fillerLength: FILLER,
    prefix,
  });
  const wallUs = nowUs() - startUs;
  const cpu = process.cpuUsage(cpuBefore);
  const busyCores = machine();
  const serverAfter = await server.stats();
  const serverCpu =
    (serverAfter.cpu.user + serverAfter.cpu.system - serverBefore.cpu.user - serverBefore.cpu.system) / wallUs;
  for (const client of crowd) client.close();
  return {
    clients,
    latency: tracker.latency,
    delivered: tracker.delivered,
    lost: tracker.lost,
    lossDetail: tracker.lossDetail(),
    duplicated: tracker.duplicated,
    corrupted: tracker.corrupted,
    refused: errorSummary(crowd),
    complete,
    serverCpu,
    generatorCpu: (cpu.user + cpu.system) / wallUs,
    otherCores: busyCores - (cpu.user + cpu.system) / wallUs - serverCpu,
  };
}
