/**
 * Group-offer benchmark (issue 14): one sender offers one generated file to N receivers at once (`--receivers N`);
 * the host (a child process: room server + FileRelay) reads the sender's upload once and fans it out. Prints the
 * sender's bytes on the wire (read by the host from its upload connection) against the file size, each receiver's
 * verified throughput, and the host's peak RSS growth. Clients run in this process; every wait has a timeout.
 *
 *   npm run bench:transfer -- --receivers 10 --size-mib 256
 */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, open, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ClientSession } from '../main/client/session.js';
import { startRoomHost } from '../main/host/start-room-host.js';
import { FileTransfers } from '../main/transfer/file-transfers.js';

const MiB = 1024 * 1024;

async function hostRole(): Promise<void> {
  const host = await startRoomHost({ port: 0, host: '127.0.0.1', rateLimit: 'off' });
  const base = process.memoryUsage().rss;
  let peak = base;
  let peakArrayBuffers = 0;
  // RSS once everyone has joined, just before the offer: growth from there is the transfer's alone.
  let atOffer = base;
  setInterval(() => {
    const now = process.memoryUsage();
    peak = Math.max(peak, now.rss);
    peakArrayBuffers = Math.max(peakArrayBuffers, now.arrayBuffers);
  }, 50).unref();
  process.send?.({ port: host.address.port });
  process.on('message', (m: { cmd: string }) => {
    if (m.cmd === 'mark') {
      atOffer = process.memoryUsage().rss;
      return;
    }
    process.send?.(
      { rssGrowth: peak - base, rssGrowthFromOffer: peak - atOffer, peakArrayBuffers, ...host.relay.group.stats },
      () => void host.close().then(() => process.exit(0)),
    );
  });
}

export async function runGroupBench(receivers: number, sizeMiB: number): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sb-bench-group-'));
  const host = fork(fileURLToPath(import.meta.url), ['host'], { execArgv: ['--import', 'tsx'] });
  const watchdog = setTimeout(() => {
    console.error('group benchmark: gave up after 10 minutes');
    host.kill();
    process.exit(1);
  }, 600_000);
  try {
    const port = await new Promise<number>((resolve) =>
      host.once('message', (m) => resolve((m as { port: number }).port)),
    );
    const size = sizeMiB * MiB;
    const file = path.join(dir, 'payload.bin');
    const handle = await open(file, 'w');
    for (let at = 0; at < size; at += 4 * MiB) await handle.write(randomBytes(Math.min(4 * MiB, size - at)));
    await handle.close();
    const join = async (nick: string): Promise<FileTransfers> => {
      const session = new ClientSession({ host: '127.0.0.1', port, nick, reconnect: false, rttIntervalMs: 0 });
      await session.connect();
      return new FileTransfers(session, { downloadDir: path.join(dir, nick) });
    };
    const sender = await join('sender');
    const clients: FileTransfers[] = [];
    for (let i = 1; i <= receivers; i++) clients.push(await join(`r${i}`));
    const results = clients.map(
      (files, i) =>
        new Promise<{ nick: string; ok: boolean; mbps: number; why: string }>((resolve) => {
          let started = 0;
          files.on('offer', (offer) => void files.accept(offer.offer));
          files.on('started', () => (started = performance.now()));
          files.on('ended', (r) =>
            resolve({
              nick: `r${i + 1}`,
              ok: r.ok,
              mbps: size / 1e6 / ((performance.now() - started) / 1000),
              why: r.ok ? '' : ` (${r.reason}: ${r.message})`,
            }),
          );
        }),
    );
    host.send({ cmd: 'mark' });
    const t0 = performance.now();
    await sender.sendGroup('*', [file]);
    const done = await Promise.all(results);
    const seconds = (performance.now() - t0) / 1000;
    host.send({ cmd: 'stats' });
    const stats = await new Promise<{
      rssGrowth: number;
      rssGrowthFromOffer: number;
      bytesFromSenders: number;
      peakWindowBytes: number;
      peakBufferedBytes: number;
      peakArrayBuffers: number;
    }>((resolve) => host.once('message', (m) => resolve(m as never)));
    console.log(`group offer: ${sizeMiB} MiB to ${receivers} receivers (sealed end to end), ${seconds.toFixed(1)} s`);
    console.log(
      `sender bytes on the wire: ${stats.bytesFromSenders} = ${(stats.bytesFromSenders / size).toFixed(4)}x the file size`,
    );
    for (const r of done) console.log(`  ${r.nick}: ${r.ok ? 'verified' : 'FAILED'} ${r.mbps.toFixed(1)} MB/s${r.why}`);
    console.log(`host RSS growth: ${(stats.rssGrowth / MiB).toFixed(1)} MiB (target <= 64 MB)`);
    console.log(`host RSS growth from the offer on: ${(stats.rssGrowthFromOffer / MiB).toFixed(1)} MiB`);
    console.log(`host window peak: ${(stats.peakWindowBytes / MiB).toFixed(1)} MiB`);
    console.log(`host window slabs peak: ${(stats.peakBufferedBytes / MiB).toFixed(1)} MiB`);
    console.log(
      `host ArrayBuffer memory peak (live and not yet collected): ${(stats.peakArrayBuffers / MiB).toFixed(1)} MiB`,
    );
    for (const c of [sender, ...clients]) c.dispose();
  } finally {
    clearTimeout(watchdog);
    host.kill();
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'host') await hostRole();
