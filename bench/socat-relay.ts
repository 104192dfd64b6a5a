/**
 * The transfer benchmark's outside peer: one file through three socat processes (sender `OPEN:file TCP:…`, relay
 * `TCP-LISTEN:… TCP:…`, receiver `TCP-LISTEN:… CREATE:out`, 128 KiB buffers), timed from the sender's start to the
 * receiver's exit (the last byte written to the file), with each process's CPU seconds (bash `times` after socat).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { freePort } from '../main/free-port.js';

export interface SocatResult {
  ms: number;
  /** CPU seconds (user + system) of sender, relay and receiver. */
  cpu: number[];
}

/** Whether `socat` runs here. */
export function socatAvailable(): boolean {
  try {
    execFileSync('socat', ['-V'], { stdio: 'ignore', timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

/** Resolves once something listens on 127.0.0.1:`port` (read from /proc/net/tcp, so no connection is used up). */
async function listening(port: number, timeoutMs = 10_000): Promise<void> {
  const local = `0100007F:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const table = await readFile('/proc/net/tcp', 'utf8');
    if (table.split('\n').some((line) => line.includes(` ${local} `) && line.split(/\s+/)[4] === '0A')) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`socat: nothing listened on port ${port}`);
}

/** socat under bash, which prints socat's user and system time (`times`, children's line) on stdout at the end. */
function socat(args: string[]): { child: ChildProcess; done: Promise<number> } {
  const child = spawn('bash', ['-c', 'socat "$@"; rc=$?; times; exit $rc', 'socat', '-u', '-b131072', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const done = new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      if (code !== 0) return reject(new Error(`socat ${args.join(' ')} exited with ${code}`));
      // `times`: the shell's own line, then its children's: "0m0.123s 0m0.456s".
      const seconds = [...(out.trim().split('\n').at(-1) ?? '').matchAll(/(\d+)m([\d.]+)s/g)].map(
        ([, m, s]) => Number(m) * 60 + Number(s),
      );
      resolve(seconds.reduce((a, b) => a + b, 0));
    });
  });
  return { child, done };
}

/** One run: `source` through a socat relay into `out`. Every process is killed on failure. */
export async function runSocat(source: string, out: string, timeoutMs = 600_000): Promise<SocatResult> {
  const [receiverPort, relayPort] = [await freePort(), await freePort()];
  const started: ChildProcess[] = [];
  const timer = setTimeout(() => started.forEach((child) => child.kill('SIGKILL')), timeoutMs);
  try {
    const receiver = socat([`TCP-LISTEN:${receiverPort},bind=127.0.0.1,reuseaddr`, `CREATE:${out}`]);
    started.push(receiver.child);
    const relay = socat([`TCP-LISTEN:${relayPort},bind=127.0.0.1,reuseaddr`, `TCP:127.0.0.1:${receiverPort}`]);
    started.push(relay.child);
    await Promise.all([listening(receiverPort), listening(relayPort)]);
    const t0 = performance.now();
    const sender = socat([`OPEN:${source}`, `TCP:127.0.0.1:${relayPort}`]);
    started.push(sender.child);
    const receiverCpu = await receiver.done;
    const ms = performance.now() - t0;
    return { ms, cpu: [await sender.done, await relay.done, receiverCpu] };
  } finally {
    clearTimeout(timer);
    for (const child of started) if (child.exitCode === null) child.kill('SIGKILL');
  }
}
