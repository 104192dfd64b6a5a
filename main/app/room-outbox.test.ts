import { afterEach, describe, expect, it } from 'vitest';
import type { RoomEvent } from '@contract/ipc-contract';
import { createTestApp, startRelay, type Relay, type TestApp } from './test-support.js';

const apps: TestApp[] = [];
const relays: Relay[] = [];
async function newApp(name: string): Promise<TestApp> {
  const t = await createTestApp(name);
  apps.push(t);
  await t.ok('app.ready');
  return t;
}
afterEach(async () => {
  await Promise.all(relays.splice(0).map((r) => r.close()));
  await Promise.all(apps.splice(0).map((t) => t.close()));
});

async function hostRoom(host: TestApp, extra: Record<string, unknown> = {}): Promise<number> {
  const state = await host.ok('host.start', { port: 0, maxUsers: 10, roomName: 'lab', ...extra });
  if (!state.running) throw new Error('not running');
  return state.port;
}

describe('the app outbox (room.say while reconnecting, room.retry, room.discard)', () => {
  it('keeps a message typed while the connection is lost and sends it after the reconnect', async () => {
    const alice = await newApp('alice');
    const bob = await newApp('bob');
    const link = await startRelay(await hostRoom(alice));
    relays.push(link);
    const { roomId } = await bob.ok('room.join', { host: '127.0.0.1', port: link.port, nick: 'bob' });
    link.down();
    await bob.waitFor('connection', (c) => c.phase === 'reconnecting');

    const said = bob.call('room.say', { roomId, text: 'typed offline', cid: 'offline-1' });
    expect(await bob.waitFor('outbox', (item) => item.cid === 'offline-1')).toEqual({
      roomId,
      cid: 'offline-1',
      state: 'sending',
      text: 'typed offline',
    });
    expect(bob.app.chat.snapshot()?.outbox).toEqual([{ cid: 'offline-1', state: 'sending', text: 'typed offline' }]);

    link.up();
    const sent = await bob.waitFor('outbox', (item) => item.cid === 'offline-1' && item.state === 'sent', 15_000);
    expect(await said).toEqual({ ok: true, result: { mid: sent.mid } });
    expect(bob.app.chat.snapshot()?.outbox).toBeUndefined();
    const echo = await bob.waitFor('room', (e: RoomEvent) => e.t === 'msg' && e.text === 'typed offline');
    expect(echo).toMatchObject({ mid: sent.mid, from: 'bob' });
  });

  it('fails a refused message with the reason, and retries or discards it on request', async () => {
    const alice = await newApp('alice');
    const port = await hostRoom(alice, { bannedWords: ['spam'] });
    const { roomId } = await alice.ok('room.join', { host: '127.0.0.1', port, nick: 'alice' });

    expect(await alice.call('room.say', { roomId, text: 'buy spam', cid: 'c1' })).toMatchObject({
      ok: false,
      error: { code: 'banned_word' },
    });
    expect(await alice.waitFor('outbox', (item) => item.state === 'failed')).toMatchObject({
      roomId,
      cid: 'c1',
      text: 'buy spam',
      error: { code: 'banned_word' },
    });
    expect(await alice.call('room.whisper', { roomId, to: 'bob', text: 'psst', cid: 'w1' })).toMatchObject({
      error: { code: 'no_such_user' },
    });
    expect(alice.app.chat.snapshot()?.outbox).toMatchObject([
      { cid: 'c1', state: 'failed' },
      { cid: 'w1', state: 'failed', to: 'bob' },
    ]);

    const bob = await newApp('bob');
    await bob.ok('room.join', { host: '127.0.0.1', port, nick: 'bob' });
    expect(await alice.ok('room.retry', { roomId, cid: 'w1' })).toBeNull();
    await alice.waitFor('outbox', (item) => item.cid === 'w1' && item.state === 'sent');
    expect(await bob.waitFor('room', (e: RoomEvent) => e.t === 'msg' && e.text === 'psst')).toMatchObject({
      scope: 'whisper',
    });

    const roomKey = alice.app.chat.snapshot()!.roomKey;
    expect(alice.app.history!.unsent(roomKey).map((e) => e.kind === 'msg' && e.cid)).toEqual(['c1']);
    expect(await alice.ok('room.discard', { roomId, cid: 'c1' })).toBeNull();
    expect(alice.app.chat.snapshot()?.outbox).toBeUndefined();
    alice.app.history!.flush();
    expect(alice.app.history!.unsent(roomKey)).toEqual([]); // deleted: not sent again at the next start
    for (const channel of ['room.retry', 'room.discard'] as const) {
      expect(await alice.call(channel, { roomId, cid: 'c1' })).toMatchObject({
        ok: false,
        error: { code: 'no_such_message' },
      });
    }
    expect(await alice.call('room.say', { roomId, text: 'x', cid: 'not a cid' })).toMatchObject({
      ok: false,
      error: { code: 'bad_payload' },
    });
  });
});

describe('messages the app could not send before it quit', () => {
  it('are sent once after a restart, when the room is joined again', async () => {
    const alice = await newApp('alice');
    const port = await hostRoom(alice);
    const link = await startRelay(port);
    relays.push(link);
    const bob = await newApp('bob');
    const { roomId } = await bob.ok('room.join', { host: '127.0.0.1', port: link.port, nick: 'bob' });
    link.down();
    await bob.waitFor('connection', (c) => c.phase === 'reconnecting');
    void bob.call('room.say', { roomId, text: 'typed before quitting', cid: 'before-quit' });
    await bob.waitFor('outbox', (item) => item.cid === 'before-quit');
    await bob.app.dispose(); // the app quits; its profile folder stays

    const carol = await newApp('carol');
    const c = await carol.ok('room.join', { host: '127.0.0.1', port, nick: 'carol' });
    const again = await createTestApp('bob', bob.profileDir);
    apps.push(again);
    await again.ok('app.ready');
    await again.ok('room.join', { host: '127.0.0.1', port, nick: 'bob' });
    const sent = await again.waitFor('outbox', (item) => item.cid === 'before-quit' && item.state === 'sent', 15_000);
    const seen = await carol.waitFor('room', (e: RoomEvent) => e.t === 'msg' && e.text === 'typed before quitting');
    expect(seen).toMatchObject({ roomId: c.roomId, from: 'bob', mid: sent.mid });
    await carol.ok('room.say', { roomId: c.roomId, text: 'after' });
    await carol.waitFor('room', (e: RoomEvent) => e.t === 'msg' && e.text === 'after');
    const copies = carol.events.filter(
      ({ event, payload }) => event === 'room' && (payload as { text?: string }).text === 'typed before quitting',
    );
    expect(copies).toHaveLength(1);
  });
});
