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
 *   --launch npm|bin   start the server the way users do, `npm run serve` or `node bin/sarangbang.js serve`, and
 *                      measure its room process from /proc (Linux; no forced GC, no queue sampling);
 *                      --server-node-args then reach it through NODE_OPTIONS
 *   --repeat N         run the saturation and paced phases N times each (the machine is shared: the best run shows
 *                      what the server can do, the spread shows the noise)
 *   --tls              clients connect with TLS 1.3 and a client certificate, as the app and `sarangbang join` do
 *   --paced-seconds S  length of each paced window (default 10)   --slow-clients N  chatters in the slow-reader phase (50)
 *   --server-options JSON   extra createRoomServer options for every phase, e.g. '{"flow":{"softBytes":65536}}'
 *   --protocols LIST   saturation over framed,text,irc (default all): our framed protocol, our plain-text mode (nc),
 *                      and IRC against ngIRCd (Debian `ngircd`; skipped, with a line saying so, when not installed);
 *                      run alternating, then printed side by side with the ratio to ngIRCd
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { runIdle } from './phase-idle.js';
import { runPacedPhase } from './phase-paced.js';
import { runSaturation, type SaturationProtocol, type SaturationResult } from './phase-saturation.js';
import { findNgircd, ngircdVersion, startNgircd } from './ngircd-handle.js';
import { runSlowReader } from './phase-slow-reader.js';
import {
  printBest,
  printComparison,
  printEnvironment,
  printIdle,
  printPaced,
  printSaturation,
  printSlowReader,
} from './fanout-report.js';
import { createIdentity } from '../main/security/identity.js';
import { useTls } from './load-client.js';
import { startServer, type ServerHandle } from './server-handle.js';
import { startCliServer } from './cli-server-handle.js';
import { spreadSourceAddresses } from './source-address.js';
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
    launch: { type: 'string' },
    repeat: { type: 'string', default: '1' },
    tls: { type: 'boolean', default: false },
    protocols: { type: 'string', default: 'framed,text,irc' },
    'server-options': { type: 'string', default: '{}' },
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

const serverOptions = JSON.parse(values['server-options'] ?? '{}') as Record<string, unknown>;

const launch = values.launch === 'npm' || values.launch === 'bin' ? values.launch : undefined;
if (values.launch !== undefined && launch === undefined) throw new Error('--launch is npm or bin');
if (launch !== undefined) spreadSourceAddresses(); // its per-address admission limit is on

async function withServer<T>(options: Record<string, unknown>, body: (server: ServerHandle) => Promise<T>): Promise<T> {
  const server =
    launch !== undefined && kind === 'room'
      ? await startCliServer(launch, options, nodeArgs)
      : await startServer(kind, { ...options, ...serverOptions }, nodeArgs, values['tsx-server'] === true);
  try {
    return await body(server);
  } finally {
    await server.stop();
  }
}

if (values.tls === true) useTls(await createIdentity('sarangbang-bench'));
if (launch !== undefined)
  console.log(`Server started as users do: ${launch === 'npm' ? 'npm run serve' : 'bin/sarangbang.js serve'}`);
printEnvironment({ kind, quick, idleCpu: await idleShare(), argv: process.argv.slice(2) });
const began = Date.now();

/** The saturation protocols this run can drive; ngIRCd only when installed (and not over --tls or --server mock). */
function saturationProtocols(): { protocols: SaturationProtocol[]; ngircd: string | undefined } {
  const asked = new Set((values.protocols ?? '').split(',').map((each) => each.trim()));
  const protocols = (['framed', 'text', 'irc'] as const).filter((each) => asked.has(each));
  if (!protocols.includes('irc')) return { protocols, ngircd: undefined };
  const ngircd = findNgircd();
  const others = protocols.filter((each) => each !== 'irc');
  if (!ngircd) {
    console.log('\nngIRCd is not installed (Debian: apt-get install ngircd): the IRC peer is skipped, the rest runs.');
    return { protocols: others, ngircd };
  }
  if (values.tls === true || kind === 'mock') {
    console.log('\nngIRCd runs without TLS and is no mock: skipped with --tls and --server mock.');
    return { protocols: others, ngircd: undefined };
  }
  console.log(`\nPeer: ${ngircdVersion(ngircd)} (one process, 127.0.0.1, no flood penalties, no DNS/ident)`);
  return { protocols, ngircd };
}

async function saturationRun(protocol: SaturationProtocol, ngircd: string | undefined): Promise<SaturationResult> {
  if (protocol !== 'irc') {
    // Plain-text clients are never framed; the mock server speaks only frames.
    return withServer({ rateLimit: 'off', maxUsers: clients + 10 }, (server) =>
      runSaturation(server, clients, messages, protocol),
    );
  }
  const peer = await startNgircd(ngircd!, clients);
  if (typeof peer === 'string') throw new Error(peer);
  try {
    return await runSaturation(peer, clients, messages, 'irc');
  } finally {
    await peer.stop();
  }
}

if (phases.has('saturation')) {
  const { protocols, ngircd } = saturationProtocols();
  const results: SaturationResult[] = [];
  // Alternating, so that a busy spell on the shared machine does not land on one protocol only.
  for (let run = 0; run < repeat; run++) {
    for (const protocol of protocols) {
      if (protocol === 'text' && kind === 'mock') continue;
      const result = { ...(await saturationRun(protocol, ngircd)), round: run };
      printSaturation(result);
      results.push(result);
    }
  }
  const rates = results.filter((each) => each.protocol === 'framed').map((each) => each.perSecond);
  if (rates.length > 0)
    printBest(
      'saturation deliveries/s',
      rates.map((rate) => formatRate(rate)),
      Math.max(...rates) >= 1.5e6,
    );
  printComparison(results);
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
  printIdle(result, values.tls === true);
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
