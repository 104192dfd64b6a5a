/**
 * TLS on the shared port, seen from the server: a TLS plain-text client (openssl s_client style) chats in an open
 * room and is stamped secure with its certificate's fingerprint, beside cleartext framed members (secure:false); the
 * password is never taken from a TLS plain-text client (it has no CPace).
 */
import tls from 'node:tls';
import { describe, expect, it } from 'vitest';
import { createIdentity } from '../security/identity.js';
import { clientTlsOptions } from '../security/tls-options.js';
import { useTestRoom } from './test-support.js';

const room = useTestRoom({ textGreetingMs: 200 });

/** A plain-text client over TLS; resolves with a reader of everything it received so far. */
async function tlsText(port: number): Promise<{ socket: tls.TLSSocket; output: () => string; fp: string }> {
  const identity = await createIdentity('tee');
  const socket = tls.connect({ host: '127.0.0.1', port, ...clientTlsOptions(identity) });
  room.track({ close: () => socket.destroy() });
  socket.on('error', () => undefined);
  let output = '';
  socket.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  await new Promise((resolve) => socket.once('secureConnect', resolve));
  return { socket, output: () => output, fp: identity.fingerprint };
}

describe('TLS on the room port', () => {
  it('a TLS plain-text client chats in an open room, stamped secure with its key; cleartext members are not', async () => {
    const port = await room.start({ roomName: 'lab' });
    const app = await room.login(port, 'atom');
    const tee = await tlsText(port);
    tee.socket.write('/login tee\n');
    expect(await app.nextOf('joined')).toMatchObject({ user: { nick: 'tee', secure: true, fp: tee.fp } });
    tee.socket.write('hello over tls\n');
    expect(await app.nextOf('msg')).toMatchObject({ from: 'tee', text: 'hello over tls' });
    const { users } = await app.ok('list');
    expect(users).toContainEqual({ nick: 'atom', status: 'active', secure: false });
    await expect.poll(() => tee.output()).toContain('[tee] hello over tls');
  });

  it('never takes a password from a TLS plain-text client (it has no CPace)', async () => {
    const port = await room.start({ password: 'pw' });
    const tee = await tlsText(port);
    tee.socket.write('/login tee pw\n');
    await expect.poll(() => tee.output()).toMatch(/wrong_password|password/i);
    expect(room.server.room.size).toBe(0);
  });
});
