/**
 * A private Redis for the cluster bench: Debian's /usr/bin/redis-server on 127.0.0.1 at a free port, with no
 * persistence (`--save '' --appendonly no`), and its counters read over a raw RESP connection (`INFO`): commands by
 * name, bytes in and out, memory. Its CPU comes from /proc like any other process's.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { freePort } from '../main/free-port.js';

export const REDIS_SERVER = '/usr/bin/redis-server';
const START_TIMEOUT_MS = 15_000;
const INFO_TIMEOUT_MS = 10_000;

export interface RedisCounters {
  /** Calls per command name (lower case), from `INFO commandstats`; `info` itself is left out. */
  calls: Map<string, number>;
  /** All commands processed, `info` calls left out. */
  commands: number;
  netInput: number;
  netOutput: number;
  usedMemory: number;
  /** In a delta: used memory at its end. */
  usedMemoryNow?: number;
  pubsubChannels: number;
  connectedClients: number;
}

export interface RedisHandle {
  port: number;
  pid: number;
  url: string;
  counters(): Promise<RedisCounters>;
  stop(): Promise<void>;
}

export function redisInstalled(): boolean {
  return existsSync(REDIS_SERVER);
}

/** One `INFO <section>` over a fresh connection: the bulk string's text. */
export function redisInfo(port: number, section = 'everything'): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    const timer = setTimeout(() => socket.destroy(new Error('no INFO answer in time')), INFO_TIMEOUT_MS);
    let data = Buffer.alloc(0);
    socket.on('connect', () => socket.write(`*2\r\n$4\r\nINFO\r\n$${section.length}\r\n${section}\r\n`));
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      const headerEnd = data.indexOf('\r\n');
      if (headerEnd < 0) return;
      if (data[0] !== 0x24 /* $ */) {
        socket.destroy(new Error(`INFO answered ${data.toString('latin1', 0, headerEnd)}`));
        return;
      }
      const length = Number(data.toString('latin1', 1, headerEnd));
      if (data.length < headerEnd + 2 + length) return;
      clearTimeout(timer);
      socket.end();
      resolve(data.toString('utf8', headerEnd + 2, headerEnd + 2 + length));
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

export function parseCounters(info: string): RedisCounters {
  const field = (key: string): number => Number(new RegExp(`^${key}:(\\d+)`, 'm').exec(info)?.[1] ?? NaN);
  const calls = new Map<string, number>();
  for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) calls.set(match[1]!, Number(match[2]));
  const infoCalls = calls.get('info') ?? 0;
  calls.delete('info');
  return {
    calls,
    commands: field('total_commands_processed') - infoCalls,
    netInput: field('total_net_input_bytes'),
    netOutput: field('total_net_output_bytes'),
    usedMemory: field('used_memory'),
    pubsubChannels: field('pubsub_channels'),
    connectedClients: field('connected_clients'),
  };
}

/** What happened between two readings (the `info` reading in between costs a few hundred bytes, left in). */
export function countersDelta(before: RedisCounters, after: RedisCounters): RedisCounters {
  const calls = new Map<string, number>();
  for (const [name, count] of after.calls) {
    const delta = count - (before.calls.get(name) ?? 0);
    if (delta > 0) calls.set(name, delta);
  }
  return {
    calls,
    commands: after.commands - before.commands,
    netInput: after.netInput - before.netInput,
    netOutput: after.netOutput - before.netOutput,
    usedMemory: after.usedMemory - before.usedMemory,
    usedMemoryNow: after.usedMemory,
    pubsubChannels: after.pubsubChannels,
    connectedClients: after.connectedClients,
  };
}

export async function startRedis(): Promise<RedisHandle> {
  const port = await freePort();
  const child = spawn(
    REDIS_SERVER,
    ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no', '--daemonize', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output = (output + chunk).slice(-8000)));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output = (output + chunk).slice(-8000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`redis-server exited (${child.exitCode}):\n${output}`);
    try {
      await redisInfo(port, 'server');
      break;
    } catch (error) {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`redis-server did not answer on ${port}: ${(error as Error).message}\n${output}`, {
          cause: error,
        });
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return {
    port,
    pid: child.pid!,
    url: `redis://127.0.0.1:${port}`,
    counters: async () => parseCounters(await redisInfo(port)),
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      const timeout = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timeout);
    },
  };
}
