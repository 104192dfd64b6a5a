/**
 * Small measurement helpers for the benchmarks: a fixed-memory latency histogram, a monotonic microsecond clock,
 * machine CPU use and number formatting.
 */
import { cpus } from 'node:os';

/** Microseconds on the process's monotonic clock. Senders and receivers live in one process, so they share it. */
export function nowUs(): number {
  return Math.round(performance.now() * 1000);
}

const FINE_LIMIT_US = 100_000; // 1 µs buckets up to 100 ms
const COARSE_STEP_US = 1_000; // then 1 ms buckets up to 60 s
const COARSE_LIMIT_US = 60_000_000;

/** Latency histogram with 1 µs resolution below 100 ms and 1 ms above; constant memory whatever the sample count. */
export class LatencyHistogram {
  private readonly fine = new Uint32Array(FINE_LIMIT_US);
  private readonly coarse = new Uint32Array((COARSE_LIMIT_US - FINE_LIMIT_US) / COARSE_STEP_US + 1);
  private total = 0;
  private maxUs = 0;
  private sumUs = 0;

  record(latencyUs: number): void {
    const us = latencyUs < 0 ? 0 : latencyUs;
    if (us < FINE_LIMIT_US) this.fine[us]! += 1;
    else this.coarse[Math.min(this.coarse.length - 1, Math.floor((us - FINE_LIMIT_US) / COARSE_STEP_US))]! += 1;
    this.total += 1;
    this.sumUs += us;
    if (us > this.maxUs) this.maxUs = us;
  }

  /** Adds another histogram's samples to this one. */
  merge(other: LatencyHistogram): void {
    for (let i = 0; i < this.fine.length; i++) this.fine[i]! += other.fine[i]!;
    for (let i = 0; i < this.coarse.length; i++) this.coarse[i]! += other.coarse[i]!;
    this.total += other.total;
    this.sumUs += other.sumUs;
    this.maxUs = Math.max(this.maxUs, other.maxUs);
  }

  get count(): number {
    return this.total;
  }

  get max(): number {
    return this.maxUs;
  }

  get mean(): number {
    return this.total === 0 ? 0 : this.sumUs / this.total;
  }

  /** The latency in µs below which `fraction` (0..1) of the samples fall. */
  percentile(fraction: number): number {
    if (this.total === 0) return Number.NaN;
    const rank = Math.max(1, Math.ceil(fraction * this.total));
    let seen = 0;
    for (let us = 0; us < this.fine.length; us++) {
      seen += this.fine[us]!;
      if (seen >= rank) return us;
    }
    for (let i = 0; i < this.coarse.length; i++) {
      seen += this.coarse[i]!;
      if (seen >= rank) return FINE_LIMIT_US + (i + 1) * COARSE_STEP_US;
    }
    return this.maxUs;
  }
}

export function formatMs(us: number): string {
  if (Number.isNaN(us)) return 'n/a';
  return `${(us / 1000).toFixed(us < 10_000 ? 2 : 1)} ms`;
}

export function formatMiB(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

export function formatRate(perSecond: number): string {
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(2)} M/s`;
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toFixed(1)} k/s`;
  return `${perSecond.toFixed(0)}/s`;
}

/** "PASS" / "MISS" marker printed beside a figure and its target. */
export function verdict(ok: boolean): string {
  return ok ? 'PASS' : 'MISS';
}

function cpuTimes(): { idle: number; total: number } {
  return cpus().reduce(
    (acc, cpu) => {
      const t = cpu.times;
      return { idle: acc.idle + t.idle, total: acc.total + t.idle + t.user + t.sys + t.nice + t.irq };
    },
    { idle: 0, total: 0 },
  );
}

/** Starts measuring how busy the whole machine is; the returned function gives the busy cores since then. */
export function machineBusy(): () => number {
  const before = cpuTimes();
  return () => {
    const after = cpuTimes();
    return cpus().length * (1 - (after.idle - before.idle) / Math.max(1, after.total - before.total));
  };
}

/** Share of all CPUs' time spent idle over `ms`: how much of the machine other work leaves free. */
export async function idleShare(ms = 1000): Promise<number> {
  const busy = machineBusy();
  await new Promise((resolve) => setTimeout(resolve, ms));
  return 1 - busy() / cpus().length;
}
