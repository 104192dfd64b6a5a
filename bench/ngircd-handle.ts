/**
 * ngIRCd as the benchmark's peer: one `ngircd --nodaemon` on 127.0.0.1 with a config written to a temp dir (no
 * DNS/ident lookups, no flood penalties, no connection limits, so that it meets the same burst as our server), killed
 * when the phase ends. `startNgircd` returns the reason instead when the binary is not installed or does not start.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { foreignServerStats } from './proc-stats.js';
import type { ServerHandle } from './server-handle.js';
import { freePort } from '../main/free-port.js';

const START_TIMEOUT_MS = 10_000;

/** The ngircd binary on PATH or in /usr/sbin, or undefined. */
export function findNgircd(): string | undefined {
  for (const candidate of ['ngircd', '/usr/sbin/ngircd', '/usr/local/sbin/ngircd']) {
    const probe = spawnSync(candidate, ['--version'], { encoding: 'utf8' });
    if (probe.status === 0 && probe.stdout.includes('ngIRCd')) return candidate;
  }
  return undefined;
}

/** The version line ngircd prints, e.g. "ngIRCd 26.1-...". */
export function ngircdVersion(binary: string): string {
  return spawnSync(binary, ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0]?.trim() ?? 'ngIRCd';
}

function config(port: number, clients: number): string {
  const uid = process.getuid?.() ?? 0;
  const gid = process.getgid?.() ?? 0;
  return `[Global]
  Name = bench.sarangbang.invalid
  Info = Sarangbang fan-out benchmark peer
  Listen = 127.0.0.1
  Ports = ${port}
  MotdPhrase = bench
  ServerUID = ${uid}
  ServerGID = ${gid}
[Limits]
  MaxConnections = 0
  MaxConnectionsIP = 0
  MaxJoins = 0
  MaxNickLength = 30
  MaxPenaltyTime = 0
  PingTimeout = 600
  PongTimeout = 600
  ConnectRetry = 60
[Options]
  DNS = no
  Ident = no
  PAM = no
  SyslogFacility = local7
[Channel]
  Name = #bench
  Topic = bench
  MaxUsers = ${clients + 10}
`;
}

function connectable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function startNgircd(binary: string, clients: number): Promise<ServerHandle | string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sarangbang-ngircd-'));
  const file = path.join(dir, 'ngircd.conf');
  const port = await freePort();
  writeFileSync(file, config(port, clients));
  const child = spawn(binary, ['--nodaemon', '--config', file], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const cleanup = (): void => rmSync(dir, { recursive: true, force: true });
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!(await connectable(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      cleanup();
      return `ngircd did not start: ${output.trim().split('\n').slice(-3).join(' | ')}`;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const pid = child.pid ?? -1;
  const started = Date.now();
  return {
    port,
    pid,
    stats: () => Promise.resolve(foreignServerStats(pid, started)),
    queuedFor: () => Promise.resolve(undefined),
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      const timeout = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timeout);
      cleanup();
    },
  };
}
