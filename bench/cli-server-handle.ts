/**
 * The room server started the way users start it (`npm run serve`, or the `sarangbang` bin), for the bench's
 * memory figures: the node process that holds the room is found below the launcher, and measured from /proc.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { foreignServerStats } from './proc-stats.js';
import { childPids } from '../main/cli/cli-process.js';
import type { ServerHandle } from './server-handle.js';

export type CliLaunch = 'npm' | 'bin';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const START_TIMEOUT_MS = 60_000;

/** The process below `root` whose command line runs `serve` (the room), searched breadth first. */
function roomProcess(root: number): number | undefined {
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0');
      if (path.basename(argv[0] ?? '') === 'node' && argv.includes('serve')) return pid;
    } catch {
      continue;
    }
    queue.push(...childPids(pid));
  }
  return undefined;
}

/** Signals a process (or a group: negative pid) that may have ended already. */
function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // gone already
  }
}

/** Serve options of the bench (rateLimit, maxUsers, flags) as `serve` flags. */
function serveFlags(options: Record<string, unknown>): string[] {
  const flags = ['--port', '0', '--host', '127.0.0.1', '--no-announce'];
  if (options.rateLimit === 'off') flags.push('--rate-limit', 'off');
  if (typeof options.maxUsers === 'number') flags.push('--max-users', String(options.maxUsers));
  if (Array.isArray(options.flags)) flags.push(...options.flags.map(String)); // any other `serve` flags, as given
  return flags;
}

/** `nodeArgs` reach the room's node process through NODE_OPTIONS (only flags Node allows there). */
export async function startCliServer(
  launch: CliLaunch,
  options: Record<string, unknown>,
  nodeArgs: string[] = [],
): Promise<ServerHandle> {
  // `options.checkout`: another checkout's sources (read, never written; its bundle goes to the shared cache).
  const root = typeof options.checkout === 'string' ? options.checkout : ROOT;
  const configDir = mkdtempSync(path.join(os.tmpdir(), 'sarangbang-bench-serve-'));
  const command =
    launch === 'npm'
      ? { file: 'npm', args: ['run', '--silent', 'serve', '--', ...serveFlags(options)] }
      : { file: process.execPath, args: [path.join(root, 'bin/sarangbang.js'), 'serve', ...serveFlags(options)] };
  const child = spawn(command.file, command.args, {
    cwd: root,
    env: {
      ...process.env,
      SARANGBANG_CONFIG_DIR: configDir,
      ...(nodeArgs.length > 0 ? { NODE_OPTIONS: [process.env.NODE_OPTIONS ?? '', ...nodeArgs].join(' ').trim() } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, as in a terminal
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output = (output + chunk).slice(-8000)));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output = (output + chunk).slice(-8000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + START_TIMEOUT_MS;
  let port: number | undefined;
  while (port === undefined) {
    const match = /open on port (\d+)/u.exec(output);
    if (match) port = Number(match[1]);
    else if (child.exitCode !== null || Date.now() > deadline) {
      if (child.exitCode === null) signal(-child.pid!, 'SIGKILL');
      throw new Error(`${launch} serve did not open a room:\n${output}`);
    } else await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const pid = roomProcess(child.pid!);
  if (pid === undefined) throw new Error(`no room process below ${launch} (${child.pid})`);
  const started = Date.now();
  return {
    port,
    pid,
    stats: () => Promise.resolve(foreignServerStats(pid, started)),
    queuedFor: () => Promise.resolve(undefined),
    stop: async () => {
      signal(pid, 'SIGTERM'); // the room closes gracefully; npm and its shell follow
      const timeout = setTimeout(() => signal(-child.pid!, 'SIGKILL'), 15_000);
      await exited;
      clearTimeout(timeout);
      rmSync(configDir, { recursive: true, force: true });
    },
  };
}
