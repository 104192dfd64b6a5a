/**
 * File-transfer benchmark (issue 3): relays one generated file sender → host → receiver, three separate processes,
 * the receiver writing to disk and verifying SHA-256; then the same file through a bare `net` relay (no protocol,
 * no hashing), and through three socat processes (sender, relay, receiver into a file: what the bytes could do),
 * alternating in every run. Prints MB/s, the ratios to socat and to the bare relay, each process's CPU seconds, the
 * host's peak RSS growth, the clients' peak RSS, the receiver's event-loop delay and full collections (the desktop
 * app receives on its main process), and the p99 latency of room chat while idle and during the transfer; last, issue
 * 17's transfer targets beside the run's medians. Without socat on the machine, it says so and runs the rest.
 *
 *   npm run bench:transfer                    1 GiB random file
 *   npm run bench:transfer -- --size-mib 256  smaller
 *   npm run bench:transfer -- --big           4 GiB + 1 MiB sparse file (64-bit sizes); skips the bare relay
 *   npm run bench:transfer -- --pin           Linux: host and probe on CPU 0, sender and receiver on CPU 1
 *   npm run bench:transfer -- --in-process    the host relays bytes on its own event loop (the desktop app before
 *                                             it hosted in a process of its own)
 *   npm run bench:transfer -- --room-process  the desktop app's way: the host process stands for the app's main
 *                                             process and runs the room in a process of its own; its event-loop
 *                                             delay is what the window's IPC would wait
 *   npm run bench:transfer -- --runs N        N runs (default 3, 1 with --big), then medians and pooled chat p99
 *   npm run bench:transfer -- --receivers N   one group offer to N receivers (bench/transfer-group.ts)
 *   npm run bench:transfer -- --no-e2e        file bytes raw, not end-to-end encrypted (default: sealed, as between
 *                                             two clients with identities)
 *   npm run bench:transfer -- --files N --file-kib K   many small files instead: one offer of N files of K KiB
 *                                             (--latency-ms L: the clients reach the host through a link adding L ms
 *                                             each way, as on Wi-Fi)
 *
 * Files live in os.tmpdir() and are removed at the end, also on failure. Every wait has a timeout.
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { open, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ClientSession } from '../main/client/session.js';
import { nickKey } from '../main/protocol/nickname.js';
import { createIdentity } from '../main/security/identity.js';
import { runSocat, socatAvailable } from './socat-relay.js';

const MiB = 1024 * 1024;
const { values } = parseArgs({
  options: {
    'size-mib': { type: 'string' },
    big: { type: 'boolean' },
    pin: { type: 'boolean' },
    'in-process': { type: 'boolean' },
    'room-process': { type: 'boolean' },
    runs: { type: 'string' },
    files: { type: 'string' },
    'file-kib': { type: 'string' },
    'latency-ms': { type: 'string' },
    'no-e2e': { type: 'boolean' },
    receivers: { type: 'string' },
  },
});
// End-to-end encryption of the file bytes (default on): both clients get an identity and each other's fingerprint.
const e2e = values['no-e2e'] !== true;
/** Per client role, what it needs for end-to-end encryption (made in main(); undefined with --no-e2e). */
let clientKeys: Record<'sender' | 'receiver', object> | undefined;

async function makeClientKeys(): Promise<Record<'sender' | 'receiver', object>> {
  const [sender, receiver] = await Promise.all([createIdentity('sender'), createIdentity('receiver')]);
  const directory = { [nickKey('sender')]: sender.fingerprint, [nickKey('receiver')]: receiver.fingerprint };
  return { sender: { identity: sender, directory }, receiver: { identity: receiver, directory } };
}
const big = values.big === true;
// --pin (Linux, taskset): host, relay and chat probe on CPU 0, senders and receivers on CPU 1 — closer to a LAN,
// where the two clients are other machines and do not take the host's CPU.
const pin = values.pin === true;
// --in-process: the host relays bytes on its own event loop (as the desktop app does) instead of in a child process.
const byteRelay = values['in-process'] === true ? 'in-process' : 'child-process';
// --room-process: the desktop app's way (room and relay in a process of their own, started by the "app" process).
const roomProcess = values['room-process'] === true;
const size = big ? 4 * 1024 * MiB + MiB : Number(values['size-mib'] ?? 1024) * MiB;
// Several runs, because one run's chat p99 rests on its 3 or 4 slowest samples: the summary pools every sample.
const runs = Math.max(1, Number(values.runs ?? (big ? 1 : 3)));
const latencyMs = Number(values['latency-ms'] ?? 0);
const ROLES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'transfer-roles.ts');
const children = new Set<ChildProcess>();

type Message = Record<string, unknown>;

function pinTo(pid: number, cpu: number): void {
  execFileSync('taskset', ['-a', '-p', '-c', String(cpu), String(pid)], { stdio: 'ignore' });
}

function start(role: string, args: object): ChildProcess {
  // BENCH_CPU_PROF=<role>:<dir> writes a V8 CPU profile of that role's process (all threads) into <dir>.
  const [profRole, profDir] = (process.env.BENCH_CPU_PROF ?? '').split(':');
  const profile = profRole === role && profDir ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [];
  const child = fork(ROLES, [role, JSON.stringify(args)], {
    execArgv: ['--import', 'tsx', ...profile],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  if (pin && child.pid !== undefined) pinTo(child.pid, /sender|receiver/.test(role) ? 1 : 0);
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

function next(child: ChildProcess, match: (m: Message) => boolean, timeoutMs: number, what: string): Promise<Message> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeoutMs);
    const onMessage = (m: Message): void => {
      if (m.error) reject(new Error(`${what}: ${String(m.error)}`));
      if (!match(m)) return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(m);
    };
    child.on('message', onMessage);
  });
}

async function makeFile(file: string): Promise<void> {
  const handle = await open(file, 'w');
  try {
    if (big) {
      await handle.truncate(size); // sparse: reads as zeros, costs no disk
      return;
    }
    const block = randomBytes(MiB);
    for (let written = 0; written < size; written += MiB) await handle.write(block, 0, Math.min(MiB, size - written));
  } finally {
    await handle.close();
  }
}

const percentile = (samples: number[], p: number): number => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};

/** Sends a chat message every 10 ms and records the time to its `ok`, until `until` resolves. */
async function probeChat(session: ClientSession, until: Promise<unknown>): Promise<number[]> {
  let done = false;
  void until.finally(() => {
    done = true;
  });
  const samples: number[] = [];
  while (!done) {
    const started = performance.now();
    await session.say('ping');
    samples.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return samples;
}

/** CPU time (µs, all threads) of each process so far; the host's includes its byte-relay child. */
async function cpuOf(processes: ChildProcess[]): Promise<number[]> {
  return Promise.all(
    processes.map(async (child) => {
      const reply = next(child, (m) => typeof m.cpuMicros === 'number', 10_000, 'cpu time');
      child.send({ cmd: 'cpu' });
      return (await reply).cpuMicros as number;
    }),
  );
}

/** CPU seconds each process spent between two cpuOf() readings. */
const cpuSeconds = (before: number[], after: number[]): number[] =>
  after.map((micros, i) => (micros - before[i]!) / 1e6);

/** The machine's 1-minute load average, printed beside each figure (the machine may be shared). */
const load = (): string => `load ${os.loadavg()[0]!.toFixed(2)}`;
const mbps = (bytes: number, ms: number): number => bytes / 1e6 / (ms / 1000);
const fmt = (n: number, digits = 1): string => n.toFixed(digits);
const cpuLine = ([sender = 0, relay = 0, receiver = 0]: number[]): string =>
  `sender ${fmt(sender, 2)} s, relay ${fmt(relay, 2)} s, receiver ${fmt(receiver, 2)} s, total ${fmt(sender + relay + receiver, 2)} s`;

async function ours(
  work: string,
  source: string,
): Promise<{
  idle: number[];
  busy: number[];
  cpu: number[];
  loopP99: number;
  loopMax: number;
  cpuShare: number;
  ownCpuShare: number;
  loopBusy: number;
  ms: number;
  hashMs: number;
  rssGrowth: number;
  rssPeak: number;
  /** Peak RSS of the sender and of the receiver (bytes). */
  clientPeaks: number[];
  /** The receiver's event-loop delay (ms) and full collections during the transfer. */
  receiverLoop: { p99: number; max: number; fullCollections: number };
  idleP99: number;
  busyP99: number;
  idleN: number;
  busyN: number;
}> {
  const host = start('host', { byteRelay, roomProcess });
  const { port } = (await next(host, (m) => typeof m.port === 'number', 30_000, 'host')) as { port: number };
  const receiver = start('receiver', { port, dir: path.join(work, 'received'), e2e: clientKeys?.receiver });
  const sender = start('sender', { port, path: source, e2e: clientKeys?.sender });
  await Promise.all([
    next(receiver, (m) => m.ready === true, 30_000, 'receiver'),
    next(sender, (m) => m.ready === true, 30_000, 'sender'),
  ]);
  const probe = new ClientSession({ host: '127.0.0.1', port, nick: 'probe', reconnect: false, rttIntervalMs: 0 });
  await probe.connect();
  const idle = await probeChat(probe, new Promise((resolve) => setTimeout(resolve, 3000)));

  // The receiver holds the offer until told to accept, so the usage and CPU readings start with the transfer.
  const offered = next(sender, (m) => m.offered === true, 600_000, 'hashing and offer');
  const received = next(receiver, (m) => m.offer === true, 600_000, 'the offer at the receiver');
  sender.send({ cmd: 'send' });
  const { hashMs } = (await offered) as { hashMs: number };
  await received;
  const reset = next(host, (m) => m.reset === true, 10_000, 'host usage reset');
  host.send({ cmd: 'rss-reset' });
  await reset;
  const cpuBefore = await cpuOf([sender, host, receiver]);
  const started = next(sender, (m) => typeof m.started === 'number', 60_000, 'transfer start');
  const senderEnded = next(sender, (m) => typeof m.ended === 'number', 900_000, 'sender result');
  const receiverEnded = next(receiver, (m) => typeof m.ended === 'number', 900_000, 'receiver result');
  const acceptedAt = Date.now();
  receiver.send({ cmd: 'accept' });
  await started;
  const busy = await probeChat(probe, senderEnded);
  const sent = (await senderEnded) as { ok: boolean; ms: number; message: string };
  const got = (await receiverEnded) as {
    ok: boolean;
    path: string;
    message: string;
    ended: number;
    loopP99: number;
    loopMax: number;
    fullCollections: number;
  };
  if (!sent.ok || !got.ok) throw new Error(`transfer failed: ${sent.message} / ${got.message}`);
  const cpu = cpuSeconds(cpuBefore, await cpuOf([sender, host, receiver]));
  if ((await stat(got.path)).size !== size) throw new Error('received file has the wrong size');
  const [senderPeak, receiverPeak] = await Promise.all(
    [sender, receiver].map(async (child) => {
      const reply = next(child, (m) => typeof m.peakRssKiB === 'number', 10_000, 'peak rss');
      child.send({ cmd: 'peak-rss' });
      return ((await reply).peakRssKiB as number) * 1024;
    }),
  );
  host.send({ cmd: 'rss' });
  const rss = (await next(host, (m) => typeof m.peak === 'number', 10_000, 'host rss')) as {
    baseline: number;
    peak: number;
    cpuShare: number;
    loopP99: number;
    loopMax: number;
    ownCpuShare: number;
    loopBusy: number;
  };
  await probe.close();
  await rm(got.path, { force: true });
  for (const child of [host, sender, receiver]) child.kill();
  return {
    idle,
    busy,
    cpu,
    loopP99: rss.loopP99,
    loopMax: rss.loopMax,
    ownCpuShare: rss.ownCpuShare,
    loopBusy: rss.loopBusy,
    cpuShare: rss.cpuShare,
    // From the receiver's accept to its "verified" (the file renamed after the hash matched), as socat is timed.
    ms: got.ended - acceptedAt,
    hashMs,
    rssGrowth: rss.peak - rss.baseline,
    rssPeak: rss.peak,
    clientPeaks: [senderPeak!, receiverPeak!],
    receiverLoop: { p99: got.loopP99, max: got.loopMax, fullCollections: got.fullCollections },
    idleP99: percentile(idle, 99),
    busyP99: percentile(busy, 99),
    idleN: idle.length,
    busyN: busy.length,
  };
}

/** The bare relay, while an idle room (own process) is probed: shows what the machine's load alone does to chat. */
async function bare(
  work: string,
  source: string,
): Promise<{ samples: number[]; cpu: number[]; ms: number; p99: number; n: number }> {
  const host = start('host', {});
  const room = (await next(host, (m) => typeof m.port === 'number', 30_000, 'control host')) as { port: number };
  const probe = new ClientSession({
    host: '127.0.0.1',
    port: room.port,
    nick: 'probe',
    reconnect: false,
    rttIntervalMs: 0,
  });
  await probe.connect();
  const relay = start('bare-relay', {});
  const { port } = (await next(relay, (m) => typeof m.port === 'number', 30_000, 'bare relay')) as { port: number };
  const out = path.join(work, 'bare.out');
  const receiver = start('bare-receiver', { port, out });
  const sender = start('bare-sender', { port, path: source });
  await Promise.all([
    next(receiver, (m) => m.ready === true, 30_000, 'bare receiver'),
    next(sender, (m) => m.ready === true, 30_000, 'bare sender'),
  ]);
  const ended = next(receiver, (m) => typeof m.ended === 'number', 900_000, 'bare receiver result');
  const cpuBefore = await cpuOf([sender, relay, receiver]);
  sender.send({ cmd: 'send' });
  const { started } = (await next(sender, (m) => typeof m.started === 'number', 30_000, 'bare start')) as {
    started: number;
  };
  const samples = await probeChat(probe, ended);
  await probe.close();
  const { ended: at } = (await ended) as { ended: number };
  const cpu = cpuSeconds(cpuBefore, await cpuOf([sender, relay, receiver]));
  if ((await stat(out)).size !== size) throw new Error('bare relay: wrong size');
  await rm(out, { force: true });
  for (const child of [host, relay, sender, receiver]) child.kill();
  return { samples, cpu, ms: at - started, p99: percentile(samples, 99), n: samples.length };
}

/** One offer of `count` files of `bytes` each, sender → host → receiver: files per second, one data connection each. */
async function manyFiles(work: string, count: number, bytes: number): Promise<void> {
  const block = randomBytes(bytes);
  const paths: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const file = path.join(work, `small-${String(i).padStart(4, '0')}.bin`);
    block.writeUInt32BE(i, 0); // distinct contents, so no two files share a hash
    await writeFile(file, block);
    paths.push(file);
  }
  const host = start('host', { byteRelay });
  const { port: hostPort } = (await next(host, (m) => typeof m.port === 'number', 30_000, 'host')) as { port: number };
  const link = latencyMs > 0 ? start('delay-link', { port: hostPort, delayMs: latencyMs }) : undefined;
  const port = link
    ? ((await next(link, (m) => typeof m.port === 'number', 30_000, 'delay link')) as { port: number }).port
    : hostPort;
  const dir = await mkdtemp(path.join(work, 'received-'));
  const receiver = start('receiver', { port, dir, e2e: clientKeys?.receiver });
  const sender = start('sender', { port, paths, e2e: clientKeys?.sender });
  await Promise.all([
    next(receiver, (m) => m.ready === true, 30_000, 'receiver'),
    next(sender, (m) => m.ready === true, 30_000, 'sender'),
  ]);
  const received = next(receiver, (m) => m.offer === true, 60_000, 'the offer at the receiver');
  sender.send({ cmd: 'send' });
  await received;
  const failures: string[] = [];
  for (const [who, child] of [
    ['sender', sender],
    ['receiver', receiver],
  ] as const) {
    child.on('message', (m: Message) => {
      if (m.ok === false && typeof m.message === 'string') failures.push(`${who}: ${m.message}`);
    });
  }
  const done = next(sender, (m) => m.allEnded === true, 900_000, 'every file');
  receiver.send({ cmd: 'accept' });
  const { ok, ms } = (await done) as { ok: number; ms: number };
  const names = await readdir(dir);
  if (ok !== count || names.length !== count)
    throw new Error(`${ok} of ${count} files verified, ${names.length} on disk: ${failures.join('; ')}`);
  console.log(
    `${count} files of ${fmt(bytes / 1024, 0)} KiB, one offer${latencyMs > 0 ? `, ${latencyMs} ms each way` : ''}: ${fmt(ms / 1000, 2)} s = ${fmt(count / (ms / 1000), 0)} files/s, ${fmt(mbps(count * bytes, ms))} MB/s, ${fmt(ms / count, 1)} ms per file`,
  );
  for (const child of [host, sender, receiver, link]) child?.kill();
}

async function main(): Promise<void> {
  if (pin) pinTo(process.pid, 0);
  clientKeys = e2e ? await makeClientKeys() : undefined;
  const work = await mkdtemp(path.join(os.tmpdir(), 'sb-bench-transfer-'));
  const deadline = setTimeout(() => {
    console.error('bench:transfer: gave up after 20 minutes');
    for (const child of children) child.kill('SIGKILL');
    void rm(work, { recursive: true, force: true }).finally(() => process.exit(1));
  }, 20 * 60_000);
  try {
    if (values.files !== undefined) {
      console.log(
        `bench:transfer: many files, bytes relayed ${byteRelay}, ${e2e ? 'end-to-end encrypted' : 'raw (--no-e2e)'}; ${os.cpus().length} cores, Node ${process.version}`,
      );
      for (let run = 1; run <= runs; run += 1)
        await manyFiles(work, Number(values.files), Number(values['file-kib'] ?? 64) * 1024);
      return;
    }
    const source = path.join(work, big ? 'big-sparse.bin' : 'source.bin');
    console.log(
      `bench:transfer: bytes relayed ${byteRelay}, ${e2e ? 'end-to-end encrypted' : 'raw (--no-e2e)'}; ${pin ? '[pinned: host+probe CPU 0, clients CPU 1] ' : ''}${big ? 'sparse ' : ''}file of ${size} bytes (${fmt(size / MiB / 1024, 3)} GiB), ${os.cpus().length} cores, Node ${process.version}`,
    );
    await makeFile(source);
    const pooled = { idle: [] as number[], busy: [] as number[], control: [] as number[] };
    const rates: number[] = [];
    const ratios: number[] = [];
    const socatRatios: number[] = [];
    const socatRates: number[] = [];
    const withSocat = !big && socatAvailable();
    if (!big && !withSocat) console.log('socat is not installed here: no socat relay beside ours (Debian: socat)');
    const growths: number[] = [];
    const cpuTotals = { ours: [] as number[], socat: [] as number[] };
    const sum = (values: number[]): number => values.reduce((total, value) => total + value, 0);
    for (let run = 1; run <= runs; run += 1) {
      if (runs > 1) console.log(`-- run ${run} of ${runs}`);
      const ourLoad = load();
      const result = await ours(work, source);
      const ourRate = mbps(size, result.ms);
      rates.push(ourRate);
      growths.push(result.rssGrowth);
      cpuTotals.ours.push(sum(result.cpu));
      pooled.idle.push(...result.idle);
      pooled.busy.push(...result.busy);
      console.log(
        `sender hashing before the offer: ${fmt(result.hashMs / 1000, 2)} s (${fmt(mbps(size, result.hashMs))} MB/s)`,
      );
      console.log(
        `Sarangbang relay, accept to SHA-256 verified on disk: ${fmt(result.ms / 1000, 2)} s = ${fmt(ourRate)} MB/s (${ourLoad})`,
      );
      console.log(`host CPU during the transfer: ${fmt(result.cpuShare * 100, 0)}% of one core`);
      // The host process is where the desktop app's main process would be: its window's IPC waits on this loop.
      console.log(
        `${roomProcess ? "the app's main process (the room in a process of its own)" : 'host process (the room and its relay in it)'}: event loop busy ${fmt(result.loopBusy * 100, 1)} %, its own CPU ${fmt(result.ownCpuShare * 100, 1)} % of a core, event-loop delay p99 ${fmt(result.loopP99, 2)} ms, max ${fmt(result.loopMax, 1)} ms`,
      );
      console.log(`CPU during the transfer: ${cpuLine(result.cpu)}`);
      console.log(
        `host RSS: peak ${fmt(result.rssPeak / MiB)} MiB, growth during the transfer ${fmt(result.rssGrowth / MiB)} MiB`,
      );
      console.log(
        `clients' peak RSS: sender ${fmt(result.clientPeaks[0]! / MiB)} MiB, receiver ${fmt(result.clientPeaks[1]! / MiB)} MiB`,
      );
      console.log(
        `receiver (the app's main process when it receives): event-loop delay p99 ${fmt(result.receiverLoop.p99, 2)} ms, max ${fmt(result.receiverLoop.max, 1)} ms, ${result.receiverLoop.fullCollections} full collections`,
      );
      console.log(
        `chat p99: idle ${fmt(result.idleP99, 2)} ms (${result.idleN} samples), during transfer ${fmt(result.busyP99, 2)} ms (${result.busyN} samples), ratio ${fmt(result.busyP99 / result.idleP99, 2)}`,
      );
      if (big) continue;
      if (withSocat) {
        const socatLoad = load();
        const peer = await runSocat(source, path.join(work, 'socat.out'));
        if ((await stat(path.join(work, 'socat.out'))).size !== size) throw new Error('socat relay: wrong size');
        await rm(path.join(work, 'socat.out'), { force: true });
        const socatRate = mbps(size, peer.ms);
        socatRates.push(socatRate);
        socatRatios.push(ourRate / socatRate);
        cpuTotals.socat.push(sum(peer.cpu));
        console.log(
          `socat relay into a file (3 socat, 128 KiB buffers): ${fmt(peer.ms / 1000, 2)} s = ${fmt(socatRate)} MB/s (${socatLoad})`,
        );
        console.log(`socat CPU: ${cpuLine(peer.cpu)}`);
        console.log(`ratio ours/socat: ${fmt(ourRate / socatRate, 2)}`);
      }
      const bareLoad = load();
      const control = await bare(work, source);
      const bareRate = mbps(size, control.ms);
      ratios.push(ourRate / bareRate);
      pooled.control.push(...control.samples);
      console.log(`bare net relay, no hashing: ${fmt(control.ms / 1000, 2)} s = ${fmt(bareRate)} MB/s (${bareLoad})`);
      console.log(`bare relay CPU: ${cpuLine(control.cpu)}`);
      console.log(
        `chat p99 of an idle room while the bare relay runs beside it: ${fmt(control.p99, 2)} ms (${control.n} samples)`,
      );
      console.log(`ratio to bare relay: ${fmt(ourRate / bareRate, 2)}`);
    }
    /** Issue 17's transfer targets beside this run's medians (the chat ratio pooled over all runs' samples). */
    const printTargets = (): void => {
      const median = (values: number[]): number => percentile(values, 50);
      const verdict = (met: boolean): string => (met ? 'met' : 'MISSED');
      const gib = size / MiB / 1024;
      console.log('== targets (issue 17):');
      if (socatRatios.length > 0)
        console.log(
          `   verified relay ≥ 0.8 × socat: ${fmt(median(socatRatios), 2)} × — ${verdict(median(socatRatios) >= 0.8)}; CPU per GiB ours ${fmt(median(cpuTotals.ours) / gib, 2)} s, socat ${fmt(median(cpuTotals.socat) / gib, 2)} s`,
        );
      console.log(
        `   host RSS growth ≤ 64 MB: at most ${fmt(Math.max(...growths) / MiB)} MiB — ${verdict(Math.max(...growths) <= 64e6)}`,
      );
      const chatRatio = percentile(pooled.busy, 99) / percentile(pooled.idle, 99);
      console.log(
        `   chat p99 during the transfer ≤ 2 × idle: ${fmt(chatRatio, 2)} × — ${verdict(chatRatio <= 2)}${pin ? '' : " (sender and receiver share the host's cores here; --pin puts them apart, as on a LAN)"}`,
      );
    };
    if (runs > 1) {
      const range = (values: number[], digits = 1): string =>
        `median ${fmt(percentile(values, 50), digits)} (${fmt(Math.min(...values), digits)}–${fmt(Math.max(...values), digits)})`;
      const idleP99 = percentile(pooled.idle, 99);
      const busyP99 = percentile(pooled.busy, 99);
      console.log(
        `== ${runs} runs: ours ${range(rates)} MB/s${socatRatios.length ? `, socat ${range(socatRates)} MB/s, ratio ours/socat ${range(socatRatios, 2)}` : ''}${ratios.length ? `, ratio to bare relay ${range(ratios, 2)}` : ''}, host RSS growth at most ${fmt(Math.max(...growths) / MiB)} MiB`,
      );
      console.log(
        `== chat p99 over all runs' samples: idle ${fmt(idleP99, 2)} ms (${pooled.idle.length}), during transfers ${fmt(busyP99, 2)} ms (${pooled.busy.length}), ratio ${fmt(busyP99 / idleP99, 2)}${pooled.control.length ? `; idle room beside the bare relay ${fmt(percentile(pooled.control, 99), 2)} ms` : ''}`,
      );
    }
    if (!big) printTargets();
  } finally {
    clearTimeout(deadline);
    for (const child of children) child.kill();
    await rm(work, { recursive: true, force: true });
  }
}

if (values.receivers !== undefined) {
  const { runGroupBench } = await import('./transfer-group.js');
  await runGroupBench(Number(values.receivers), Number(values['size-mib'] ?? 256));
  process.exit(0);
} else await main();
