/**
 * CPU and memory of any process by pid, from Linux's /proc (the bench's peers are not Node processes, so they cannot
 * answer for themselves). Each function returns undefined where /proc is not there.
 */
import { readFileSync } from 'node:fs';
import type { ServerStats } from './server-handle.js';

const TICK_US = 10_000; // USER_HZ is 100 on Linux

/** User and system CPU time of `pid` so far, in µs (10 ms resolution). */
export function processCpu(pid: number): { user: number; system: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    // Fields after the command name (which may hold spaces) start at its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { user: Number(fields[11]) * TICK_US, system: Number(fields[12]) * TICK_US };
  } catch {
    return undefined;
  }
}

/** Resident memory of `pid` now and at its peak so far (VmRSS, VmHWM), in bytes. */
export function processMemory(pid: number): { rss: number; peak: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'latin1');
    const kib = (key: string): number => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rss: kib('VmRSS') * 1024, peak: kib('VmHWM') * 1024 };
  } catch {
    return undefined;
  }
}

/** Write-family system calls (write, writev, send…) of `pid` so far and the bytes they carried (/proc/PID/io). */
export function processWrites(pid: number): { calls: number; bytes: number } | undefined {
  try {
    const io = readFileSync(`/proc/${pid}/io`, 'latin1');
    const field = (key: string): number => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(io)?.[1] ?? NaN);
    return { calls: field('syscw'), bytes: field('wchar') };
  } catch {
    return undefined;
  }
}

/** A foreign process's stats in the shape the bench's own server reports (no V8 figures: zeros there). */
export function foreignServerStats(pid: number, startedAt: number): ServerStats {
  const cpu = processCpu(pid) ?? { user: 0, system: 0 };
  const rss = processMemory(pid)?.rss ?? 0;
  const mem = { rss, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
  return { mem, cpu, uptimeMs: Date.now() - startedAt, queued: 0 };
}
