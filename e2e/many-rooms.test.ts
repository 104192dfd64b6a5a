/**
 * Many rooms on one host (docs/PROTOCOL.md section 19), end to end in real Chromium against the real app services and a
 * real many-room server: the join form lists the host's rooms once the address is typed, a room picked there is the
 * room joined and chatted in (others in another room hear nothing), a one-room host shows no room choice at all, and a
 * room the host no longer has is refused in plain words.
 */
import { describe, expect, it } from 'vitest';
import { startRoomHost, type RoomHost, type RoomHostOptions } from '../main/host/start-room-host.js';
import { axeFindings, formatFindings } from './support/axe.js';
import { freePort } from '../main/free-port.js';
import type { Harness } from './support/harness.js';
import { inWorld, ROOM_NAME } from './support/room.js';
import { E2E_SKIPPED } from './support/skip.js';
import type { User } from './support/user.js';

async function manyRoomHost(world: Harness, port: number, options: RoomHostOptions = {}): Promise<RoomHost> {
  const host = await startRoomHost({
    port,
    host: '127.0.0.1',
    rooms: [{ name: 'lobby' }, { name: 'math', maxUsers: 30 }, { name: '수학반', password: 'sesame' }],
    ...options,
  });
  world.onClose(() => host.close());
  return host;
}

/** The join form's room choice (a group named "Room …"), once the host answered. */
function roomChoice(user: User) {
  return user.page
    .getByRole('form', { name: user.t.joinTitle })
    .getByRole('group', { name: new RegExp(`^${user.t.room}`) });
}

async function typeAddress(user: User, port: number): Promise<void> {
  await user.page
    .getByRole('form', { name: user.t.joinTitle })
    .getByLabel(user.t.hostAddress)
    .fill(`127.0.0.1:${port}`);
}

function noPageErrors(...users: User[]): void {
  for (const user of users) expect(user.pageErrors, `uncaught errors in ${user.name}'s page`).toEqual([]);
}

describe.skipIf(E2E_SKIPPED)('many rooms on one host, in Chromium', () => {
  it('picks a room from the join form’s list and chats there; the default room hears nothing', async () => {
    await inWorld(async (world) => {
      const port = await freePort();
      const host = await manyRoomHost(world, port);
      const alice = await world.user('alice', { nickname: 'alice' });
      const bob = await world.user('bob', { nickname: 'bob', language: 'ko' });
      const carol = await world.user('carol', { nickname: 'carol' });

      for (const user of [alice, bob]) {
        await typeAddress(user, port);
        const choice = roomChoice(user);
        // The default room comes chosen; every room shows its people and capacity, a password room its lock.
        await expect
          .poll(() => choice.getByRole('radio', { name: new RegExp(`^lobby ?, ?${user.t.roomDefault}`) }).isChecked())
          .toBe(true);
        await choice.getByRole('radio', { name: new RegExp(`^수학반 ?, ?${user.t.nearbyPassword} ?, ?`) }).waitFor();
        // The room choice passes axe (WCAG A/AA and best practices) in both languages.
        const findings = await axeFindings(user.page);
        expect(findings, formatFindings(`join form with rooms (${user.name})`, findings)).toEqual([]);
        await choice.getByRole('radio', { name: /^math ?,/ }).check();
        await user.page.getByRole('button', { name: user.t.join, exact: true }).click();
        await user.page.getByRole('heading', { level: 1, name: 'math' }).waitFor();
      }
      // Carol joins without choosing: the default room.
      await carol.joinRoom(port);
      await carol.page.getByRole('heading', { level: 1, name: 'lobby' }).waitFor();

      await alice.person('bob').waitFor();
      await bob.send('math 방에 안녕');
      await alice.sees('math 방에 안녕');
      await carol.send('lobby only');
      await carol.sees('lobby only');
      await bob.sees('math 방에 안녕');
      expect(await alice.roomLog.getByText('lobby only').count()).toBe(0);
      expect(await carol.roomLog.getByText('math 방에 안녕').count()).toBe(0);
      expect(host.server.rooms.list().map(({ info }) => [info.name, info.people])).toEqual([
        ['lobby', 1],
        ['math', 2],
        ['수학반', 0],
      ]);
      noPageErrors(alice, bob, carol);
    });
  }, 120_000);

  it('a one-room host shows no room choice: the form is as before', async () => {
    await inWorld(async (world) => {
      const alice = await world.user('alice', { nickname: 'alice' });
      const bob = await world.user('bob', { nickname: 'bob' });
      const port = await freePort();
      await alice.hostRoom(port, ROOM_NAME);
      const many = await freePort();
      await manyRoomHost(world, many);
      // The same form shows a choice for a many-room host, and loses it for the one-room host.
      await typeAddress(bob, many);
      await roomChoice(bob).waitFor();
      await typeAddress(bob, port);
      await roomChoice(bob).waitFor({ state: 'detached' });
      // Long enough for the host's answer (asked 0.6 s after typing stops) to have come and shown nothing.
      await bob.page.waitForTimeout(2_500);
      expect(await bob.page.getByRole('radio').count()).toBe(0);
      expect(await bob.page.getByLabel(bob.t.room, { exact: true }).count()).toBe(0);
      await bob.page.getByRole('button', { name: bob.t.join, exact: true }).click();
      await bob.page.getByRole('heading', { level: 1, name: ROOM_NAME }).waitFor();
      noPageErrors(alice, bob);
    });
  }, 120_000);

  it('a recent room the host no longer has is refused in plain words (no_such_room), in Korean', async () => {
    await inWorld(async (world) => {
      const port = await freePort();
      const first = await manyRoomHost(world, port, { rooms: [{ name: 'lobby' }, { name: 'art' }] });
      const bob = await world.user('bob', { nickname: 'bob', language: 'ko' });
      await typeAddress(bob, port);
      await roomChoice(bob)
        .getByRole('radio', { name: /^art ?,/ })
        .check();
      await bob.page.getByRole('button', { name: bob.t.join, exact: true }).click();
      await bob.page.getByRole('heading', { level: 1, name: 'art' }).waitFor();
      await bob.leaveRoom();
      // The host starts again without "art" (same identity, same port).
      await first.close();
      await manyRoomHost(world, port, { rooms: [{ name: 'lobby' }, { name: 'math' }] });
      await bob.page.getByRole('region', { name: bob.t.joinTitle }).getByRole('button', { name: /^art/ }).click();
      const alert = bob.page.getByRole('form', { name: bob.t.joinTitle }).getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toBe(bob.t.err_no_such_room('art'));
      noPageErrors(bob);
    });
  }, 120_000);
});
