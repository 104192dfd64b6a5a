/**
 * The room server under test, in its own process so that it does not share a CPU with the load generator.
 * Usage: node --import tsx bench/server-process.ts <room|mock> '<options JSON>'
 * Prints one JSON line `{"port":N}` once listening, then answers stdin lines: `mem` (memory and CPU use, as JSON),
 * `gc` (collect garbage twice, 50 ms apart, needs --expose-gc, then as `mem`), `queue <nick>` (that member's
 * outgoing queue), `close`, each preceded by a request id. Exits when stdin ends.
 */
import readline from 'node:readline';
import { accountBuffersByWhatTheyHold } from '../main/buffer-accounting.js';
import { createMockServer } from './mock-room-server.js';
import type { BenchServer } from './room-server-adapter.js';

accountBuffersByWhatTheyHold(); // as `sarangbang serve` does
const [kind = 'room', optionsJson = '{}'] = process.argv.slice(2);
const options = JSON.parse(optionsJson) as Record<string, unknown>;

function answer(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

async function start(): Promise<BenchServer> {
  if (kind === 'mock') {
    const mock = createMockServer();
    return {
      port: await mock.listen(0, '127.0.0.1'),
      close: () => mock.close(),
      queueOf: () => undefined,
      totalQueued: () => 0,
    };
  }
  const { listenRoomServer } = await import('./room-server-adapter.js');
  return listenRoomServer(options);
}

const server = await start();
answer({ port: server.port });
const gc = (globalThis as { gc?: () => void }).gc;

const stats = () => ({
  mem: process.memoryUsage(),
  cpu: process.cpuUsage(),
  uptimeMs: Math.round(process.uptime() * 1000),
  queued: server.totalQueued(),
});

// Each command line starts with a request id that the reply carries back (a `gc` reply comes later than others).
readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const [id = '0', command = '', argument = ''] = line.trim().split(' ');
  const reply = (value: object): void => answer({ id: Number(id), ...value });
  if (command === 'mem') reply(stats());
  else if (command === 'gc') {
    // Twice, apart: ArrayBuffer memory is released by a sweeper that may still be running when gc() returns.
    gc?.();
    setTimeout(() => {
      gc?.();
      reply(stats());
    }, 50);
  } else if (command === 'queue') {
    reply({ queue: server.queueOf(argument) ?? null });
  } else if (command === 'close') {
    void Promise.resolve(server.close()).finally(() => process.exit(0));
  }
});
process.stdin.on('end', () => process.exit(0));
