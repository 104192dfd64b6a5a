/** Prints the fan-out benchmark's figures, each beside its target from issue 2. */
import os from 'node:os';
import type { IdleResult } from './phase-idle.js';
import type { PacedResult } from './phase-paced.js';
import type { SaturationResult } from './phase-saturation.js';
import type { SlowReaderResult } from './phase-slow-reader.js';
import { formatMiB, formatMs, formatRate, verdict } from './stats.js';

const MiB = 1024 * 1024;
const line = (label: string, figure: string, target = '', ok?: boolean): void => {
  const mark = ok === undefined ? '' : verdict(ok);
  console.log(`  ${label.padEnd(30)}${figure.padEnd(44)}${target.padEnd(24)}${mark}`);
};
const count = (n: number): string => n.toLocaleString('en-US');
const integrity = (r: { lost: number; duplicated: number; corrupted: number }): boolean =>
  r.lost + r.duplicated + r.corrupted === 0;

export function printEnvironment(run: { kind: string; quick: boolean; idleCpu: number; argv: string[] }): void {
  const cpus = os.cpus();
  console.log(
    `Sarangbang room fan-out benchmark${run.quick ? ' (quick)' : ''} against the ${run.kind === 'mock' ? 'MOCK fan-out server (generator ceiling)' : 'room server'}`,
  );
  console.log(
    `  ${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, ${formatMiB(os.totalmem())} RAM, Node ${process.version}, ${os.type()} ${os.release()}`,
  );
  console.log(
    `  before the run: CPUs ${(run.idleCpu * 100).toFixed(0)}% idle, load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} (other work on this machine skews every figure)`,
  );
  console.log(
    `  server in a child process; one load-generator process; 127.0.0.1; args: ${run.argv.join(' ') || '(defaults)'}`,
  );
}

const PROTOCOL_LABEL: Record<SaturationResult['protocol'], string> = {
  framed: 'ours, framed',
  text: 'ours, plain text',
  irc: 'ngIRCd, IRC',
};

export function printSaturation(r: SaturationResult): void {
  console.log(
    `\nSaturation (${PROTOCOL_LABEL[r.protocol]}): ${r.clients} clients × ${r.messages} messages, all sent at once, rate limit off`,
  );
  line(
    'deliveries per second',
    `${formatRate(r.perSecond)} (${count(r.delivered)} in ${r.seconds.toFixed(2)} s)`,
    '≥ 1.5 M/s',
    r.perSecond >= 1.5e6,
  );
  line(
    'lost / duplicated / corrupt',
    `${count(r.lost)} / ${count(r.duplicated)} / ${count(r.corrupted)}`,
    '0 / 0 / 0',
    integrity(r),
  );
  line('refused by the server', r.refused, 'none', r.refused === 'none');
  line('members dropped', count(r.dropped), '0', r.dropped === 0);
  if (r.peakRss !== undefined) line('server peak RSS', formatMiB(r.peakRss), '≤ 150 MB', r.peakRss <= 150e6);
  if (!r.complete)
    console.log(`  INCOMPLETE: ${count(r.delivered)} of ${count(r.expected)} deliveries before the stall/deadline`);
  printLoss(r);
  if (r.socketTrouble > 0) console.log(`  ${r.socketTrouble} client connection(s) closed or broke during the run`);
  printCpu(r);
  const writes = r.serverWrites;
  if (writes && writes.calls > 0)
    line(
      'server writes',
      `${count(writes.calls)} write/writev calls, ${(writes.bytes / writes.calls / 1024).toFixed(1)} KiB each, ${(writes.bytes / Math.max(1, r.delivered)).toFixed(0)} B per delivery`,
    );
  line(
    'load generator loop busy',
    `${(r.generatorLoopBusy * 100).toFixed(0)}% of the burst${r.generatorLoopBusy >= 0.95 ? ' (it, not the server, set the pace)' : ''}`,
  );
  if (r.generatorCpu >= 0.9) {
    console.log(
      '  NOTE: the load generator was busy ≥ 90% of a core: it, not the server, may be the limit here. With 2 cores',
    );
    console.log(
      '        worker threads would only take CPU from the server; compare with `--server mock` (generator ceiling).',
    );
  }
}

/** The saturation runs side by side, each with its ratio to ngIRCd's rate in the same round. */
export function printComparison(results: readonly SaturationResult[]): void {
  if (results.length < 2) return;
  // A round in which ngIRCd lost deliveries or cut clients ("SendQ exceeded": it drops a client whose send queue
  // overflows) measured how it failed, not how fast it delivers: no ratio is taken against it.
  const clean = (r: SaturationResult): boolean => r.lost === 0 && r.dropped === 0;
  const peerOf = (r: SaturationResult): SaturationResult | undefined =>
    results.find((each) => each.protocol === 'irc' && each.round === r.round);
  const ratioOf = (r: SaturationResult): number | undefined => {
    const peer = peerOf(r);
    return peer && clean(peer) && peer.perSecond > 0 ? r.perSecond / peer.perSecond : undefined;
  };
  console.log('\nSaturation side by side (same run, alternating; the ratio is to ngIRCd in the same round)');
  console.log(
    `  ${'server'.padEnd(18)}${'deliveries/s'.padEnd(14)}${'× ngIRCd'.padEnd(10)}${'server CPU'.padEnd(12)}${'CPU µs/1k'.padEnd(11)}${'peak RSS'.padEnd(12)}${'lost'.padEnd(12)}dropped`,
  );
  for (const r of results) {
    const ratio = ratioOf(r);
    const cpuPer = r.delivered > 0 ? ((r.serverCpu * r.seconds * 1e6) / r.delivered) * 1000 : 0;
    console.log(
      `  ${PROTOCOL_LABEL[r.protocol].padEnd(18)}${formatRate(r.perSecond).padEnd(14)}${(ratio === undefined ? '-' : `${ratio.toFixed(2)}×`).padEnd(10)}${`${(r.serverCpu * 100).toFixed(0)}%`.padEnd(12)}${cpuPer.toFixed(0).padEnd(11)}${(r.peakRss === undefined ? '?' : formatMiB(r.peakRss)).padEnd(12)}${count(r.lost).padEnd(12)}${count(r.dropped)}`,
    );
  }
  const unclean = results.filter((r) => r.protocol === 'irc' && !clean(r)).length;
  if (unclean > 0)
    console.log(
      `  -: ngIRCd lost deliveries or cut clients in ${unclean} round(s) ("SendQ exceeded"); no ratio is taken from them`,
    );
  for (const protocol of ['framed', 'text'] as const) {
    const ratios = results.filter((r) => r.protocol === protocol).flatMap((r) => ratioOf(r) ?? []);
    if (ratios.length === 0) continue;
    const [low, high] = [Math.min(...ratios), Math.max(...ratios)];
    const span = low === high ? `${low.toFixed(2)}×` : `${low.toFixed(2)}–${high.toFixed(2)}×`;
    console.log(
      `  ${PROTOCOL_LABEL[protocol]} × ngIRCd over ${ratios.length} clean round(s): ${span} (target ≥ 1.0×: ${low >= 1 ? 'met' : 'MISSED'})`,
    );
  }
}

export function printPaced(r: PacedResult, durationMs: number): void {
  const target = r.clients <= 50 ? 5_000 : 15_000;
  console.log(
    `\nPaced latency: ${r.clients} clients × 5 msg/s for ${durationMs / 1000} s (${count(r.latency.count)} deliveries timed, warm-up excluded)`,
  );
  line(
    'p50 / p99 / max',
    `${formatMs(r.latency.percentile(0.5))} / ${formatMs(r.latency.percentile(0.99))} / ${formatMs(r.latency.max)}`,
    `p99 ≤ ${target / 1000} ms`,
    r.latency.percentile(0.99) <= target,
  );
  line(
    'lost / duplicated / corrupt',
    `${count(r.lost)} / ${count(r.duplicated)} / ${count(r.corrupted)}`,
    '0 / 0 / 0',
    integrity(r),
  );
  line('refused by the server', r.refused, 'none', r.refused === 'none');
  printCpu(r);
  printLoss(r);
}

function printCpu(r: { serverCpu: number; generatorCpu: number; otherCores: number }): void {
  line(
    'CPU (share of one core)',
    `server ${(r.serverCpu * 100).toFixed(0)}%, load generator ${(r.generatorCpu * 100).toFixed(0)}%`,
  );
  const other = Math.max(0, r.otherCores);
  line(
    'other work on the machine',
    `${other.toFixed(2)} of ${os.cpus().length} cores busy with other processes${other > 0.3 ? ' (figure skewed)' : ''}`,
  );
}

function printLoss(r: { lost: number; lossDetail: { receivers: number; worst: number } }): void {
  if (r.lost === 0) return;
  console.log(
    `  lost deliveries are missing at ${r.lossDetail.receivers} receiver(s), at most ${count(r.lossDetail.worst)} at one`,
  );
}

/** `tls`: the clients connected over TLS, whose target (issue 17) is 250 MB instead of 150. */
export function printIdle(r: IdleResult, tls = false): void {
  console.log(`\nIdle memory: ${count(r.requested)} connections that log in and say nothing`);
  if (r.fdLimit < r.requested + 100) {
    console.log(
      `  NOTE: open-files limit (ulimit -n) is ${r.fdLimit}, below ${r.requested + 100}: raise it (ulimit -n 20000) or lower --idle`,
    );
  }
  if (r.error) console.log(`  FAILED: ${r.error}; the remaining connections only said hello`);
  line(
    'logged in / hello only',
    `${count(r.loggedIn)} / ${count(r.helloOnly)} (${count(r.open)} open at the end)`,
    `${count(r.requested)} logged in`,
    r.loggedIn === r.requested && r.open === r.requested,
  );
  // A server started as users do (--launch) cannot be asked to collect garbage: its heap reads 0.
  const gc = r.loadedAfterGc.mem.heapTotal > 0;
  line(
    'server RSS',
    `${formatMiB(r.loaded.mem.rss)} (${gc ? `after GC ${formatMiB(r.loadedAfterGc.mem.rss)}` : 'no forced GC'})`,
    tls ? '≤ 250 MB (TLS)' : '≤ 150 MB',
    r.loaded.mem.rss <= (tls ? 250e6 : 150e6),
  );
  const per = (r.loadedAfterGc.mem.rss - r.baseline.mem.rss) / Math.max(1, r.open);
  line(
    `per connection${gc ? ' (after GC)' : ''}`,
    `${(per / 1024).toFixed(1)} KiB; empty server ${formatMiB(r.baseline.mem.rss)}`,
  );
  if (gc) line('server heap used', `${formatMiB(r.loadedAfterGc.mem.heapUsed)} after GC`);
}

export function printSlowReader(r: SlowReaderResult): void {
  console.log(
    `\nSlow reader: ${r.clients} clients × 5 msg/s (texts ≈ ${r.textBytes} B) for ${r.without.seconds.toFixed(0)} s, then ${r.with.seconds.toFixed(0)} s with one more member that never reads`,
  );
  const p99Without = r.without.latency.percentile(0.99);
  const p99With = r.with.latency.percentile(0.99);
  const unchanged = p99With <= Math.max(p99Without * 1.2, p99Without + 1_000);
  line(
    "others' p99 without / with",
    `${formatMs(p99Without)} / ${formatMs(p99With)}`,
    'unchanged (±1 ms/20%)',
    unchanged,
  );
  line("others' max without / with", `${formatMs(r.without.latency.max)} / ${formatMs(r.with.latency.max)}`);
  const queue =
    r.peakQueue === undefined ? 'n/a (cannot see the server queue)' : `${(r.peakQueue / 1024).toFixed(0)} KiB`;
  line('server queue for it (peak)', queue, '≤ 1 MiB', r.peakQueue !== undefined && r.peakQueue <= MiB);
  if (r.memoryWith) {
    const rss = r.memoryWith.rss - r.memoryWithout.rss;
    const buffers = r.memoryWith.buffers - r.memoryWithout.buffers;
    const queued = r.memoryWith.queued - r.memoryWithout.queued;
    line(
      'server memory, with − without',
      `${formatMiB(rss)} RSS, ${formatMiB(buffers)} Buffers, ${formatMiB(queued)} queued for all members (after GC)`,
    );
  }
  line(
    'lost / duplicated / corrupt',
    `${r.with.lost + r.without.lost} / ${r.with.duplicated + r.without.duplicated} / ${r.with.corrupted + r.without.corrupted}`,
    '0 / 0 / 0',
    integrity(r.with) && integrity(r.without),
  );
  line(
    'never-reader',
    r.dropReason
      ? `dropped ${r.droppedAfterS?.toFixed(1)} s after login (${r.dropReason})`
      : 'still connected at the end of the window',
  );
}

/** After repeated runs: every run's figure, and whether the best of them meets the target. */
export function printBest(label: string, figures: string[], bestMeetsTarget: boolean): void {
  if (figures.length < 2) return;
  console.log(`\n  ${label} over ${figures.length} runs: ${figures.join(', ')}; best run ${verdict(bestMeetsTarget)}`);
}
