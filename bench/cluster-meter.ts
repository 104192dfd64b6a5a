/**
 * What one window of the cluster bench cost: CPU of every instance and of redis-server (/proc), of the load
 * generator (itself) and of the whole machine, and what Redis counted (commands by name, bytes in and out).
 */
import os from 'node:os';
import { processCpu, processWrites } from './proc-stats.js';
import { countersDelta, type RedisCounters, type RedisHandle } from './redis-handle.js';
import type { ServerHandle } from './server-handle.js';
import { machineBusy, nowUs } from './stats.js';

export interface Measured {
  wallUs: number;
  /** CPU µs of each instance over the window. */
  instanceCpuUs: number[];
  /** Bytes each instance wrote over the window (to its clients and to Redis), from /proc/PID/io. */
  instanceWriteBytes: number[];
  redisCpuUs: number | undefined;
  generatorCpuUs: number;
  /** Cores busy on the whole machine over the window (ours and everyone else's). */
  busyCores: number;
  redis: RedisCounters | undefined;
  /** 1-minute load average at the end of the window. */
  load: number;
}

const writtenBy = (pid: number): number => processWrites(pid)?.bytes ?? Number.NaN;

const cpuOf = (pid: number): number => {
  const cpu = processCpu(pid);
  return cpu === undefined ? Number.NaN : cpu.user + cpu.system;
};

/** Starts measuring; the returned function ends the window (at `endUs`, if given) and returns its figures. */
export async function startMeter(
  servers: readonly ServerHandle[],
  redis: RedisHandle | undefined,
): Promise<(endUs?: number) => Promise<Measured>> {
  const redisBefore = await redis?.counters();
  const instancesBefore = servers.map((server) => cpuOf(server.pid));
  const writesBefore = servers.map((server) => writtenBy(server.pid));
  const redisCpuBefore = redis === undefined ? undefined : cpuOf(redis.pid);
  const generatorBefore = process.cpuUsage();
  const machine = machineBusy();
  const startUs = nowUs();
  return async (endUs = nowUs()) => {
    const instanceCpuUs = servers.map((server, i) => cpuOf(server.pid) - instancesBefore[i]!);
    const instanceWriteBytes = servers.map((server, i) => writtenBy(server.pid) - writesBefore[i]!);
    const redisCpuUs = redis === undefined ? undefined : cpuOf(redis.pid) - redisCpuBefore!;
    const generator = process.cpuUsage(generatorBefore);
    const busyCores = machine();
    const redisAfter = await redis?.counters();
    return {
      wallUs: endUs - startUs,
      instanceCpuUs,
      instanceWriteBytes,
      redisCpuUs,
      generatorCpuUs: generator.user + generator.system,
      busyCores,
      redis: redisBefore && redisAfter ? countersDelta(redisBefore, redisAfter) : undefined,
      load: os.loadavg()[0]!,
    };
  };
}
