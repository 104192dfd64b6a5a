/**
 * `npx tsx bench/tls-idle.ts`: what an idle TLS connection costs a bare Node server (no room), one knob at a time.
 * Starts bench/tls-idle-server.ts on Node 24 (the node the npm scripts use) with the given environment and flags,
 * opens N TLS 1.3 connections with an ECDSA P-256 client certificate (as the app does), and prints the server's RSS
 * before and after the handshakes, and per connection.
 *
 *   --connections N   (default 3000)      --runs R   runs of each variant (default 1)
 *   --variants LIST   names from VARIANTS below, comma-separated (default all)
 *   --echo BYTES      bytes the server sends each client after 64 bytes from it (a login; default 0: none)
 *   --smaps           print the server's largest mappings by RSS
 *   --mtrace FILE     glibc's malloc trace of the server during the handshakes (libc_malloc_debug.so, mtrace via gdb)
 *   --trim            then call malloc_trim(0) in the server with gdb and print its memory again (free vs live)
 */
import { execFileSync, fork } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { parseArgs } from 'node:util';
import { SERVE_ENV, SERVE_HEAP_FLAGS } from '../bin/serve-process.js';
import { createIdentity } from '../main/security/identity.js';
import { clientTlsOptions } from '../main/security/tls-options.js';

interface Variant {
  env?: Record<string, string>;
  flags?: string[];
  knobs?: Record<string, unknown>;
}

const VARIANTS: Record<string, Variant> = {
  base: {},
  arena1: { env: { MALLOC_ARENA_MAX: '1' } },
  arena2: { env: { MALLOC_ARENA_MAX: '2' } },
  trim: { env: { MALLOC_TRIM_THRESHOLD_: '131072', MALLOC_TOP_PAD_: '0' } },
  mmap128k: { env: { MALLOC_MMAP_THRESHOLD_: '131072' } },
  mmap64k: { env: { MALLOC_MMAP_THRESHOLD_: '65536' } },
  mmap32k: { env: { MALLOC_MMAP_THRESHOLD_: '32768' } },
  arena1trim: { env: { MALLOC_ARENA_MAX: '1', MALLOC_TRIM_THRESHOLD_: '131072', MALLOC_TOP_PAD_: '0' } },
  noticket: { knobs: { noTicket: true } },
  nocert: { knobs: { requestCert: false } },
  listen: { knobs: { sniff: false } },
  x25519: { knobs: { ecdhCurve: 'X25519' } },
  noroom: { knobs: { roomCalls: false } },
  write16k: { knobs: { writeBytes: 16 * 1024 } },
  write16kless: { knobs: { writeBytes: 16 * 1024 - 64 } },
  write4k: { knobs: { writeBytes: 4 * 1024 } },
  write1k: { knobs: { writeBytes: 1024 } },
  split_arena1: { knobs: { writeBytes: 16 * 1024 - 64 }, env: { MALLOC_ARENA_MAX: '1' } },
  split_arena2: { knobs: { writeBytes: 16 * 1024 - 64 }, env: { MALLOC_ARENA_MAX: '2' } },
  split_trim: {
    knobs: { writeBytes: 16 * 1024 - 64 },
    env: { MALLOC_TRIM_THRESHOLD_: '131072', MALLOC_TOP_PAD_: '0' },
  },
  split_mmap16k: { knobs: { writeBytes: 16 * 1024 - 64 }, env: { MALLOC_MMAP_THRESHOLD_: '16384' } },
};

const { values } = parseArgs({
  options: {
    connections: { type: 'string', default: '3000' },
    runs: { type: 'string', default: '1' },
    variants: { type: 'string', default: Object.keys(VARIANTS).join(',') },
    echo: { type: 'string', default: '0' },
    trim: { type: 'boolean', default: false },
    smaps: { type: 'boolean', default: false },
    mtrace: { type: 'string' },
  },
});
const count = Number(values.connections);
const echo = Number(values.echo);
const node = path.resolve('node_modules/.bin/node');
const serverFile = path.resolve('bench/tls-idle-server.ts');
const MiB = 1024 * 1024;

const identity = await createIdentity('tls-idle-bench');
const identityFile = path.join(os.tmpdir(), `tls-idle-${process.pid}.json`);
writeFileSync(identityFile, JSON.stringify({ key: identity.keyPem, cert: identity.certPem }));
const clientOptions = clientTlsOptions(await createIdentity('tls-idle-client'));

interface Stats {
  open: number;
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  anonymous: number;
}

/** The server's five largest mappings by resident size, one line each. */
function largestMappings(pid: number): string {
  const mappings: { name: string; size: number; rss: number }[] = [];
  for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const header = /^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (header) {
      const size = parseInt(header[2] ?? '0', 16) - parseInt(header[1] ?? '0', 16);
      mappings.push({ name: header[3] || '[anon]', size, rss: 0 });
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    const last = mappings[mappings.length - 1];
    if (rss && last) last.rss = Number(rss[1]) * 1024;
  }
  mappings.sort((a, b) => b.rss - a.rss);
  return mappings
    .slice(0, 5)
    .map(
      (each) =>
        `            ${each.name}: ${(each.rss / MiB).toFixed(1)} of ${(each.size / MiB).toFixed(1)} MiB resident`,
    )
    .join('\n');
}

async function run(name: string, variant: Variant): Promise<void> {
  const knobs = {
    identityFile,
    sniff: true,
    noTicket: false,
    requestCert: true,
    roomCalls: true,
    echoBytes: echo,
    writeBytes: 0,
  };
  const child = fork(serverFile, [JSON.stringify({ ...knobs, ...variant.knobs })], {
    execPath: node,
    execArgv: ['--expose-gc', '--no-warnings', ...SERVE_HEAP_FLAGS, ...(variant.flags ?? [])],
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      ...SERVE_ENV, // the room's own startup settings, so `base` is the room as users start it
      ...(values.mtrace ? { LD_PRELOAD: 'libc_malloc_debug.so.0', MALLOC_TRACE: values.mtrace } : {}),
      ...variant.env,
    },
  });
  const replies: ((message: unknown) => void)[] = [];
  child.on('message', (message) => replies.shift()?.(message));
  const next = <T>(): Promise<T> => new Promise((resolve) => replies.push(resolve as (message: unknown) => void));
  const { port } = await next<{ port: number }>();
  const stats = async (): Promise<Stats> => {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const reply = next<Stats>();
    child.send({ ask: 'stats' });
    return reply;
  };
  const before = await stats();
  const gdb = (command: string): void => {
    execFileSync('gdb', ['-p', String(child.pid), '-batch', '-ex', command], { stdio: 'ignore' });
  };
  if (values.mtrace) gdb('call (void)mtrace()');
  const sockets: tls.TLSSocket[] = [];
  for (let start = 0; start < count; start += 250) {
    const batch = Array.from(
      { length: Math.min(250, count - start) },
      () =>
        new Promise<void>((resolve, reject) => {
          const socket = tls.connect({ host: '127.0.0.1', port, ...clientOptions }, () => {
            if (echo === 0) return resolve();
            socket.write(Buffer.alloc(64, 0x62));
            let seen = 0;
            socket.on('data', (chunk: Buffer) => {
              seen += chunk.length;
              if (seen >= echo) resolve();
            });
          });
          socket.on('error', reject);
          sockets.push(socket);
        }),
    );
    await Promise.all(batch);
  }
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const after = await stats();
  if (values.mtrace) gdb('call (void)muntrace()');
  const perConnection = (after.rss - before.rss) / after.open / 1024;
  console.log(
    `${name.padEnd(11)} open ${after.open}  RSS ${(before.rss / MiB).toFixed(1)} → ${(after.rss / MiB).toFixed(1)} MiB` +
      `  ${perConnection.toFixed(1)} KiB/conn  anon ${(after.anonymous / MiB).toFixed(1)} MiB` +
      `  heap ${(after.heapUsed / MiB).toFixed(1)}  ext ${(after.external / MiB).toFixed(1)}` +
      `  ab ${(after.arrayBuffers / MiB).toFixed(1)} MiB`,
  );
  if (values.smaps) console.log(largestMappings(child.pid ?? 0));
  if (values.trim) {
    gdb('call (int)malloc_trim(0)');
    const trimmed = await stats();
    console.log(
      `${''.padEnd(11)} after malloc_trim(0): RSS ${(trimmed.rss / MiB).toFixed(1)} MiB, anon ${(trimmed.anonymous / MiB).toFixed(1)} MiB`,
    );
  }
  for (const socket of sockets) socket.destroy();
  child.kill();
  await new Promise((resolve) => child.once('exit', resolve));
}

console.log(
  `${count} TLS 1.3 connections, client certificates, ${echo === 0 ? 'nothing after the handshake' : `64 bytes in and ${echo} bytes out each`}; load ${os.loadavg()[0]?.toFixed(1)}`,
);
for (let round = 0; round < Number(values.runs); round++) {
  for (const name of (values.variants ?? '').split(',')) {
    const variant = VARIANTS[name];
    if (!variant) throw new Error(`unknown variant ${name}`);
    await run(name, variant);
  }
}
console.log(
  `load ${os
    .loadavg()
    .map((each) => each.toFixed(1))
    .join(' ')}`,
);
