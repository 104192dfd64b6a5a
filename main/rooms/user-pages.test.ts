import { describe, expect, it } from 'vitest';
import { MAX_FRAME_BYTES } from '../protocol/limits.js';
import type { FrameObject } from '../protocol/codec.js';
import type { UserInfo } from '../protocol/messages.js';
import type { MemberEndpoint } from './member.js';
import { Room } from './room.js';
import { FramedTestClient, useTestRoom } from '../gateway/test-support.js';

const endpoint: MemberEndpoint = {
  isTextClient: false,
  secure: false,
  remoteAddress: 'test',
  deliver: () => undefined,
  disconnect: () => undefined,
};
/** The longest away text; quotes double when JSON-escaped. */
const LONG_AWAY = '"'.repeat(256);

function pageThrough(room: Room, maxBytes: number, between?: (page: number) => void): UserInfo[] {
  const users: UserInfo[] = [];
  let page = room.listPage(0, maxBytes);
  for (let n = 1; ; n++) {
    users.push(...page.users);
    if (page.next === undefined) return users;
    between?.(n);
    page = room.listPage(page.next, maxBytes);
  }
}

describe('user list pages (room)', () => {
  it('pages are bounded by encoded size, in join order, and together hold everyone once', () => {
    const room = new Room({ name: 'r', maxUsers: 100, consentTimeoutMs: 60_000 });
    for (let i = 0; i < 30; i++) room.join(endpoint, `user${i}`);
    for (let i = 0; i < 30; i += 3) room.sleep(room.find(`user${i}`)!, LONG_AWAY);
    const first = room.listPage(0, 2000);
    expect(first.total).toBe(30);
    expect(Buffer.byteLength(JSON.stringify(first.users))).toBeLessThanOrEqual(2000);
    expect(first.next).toBeDefined();
    expect(pageThrough(room, 2000).map((u) => u.nick)).toEqual(Array.from({ length: 30 }, (_, i) => `user${i}`));
  });

  it('members leaving or renaming between pages make nobody else go missing', () => {
    const room = new Room({ name: 'r', maxUsers: 100, consentTimeoutMs: 60_000 });
    for (let i = 0; i < 20; i++) room.join(endpoint, `user${i}`);
    const listed = pageThrough(room, 150, (page) => {
      // Somebody already listed leaves, and somebody already listed renames (moves to the end, listed again).
      if (page === 1) room.leave(room.find('user0')!, 'quit');
      if (page === 2) room.rename(room.find('user1')!, 'renamed1');
    });
    const nicks = listed.map((u) => u.nick);
    for (let i = 2; i < 20; i++) expect(nicks).toContain(`user${i}`);
    expect(nicks).toContain('renamed1');
    expect(new Set(nicks).size).toBe(nicks.length);
  });
});

describe('user list pages (real sockets)', () => {
  const testRoom = useTestRoom();

  it('a room whose list is larger than one frame: login carries the first page and total, list pages the rest', async () => {
    const port = await testRoom.start({ rateLimit: 'off', maxUsers: 100 });
    // 40 users away with the longest away text: about 22 KiB of JSON, more than one 16 KiB frame.
    for (let i = 0; i < 40; i++) {
      const client = await FramedTestClient.login(port, `away${String(i).padStart(2, '0')}-${'가'.repeat(15)}`);
      testRoom.track(client);
      await client.ok('sleep', { text: LONG_AWAY });
    }
    const newcomer = await FramedTestClient.connect(port);
    testRoom.track(newcomer);
    const login = await newcomer.request('login', { nick: 'newcomer' });
    expect(login.t).toBe('ok');
    const first = login.result as { nick: string; users: UserInfo[]; total: number; next?: number };
    expect(first.total).toBe(41);
    expect(first.users.length).toBeLessThan(41);
    expect(first.next).toBeDefined();

    const users = [...first.users];
    let next = first.next;
    while (next !== undefined) {
      const page = await newcomer.ok('list', { after: next });
      users.push(...(page.users as UserInfo[]));
      next = page.next as number | undefined;
    }
    expect(users).toHaveLength(41);
    expect(new Set(users.map((u) => u.nick)).size).toBe(41);
    expect(users.find((u) => u.nick.startsWith('away07'))).toMatchObject({ status: 'away', awayText: LONG_AWAY });
    // `list` without `after` starts from the beginning again.
    expect(((await newcomer.ok('list')).users as UserInfo[])[0]?.nick).toBe(first.users[0]?.nick);
    expect((await newcomer.request('list', { after: -1 })).code).toBe('bad_request');
  });

  it('an error that echoes a name the client sent always fits a frame (no `bye internal`)', async () => {
    const port = await testRoom.start({ rateLimit: 'off' });
    const client = await FramedTestClient.login(port, 'atom');
    testRoom.track(client);
    const to = 'n'.repeat(MAX_FRAME_BYTES - 60);
    const reply: FrameObject = await client.request('whisper', { to, text: 'hi' });
    expect(reply).toMatchObject({ t: 'error', code: 'no_such_user' });
    expect((await client.request('with.answer', { from: to, accept: true })).code).toBe('no_pending_request');
    expect((await client.ok('list')).total).toBe(1);
  });
});
