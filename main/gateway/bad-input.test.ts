import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeFrame, FrameDecoder, type FrameObject } from '../protocol/codec.js';
import { PREAMBLE } from '../protocol/limits.js';
import { createRoomServer, type RoomServer, type RoomServerOptions } from './server.js';
import { FramedTestClient, TextTestClient } from './test-support.js';

let server: RoomServer | undefined;
const opened: { destroy(): void }[] = [];

async function start(options: RoomServerOptions = {}): Promise<number> {
  server = createRoomServer({ textGreetingMs: 5000, ...options });
  return (await server.listen(0, '127.0.0.1')).port;
}

async function login(port: number, nick: string): Promise<FramedTestClient> {
  const client = await FramedTestClient.login(port, nick);
  opened.push(client.socket);
  return client;
}

/** A raw socket collecting everything the server sends until it closes. */
function raw(port: number): { socket: Socket; received: () => Buffer; closed: Promise<void> } {
  const socket = connect({ port, host: '127.0.0.1' });
  opened.push(socket);
  const chunks: Buffer[] = [];
  socket.on('error', () => undefined);
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  return { socket, received: () => Buffer.concat(chunks), closed };
}

function frames(bytes: Buffer): FrameObject[] {
  return new FrameDecoder().push(bytes).frames;
}

/** The room still works: a fresh client can log in and chat with an existing one. */
async function stillServing(port: number, witness: FramedTestClient): Promise<void> {
  const fresh = await login(port, `fresh${Math.floor(Math.random() * 1e6)}`);
  await fresh.ok('say', { text: 'still here' });
  expect(await witness.next((f) => f.t === 'msg' && f.text === 'still here')).toBeTruthy();
}

afterEach(async () => {
  for (const each of opened.splice(0)) each.destroy();
  await server?.close();
  server = undefined;
});

describe('bad input never hurts the room', () => {
  it('random bytes after the preamble: bad_frame, closed; others served', async () => {
    const port = await start();
    const witness = await login(port, 'witness');
    const client = raw(port);
    client.socket.write(
      Buffer.concat([PREAMBLE, encodeFrame({ t: 'hello', v: 1 }), Buffer.from([0, 0, 0, 3, 0xff, 0xfe, 0x00])]),
    );
    await client.closed;
    const got = frames(client.received());
    expect(got.map((f) => f.t)).toEqual(['welcome', 'error', 'bye']);
    expect(got[1]).toMatchObject({ code: 'bad_frame', fatal: true });
    await stillServing(port, witness);
  });

  it('random bytes as a plain-text client are just odd lines; the room goes on', async () => {
    const port = await start();
    const witness = await login(port, 'witness');
    const client = raw(port);
    const garbage = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919 + 13) % 256));
    garbage[0] = 0x41;
    client.socket.write(garbage);
    client.socket.write('\n/exit\n');
    await client.closed;
    await stillServing(port, witness);
  });

  it('a 1 MiB line: line_too_long, then closed', async () => {
    const port = await start();
    const witness = await login(port, 'witness');
    const client = raw(port);
    client.socket.write('/login big\n');
    client.socket.write(Buffer.alloc(1024 * 1024, 0x61));
    await client.closed;
    expect(client.received().toString('utf8')).toMatch(/\(line_too_long\)\r\n/u);
    expect(await witness.next((f) => f.t === 'left' && f.nick === 'big')).toMatchObject({ reason: 'protocol_error' });
    await stillServing(port, witness);
  });

  it('a frame header announcing 1 MiB: frame_too_large, then closed', async () => {
    const port = await start();
    const witness = await login(port, 'witness');
    const client = raw(port);
    const header = Buffer.alloc(4);
    header.writeUInt32BE(1024 * 1024);
    client.socket.write(Buffer.concat([PREAMBLE, encodeFrame({ t: 'hello', v: 1 }), header]));
    await client.closed;
    expect(frames(client.received())[1]).toMatchObject({ t: 'error', code: 'frame_too_large', fatal: true });
    await stillServing(port, witness);
  });

  it('half a frame then silence: closed at the login deadline', async () => {
    const port = await start({ loginTimeoutMs: 300 });
    const client = raw(port);
    client.socket.write(Buffer.concat([PREAMBLE, encodeFrame({ t: 'hello', v: 1 }).subarray(0, 7)]));
    await client.closed;
    expect(frames(client.received())[0]).toMatchObject({ t: 'error', code: 'login_timeout', fatal: true });
    const lazy = raw(port);
    lazy.socket.write(Buffer.concat([PREAMBLE, encodeFrame({ t: 'hello', v: 1 })]));
    await lazy.closed;
    expect(frames(lazy.received()).map((f) => [f.t, f.code ?? f.reason])).toEqual([
      ['welcome', undefined],
      ['error', 'login_timeout'],
      ['bye', 'login_timeout'],
    ]);
  });

  it('a wrong first frame or protocol version is refused', async () => {
    const port = await start();
    const a = raw(port);
    a.socket.write(Buffer.concat([PREAMBLE, encodeFrame({ t: 'login', id: 1, nick: 'x' })]));
    await a.closed;
    expect(frames(a.received())[0]).toMatchObject({ code: 'bad_request', fatal: true });
    const b = raw(port);
    b.socket.write(Buffer.concat([PREAMBLE, encodeFrame({ t: 'hello', v: 99 })]));
    await b.closed;
    expect(frames(b.received())[0]).toMatchObject({ code: 'version_unsupported', fatal: true });
  });

  it('keepalive: a peer that stops answering is dropped, one that answers stays', async () => {
    const port = await start({ keepaliveIntervalMs: 100, keepaliveTimeoutMs: 1500 });
    const alive = await login(port, 'alive');
    const dead = await login(port, 'dead');
    dead.answerPings = false;
    expect(await dead.nextOf('ping')).toHaveProperty('id');
    expect(await dead.nextOf('error')).toMatchObject({ code: 'keepalive_timeout', fatal: true });
    await dead.closed();
    expect(await alive.next((f) => f.t === 'left' && f.nick === 'dead')).toMatchObject({ reason: 'keepalive_timeout' });
    await alive.ok('list');
  });

  it('an exception in one client handler closes that client with internal, not the server', async () => {
    const port = await start({
      hooks: {
        fileHandler: () => {
          throw new Error('boom');
        },
      },
    });
    const witness = await login(port, 'witness');
    const victim = await login(port, 'victim');
    victim.send({ t: 'file.offer', id: 9, to: 'witness', files: [] });
    expect(await victim.nextOf('error')).toMatchObject({ code: 'internal', fatal: true });
    await victim.closed();
    expect(await witness.next((f) => f.t === 'left')).toMatchObject({ nick: 'victim', reason: 'internal' });
    await stillServing(port, witness);
  });

  it('a failing plugin listener or async file handler is reported, and the server stays up', async () => {
    const port = await start({ hooks: { fileHandler: () => Promise.reject(new Error('async boom')) } });
    const errors: string[] = [];
    server!.on('log', (entry) => {
      if (entry.kind === 'error') errors.push(entry.text);
    });
    server!.room.on('left', () => {
      throw new Error('listener boom');
    });
    const witness = await login(port, 'witness');
    const victim = await login(port, 'victim');
    victim.send({ t: 'file.offer', id: 1, to: 'witness', files: [] });
    expect(await victim.nextOf('error')).toMatchObject({ code: 'internal', fatal: true });
    await victim.closed();
    const quitter = await login(port, 'quitter');
    quitter.close();
    await witness.next((f) => f.t === 'left' && f.nick === 'quitter');
    expect(errors.join('\n')).toMatch(/async boom/u);
    expect(errors.join('\n')).toMatch(/listener boom/u);
    await stillServing(port, witness);
  });

  it('data connections go to the pluggable handler; without one they get bad_token', async () => {
    const port = await start();
    const refused = raw(port);
    refused.socket.write(Buffer.concat([PREAMBLE, encodeFrame({ t: 'data', token: 'abc' })]));
    await refused.closed;
    expect(frames(refused.received())[0]).toMatchObject({ t: 'error', code: 'bad_token' });

    const seen = new Promise<{ credential: object; leftover: string }>((resolve) => {
      server!.setHooks({
        onDataConnection: (credential, socket, leftover) => {
          socket.end(encodeFrame({ t: 'ok' }));
          resolve({ credential, leftover: leftover.toString() });
        },
      });
    });
    const data = raw(port);
    data.socket.write(Buffer.concat([PREAMBLE, encodeFrame({ t: 'data', token: 'tok-1' }), Buffer.from('raw bytes')]));
    expect(await seen).toEqual({ credential: { token: 'tok-1' }, leftover: 'raw bytes' });
    await data.closed;
    expect(frames(data.received())[0]).toEqual({ t: 'ok' });
  });

  it('exposes members to plugins: find by nick, isTextClient, send', async () => {
    const port = await start({ textGreetingMs: 200 });
    const app = await login(port, 'app');
    const nc = await TextTestClient.login(port, 'nc');
    opened.push(nc.socket);
    expect(server!.room.find('NC')?.isTextClient).toBe(true);
    const member = server!.room.find('app');
    expect(member?.isTextClient).toBe(false);
    member!.send({ t: 'notice', code: 'test', text: 'from a plugin' });
    expect(await app.nextOf('notice')).toMatchObject({ text: 'from a plugin' });
  });
});
