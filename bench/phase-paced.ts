/**
 * Paced latency: each client sends 5 messages a second, staggered, and every delivery's latency is the receive
 * time minus the send time carried in its text (one process, one clock).
 */
import { connectClients, errorSummary, runPaced, settle } from './room-harness.js';
import type { ServerHandle } from './server-handle.js';
import type { LatencyHistogram } from './stats.js';

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
}

export const PACED_RATE = 5;
const FILLER = 48;

export async function runPacedPhase(server: ServerHandle, clients: number, durationMs: number, warmupMs: number): Promise<PacedResult> {
  const prefix = `p${clients}u`;
  const crowd = await connectClients(server.port, clients, prefix, { onMsg: () => {} });
  await settle(() => crowd.reduce((sum, client) => sum + client.joinedEvents, 0));
  const { tracker, complete } = await runPaced(crowd, { ratePerSecond: PACED_RATE, durationMs, warmupMs, fillerLength: FILLER, prefix });
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
  };
}
