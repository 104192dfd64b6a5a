/**
 * Who gets a whisper or 1:1 message replayed: only its two parties, recognised by their key (TLS client certificate
 * fingerprint) on a new connection; never someone who merely takes the same nickname with another key, nor a
 * cleartext client of that name. Real TLS connections on 127.0.0.1.
 */
import tls from 'node:tls';
import { describe, expect, it } from 'vitest';
import { encodeFrame, FrameDecoder, type FrameObject } from '../protocol/codec.js';
import { PREAMBLE, PROTOCOL_VERSION } from '../protocol/limits.js';
import { createIdentity, type Identity } from '../security/identity.js';
import { clientTlsOptions } from '../security/tls-options.js';
import { FramedTestClient, useTestRoom } from './test-support.js';

const room = useTestRoom({ textGreetingMs: 5000 });

interface TlsMember {
  /** Frames after the login `ok`, in order. */
  frames: FrameObject[];
  replay: { count: number; truncated: boolean };
  say(t: string, fields: object): Promise<void>;
  close(): void;
}

/** A framed client over TLS with `identity`, logged in as `nick` (open room: no CPace). */
async function tlsLogin(port: number, identity: Identity, nick: string): Promise<TlsMember> {
  const socket = tls.connect({ host: '127.0.0.1', port, ...clientTlsOptions(identity) });
  room.track({ close: () => socket.destroy() });
  socket.on('error', () => undefined);
  await new Promise((resolve) => socket.once('secureConnect', resolve));
  const decoder = new FrameDecoder();
  const frames: FrameObject[] = [];
  socket.on('data', (chunk: Buffer) => frames.push(...decoder.push(chunk).frames));
  const take = async (match: (frame: FrameObject) => boolean): Promise<FrameObject> => {
    await expect.poll(() => frames.some(match)).toBe(true);
    return frames.splice(frames.findIndex(match), 1)[0]!;
  };
  let id = 1;
  socket.write(Buffer.concat([PREAMBLE, encodeFrame({ t: 'hello', v: PROTOCOL_VERSION })]));
  await take((frame) => frame.t === 'welcome');
  socket.write(encodeFrame({ t: 'login', id, nick }));
  const ok = await take((frame) => frame.id === id);
  expect(ok).toMatchObject({ t: 'ok' });
  const { replay } = ok.result as { replay: { count: number; truncated: boolean } };
  await expect.poll(() => frames.filter((frame) => frame.t === 'msg').length).toBeGreaterThanOrEqual(replay.count);
  return {
    frames,
    replay,
    async say(t, fields) {
      id++;
      socket.write(encodeFrame({ ...fields, t, id }));
      expect(await take((frame) => frame.id === id)).toMatchObject({ t: 'ok' });
    },
    close: () => socket.destroy(),
  };
}

const texts = (frames: FrameObject[]): unknown[] => frames.filter((frame) => frame.t === 'msg').map((m) => m.text);

describe('replay of private messages', () => {
  it('reaches both parties again by their key, and nobody else of the same name', async () => {
    const port = await room.start();
    const [atomKey, beeKey, impostorKey] = await Promise.all([
      createIdentity('atom'),
      createIdentity('bee'),
      createIdentity('impostor'),
    ]);
    const atom = await tlsLogin(port, atomKey, 'atom');
    const bee = await tlsLogin(port, beeKey, 'bee');
    const cee = room.track(await FramedTestClient.login(port, 'cee'));
    await atom.say('say', { text: 'hello all' });
    await atom.say('whisper', { to: 'bee', text: 'secret to bee' });
    await cee.ok('whisper', { to: 'atom', text: 'secret to atom' });
    await atom.say('with', { to: 'bee' });
    await bee.say('with.answer', { from: 'atom', accept: true });
    await bee.say('say', { text: 'one to one' });
    await cee.ok('say', { text: 'last' });

    atom.close();
    bee.close();
    await expect.poll(() => room.server.room.size).toBe(1);

    const atomAgain = await tlsLogin(port, atomKey, 'atom');
    expect(texts(atomAgain.frames)).toEqual(['hello all', 'secret to bee', 'secret to atom', 'one to one', 'last']);
    expect(atomAgain.frames.filter((frame) => frame.t === 'msg').every((m) => m.hist === true)).toBe(true);
    atomAgain.close();
    const beeAgain = await tlsLogin(port, beeKey, 'bee');
    expect(texts(beeAgain.frames)).toEqual(['hello all', 'secret to bee', 'one to one', 'last']);
    beeAgain.close();
    await expect.poll(() => room.server.room.size).toBe(1);

    // Same nicknames, other keys or none: room messages only.
    const impostor = await tlsLogin(port, impostorKey, 'atom');
    expect(impostor.replay).toEqual({ count: 2, truncated: false });
    expect(texts(impostor.frames)).toEqual(['hello all', 'last']);
    const cleartext = room.track(await FramedTestClient.connect(port));
    expect(await cleartext.ok('login', { nick: 'bee' })).toMatchObject({ replay: { count: 2, truncated: false } });
    expect([(await cleartext.nextOf('msg')).text, (await cleartext.nextOf('msg')).text]).toEqual(['hello all', 'last']);
    // The sender of a whisper sees its own whisper to atom again only by key: cee is cleartext, its connection is new.
    const ceeAgain = room.track(await FramedTestClient.connect(port));
    cee.close();
    await expect.poll(() => room.server.room.find('cee')).toBeUndefined();
    expect(await ceeAgain.ok('login', { nick: 'cee' })).toMatchObject({ replay: { count: 2 } });
  });
});
