/**
 * `npm run bench:fanout`: room fan-out benchmark. Each phase starts a fresh room server in a child process
 * (bench/server-process.ts) and drives it from this single process with raw protocol clients.
 *
 *   --clients N        saturation crowd (default 200)       --messages M   messages each at saturation (default 200)
 *   --idle N           idle connections (default 5000)      --quick        small, fast smoke run
 *   --phases LIST      saturation,paced,idle,slow (default all)
 *   --server room|mock mock = a minimal fan-out server that shows the load generator's own ceiling
 *   --server-node-args="ARGS"   extra node flags for the server process, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
 *   --tsx-server       run the server's TypeScript through tsx instead of an esbuild bundle (adds ~30 MB RSS)
 *   --repeat N         run the saturation and paced phases N times each (the machine is shared: the best run shows
 *                      what the server can do, the spread shows the noise)
 *   --tls              clients connect with TLS 1.3 and a client certificate, as the app and `sarangbang join` do
 *   --paced-seconds S  length of each paced window (default 10)   --slow-clients N  chatters in the slow-reader phase (50)
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { runIdle } from './phase-idle.js';
import { runPacedPhase } from './phase-paced.js';
import { runSaturation } from './phase-saturation.js';
import { runSlowReader } from './phase-slow-reader.js';
import {
  printBest,
  printEnvironment,
  printIdle,
  printPaced,
  printSaturation,
  printSlowReader,
} from './fanout-report.js';
import { createIdentity } from '../main/security/identity.js';
import { useTls } from './load-client.js';
import { startServer, type ServerHandle } from './server-handle.js';
import { formatMs, formatRate, idleShare } from './stats.js';

const { values } = parseArgs({
  options: {
    clients: { type: 'string' },
    messages: { type: 'string' },
    idle: { type: 'string' },
    quick: { type: 'boolean', default: false },
    phases: { type: 'string', default: 'saturation,paced,idle,slow' },
    server: { type: 'string', default: 'room' },
    'server-node-args': { type: 'string', default: '' },
    'paced-seconds': { type: 'string' },
    'slow-clients': { type: 'string' },
    'tsx-server': { type: 'boolean', default: false },
    repeat: { type: 'string', default: '1' },
    tls: { type: 'boolean', default: false },
  },
});

const quick = values.quick === true;
const clients = Number(values.clients ?? (quick ? 50 : 200));
const messages = Number(values.messages ?? (quick ? 50 : 200));
const idle = Number(values.idle ?? (quick ? 500 : 5000));
const pacedMs = Number(values['paced-seconds'] ?? (quick ? 3 : 10)) * 1000;
const warmupMs = quick ? 500 : 1000;
const slowClients = Number(values['slow-clients'] ?? (quick ? 20 : 50));
const phases = new Set((values.phases ?? '').split(',').map((phase) => phase.trim()));
const kind = values.server === 'mock' ? 'mock' : 'room';
const nodeArgs = (values['server-node-args'] ?? '').split(' ').filter(Boolean);
const repeat = Math.max(1, Number(values.repeat ?? 1));

async function withServer<T>(options: Record<string, unknown>, body: (server: ServerHandle) => Promise<T>): Promise<T> {
  const server = await startServer(kind, options, nodeArgs, values['tsx-server'] === true);
  try {
    return await body(server);
  } finally {
    await server.stop();
  }
}

if (values.tls === true) useTls(await createIdentity('sarangbang-bench'));
printEnvironment({ kind, quick, idleCpu: await idleShare(), argv: process.argv.slice(2) });
const began = Date.now();

if (phases.has('saturation')) {
  const rates: number[] = [];
  for (let run = 0; run < repeat; run++) {
    const result = await withServer({ rateLimit: 'off', maxUsers: clients + 10 }, (server) =>
      runSaturation(server, clients, messages),
    );
    printSaturation(result);
    rates.push(result.perSecond);
  }
  printBest(
    'saturation deliveries/s',
    rates.map((rate) => formatRate(rate)),
    Math.max(...rates) >= 1.5e6,
  );
}
if (phases.has('paced')) {
  for (const count of [...new Set([50, clients])]) {
    const p99s: number[] = [];
    for (let run = 0; run < repeat; run++) {
      const result = await withServer({ maxUsers: count + 10 }, (server) =>
        runPacedPhase(server, count, pacedMs, warmupMs),
      );
      printPaced(result, pacedMs);
      p99s.push(result.latency.percentile(0.99));
    }
    printBest(
      `paced p99 at ${count} clients`,
      p99s.map((us) => formatMs(us)),
      Math.min(...p99s) <= (count <= 50 ? 5_000 : 15_000),
    );
  }
}
if (phases.has('idle')) {
  const result = await withServer({ maxUsers: idle + 10 }, (server) => runIdle(server, idle));
  printIdle(result);
}
if (phases.has('slow')) {
  const result = await withServer({ maxUsers: slowClients + 10 }, (server) =>
    runSlowReader(server, slowClients, pacedMs, warmupMs, 1024),
  );
  printSlowReader(result);
}
console.log(
  `\ndone in ${((Date.now() - began) / 1000).toFixed(0)} s; CPUs now ${((await idleShare()) * 100).toFixed(0)}% idle, load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
