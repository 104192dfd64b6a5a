/**
 * The room server under test, in its own process so that it does not share a CPU with the load generator.
 * Usage: node --import tsx bench/server-process.ts <room|mock> '<options JSON>'
 * Prints one JSON line `{"port":N}` once listening, then answers stdin lines: `mem` (memory and CPU use, as JSON),
 * `gc` (collect garbage first, needs --expose-gc, then as `mem`), `close`. Exits when stdin ends.
 */
import readline from 'node:readline';
import { createMockServer } from './mock-room-server.js';

interface Listening {
  close(): Promise<void> | void;
}

const [kind = 'room', optionsJson = '{}'] = process.argv.slice(2);
const options = JSON.parse(optionsJson) as Record<string, unknown>;

function reply(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

async function start(): Promise<{ server: Listening; port: number }> {
  if (kind === 'mock') {
    const server = createMockServer();
    return { server, port: await server.listen(0, '127.0.0.1') };
  }
  const { listenRoomServer } = await import('./room-server-adapter.js');
  return listenRoomServer(options);
}

const { server, port } = await start();
reply({ port });

const stats = () => ({ mem: process.memoryUsage(), cpu: process.cpuUsage(), uptimeMs: Math.round(process.uptime() * 1000) });

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const command = line.trim();
  if (command === 'mem') reply(stats());
  else if (command === 'gc') {
    (globalThis as { gc?: () => void }).gc?.();
    reply(stats());
  } else if (command === 'close') {
    void Promise.resolve(server.close()).finally(() => process.exit(0));
  }
});
process.stdin.on('end', () => process.exit(0));
