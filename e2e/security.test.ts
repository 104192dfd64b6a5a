/**
 * End to end in real Chromium against real room servers (browser-mode bridge): secure rooms as a person meets them.
 * A guest who types the host's room code sees the room verified in the header; a room whose identity changed stops
 * the join with both codes, and "Trust the new identity" joins it.
 */
import { describe, expect, it } from 'vitest';
import { createRoomServer, type RoomServer } from '../main/gateway/server.js';
import { createIdentity } from '../main/security/identity.js';
import { freePort } from '../main/free-port.js';
import { inWorld, ROOM_NAME } from './support/room.js';
import { E2E_SKIPPED } from './support/skip.js';
import type { User } from './support/user.js';

const CODE = /^([0-9A-Z]{4}-){4}[0-9A-Z]{4}$/;

function noPageErrors(...users: User[]): void {
  for (const user of users) expect(user.pageErrors, `uncaught errors in ${user.name}'s page`).toEqual([]);
}

/** The room header's lock, by its accessible name (the lock state, then the room code). */
function lock(user: User, state: string, code: string) {
  return user.page.getByRole('img', { name: `${state}. ${user.t.secRoomCode(code)}`, exact: true });
}

describe.skipIf(E2E_SKIPPED)('secure rooms in Chromium', () => {
  it('a guest who types the room code joins a room verified by it', async () => {
    await inWorld(async (world) => {
      const alice = await world.user('alice', { nickname: 'alice' });
      const bob = await world.user('bob', { nickname: 'bob' });
      const port = await freePort();
      await alice.hostRoom(port, ROOM_NAME);
      const code = (await alice.page.getByText(CODE).first().textContent())!.trim();
      // The host joins its own room with its code.
      await lock(alice, alice.t.secVerified, code).waitFor();

      const form = bob.page.getByRole('form', { name: bob.t.joinTitle });
      await form.getByLabel(bob.t.hostAddress).fill(`127.0.0.1:${port}`);
      await form.getByRole('textbox', { name: new RegExp(bob.t.joinCode) }).fill(code.toLowerCase());
      await form.getByRole('button', { name: bob.t.join, exact: true }).click();
      await bob.page.getByRole('heading', { level: 1, name: ROOM_NAME }).waitFor();
      await lock(bob, bob.t.secVerified, code).waitFor();
      await alice.person('bob').waitFor();
      noPageErrors(alice, bob);
    });
  });

  it('a room whose identity changed shows both codes, and “Trust the new identity” joins it', async () => {
    await inWorld(async (world) => {
      const before = await createIdentity('Host before');
      let server: RoomServer = createRoomServer({ roomName: 'Headless room', identity: before });
      world.onClose(() => server.close());
      const { port } = await server.listen(0, '127.0.0.1');
      const bob = await world.user('bob', { nickname: 'bob' });
      await bob.joinRoom(port);
      await lock(bob, bob.t.secFirstUse, before.code).waitFor();
      await bob.leaveRoom();

      // The same address now answers with another identity (a reinstalled host, or someone in between).
      await server.close();
      const after = await createIdentity('Host after');
      server = createRoomServer({ roomName: 'Headless room', identity: after });
      await server.listen(port, '127.0.0.1');

      const form = bob.page.getByRole('form', { name: bob.t.joinTitle });
      await form.getByLabel(bob.t.hostAddress).fill(`127.0.0.1:${port}`);
      await form.getByRole('button', { name: bob.t.join, exact: true }).click();
      const dialog = bob.dialog(bob.t.identityChangedTitle);
      await dialog.waitFor();
      await dialog.getByText(before.code, { exact: true }).waitFor();
      await dialog.getByText(after.code, { exact: true }).waitFor();
      await dialog.getByRole('button', { name: bob.t.trustNewIdentity }).click();
      await bob.roomLog.waitFor();
      await lock(bob, bob.t.secFirstUse, after.code).waitFor();
      expect(server.room.size).toBe(1);
      noPageErrors(bob);
    });
  });
});
