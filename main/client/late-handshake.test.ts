/**
 * A client whose first bytes reach the room late (a slow, lossy link) still gets in: the room greets the silent
 * connection as plain text after 1 s, the client's ClientHello then arrives and is TLS, and the client skips the
 * greeting in front of the server's first TLS record (greeting-filter.ts). Cleartext framed clients likewise.
 */
import net, { type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness } from './test-support.js';

const harness = createHarness();
const closers: (() => void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) close();
  await harness.cleanup();
});

/** A relay to the room that holds what the client sends for `delayMs` at first; the room's answers pass at once. */
async function slowStart(target: number, delayMs: number): Promise<number> {
  const server = net.createServer((client) => {
    const upstream = net.connect({ port: target, host: '127.0.0.1' });
    const held: Buffer[] = [];
    let holding = true;
    client.on('data', (chunk: Buffer) => (holding ? held.push(chunk) : upstream.write(chunk)));
    setTimeout(() => {
      holding = false;
      for (const chunk of held.splice(0)) upstream.write(chunk);
    }, delayMs);
    upstream.pipe(client);
    const end = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => server.close());
  return (server.address() as AddressInfo).port;
}

describe('a late first byte', { timeout: 20_000 }, () => {
  it('TLS: the ClientHello arrives after the greeting, the client skips it and logs in', async () => {
    const { port, server } = await harness.startServer();
    const slow = await slowStart(port, 1300);
    const session = await harness.join(slow, 'slowpoke');
    expect(session.state).toBe('connected');
    expect(server.room.find('slowpoke')?.endpoint.secure).toBe(true);
    await session.say('made it');
  });

  it('cleartext framed: the preamble and hello arrive after the greeting, the client skips it and logs in', async () => {
    const { port, server } = await harness.startServer();
    const slow = await slowStart(port, 1300);
    const session = await harness.join(slow, 'slowpoke', { security: { insecure: true } });
    expect(session.state).toBe('connected');
    expect(server.room.find('slowpoke')?.endpoint.secure).toBe(false);
  });
});
