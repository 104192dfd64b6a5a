/**
 * `npm run bench:cluster`: many rooms on one instance, and the same rooms shared by N instances through Redis
 * (`serve --cluster`, PROTOCOL.md section 20). Configurations, each on fresh processes: the baseline (1 instance,
 * `--rooms` only, no Redis), then each instance count of --instances with `--cluster` and a private redis-server.
 * In each: the chat crowd logs in (hello.room; clients round-robin over the instances), a saturation burst, a
 * paced window, then on fresh instances an idle crowd for memory per connection. Every delivery is checked.
 *
 *   --clients N (600)   --rooms N (20)   --messages M per client at saturation (100)   --instances LIST (1,2,3; none: baseline only)
 *   --paced-rate R msg/s per client (2)  --paced-seconds S (10)   --idle N idle connections (3000; 0: skip)
 *   --repeat N saturation runs per configuration (1)   --no-baseline   --redis-capacity (redis-benchmark at the end)
 *   --serve-from DIR   run the instances from another checkout's sources (default: this one)
 *   --quick   a small smoke run (< 30 s)
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { roomNames, startInstances, type Instances } from './cluster-instances.js';
import {
  connectChatCrowd,
  runClusterIdle,
  runClusterPaced,
  runClusterSaturation,
  type Setup,
} from './cluster-phases.js';
import { printConfig, printHeader, printSummary, type ConfigResult } from './cluster-report.js';
import { processMemory } from './proc-stats.js';
import { redisInstalled, startRedis, type RedisHandle } from './redis-handle.js';
import { spreadSourceAddresses } from './source-address.js';
import { idleShare } from './stats.js';

const { values } = parseArgs({
  options: {
    clients: { type: 'string' },
    rooms: { type: 'string' },
    messages: { type: 'string' },
    instances: { type: 'string' },
    'paced-rate': { type: 'string' },
    'paced-seconds': { type: 'string' },
    idle: { type: 'string' },
    repeat: { type: 'string', default: '1' },
    'no-baseline': { type: 'boolean', default: false },
    'redis-capacity': { type: 'boolean', default: false },
    quick: { type: 'boolean', default: false },
    'serve-from': { type: 'string' },
  },
});

const quick = values.quick === true;
const clients = Number(values.clients ?? (quick ? 60 : 600));
const rooms = Number(values.rooms ?? (quick ? 3 : 20));
const messages = Number(values.messages ?? (quick ? 10 : 100));
const instancesArg = values.instances ?? (quick ? '3' : '1,2,3');
const instanceCounts = instancesArg === 'none' ? [] : instancesArg.split(',').map(Number);
const pacedRate = Number(values['paced-rate'] ?? 2);
const pacedMs = Number(values['paced-seconds'] ?? (quick ? 1 : 10)) * 1000;
const warmupMs = quick ? 200 : 1000;
const idle = Number(values.idle ?? (quick ? 150 : 3000));
const repeat = Math.max(1, Number(values.repeat));
if (![clients, rooms, messages, pacedRate, idle].every((n) => Number.isFinite(n) && n >= 0) || rooms < 1)
  throw new Error('--clients, --rooms, --messages, --paced-rate and --idle are numbers (rooms ≥ 1)');
if (instanceCounts.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('--instances is a list like 1,3');

// `serve` admits at most 16 not-yet-logged-in connections per address: clients connect from many loopback ones.
spreadSourceAddresses();
const names = roomNames(rooms);
const maxUsers = Math.max(clients, idle) + 10;

/** Everything started and not yet stopped, stopped at the end whatever happens (also on Ctrl+C). */
const running = new Set<{ stop(): Promise<void> }>();
async function stopAll(): Promise<void> {
  await Promise.allSettled([...running].map((each) => each.stop()));
  running.clear();
}
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => void stopAll().finally(() => process.exit(130)));

function track<T extends { stop(): Promise<void> }>(thing: T): T {
  running.add(thing);
  const stop = thing.stop.bind(thing);
  thing.stop = async () => {
    running.delete(thing);
    await stop();
  };
  return thing;
}

const rssOf = (pid: number): number => processMemory(pid)?.rss ?? Number.NaN;

async function startSetup(count: number, redis: RedisHandle | undefined): Promise<Setup & { instances: Instances }> {
  const instances = track(
    await startInstances(count, {
      cluster: redis?.url,
      rooms: names,
      maxUsers,
      checkout: values['serve-from'],
    }),
  );
  return { servers: instances.servers, redis, roomNames: names, instances };
}

async function runConfig(count: number, cluster: boolean): Promise<ConfigResult> {
  const label = cluster ? `${count} instance${count > 1 ? 's' : ''} + Redis` : '1 instance, no Redis';
  const result: ConfigResult = {
    label,
    instances: count,
    cluster,
    clients,
    rooms,
    rssEmpty: [],
    rssLoggedIn: [],
    rssPeak: [],
    saturation: [],
    paced: undefined,
    idle: undefined,
  };
  let redis: RedisHandle | undefined;
  try {
    redis = cluster ? track(await startRedis()) : undefined;
    const setup = await startSetup(count, redis);
    try {
      await new Promise((resolve) => setTimeout(resolve, 500));
      result.rssEmpty = setup.servers.map((server) => rssOf(server.pid));
      const { seats, crowd } = await connectChatCrowd(setup, clients, 'c');
      try {
        result.rssLoggedIn = setup.servers.map((server) => rssOf(server.pid));
        for (let run = 0; run < repeat; run++)
          result.saturation.push(await runClusterSaturation(setup, seats, crowd, messages, 'c'));
        if (pacedMs > 0) result.paced = await runClusterPaced(setup, seats, crowd, pacedRate, pacedMs, warmupMs, 'c');
        result.rssPeak = setup.servers.map((server) => processMemory(server.pid)?.peak ?? Number.NaN);
      } finally {
        for (const client of crowd) client.close();
      }
    } finally {
      await setup.instances.stop();
    }
    if (idle > 0) {
      const fresh = await startSetup(count, redis);
      try {
        result.idle = await runClusterIdle(fresh, idle, 'i');
      } finally {
        await fresh.instances.stop();
      }
    }
  } catch (error) {
    result.error = (error as Error).message.split('\n').slice(0, 6).join('\n');
  } finally {
    await redis?.stop();
  }
  return result;
}

/** redis-benchmark's PUBLISH and XADD rates against a private redis-server (a single Redis's capacity here). */
async function redisCapacity(): Promise<void> {
  const redis = track(await startRedis());
  try {
    const payload = 'x'.repeat(200);
    const bench = (args: string[]): string =>
      execFileSync('redis-benchmark', ['-p', String(redis.port), '-q', '-n', '100000', ...args], {
        encoding: 'utf8',
        timeout: 120_000,
      })
        .split(/\r|\n/)
        .map((text) => text.trim())
        .filter((text) => text.includes('requests per second'))
        .pop()
        ?.split(': ')
        .pop() ?? '?';
    console.log(
      `\nRedis capacity (redis-benchmark, 50 connections, 100,000 requests, ${payload.length} B payload; load ${os.loadavg()[0]!.toFixed(2)})`,
    );
    console.log(`  PUBLISH              ${bench(['PUBLISH', 'room', payload])}`);
    console.log(`  PUBLISH, pipeline 16 ${bench(['-P', '16', 'PUBLISH', 'room', payload])}`);
    console.log(`  XADD (MAXLEN ~ 1000) ${bench(['XADD', 'history', 'MAXLEN', '~', '1000', '*', 'm', payload])}`);
  } catch (error) {
    console.log(`\nRedis capacity: redis-benchmark failed (${(error as Error).message.split('\n')[0]})`);
  } finally {
    await redis.stop();
  }
}

printHeader(process.argv.slice(2), await idleShare(), pacedRate);
if (!redisInstalled())
  console.log(`\nredis-server is not installed (Debian: apt-get install redis-server): only the baseline runs.`);
const began = Date.now();
const configs: [number, boolean][] = [
  ...(values['no-baseline'] === true ? [] : ([[1, false]] as [number, boolean][])),
  ...(redisInstalled() ? instanceCounts.map((n): [number, boolean] => [n, true]) : []),
];
const results: ConfigResult[] = [];
let failed = false;
try {
  for (const [count, cluster] of configs) {
    const result = await runConfig(count, cluster);
    printConfig(result);
    results.push(result);
    failed ||=
      result.error !== undefined ||
      [...result.saturation, ...(result.paced ? [result.paced] : [])].some(
        (window) => window.lost + window.duplicated + window.corrupted > 0 || !window.complete,
      );
  }
  printSummary(results);
  if (values['redis-capacity'] === true && redisInstalled()) await redisCapacity();
} finally {
  await stopAll();
}
console.log(
  `\ndone in ${((Date.now() - began) / 1000).toFixed(0)} s; CPUs now ${((await idleShare()) * 100).toFixed(0)}% idle, load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
process.exitCode = failed ? 1 : 0;
