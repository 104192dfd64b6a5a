/** Prints the cluster bench's figures: each configuration's windows, then all configurations side by side. */
import os from 'node:os';
import type { MemoryResult, WindowResult } from './cluster-phases.js';
import { formatMiB, formatMs, formatRate } from './stats.js';

export interface ConfigResult {
  label: string;
  instances: number;
  cluster: boolean;
  clients: number;
  rooms: number;
  /** Each instance's RSS: empty, then with the chat crowd logged in, then its peak over the chat windows. */
  rssEmpty: number[];
  rssLoggedIn: number[];
  rssPeak: number[];
  saturation: WindowResult[];
  paced: WindowResult | undefined;
  idle: MemoryResult | undefined;
  error?: string;
}

const count = (n: number): string => Math.round(n).toLocaleString('en-US');
const line = (label: string, figure: string): void => console.log(`  ${label.padEnd(36)}${figure}`);
const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;
const sum = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0);

/** CPU µs over a paced window less what the same processes use at rest over the same time: instances, Redis. */
function aboveRest(r: WindowResult): { instances: number; redis: number } {
  const m = r.measured;
  const q = r.quiet;
  const restOf = (us: number): number => (q ? (us / q.wallUs) * m.wallUs : 0);
  return {
    instances: sum(m.instanceCpuUs) - restOf(q ? sum(q.instanceCpuUs) : 0),
    redis: (m.redisCpuUs ?? 0) - restOf(q?.redisCpuUs ?? 0),
  };
}

/** CPU ms per 1,000 deliveries (= µs per delivery). */
const perDelivery = (cpuUs: number, r: WindowResult): number => cpuUs / Math.max(1, r.delivered);

export function printHeader(argv: string[], idleShare: number, pacedRate: number): void {
  const cpus = os.cpus();
  console.log('Sarangbang cluster benchmark: many rooms on 1 instance, and on N instances sharing them through Redis');
  console.log(
    `  ${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, ${formatMiB(os.totalmem())} RAM, Node ${process.version}; instances started as users do (npm run serve), 127.0.0.1`,
  );
  console.log(
    `  before the run: CPUs ${(idleShare * 100).toFixed(0)}% idle, load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}; args: ${argv.join(' ') || '(defaults)'}`,
  );
  console.log(
    `  one load-generator process holds every client socket and checks every delivery; paced rate ${pacedRate} msg/s per client`,
  );
  if (cpus.length <= 4)
    console.log(
      `  NOTE: ${cpus.length} cores: all instances, redis-server and the load generator compete for the same cores, so the raw\n` +
        '        rate with more instances says little about more machines. What transfers to a real deployment is the\n' +
        '        CPU per delivery (per instance and Redis), Redis commands and bytes per message, and memory per connection.',
    );
}

function printWindow(title: string, r: WindowResult, labels: string[]): void {
  const m = r.measured;
  const seconds = m.wallUs / 1e6;
  console.log(`\n${title}`);
  line(
    'deliveries per second',
    `${formatRate(r.delivered / seconds)} (${count(r.delivered)} of ${count(r.expected)} in ${seconds.toFixed(2)} s; ${count(r.messages)} messages)`,
  );
  line(
    'p50 / p99 / max latency',
    `${formatMs(r.latency.percentile(0.5))} / ${formatMs(r.latency.percentile(0.99))} / ${formatMs(r.latency.max)}`,
  );
  line(
    'lost / duplicated / corrupt',
    `${count(r.lost)} / ${count(r.duplicated)} / ${count(r.corrupted)}${r.complete ? '' : '  INCOMPLETE (stall or deadline)'}`,
  );
  if (r.lost > 0)
    line('', `missing at ${r.lossDetail.receivers} receiver(s), at most ${count(r.lossDetail.worst)} at one`);
  if (r.refused !== 'none') line('refused by the servers', r.refused);
  if (r.trouble > 0) line('connections broken', count(r.trouble));
  const cpu = m.instanceCpuUs.map((us, i) => `${labels[i]} ${perDelivery(us, r).toFixed(2)}`);
  if (m.redisCpuUs !== undefined) cpu.push(`redis ${perDelivery(m.redisCpuUs, r).toFixed(2)}`);
  const total = sum(m.instanceCpuUs) + (m.redisCpuUs ?? 0);
  line('CPU ms per 1,000 deliveries', `${cpu.join(', ')}; all ${perDelivery(total, r).toFixed(2)}`);
  if (r.quiet) {
    const q = r.quiet;
    const rest = (us: number): string => `${((us / q.wallUs) * 100).toFixed(1)}%`;
    line(
      'at rest (same crowd, no messages)',
      `instances ${q.instanceCpuUs.map(rest).join(' ')}${q.redisCpuUs === undefined ? '' : `, redis ${rest(q.redisCpuUs)}`} of a core over ${(q.wallUs / 1e6).toFixed(1)} s`,
    );
    const above = aboveRest(r);
    line(
      '  above rest, per 1,000 deliveries',
      `instances ${perDelivery(above.instances, r).toFixed(2)} ms${m.redisCpuUs === undefined ? '' : `, redis ${perDelivery(above.redis, r).toFixed(2)} ms`}`,
    );
  }
  line(
    'CPU (share of one core)',
    `instances ${m.instanceCpuUs.map((us) => `${((us / m.wallUs) * 100).toFixed(0)}%`).join(' ')}` +
      `${m.redisCpuUs === undefined ? '' : `, redis ${((m.redisCpuUs / m.wallUs) * 100).toFixed(0)}%`}` +
      `, load generator ${((m.generatorCpuUs / m.wallUs) * 100).toFixed(0)}%`,
  );
  line(
    'bytes the instances wrote',
    `${(sum(m.instanceWriteBytes) / Math.max(1, r.delivered)).toFixed(0)} B per delivery (to clients and Redis)`,
  );
  const ours = total + m.generatorCpuUs;
  line(
    'other work on the machine',
    `${Math.max(0, m.busyCores - ours / m.wallUs).toFixed(2)} of ${os.cpus().length} cores; load average ${m.load.toFixed(2)}`,
  );
  if (m.redis) {
    const perMessage = (n: number): string => (n / Math.max(1, r.messages)).toFixed(2);
    const byName = [...m.redis.calls]
      .sort((a, b) => b[1] - a[1])
      .map(([name, calls]) => `${name} ${perMessage(calls)}`)
      .join(', ');
    line(
      'Redis commands per message',
      `${perMessage(m.redis.commands)} (${byName || 'none'}; commands that scripts run count too)`,
    );
    line(
      'Redis bytes per message',
      `${perMessage(m.redis.netInput)} in, ${perMessage(m.redis.netOutput)} out; used memory ${formatMiB(m.redis.usedMemory)} more, ${formatMiB(m.redis.usedMemoryNow ?? NaN)} now`,
    );
  }
}

export function printConfig(r: ConfigResult): void {
  const labels = r.rssEmpty.map((_, i) => `#${i + 1}`);
  console.log(`\n=== ${r.label}: ${r.clients} clients in ${r.rooms} rooms ===`);
  if (r.error) console.log(`  FAILED: ${r.error}`);
  if (r.rssEmpty.length > 0) {
    const perInstance = r.clients / r.rssEmpty.length;
    line(
      'instance RSS empty / logged in',
      r.rssEmpty.map((rss, i) => `${labels[i]} ${formatMiB(rss)} / ${formatMiB(r.rssLoggedIn[i] ?? NaN)}`).join(', '),
    );
    line(
      'per chat connection (logged in)',
      kib((sum(r.rssLoggedIn) - sum(r.rssEmpty)) / (perInstance * r.rssEmpty.length)),
    );
    if (r.rssPeak.length > 0)
      line('instance peak RSS', r.rssPeak.map((rss, i) => `${labels[i]} ${formatMiB(rss)}`).join(', '));
  }
  r.saturation.forEach((window, i) =>
    printWindow(
      `Saturation${r.saturation.length > 1 ? ` run ${i + 1}` : ''}: each client sends ${window.messages / r.clients} messages at once (rate limit off)`,
      window,
      labels,
    ),
  );
  if (r.paced) printWindow(`Paced: fixed rate per client`, r.paced, labels);
  if (r.idle) printIdle(r.idle);
  if (r.idle && r.cluster && r.rssEmpty.length > 0)
    line(
      'history copy in each instance',
      `an instance started after the chat (its ${r.rooms} rooms' kept history in Redis) took ${formatMiB(sum(r.idle.before) / r.idle.before.length)}, one started on an empty Redis ${formatMiB(sum(r.rssEmpty) / r.rssEmpty.length)}`,
    );
}

function printIdle(r: MemoryResult): void {
  console.log(
    `\nIdle: ${count(r.connections)} connections log in (same rooms, round-robin) and say nothing (fresh instances)`,
  );
  if (r.error) line('FAILED', r.error);
  line(
    'instance RSS before / with',
    r.before.map((rss, i) => `#${i + 1} ${formatMiB(rss)} / ${formatMiB(r.after[i]!)}`).join(', '),
  );
  line(
    'per idle connection (no forced GC)',
    `${kib((sum(r.after) - sum(r.before)) / Math.max(1, r.connections))} over all instances` +
      (r.before.length > 1
        ? ` (each instance holds its own connections and a copy of the other instances' members of its rooms)`
        : ''),
  );
  if (r.redisBefore && r.redisAfter && r.redisRssBefore !== undefined && r.redisRssAfter !== undefined)
    line(
      'Redis for them',
      `used memory ${kib((r.redisAfter.usedMemory - r.redisBefore.usedMemory) / Math.max(1, r.connections))} per connection, RSS ${formatMiB(r.redisRssBefore)} → ${formatMiB(r.redisRssAfter)}, ${count(r.redisAfter.commands - r.redisBefore.commands)} commands for the logins`,
    );
}

/** The best saturation run of a configuration (the machine is shared: the best shows what the servers can do). */
function best(r: ConfigResult): WindowResult | undefined {
  return [...r.saturation].sort((a, b) => b.delivered / b.measured.wallUs - a.delivered / a.measured.wallUs)[0];
}

export function printSummary(results: readonly ConfigResult[]): void {
  console.log(
    "\nSide by side (saturation: best run, its instances' CPU µs per delivery, Redis µs per delivery, Redis commands and\n" +
      'bytes per message; paced: latency, CPU µs per delivery of instances + Redis above their rest, Redis commands per\nmessage; idle: RSS KiB per connection over all instances)',
  );
  console.log(
    `  ${'configuration'.padEnd(26)}${'deliv./s'.padEnd(11)}${'× base'.padEnd(8)}${'inst. µs/d'.padEnd(12)}${'redis µs/d'.padEnd(12)}${'cmds/msg'.padEnd(10)}${'B/msg'.padEnd(8)}${'paced p50/p99'.padEnd(20)}${'paced µs/d'.padEnd(12)}${'cmds/msg'.padEnd(10)}${'KiB/conn'.padEnd(10)}load`,
  );
  const base = results.find((r) => !r.cluster);
  const baseRate = base && best(base) ? best(base)!.delivered / best(base)!.measured.wallUs : 0;
  for (const r of results) {
    const b = best(r);
    if (!b) {
      console.log(`  ${r.label.padEnd(26)}${r.error?.split('\n').slice(0, 2).join(' ') ?? 'no figures'}`);
      continue;
    }
    const rate = b.delivered / b.measured.wallUs;
    const m = b.measured;
    const redis = m.redis;
    const idle = r.idle;
    console.log(
      `  ${r.label.padEnd(26)}${formatRate(rate * 1e6).padEnd(11)}${(baseRate > 0 ? `${(rate / baseRate).toFixed(2)}×` : '-').padEnd(8)}` +
        `${perDelivery(sum(m.instanceCpuUs), b).toFixed(2).padEnd(12)}${(m.redisCpuUs === undefined ? '-' : perDelivery(m.redisCpuUs, b).toFixed(2)).padEnd(12)}` +
        `${(redis ? (redis.commands / b.messages).toFixed(2) : '-').padEnd(10)}${(redis ? ((redis.netInput + redis.netOutput) / b.messages).toFixed(0) : '-').padEnd(8)}` +
        `${(r.paced ? `${formatMs(r.paced.latency.percentile(0.5))}/${formatMs(r.paced.latency.percentile(0.99))}` : '-').padEnd(20)}` +
        `${(r.paced ? perDelivery(aboveRest(r.paced).instances + aboveRest(r.paced).redis, r.paced).toFixed(2) : '-').padEnd(12)}` +
        `${(r.paced?.measured.redis ? (r.paced.measured.redis.commands / r.paced.messages).toFixed(2) : '-').padEnd(10)}` +
        `${(idle ? ((sum(idle.after) - sum(idle.before)) / Math.max(1, idle.connections) / 1024).toFixed(1) : '-').padEnd(10)}${m.load.toFixed(2)}`,
    );
  }
  const clustered = results.filter((r) => r.cluster && best(r)).sort((a, b) => a.instances - b.instances);
  for (let i = 1; i < clustered.length; i++) {
    const from = clustered[i - 1]!;
    const to = clustered[i]!;
    const rateFrom = best(from)!.delivered / best(from)!.measured.wallUs;
    const rateTo = best(to)!.delivered / best(to)!.measured.wallUs;
    const cpu = (r: ConfigResult): number => perDelivery(sum(best(r)!.measured.instanceCpuUs), best(r)!);
    console.log(
      `  ${from.instances} → ${to.instances} instances: deliveries/s ×${(rateTo / rateFrom).toFixed(2)}, instance CPU per delivery ${cpu(from).toFixed(2)} → ${cpu(to).toFixed(2)} µs` +
        `${to.paced && from.paced ? `, paced p99 ${formatMs(from.paced.latency.percentile(0.99))} → ${formatMs(to.paced.latency.percentile(0.99))}` : ''}`,
    );
  }
  const one = clustered.find((r) => r.instances === 1);
  const three = clustered.find((r) => r.instances === 3);
  if (one && three) {
    const ratio =
      best(three)!.delivered / best(three)!.measured.wallUs / (best(one)!.delivered / best(one)!.measured.wallUs);
    console.log(`  3 vs 1 instance (both with Redis): deliveries/s ×${ratio.toFixed(2)} on ${os.cpus().length} cores`);
  }
}
