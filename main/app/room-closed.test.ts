/**
 * A room its host closes stays closed for its guests (no reconnect attempts, a `closed` connection the page shows),
 * while a connection lost without a word from the host is still retried by itself.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionState } from '@contract/ipc-contract';
import { createTestApp, startRelay, type TestApp } from './test-support.js';

const apps: TestApp[] = [];
const closers: Array<() => Promise<void>> = [];
async function newApp(name: string): Promise<TestApp> {
  const t = await createTestApp(name);
  apps.push(t);
  await t.ok('app.ready');
  return t;
}
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  await Promise.all(apps.splice(0).map((t) => t.close()));
});

async function hostRoom(host: TestApp): Promise<number> {
  const state = await host.ok('host.start', { port: 0, maxUsers: 10, roomName: 'lab' });
  if (!state.running) throw new Error('not running');
  return state.port;
}

const connections = (t: TestApp): ConnectionState[] =>
  t.events.filter((e) => e.event === 'connection').map((e) => e.payload as ConnectionState);

describe('a room its host closes', () => {
  it('shows the guest a closed room, makes no reconnect attempt, and can be left or joined again', async () => {
    const alice = await newApp('alice');
    const bob = await newApp('bob');
    const port = await hostRoom(alice);
    const { roomId } = await bob.ok('room.join', { host: '127.0.0.1', port, nick: 'bob' });
    await bob.waitFor('connection', (c) => c.phase === 'connected');

    await alice.ok('host.stop', {});
    const closed = await bob.waitFor('connection', (c) => c.phase === 'closed');
    expect(closed).toMatchObject({ roomId, reason: 'server_shutdown', host: '127.0.0.1', port });
    expect(await bob.waitFor('users', (u) => u.users.length === 0)).toMatchObject({ roomId });
    // The app's backoff here retries after 50 ms: a second is many attempts' worth of waiting.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const after = connections(bob).slice(connections(bob).indexOf(closed));
    expect(after.map((c) => c.phase)).toEqual(['closed']);
    expect(bob.app.chat.connection.phase).toBe('closed');

    // A reload still shows the closed room (its conversation), and Rejoin works once the host is back.
    const ready = await bob.ok('app.ready');
    expect(ready.connection).toMatchObject({ phase: 'closed', roomId });
    expect(ready.room).toMatchObject({ roomId, users: [] });
    const again = await alice.ok('host.start', { port, maxUsers: 10, roomName: 'lab' });
    expect(again).toMatchObject({ running: true, port });
    const rejoined = await bob.ok('room.join', { host: '127.0.0.1', port, nick: 'bob' });
    expect(rejoined.roomId).not.toBe(roomId);
    expect(
      await bob.waitFor('connection', (c) => c.phase === 'connected' && c.roomId === rejoined.roomId),
    ).toBeTruthy();
  });

  it('leaving a closed room goes back home', async () => {
    const alice = await newApp('alice');
    const bob = await newApp('bob');
    const port = await hostRoom(alice);
    const { roomId } = await bob.ok('room.join', { host: '127.0.0.1', port, nick: 'bob' });
    await alice.ok('host.stop', {});
    await bob.waitFor('connection', (c) => c.phase === 'closed');
    await bob.ok('room.leave', { roomId });
    expect(connections(bob).at(-1)).toMatchObject({ phase: 'idle', roomId });
    expect((await bob.ok('app.ready')).room).toBeNull();
  });

  it('still reconnects by itself after a loss the host did not announce', async () => {
    const alice = await newApp('alice');
    const bob = await newApp('bob');
    const port = await hostRoom(alice);
    const link = await startRelay(port);
    closers.push(() => link.close());
    const { roomId } = await bob.ok('room.join', { host: '127.0.0.1', port: link.port, nick: 'bob' });
    await bob.waitFor('connection', (c) => c.phase === 'connected');
    const seen = connections(bob).length;
    link.cut();
    expect(await bob.waitFor('connection', (c) => c.phase === 'reconnecting')).toMatchObject({ roomId });
    await bob.waitFor('connection', (c) => c.phase === 'connected' && connections(bob).indexOf(c) >= seen);
    expect(
      connections(bob)
        .slice(seen)
        .some((c) => c.phase === 'closed'),
    ).toBe(false);
  });
});
