/**
 * The first bytes decide whenever they come (issue 13): a connection silent for the greeting time is greeted as
 * plain text, but if its first bytes then are the preamble (a framed chat or data connection) or a TLS ClientHello,
 * it is framed; its client skips the greeting (main/protocol/greeting-skip.ts).
 */
import { connect, createServer, type Socket } from 'node:net';
import tls from 'node:tls';
import { describe, expect, it } from 'vitest';
import { encodeFrame, FrameDecoder, type FrameObject } from '../protocol/codec.js';
import { GreetingSkipper } from '../protocol/greeting-skip.js';
import { PREAMBLE } from '../protocol/limits.js';
import { createIdentity } from '../security/identity.js';
import { clientTlsOptions } from '../security/tls-options.js';
import { openDataLink } from '../transfer/data-link.js';
import { FramedTestClient, useTestRoom } from './test-support.js';
import type { DataCredential } from './transport.js';

const room = useTestRoom(); // the real greeting time: 1 s
const LATE_MS = 1200;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function rawConnect(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1' }, () => resolve(socket));
    socket.once('error', reject);
    room.track({ close: () => socket.destroy() });
  });
}

/** Everything the socket received, as text, from now on. */
function collect(socket: Socket): () => string {
  let text = '';
  socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
  return () => text;
}

describe('late first bytes', () => {
  it('a framed client whose preamble and hello come after 1.2 s is greeted, then framed: login and chat work', async () => {
    const port = await room.start({ roomName: 'lab' });
    const app = await room.login(port, 'atom');
    const late = room.track(await FramedTestClient.connect(port, false));
    const seen = collect(late.socket);
    await sleep(LATE_MS);
    expect(seen()).toContain('Welcome to Sarangbang room "lab"');
    late.socket.write(Buffer.concat([PREAMBLE, encodeFrame({ t: 'hello', v: 1, app: 'late' })]));
    expect(await late.nextOf('welcome')).toMatchObject({ room: { name: 'lab' } });
    await late.ok('login', { nick: 'slow' });
    await late.ok('say', { text: 'made it' });
    expect(await app.nextOf('msg')).toMatchObject({ from: 'slow', text: 'made it' });
    expect(room.server.room.find('guest1')).toBeUndefined();
  });

  it('a data connection that starts after 1.2 s reaches the data handler, not the room', async () => {
    const seen: DataCredential[] = [];
    const port = await room.start({
      hooks: {
        onDataConnection: (credential, socket) => {
          seen.push(credential);
          socket.end(encodeFrame({ t: 'ok', id: 0 }));
        },
      },
    });
    const socket = await rawConnect(port);
    const output = collect(socket);
    await sleep(LATE_MS);
    expect(output()).toContain('Welcome to Sarangbang');
    socket.write(Buffer.concat([PREAMBLE, encodeFrame({ t: 'data', token: 'tok-123' })]));
    await expect.poll(() => seen).toEqual([{ token: 'tok-123' }]);
    expect(room.server.room.size).toBe(0);
  });

  it('a TLS ClientHello after 1.2 s is TLS: inside it, preamble and hello log in', async () => {
    const port = await room.start();
    const socket = await rawConnect(port);
    const greeting = new Promise<void>((resolve) =>
      socket.on('data', (chunk: Buffer) => {
        if (chunk.toString('utf8').includes('/help lists commands')) resolve();
      }),
    );
    await sleep(LATE_MS);
    await greeting;
    socket.removeAllListeners('data');
    const secure = tls.connect({ socket, ...clientTlsOptions(await createIdentity('late')) });
    room.track({ close: () => secure.destroy() });
    await new Promise((resolve) => secure.once('secureConnect', resolve));
    const decoder = new FrameDecoder();
    const frames: FrameObject[] = [];
    secure.on('data', (chunk: Buffer) => frames.push(...decoder.push(chunk).frames));
    secure.write(Buffer.concat([PREAMBLE, encodeFrame({ t: 'hello', v: 1, app: 'late-tls' })]));
    await expect.poll(() => frames.map((frame) => frame.t)).toContain('welcome');
    secure.write(encodeFrame({ t: 'login', id: 1, nick: 'tls-late' }));
    await expect.poll(() => room.server.room.find('tls-late')?.endpoint.secure).toBe(true);
  });

  it('a client skips a greeting before its first frame (the data link too)', async () => {
    const skipper = new GreetingSkipper();
    expect(skipper.push(Buffer.from('* 사랑방 "lab"'))).toBeUndefined();
    const frame = encodeFrame({ t: 'ok', id: 1 });
    expect(skipper.push(Buffer.concat([Buffer.from('\r\n* second\r\n'), frame]))).toEqual(frame);
    expect(skipper.push(Buffer.from('* not skipped any more'))).toEqual(Buffer.from('* not skipped any more'));

    const host = createServer((socket) => {
      socket.once('data', () => socket.write(Buffer.concat([Buffer.from('* hello\r\n'), frame, Buffer.from('FILE')])));
    });
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    room.track({ close: () => host.close() });
    const { port } = host.address() as { port: number };
    const link = await openDataLink('127.0.0.1', port, 'tok', 5000).promise;
    room.track({ close: () => link.socket.destroy() });
    expect(link.ready).toMatchObject({ t: 'ok' });
    const first = await new Promise<Buffer>((resolve) => link.socket.once('data', resolve).resume());
    expect(first.toString()).toBe('FILE');
  });
});
