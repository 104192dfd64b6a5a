import type net from 'node:net';
import tls from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { FrameDecoder, encodeFrame } from '../protocol/codec.js';
import { PREAMBLE } from '../protocol/limits.js';
import { createIdentitySync } from '../security/identity.js';
import { serverTlsOptions } from '../security/tls-options.js';
import type { SessionEvents } from './session-types.js';
import { createHarness, nextEvent } from './test-support.js';

const harness = createHarness();
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await harness.cleanup();
  for (const close of closers.splice(0)) await close();
});

/** A room (on TLS) that welcomes and logs everyone in, then never answers anything again (a hung host). */
async function hungRoom(): Promise<number> {
  const sockets = new Set<net.Socket>();
  const server = tls.createServer(serverTlsOptions(createIdentitySync('hung')), (socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    const decoder = new FrameDecoder();
    let preambleSeen = false;
    socket.on('data', (chunk: Buffer) => {
      let data = chunk;
      if (!preambleSeen) {
        preambleSeen = true;
        data = chunk.subarray(PREAMBLE.length);
      }
      for (const frame of decoder.push(data).frames) {
        if (frame.t === 'hello') {
          socket.write(
            encodeFrame({
              t: 'welcome',
              v: 1,
              server: 'hung',
              room: { name: 'hung', passwordRequired: false, maxUsers: 9 },
              limits: { frameBytes: 16384, textBytes: 4096, nickChars: 24 },
            }),
          );
        } else if (frame.t === 'login') {
          socket.write(encodeFrame({ t: 'ok', id: frame.id, result: { nick: frame.nick, users: [] } }));
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => {
    for (const socket of sockets) socket.destroy();
    return new Promise((resolve) => server.close(() => resolve()));
  });
  return (server.address() as net.AddressInfo).port;
}

function record<K extends keyof SessionEvents>(
  session: { on: (type: K, listener: (event: SessionEvents[K]) => void) => unknown },
  types: K[],
): Array<[K, SessionEvents[K]]> {
  const seen: Array<[K, SessionEvents[K]]> = [];
  for (const type of types) session.on(type, (event) => seen.push([type, event]));
  return seen;
}

describe('ClientSession reconnect', () => {
  it('logs back in with the same nick after the server restarts on the same port', async () => {
    const first = await harness.startServer();
    const atom = await harness.join(first.port, 'atom', { reconnect: { initialDelayMs: 50, maxDelayMs: 200 } });
    await atom.rename('neo');
    const seen = record(atom, ['disconnected', 'reconnecting', 'connected']);

    const lost = nextEvent(atom, 'disconnected');
    await first.server.close();
    expect(await lost).toMatchObject({ reason: 'server_shutdown', willReconnect: true });
    expect(atom.state).toBe('reconnecting');
    await expect(atom.version()).rejects.toMatchObject({ code: 'not_connected' });
    const queued = atom.say('while away'); // the outbox keeps it until the login

    await nextEvent(atom, 'reconnecting', (event) => event.error !== undefined); // at least one refused attempt
    const back = nextEvent(atom, 'connected');
    const second = await harness.startServer({}, first.port);
    expect(await back).toMatchObject({ nick: 'neo', reconnected: true, users: [{ nick: 'neo', status: 'active' }] });
    expect(atom.state).toBe('connected');
    expect(seen[0]?.[0]).toBe('disconnected');
    expect(
      seen
        .filter(([type]) => type === 'reconnecting')
        .map(([, event]) => (event as SessionEvents['reconnecting']).attempt)
        .slice(0, 2),
    ).toEqual([1, 2]);

    expect(await queued).toHaveProperty('mid');
    const other = await harness.join(second.port, 'other');
    const heard = nextEvent(other, 'msg');
    await atom.say('I am back');
    expect(await heard).toMatchObject({ from: 'neo', text: 'I am back' });
  });

  it('reports that the nick was taken meanwhile, and gets it back once it is free', async () => {
    const first = await harness.startServer();
    const retryMs = 1000; // fixed, so the impostor surely logs in between two attempts
    const atom = await harness.join(first.port, 'atom', {
      reconnect: { initialDelayMs: retryMs, factor: 1, jitter: 0 },
    });
    await first.server.close();
    await nextEvent(atom, 'reconnecting', (event) => event.error?.name === 'ConnectionError');
    const second = await harness.startServer({}, first.port);
    const impostor = await harness.join(second.port, 'Atom');
    const taken = await nextEvent(atom, 'reconnecting', (event) => event.error?.name === 'ProtocolError');
    expect(taken.error).toMatchObject({ code: 'nick_taken' });
    expect(atom.state).toBe('reconnecting');
    const back = nextEvent(atom, 'connected');
    await impostor.close();
    expect(await back).toMatchObject({ nick: 'atom', reconnected: true });
  });

  it('stops when the login is refused for good (the password changed)', async () => {
    const first = await harness.startServer();
    const atom = await harness.join(first.port, 'atom', { reconnect: { initialDelayMs: 50 } });
    await first.server.close();
    const final = nextEvent(atom, 'disconnected', (event) => !event.willReconnect);
    await harness.startServer({ password: 'new' }, first.port);
    expect(await final).toMatchObject({ reason: 'login_failed', error: { code: 'wrong_password' } });
    expect(atom.state).toBe('closed');
  });

  it('gives up after maxAttempts', async () => {
    const first = await harness.startServer();
    const atom = await harness.join(first.port, 'atom', { reconnect: { initialDelayMs: 10, maxAttempts: 2 } });
    const final = nextEvent(atom, 'disconnected', (event) => event.reason === 'gave_up');
    await first.server.close();
    expect(await final).toMatchObject({ willReconnect: false, error: { code: 'refused' } });
    expect(atom.state).toBe('closed');
  });

  it('does not reconnect when told not to', async () => {
    const first = await harness.startServer();
    const atom = await harness.join(first.port, 'atom', { reconnect: false });
    const lost = nextEvent(atom, 'disconnected');
    await first.server.close();
    expect(await lost).toMatchObject({ reason: 'server_shutdown', willReconnect: false });
    expect(atom.state).toBe('closed');
  });

  it('times out a request the room never answers', async () => {
    const port = await hungRoom();
    const atom = await harness.join(port, 'atom', { requestTimeoutMs: 200, reconnect: false });
    await expect(atom.version()).rejects.toMatchObject({ name: 'ConnectionError', code: 'request_timeout' });
    expect(atom.state).toBe('connected');
  });

  it('treats a room that stops answering pings as lost and reconnects', async () => {
    const port = await hungRoom();
    const atom = harness.session(port, 'atom', {
      rttIntervalMs: 50,
      deadAfterMs: 200,
      reconnect: { initialDelayMs: 50 },
    });
    await atom.connect();
    const lost = await nextEvent(atom, 'disconnected');
    expect(lost).toMatchObject({ reason: 'connection_lost', willReconnect: true, error: { code: 'timeout' } });
    expect(await nextEvent(atom, 'connected')).toMatchObject({ reconnected: true });
  });
});
