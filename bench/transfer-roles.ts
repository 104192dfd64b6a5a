/**
 * One process of the transfer benchmark (bench/transfer.ts forks each with an IPC channel):
 *   host | sender | receiver          — Sarangbang: room server + FileRelay, and two FileTransfers clients
 *   bare-relay | bare-sender | bare-receiver — the baseline: a minimal `net` pipe, no hashing, no protocol
 * Usage: node --import tsx bench/transfer-roles.ts <role> '<JSON args>'
 */
import { createReadStream, createWriteStream } from 'node:fs';
import net from 'node:net';
import { pipeline } from 'node:stream/promises';
import { constants, monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { accountBuffersByWhatTheyHold } from '../main/buffer-accounting.js';
import { ClientSession } from '../main/client/session.js';
import { roomProcessStarter } from '../main/app/room-process-server.js';
import { forkRoomProcess } from '../main/host/fork-room-process.js';
import { startRoomHost } from '../main/host/start-room-host.js';
import { FileTransfers } from '../main/transfer/file-transfers.js';
import type { E2ePeers } from '../main/transfer/e2e-context.js';
import { nickKey } from '../main/protocol/nickname.js';
import type { Identity } from '../main/security/identity.js';
import { FILE_CHUNK_BYTES } from '../main/transfer/hash.js';

accountBuffersByWhatTheyHold(); // as the app and `sarangbang` do
const [role = '', argsJson = '{}'] = process.argv.slice(2);
const args = JSON.parse(argsJson) as {
  port?: number;
  path?: string;
  paths?: string[];
  dir?: string;
  out?: string;
  byteRelay?: 'in-process' | 'child-process';
  /** The host as the desktop app hosts: this process stands for the app's main process, the room runs in its own. */
  roomProcess?: boolean;
  delayMs?: number;
  /** End-to-end encryption of the file bytes: our identity and the fingerprints by nick key (bench/transfer.ts). */
  e2e?: { identity: Identity; directory: Record<string, string> };
};
const send = (message: object): void => {
  process.send?.(message);
};
const onCommand = (handler: (message: { cmd: string; [key: string]: unknown }) => void): void => {
  process.on('message', (message) => handler(message as { cmd: string }));
};
/** CPU time of this process (all its threads) so far, in µs. */
const ownCpuMicros = (): number => {
  const { user, system } = process.cpuUsage();
  return user + system;
};
/** What the `cpu` command reports: this process's CPU time; the host adds its byte-relay child's (see host()). */
let cpuTime = async (): Promise<number> => ownCpuMicros();
onCommand((m) => {
  if (m.cmd === 'cpu') void cpuTime().then((micros) => send({ cpuMicros: micros }));
  // Peak RSS over this process's life (KiB): a client's is its transfer's, its hashing before the offer included.
  if (m.cmd === 'peak-rss') send({ peakRssKiB: process.resourceUsage().maxRSS });
});
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0)); // a clean exit, so --cpu-prof and similar flags can write their output

type Usage = { rss: number; cpuMicros: number };

/** The room host in this process, relaying bytes here or in its byte-relay child (`sarangbang serve`'s way). */
async function hostHere(): Promise<{ port: number; childUsage: () => Promise<Usage> }> {
  const { relay, address } = await startRoomHost({
    port: 0,
    host: '127.0.0.1',
    rateLimit: 'off',
    relay: { byteRelay: args.byteRelay ?? 'child-process' },
  });
  return { port: address.port, childUsage: async () => (await relay.byteRelayUsage()) ?? { rss: 0, cpuMicros: 0 } };
}

/** The room host in a process of its own, started as the desktop app starts it (fork() standing for utilityProcess). */
async function hostInRoomProcess(): Promise<{ port: number; childUsage: () => Promise<Usage> }> {
  const start = roomProcessStarter(forkRoomProcess, { extra: { rateLimit: 'off' } });
  const server = await start({
    host: '127.0.0.1',
    port: 0,
    maxUsers: 100,
    roomName: 'bench',
    bannedWords: [],
    announce: false,
  });
  return { port: server.port, childUsage: () => server.processUsage!() };
}

/** The host: room server and FileRelay; its memory and CPU figures include its child (byte relay or room process). */
async function host(): Promise<void> {
  const { port, childUsage } = args.roomProcess ? await hostInRoomProcess() : await hostHere();
  // Peak RSS of the host and of its child, each sampled on its own (the child less often: every sample is an IPC
  // round trip); the sum of the two peaks bounds their joint peak from above.
  cpuTime = async () => ownCpuMicros() + (await childUsage()).cpuMicros;
  let start = { rss: process.memoryUsage.rss(), child: await childUsage(), cpuMicros: ownCpuMicros() };
  let peak = start.rss;
  let childPeak = start.child.rss;
  let since = performance.now();
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  loopDelay.enable();
  let loopUse = performance.eventLoopUtilization();
  setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 10).unref();
  setInterval(() => {
    void childUsage().then((child) => {
      childPeak = Math.max(childPeak, child.rss);
    });
  }, 100).unref();
  onCommand((m) => {
    if (m.cmd === 'rss-reset') {
      void childUsage().then((child) => {
        start = { rss: process.memoryUsage.rss(), child, cpuMicros: ownCpuMicros() };
        peak = start.rss;
        childPeak = child.rss;
        since = performance.now();
        loopDelay.reset();
        loopUse = performance.eventLoopUtilization();
        send({ reset: true });
      });
    } else if (m.cmd === 'rss') {
      void childUsage().then((child) => {
        const used = ownCpuMicros() - start.cpuMicros + child.cpuMicros - start.child.cpuMicros;
        send({
          baseline: start.rss + start.child.rss,
          peak: Math.max(peak, process.memoryUsage.rss()) + Math.max(childPeak, child.rss),
          cpuShare: used / 1000 / (performance.now() - since),
          loopP99: loopDelay.percentile(99) / 1e6,
          loopMax: loopDelay.max / 1e6,
          // This process alone (without its child): the desktop app's main process in --room-process.
          ownCpuShare: (ownCpuMicros() - start.cpuMicros) / 1000 / (performance.now() - since),
          loopBusy: performance.eventLoopUtilization(loopUse).utilization,
        });
      });
    }
  });
  send({ port });
}

async function client(nick: string): Promise<FileTransfers> {
  const session = new ClientSession({ host: '127.0.0.1', port: args.port!, nick, reconnect: false, rttIntervalMs: 0 });
  await session.connect();
  // Without --no-e2e both clients seal/open; with it, neither has an identity and bytes go raw.
  const peers: E2ePeers = {
    identity: args.e2e?.identity,
    fingerprintOf: (other) => Promise.resolve(args.e2e?.directory[nickKey(other)]),
  };
  return new FileTransfers(session, { downloadDir: args.dir ?? '.', peers });
}

async function sender(): Promise<void> {
  const files = await client('sender');
  let startedAt = 0;
  files.on('started', () => {
    startedAt = Date.now();
    send({ started: startedAt });
  });
  // Several files (--files): `allEnded` once every one has ended, timed from the first one's start.
  const paths = args.paths ?? [args.path!];
  let firstStart = 0;
  let endedCount = 0;
  let okCount = 0;
  files.on('started', () => {
    firstStart ||= Date.now();
  });
  files.on('ended', (result) => {
    send({
      ended: Date.now(),
      ok: result.ok,
      message: result.message,
      ms: Date.now() - startedAt,
      bytes: result.bytes,
    });
    endedCount += 1;
    if (result.ok) okCount += 1;
    if (endedCount === paths.length) send({ allEnded: true, ok: okCount, ms: Date.now() - firstStart });
  });
  onCommand((m) => {
    if (m.cmd !== 'send') return;
    const hashStart = performance.now();
    files.send('receiver', paths).then(
      () => send({ offered: true, hashMs: performance.now() - hashStart }),
      (error: Error) => send({ error: error.message }),
    );
  });
  send({ ready: true });
}

async function receiver(): Promise<void> {
  const files = await client('receiver');
  let offered = '';
  files.on('offer', (offer) => {
    offered = offer.offer;
    send({ offer: true });
  });
  // The desktop app receives on its main process: how long its event loop waited, and its full collections.
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  let fullCollections = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      if ((entry as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR)
        fullCollections++;
  }).observe({ entryTypes: ['gc'] });
  onCommand((m) => {
    if (m.cmd !== 'accept') return;
    loopDelay.enable();
    fullCollections = 0;
    files.accept(offered).catch((error: Error) => send({ error: error.message }));
  });
  files.on('ended', (result) =>
    send({
      ended: Date.now(),
      ok: result.ok,
      message: result.message,
      path: result.path,
      bytes: result.bytes,
      loopP99: loopDelay.percentile(99) / 1e6,
      loopMax: loopDelay.max / 1e6,
      fullCollections,
    }),
  );
  send({ ready: true });
}

async function bareRelay(): Promise<void> {
  // Each side announces itself with one byte ('R' or 'S'); then sender → receiver through socket.pipe.
  const sides: { receiver?: net.Socket; sender?: net.Socket } = {};
  const server = net.createServer((socket) => {
    socket.once('readable', () => {
      const first = socket.read(1) as Buffer | null;
      sides[first?.toString() === 'R' ? 'receiver' : 'sender'] = socket;
      if (sides.receiver && sides.sender) sides.sender.pipe(sides.receiver);
    });
  });
  server.listen(0, '127.0.0.1', () => send({ port: (server.address() as net.AddressInfo).port }));
}

async function bareReceiver(): Promise<void> {
  const socket = net.createConnection({ host: '127.0.0.1', port: args.port! }, () => {
    socket.write('R');
    send({ ready: true });
  });
  await pipeline(socket, createWriteStream(args.out!, { highWaterMark: FILE_CHUNK_BYTES }));
  send({ ended: Date.now() });
}

async function bareSender(): Promise<void> {
  onCommand((m) => {
    if (m.cmd !== 'send') return;
    const socket = net.createConnection({ host: '127.0.0.1', port: args.port! }, () => {
      send({ started: Date.now() });
      socket.write('S');
      void pipeline(createReadStream(args.path!, { highWaterMark: FILE_CHUNK_BYTES }), socket);
    });
  });
  send({ ready: true });
}

/** A link with latency: forwards to the host, delaying every chunk by `delayMs` each way (order kept). */
async function delayLink(): Promise<void> {
  const delayMs = args.delayMs ?? 1;
  const forward = (from: net.Socket, to: net.Socket): void => {
    from.on('data', (chunk: Buffer) => void setTimeout(() => to.write(chunk), delayMs));
    from.on('end', () => void setTimeout(() => to.end(), delayMs));
    from.on('error', () => to.destroy());
  };
  const server = net.createServer((client) => {
    const upstream = net.createConnection({ host: '127.0.0.1', port: args.port! });
    forward(client, upstream);
    forward(upstream, client);
  });
  server.listen(0, '127.0.0.1', () => send({ port: (server.address() as net.AddressInfo).port }));
}

const roles: Record<string, () => Promise<void>> = {
  host,
  sender,
  receiver,
  'bare-relay': bareRelay,
  'bare-sender': bareSender,
  'bare-receiver': bareReceiver,
  'delay-link': delayLink,
};
const run = roles[role];
if (!run) {
  console.error(`unknown role ${role}`);
  process.exit(2);
}
await run();
