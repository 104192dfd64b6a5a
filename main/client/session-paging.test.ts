import { afterEach, describe, expect, it } from 'vitest';
import type { Room } from '../rooms/room.js';
import { FramedTestClient } from '../gateway/test-support.js';
import { createHarness } from './test-support.js';

const harness = createHarness();
const others: FramedTestClient[] = [];
afterEach(async () => {
  for (const client of others.splice(0)) client.close();
  await harness.cleanup();
});

/** 40 members away with the longest away text: a user list of about 22 KiB, more than one frame. */
async function crowd(port: number): Promise<void> {
  for (let i = 0; i < 40; i++) {
    const client = await FramedTestClient.login(port, `away${String(i).padStart(2, '0')}`);
    others.push(client);
    await client.ok('sleep', { text: '"'.repeat(256) });
  }
}

describe('ClientSession user list larger than one frame', () => {
  it('login and list() return the whole list, fetched page by page', async () => {
    const { port } = await harness.startServer({ rateLimit: 'off' });
    await crowd(port);
    const session = harness.session(port, 'newcomer');
    const login = await session.connect();
    expect(login.users).toHaveLength(41);
    expect(login.users.filter((u) => u.status === 'away')).toHaveLength(40);
    const { users } = await session.list();
    expect(users.map((u) => u.nick).sort()).toEqual(login.users.map((u) => u.nick).sort());
  });

  it('somebody who leaves or renames while the pages arrive ends up as the room has them', async () => {
    const { server, port } = await harness.startServer({ rateLimit: 'off' });
    await crowd(port);
    const room: Room = server.room;
    const listPage = room.listPage.bind(room);
    let calls = 0;
    room.listPage = (after, maxBytes) => {
      // Between the login page and the next one: one already-listed member leaves, another renames.
      if (++calls === 2) {
        room.leave(room.find('away00')!, 'quit');
        room.rename(room.find('away01')!, 'renamed01');
      }
      return listPage(after, maxBytes);
    };
    const login = await harness.session(port, 'newcomer').connect();
    expect(calls).toBeGreaterThanOrEqual(2);
    const nicks = login.users.map((u) => u.nick);
    expect(nicks).not.toContain('away00');
    expect(nicks).not.toContain('away01');
    expect(nicks).toContain('renamed01');
    expect(nicks).toHaveLength(40);
  });
});
