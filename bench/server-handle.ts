/**
 * Parent side of bench/server-process.ts: spawns the server under test in a child process, waits for its port,
 * and queries its memory and CPU use.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { SERVE_ENV, SERVE_HEAP_FLAGS } from '../bin/serve-process.js';
import { fileURLToPath } from 'node:url';
import readline from 'node:readline';
import { build } from 'esbuild';

export interface ServerStats {
  mem: NodeJS.MemoryUsage;
  cpu: NodeJS.CpuUsage;
  uptimeMs: number;
  /** Bytes queued for all room members together. */
  queued: number;
}

export interface ServerHandle {
  port: number;
  pid: number;
  stats(options?: { gc?: boolean }): Promise<ServerStats>;
  /** The server's outgoing queue for a member (bytes), or undefined if it has none or cannot tell. */
  queuedFor(nick: string): Promise<number | undefined>;
  stop(): Promise<void>;
}

const SCRIPT = fileURLToPath(new URL('./server-process.ts', import.meta.url));
// Inside node_modules so that the bundle resolves the server's npm dependencies from the project.
const BUNDLE = fileURLToPath(new URL('../node_modules/.cache/sarangbang-bench/server-process.mjs', import.meta.url));
const START_TIMEOUT_MS = 30_000;
let bundled: Promise<unknown> | undefined;

/**
 * The server runs as plain JavaScript bundled by esbuild (tsx's loader thread alone adds ~30 MB of RSS, which
 * would distort the memory figures); `viaTsx` runs the TypeScript sources directly instead.
 */
function serverCommand(viaTsx: boolean): Promise<string[]> {
  if (viaTsx) return Promise.resolve(['--import', 'tsx', SCRIPT]);
  bundled ??= build({
    entryPoints: [SCRIPT],
    outfile: BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'error',
  });
  return bundled.then(() => ['--enable-source-maps', BUNDLE]);
}

export async function startServer(
  kind: 'room' | 'mock',
  options: Record<string, unknown>,
  nodeArgs: string[] = [],
  viaTsx = false,
): Promise<ServerHandle> {
  const command = await serverCommand(viaTsx);
  // Our room starts the way `sarangbang serve` starts it (heap flags, one malloc arena: bin/serve-process.js); a
  // flag in nodeArgs comes later and wins.
  const room = kind === 'room';
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    ['--expose-gc', ...(room ? SERVE_HEAP_FLAGS : []), ...nodeArgs, ...command, kind, JSON.stringify(options)],
    {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: room ? { ...SERVE_ENV, ...process.env } : process.env,
    },
  );
  const replies = new Map<number, (value: Record<string, unknown>) => void>();
  let nextRequest = 1;
  const ask = (command: string): Promise<Record<string, unknown>> =>
    new Promise((ok) => {
      const id = nextRequest++;
      replies.set(id, ok);
      child.stdin.write(`${id} ${command}\n`);
    });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if (stderr.length > 20_000) stderr = stderr.slice(-10_000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server process did not start in time\n${stderr}`)),
      START_TIMEOUT_MS,
    );
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server process exited (${code})\n${stderr}`));
    });
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      let value: Record<string, unknown>;
      try {
        value = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return; // the server's own log lines
      }
      if (typeof value.port === 'number') {
        clearTimeout(timer);
        const port = value.port;
        resolve({
          port,
          pid: child.pid ?? -1,
          stats: async ({ gc = false } = {}) => (await ask(gc ? 'gc' : 'mem')) as unknown as ServerStats,
          queuedFor: async (nick) => {
            const { queue } = (await ask(`queue ${nick}`)) as { queue: { queuedBytes: number } | null };
            return queue?.queuedBytes;
          },
          stop: async () => {
            if (child.exitCode === null) child.stdin.write('0 close\n');
            const timeout = setTimeout(() => child.kill('SIGKILL'), 10_000);
            await exited;
            clearTimeout(timeout);
          },
        });
      } else if (typeof value.id === 'number') {
        replies.get(value.id)?.(value);
        replies.delete(value.id);
      }
    });
  });
}
