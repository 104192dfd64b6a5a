import { afterEach, describe, expect, it } from 'vitest';
import type { RoomEvent } from '@contract/ipc-contract';
import { startRoomHost, type RoomHost } from '../../host/start-room-host.js';
import type { ChatMessage } from '../../protocol/messages.js';
import { createTestApp, type TestApp } from '../test-support.js';

const apps: TestApp[] = [];
const hosts: RoomHost[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((t) => t.close()));
  await Promise.all(hosts.splice(0).map((h) => h.close()));
});

async function newApp(name: string): Promise<TestApp> {
  const t = await createTestApp(name);
  apps.push(t);
  await t.ok('app.ready');
  return t;
}

async function newHost(): Promise<RoomHost> {
  const host = await startRoomHost({ port: 0, host: '127.0.0.1', roomName: '사랑방', textGreetingMs: 60_000 });
  hosts.push(host);
  return host;
}

const isMsg = (text: string) => (e: RoomEvent) => e.t === 'msg' && e.text === text;
const texts = (t: TestApp, roomKey: string): string[] =>
  t.app.history!.page(roomKey, 100).entries.flatMap((e) => (e.kind === 'msg' ? [e.text] : []));

describe('the app writes what a room says into its conversation store', () => {
  it('keeps live messages, whispers and notices under the room code, and a repeated delivery once', async () => {
    const host = await newHost();
    const port = host.address.port;
    const bob = await newApp('bob');
    const carol = await newApp('carol');
    const joined = await bob.ok('room.join', { host: '127.0.0.1', port, nick: 'bob' });
    const roomKey = `code:${host.server.identity.code}`;
    expect(joined.roomKey).toBe(roomKey);
    expect(bob.app.chat.connection.roomKey).toBe(roomKey);

    const c = await carol.ok('room.join', { host: '127.0.0.1', port, nick: 'carol' });
    await carol.ok('room.say', { roomId: c.roomId, text: '사랑방에서 만나요' });
    await carol.ok('room.whisper', { roomId: c.roomId, to: 'bob', text: 'psst' });
    await bob.ok('room.say', { roomId: joined.roomId, text: 'mine' });
    const live = await bob.waitFor('room', isMsg('사랑방에서 만나요'));
    await bob.waitFor('room', isMsg('mine'));
    expect(live).toMatchObject({ historyId: expect.any(Number) });

    // The host delivers the same messages again (as it does for held messages): stored once.
    const member = host.server.room.members().find((m) => m.nick === 'bob')!;
    const first = live as Extract<RoomEvent, { t: 'msg' }>;
    const again: ChatMessage = {
      t: 'msg',
      mid: first.mid,
      ts: first.ts,
      from: 'carol',
      scope: 'room',
      text: first.text,
    };
    member.send({ ...again, hist: true });
    member.send({ t: 'msg', mid: first.mid + 100, ts: Date.now(), from: 'carol', scope: 'room', text: 'after' });
    await bob.waitFor('room', isMsg('after'));
    // The page de-duplicates what it loaded from the store by historyId: a replay names the entry stored first.
    const replayed = await bob.waitFor('room', (e) => isMsg(first.text)(e) && e.t === 'msg' && e.hist === true);
    expect(replayed).toMatchObject({ historyId: first.historyId });
    const joinedNotice = await bob.waitFor('room', (e) => e.t === 'joined' && e.user.nick === 'carol');

    expect(texts(bob, roomKey)).toEqual(['사랑방에서 만나요', 'psst', 'mine', 'after']);
    const entries = bob.app.history!.page(roomKey, 100).entries;
    expect(entries[0]).toMatchObject({ kind: 'notice', notice: { type: 'joined', nick: 'carol' } });
    expect(joinedNotice).toMatchObject({ historyId: entries[0]!.id });
    expect(entries.find((e) => e.kind === 'msg' && e.text === 'psst')).toMatchObject({ scope: 'whisper', to: 'bob' });
    expect(entries.find((e) => e.kind === 'msg' && e.text === 'mine')).toMatchObject({ own: true });

    // Through the IPC channels, as the page asks.
    const page = await bob.ok('history.page', { roomKey, limit: 2 });
    expect(page.entries.map((e) => e.kind === 'msg' && e.text)).toEqual(['mine', 'after']);
    expect(page.hasOlder).toBe(true);
    const { hits } = await bob.ok('history.search', { query: '만나', limit: 10 });
    expect(hits.map((h) => h.snippet.text)).toEqual(['사랑방에서 만나요']);
    const rooms = await bob.ok('history.rooms');
    expect(rooms.rooms).toMatchObject([{ roomKey, name: '사랑방', host: '127.0.0.1', port }]);
    expect(await bob.call('history.page', { roomKey, limit: 0 })).toMatchObject({ error: { code: 'bad_payload' } });
    expect(await bob.call('history.search', { query: 'x' })).toMatchObject({ error: { code: 'bad_payload' } });

    // The history stays after leaving and after a restart of the app (a new store on the same file).
    await bob.ok('room.leave', { roomId: joined.roomId });
    bob.app.history!.close();
    const { HistoryStore } = await import('./history-store.js');
    const reopened = await HistoryStore.open(`${bob.profileDir}/history.sqlite`);
    expect(reopened.page(roomKey, 100).entries.filter((e) => e.kind === 'msg')).toHaveLength(4);
    reopened.close();
  });

  it('clears a room through IPC, and turning history off in settings deletes it all', async () => {
    const bob = await newApp('bob');
    const store = bob.app.history!;
    const message = { run: 'r', ts: 1, from: 'carol', scope: 'room' as const, text: '사랑방', own: false };
    store.addMessage('addr:10.0.0.2:1', { ...message, mid: 1 });
    store.addMessage('addr:10.0.0.3:1', { ...message, mid: 1 });
    expect(await bob.ok('history.clear', { roomKey: 'addr:10.0.0.2:1' })).toBeNull();
    expect((await bob.ok('history.rooms')).rooms.map((r) => r.roomKey)).toEqual(['addr:10.0.0.3:1']);
    const settings = await bob.ok('settings.update', { historyRetention: 'off' });
    expect(settings.historyRetention).toBe('off');
    expect((await bob.ok('history.search', { query: '사랑방', limit: 10 })).hits).toEqual([]);
    expect(store.addMessage('addr:10.0.0.3:1', { ...message, mid: 2 })).toBeUndefined();
    expect(await bob.call('settings.update', { historyRetention: 'never' })).toMatchObject({
      error: { code: 'bad_payload' },
    });
  });

  it('a rejoin that replays recent history stores nothing twice (hosts that keep history)', async () => {
    const host = await newHost();
    const port = host.address.port;
    const bob = await newApp('bob');
    const carol = await newApp('carol');
    const first = await bob.ok('room.join', { host: '127.0.0.1', port, nick: 'bob' });
    const c = await carol.ok('room.join', { host: '127.0.0.1', port, nick: 'carol' });
    for (const text of ['one', 'two', 'three']) await carol.ok('room.say', { roomId: c.roomId, text });
    await bob.waitFor('room', isMsg('three'));
    await bob.ok('room.leave', { roomId: first.roomId });

    const snapshot = await bob.ok('room.join', { host: '127.0.0.1', port, nick: 'bob' });
    await carol.ok('room.say', { roomId: c.roomId, text: 'four' });
    await bob.waitFor('room', isMsg('four'));
    const replayed = bob.events.filter((e) => e.event === 'room' && (e.payload as { hist?: boolean }).hist === true);
    expect(replayed.length).toBeGreaterThan(0);
    expect(texts(bob, snapshot.roomKey)).toEqual(['one', 'two', 'three', 'four']);
  });
});
