/**
 * The client session's security against the real room server on 127.0.0.1: TLS by default, the host verified before
 * anything is sent (pins, room codes), CPace in password rooms (and a host that does not know the password is an
 * impostor), members stamped with their key fingerprint and encryption.
 */
import tls from 'node:tls';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeFrame, FrameDecoder } from '../protocol/codec.js';
import { PREAMBLE } from '../protocol/limits.js';
import { CPACE_METHOD, cpaceServerStart } from '../security/cpace.js';
import { createIdentity, type Identity } from '../security/identity.js';
import { MemoryKnownHosts } from '../security/known-hosts.js';
import { startMitmProxy } from '../security/mitm-proxy.js';
import { channelBinding, serverTlsOptions } from '../security/tls-options.js';
import { ConnectionError, ProtocolError } from './errors.js';
import { createClientSession } from './session.js';
import { createHarness, nextEvent } from './test-support.js';

const harness = createHarness();
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await harness.cleanup();
  for (const close of closers.splice(0)) await close();
});

async function withOwnIdentity(label: string): Promise<{ identity: Identity; knownHosts: MemoryKnownHosts }> {
  return { identity: await createIdentity(label), knownHosts: new MemoryKnownHosts() };
}

describe('ClientSession security', () => {
  it('pins the host on first use, passes it later, and refuses a changed identity without sending anything', async () => {
    const { port, server } = await harness.startServer();
    const mine = await withOwnIdentity('atom');
    const first = await harness.join(port, 'atom', { security: mine });
    expect(first.security).toEqual({
      encrypted: true,
      hostFingerprint: server.identity.fingerprint,
      hostCode: server.identity.code,
      verified: 'first-use',
    });
    await first.close();
    const again = await harness.join(port, 'atom', { security: mine });
    expect(again.security.verified).toBe('pinned');
    await harness.cleanup();

    const impostor = await createIdentity('impostor');
    const fake = await harness.recordingHost(impostor, port);
    const refused = await createClientSession({ host: '127.0.0.1', port: fake.port, nick: 'atom', security: mine })
      .connect()
      .catch((caught: unknown) => caught);
    expect(refused).toBeInstanceOf(ConnectionError);
    expect(refused).toMatchObject({
      code: 'identity_changed',
      details: {
        oldCode: server.identity.code,
        newCode: impostor.code,
        oldFingerprint: server.identity.fingerprint,
        newFingerprint: impostor.fingerprint,
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(fake.received()).toBe(0);
  });

  it('re-pins a changed identity only when told to trust it', async () => {
    const mine = await withOwnIdentity('atom');
    const { port } = await harness.startServer({ identity: await createIdentity('old') });
    await (await harness.join(port, 'atom', { security: mine })).close();
    await harness.cleanup();
    const renewed = await createIdentity('new');
    await harness.startServer({ identity: renewed }, port);
    await expect(harness.join(port, 'atom', { security: mine })).rejects.toMatchObject({ code: 'identity_changed' });
    const trusting = await harness.join(port, 'atom', { security: { ...mine, trustNewIdentity: true } });
    expect(trusting.security).toMatchObject({ hostCode: renewed.code, verified: 'first-use' });
    expect(mine.knownHosts.check(`127.0.0.1:${port}`, renewed.fingerprint)).toBe('match');
  });

  it('a changed identity during a reconnect stops reconnecting with identity_changed', async () => {
    const mine = await withOwnIdentity('atom');
    const first = await harness.startServer({ identity: await createIdentity('old') });
    const atom = await harness.join(first.port, 'atom', { security: mine, reconnect: { initialDelayMs: 50 } });
    const final = nextEvent(atom, 'disconnected', (event) => !event.willReconnect);
    await first.server.close();
    await harness.startServer({ identity: await createIdentity('other') }, first.port);
    expect(await final).toMatchObject({ reason: 'login_failed', error: { code: 'identity_changed' } });
    expect(atom.state).toBe('closed');
  });

  it('verifies a room code: the right one joins, a wrong one is refused before anything is sent', async () => {
    const { port, server } = await harness.startServer();
    const mine = await withOwnIdentity('atom');
    const right = await harness.join(port, 'atom', { security: { ...mine, code: server.identity.code } });
    expect(right.security.verified).toBe('code');

    const other = await createIdentity('other');
    const fake = await harness.recordingHost(other);
    const wrong = await createClientSession({
      host: '127.0.0.1',
      port: fake.port,
      nick: 'atom',
      security: { ...(await withOwnIdentity('atom')), code: server.identity.code.toLowerCase() },
    })
      .connect()
      .catch((caught: unknown) => caught);
    expect(wrong).toMatchObject({
      code: 'identity_mismatch',
      details: { expectedCode: server.identity.code, actualCode: other.code },
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(fake.received()).toBe(0);
  });

  it('proves the room password with CPace: right joins, wrong is wrong_password, and it never crosses the wire', async () => {
    const { port } = await harness.startServer({ password: 'correct horse 사랑방' });
    const proxy = await startMitmProxy({ target: { host: '127.0.0.1', port }, mode: 'passive' });
    closers.push(() => proxy.close());
    const atom = await harness.join(proxy.port, 'atom', { password: 'correct horse 사랑방' });
    expect(atom.security.encrypted).toBe(true);
    const wrong = await harness
      .join(proxy.port, 'mallory', { password: 'battery staple', reconnect: false })
      .catch((caught: unknown) => caught);
    expect(wrong).toBeInstanceOf(ProtocolError);
    expect(wrong).toMatchObject({ code: 'wrong_password' });
    expect(proxy.seen().includes(Buffer.from('correct horse'))).toBe(false);
    expect(proxy.seen().includes(Buffer.from('battery staple'))).toBe(false);
  });

  it('a wrong CPace answer counts as a guess: after the free ones, too_many_attempts with retryAfterMs', async () => {
    const { port } = await harness.startServer({ password: 'pw', passwordGuard: { freeFailures: 1 } });
    const first = await harness
      .join(port, 'a', { password: 'nope', reconnect: false })
      .catch((caught: unknown) => caught);
    expect(first).toMatchObject({ code: 'wrong_password' });
    const second = await harness
      .join(port, 'a', { password: 'pw', reconnect: false })
      .catch((caught: unknown) => caught);
    expect(second).toBeInstanceOf(ProtocolError);
    expect(second).toMatchObject({ code: 'too_many_attempts', fatal: true });
    expect((second as ProtocolError).retryAfterMs).toBeGreaterThan(0);
  });

  it('a man in the middle with its own certificate cannot pass CPace on either side', async () => {
    const { port } = await harness.startServer({ password: 'pw-1234' });
    const proxy = await startMitmProxy({ target: { host: '127.0.0.1', port }, mode: 'impersonate' });
    closers.push(() => proxy.close());
    // First contact (nothing pinned): the client trusts the proxy's identity, yet the two TLS channels differ.
    const error = await harness
      .join(proxy.port, 'atom', { password: 'pw-1234', reconnect: false })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'wrong_password' });
    expect(proxy.decrypted().includes(Buffer.from('pw-1234'))).toBe(false);
  });

  it('a host that does not know the password is refused as host_impostor', async () => {
    const identity = await createIdentity('fake room');
    const sockets = new Set<tls.TLSSocket>();
    const fake = tls.createServer(serverTlsOptions(identity), (socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
      const decoder = new FrameDecoder();
      const cpace = cpaceServerStart('a guess', channelBinding(socket, 'pake'));
      let preamble = false;
      socket.on('data', (chunk: Buffer) => {
        const data = preamble ? chunk : chunk.subarray(PREAMBLE.length);
        preamble = true;
        for (const frame of decoder.push(data).frames) {
          if (frame.t === 'hello')
            socket.write(
              encodeFrame({
                t: 'welcome',
                v: 1,
                server: 'fake',
                room: { name: 'fake', passwordRequired: true, maxUsers: 9 },
                limits: { frameBytes: 16384, textBytes: 4096, nickChars: 24 },
                auth: { method: CPACE_METHOD, Y: Buffer.from(cpace.Y).toString('base64url') },
              }),
            );
          if (frame.t === 'login')
            socket.write(
              encodeFrame({
                t: 'ok',
                id: frame.id,
                result: {
                  nick: frame.nick,
                  users: [],
                  total: 1,
                  pake: { tag: Buffer.alloc(32).toString('base64url') },
                },
              }),
            );
        }
      });
    });
    await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
    closers.push(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => fake.close(resolve));
    });
    const error = await harness
      .join((fake.address() as AddressInfo).port, 'atom', { password: 'the real one', reconnect: false })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ code: 'host_impostor' });
  });

  it('members see each other key fingerprints and encryption; an insecure member is marked', async () => {
    const { port } = await harness.startServer();
    const atomSecurity = await withOwnIdentity('atom');
    const atom = await harness.join(port, 'atom', { security: atomSecurity });
    const joined = nextEvent(atom, 'joined');
    const bee = await harness.join(port, 'bee');
    expect((await joined).user).toEqual({
      nick: 'bee',
      status: 'active',
      secure: true,
      fp: bee.identity!.fingerprint,
    });
    const plainJoined = nextEvent(atom, 'joined');
    const cee = await harness.join(port, 'cee', { security: { insecure: true } });
    expect(cee.identity).toBeUndefined();
    expect(cee.security).toEqual({ encrypted: false });
    expect(cee.dataTicket('tok')).toEqual({ token: 'tok' });
    expect((await plainJoined).user).toEqual({ nick: 'cee', status: 'active', secure: false });
    const { users } = await bee.list();
    expect(users).toContainEqual({
      nick: 'atom',
      status: 'active',
      secure: true,
      fp: atomSecurity.identity.fingerprint,
    });
  });
});
