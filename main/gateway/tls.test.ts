/**
 * TLS on the shared port, seen from the server: a TLS plain-text client (openssl s_client style) chats in an open
 * room and is stamped secure with its certificate's fingerprint, beside cleartext framed members (secure:false); the
 * password is never taken from a TLS plain-text client (it has no CPace).
 */
import tls from 'node:tls';
import { describe, expect, it } from 'vitest';
import { encodeFrame, FrameDecoder, type FrameObject } from '../protocol/codec.js';
import { PREAMBLE, PROTOCOL_VERSION } from '../protocol/limits.js';
import { cpaceClient } from '../security/cpace.js';
import { createIdentity } from '../security/identity.js';
import { channelBinding, clientTlsOptions } from '../security/tls-options.js';
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

describe('CPace on one connection', () => {
  it('a login refused after the password was proved (nick_taken) can be retried with another nickname', async () => {
    const port = await room.start({ password: 'pw', plainText: 'allow' });
    await room.login(port, 'atom', 'pw');
    const identity = await createIdentity('bora');
    const socket = tls.connect({ host: '127.0.0.1', port, ...clientTlsOptions(identity) });
    room.track({ close: () => socket.destroy() });
    socket.on('error', () => undefined);
    await new Promise((resolve) => socket.once('secureConnect', resolve));
    const decoder = new FrameDecoder();
    const frames: FrameObject[] = [];
    socket.on('data', (chunk: Buffer) => frames.push(...decoder.push(chunk).frames));
    const next = async (t: string): Promise<FrameObject> => {
      await expect.poll(() => frames.some((frame) => frame.t === t)).toBe(true);
      const at = frames.findIndex((frame) => frame.t === t);
      return frames.splice(at, 1)[0] as FrameObject;
    };
    socket.write(Buffer.concat([PREAMBLE, encodeFrame({ t: 'hello', v: PROTOCOL_VERSION })]));
    const welcome = (await next('welcome')) as FrameObject & { auth: { Y: string } };
    const client = cpaceClient('pw', channelBinding(socket, 'pake'), Buffer.from(welcome.auth.Y, 'base64url'));
    const pake = {
      Y: Buffer.from(client.Ya).toString('base64url'),
      tag: Buffer.from(client.tagC).toString('base64url'),
    };
    socket.write(encodeFrame({ t: 'login', id: 1, nick: 'atom', pake }));
    expect(await next('error')).toMatchObject({ id: 1, code: 'nick_taken' });
    socket.write(encodeFrame({ t: 'login', id: 2, nick: 'bora', pake }));
    const ok = (await next('ok')) as FrameObject & { result: { nick: string; pake: { tag: string } } };
    expect(ok).toMatchObject({ id: 2, result: { nick: 'bora' } });
    expect(client.verifyServer(Buffer.from(ok.result.pake.tag, 'base64url'))).toBe(true);
  });
});
