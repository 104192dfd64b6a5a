/**
 * End to end in real Chromium against the real app services (browser-mode bridge) and real room servers: hosting and
 * joining from the UI, chat, whispers, away, 1:1 consent, leaving, the host closing the room (guests stop reconnecting
 * and can rejoin), and reconnecting after an unannounced loss.
 */
import { describe, expect, it } from 'vitest';
import { createRoomServer, type RoomServer } from '../main/gateway/server.js';
import { freePort } from '../main/free-port.js';
import { startSlowLink } from './support/slow-link.js';
import { hostedRoom, inWorld, ROOM_NAME } from './support/room.js';
import { ELECTRON_DRIVER } from './support/person.js';
import { E2E_SKIPPED } from './support/skip.js';
import type { User } from './support/user.js';

function noPageErrors(...users: User[]): void {
  for (const user of users) expect(user.pageErrors, `uncaught errors in ${user.name}'s page`).toEqual([]);
}

describe.skipIf(E2E_SKIPPED)('room scenarios in Chromium', () => {
  it('first run, host a room from the UI, join it from another page, chat', async () => {
    await inWorld(async (world) => {
      const alice = await world.user('alice');
      const bob = await world.user('bob');
      await alice.completeFirstRun();
      await bob.completeFirstRun();

      const port = await freePort();
      await alice.hostRoom(port, ROOM_NAME);
      await alice.page.getByRole('heading', { level: 1, name: ROOM_NAME }).waitFor();
      await alice.page.getByText(`127.0.0.1:${port}`).first().waitFor();
      // In Electron the room runs in a utility process of its own, not in the main process (the fallback).
      if (ELECTRON_DRIVER) expect(await alice.roomInItsOwnProcess()).toBe(true);
      await bob.joinRoom(port);
      await bob.page.getByRole('heading', { level: 1, name: ROOM_NAME }).waitFor();

      await alice.sees('bob joined the room.');
      await alice.person('bob', 'Active').waitFor();
      await bob.person('alice', 'Active').waitFor();

      await bob.send('Hello from bob 👋');
      await alice.sees('Hello from bob 👋');
      await bob.sees('Hello from bob 👋');
      await alice.send('안녕하세요, bob');
      await bob.sees('안녕하세요, bob');
      noPageErrors(alice, bob);
    });
  });

  it('a whisper reaches only its target', async () => {
    await inWorld(async (world) => {
      const {
        users: [alice, bob, carol],
      } = await hostedRoom(world, ['alice', 'bob', 'carol']);
      if (!alice || !bob || !carol) throw new Error('three users expected');
      await alice.personAction('bob', 'whisper').click();
      await expect.poll(() => alice.roomComposer.inputValue()).toBe('/to bob ');
      await alice.roomComposer.pressSequentially('just for you');
      await alice.roomComposer.press('Enter');

      const whisper = await bob.sees('just for you');
      await expect
        .poll(() => whisper.locator('xpath=ancestor::*[@data-kind][1]').getAttribute('data-kind'))
        .toBe('whisper');
      await bob.roomLog.getByText('whispers').last().waitFor();
      await alice.sees('whisper to bob');

      // The room's order is the server's: once carol sees the next room message, the whisper has long passed her by.
      await alice.send('now for everyone');
      await carol.sees('now for everyone');
      expect(await carol.roomLog.getByText('just for you').count()).toBe(0);
      noPageErrors(alice, bob, carol);
    });
  });

  it('away holds room messages back and gives them back, in order, on return', async () => {
    await inWorld(async (world) => {
      const {
        users: [alice, bob],
      } = await hostedRoom(world, ['alice', 'bob']);
      if (!alice || !bob) throw new Error('two users expected');
      await bob.page.getByRole('button', { name: 'Away', exact: true }).click();
      await bob.page.getByText(/^You are away\. /).waitFor();
      await alice.person('bob', 'Away').waitFor();
      await alice.sees('bob is away.');

      for (const text of ['one while away', 'two while away', 'three while away']) await alice.send(text);
      await alice.sees('three while away');
      await bob.page.getByRole('button', { name: 'I’m back' }).click();
      await bob.page.getByText(bob.t.awayHeld(3)).waitFor();
      await alice.person('bob', 'Active').waitFor();
      await alice.sees('bob is back.');
      for (const text of ['one while away', 'two while away', 'three while away']) await bob.sees(text);
      const log = await bob.roomLog.innerText();
      const order = ['one while away', 'two while away', 'three while away'].map((text) => log.indexOf(text));
      expect(order).toEqual([...order].sort((a, b) => a - b));
      expect(await bob.roomLog.getByText('two while away', { exact: true }).count()).toBe(1);

      await alice.send('welcome back');
      await bob.sees('welcome back');
      noPageErrors(alice, bob);
    });
  });

  it('a 1:1 accepted opens a private conversation; another declined is reported to the asker', async () => {
    await inWorld(async (world) => {
      const {
        users: [alice, bob, carol],
      } = await hostedRoom(world, ['alice', 'bob', 'carol']);
      if (!alice || !bob || !carol) throw new Error('three users expected');

      await alice.personAction('bob', 'askDm').click();
      await alice.page.getByText('Waiting for bob to accept…').waitFor();
      const request = bob.dialog('1:1 request');
      await request.getByText('alice would like a private 1:1 conversation with you.').waitFor();
      await request.getByText(/\d+s left/).waitFor();
      await request.getByRole('button', { name: 'Accept' }).click();
      await request.waitFor({ state: 'detached' });

      await alice.dmLog('bob').waitFor();
      await bob.dmLog('alice').waitFor();
      await carol.person('alice', 'In a 1:1').waitFor();
      await carol.person('bob', 'In a 1:1').waitFor();
      await alice.send('only the two of us', alice.dmComposer);
      await bob.sees('only the two of us', bob.dmLog('alice'));
      await bob.send('agreed', bob.dmComposer);
      await alice.sees('agreed', alice.dmLog('bob'));
      await alice.send('room line after the 1:1 talk');
      await carol.sees('room line after the 1:1 talk');
      expect(await carol.page.getByText('only the two of us').count()).toBe(0);

      await alice.page.getByRole('button', { name: 'End 1:1' }).click();
      await alice.sees('1:1 with bob ended.');
      await bob.sees('1:1 with alice ended.');
      await bob.dmLog('alice').waitFor({ state: 'detached' });
      await carol.person('bob', 'Active').waitFor();

      await carol.personAction('bob', 'askDm').click();
      const second = bob.dialog('1:1 request');
      await second.getByText('carol would like a private 1:1 conversation with you.').waitFor();
      await second.getByRole('button', { name: 'Decline' }).click();
      await carol.sees('bob declined the 1:1.');
      await carol.page.getByText('Waiting for bob to accept…').waitFor({ state: 'detached' });
      noPageErrors(alice, bob, carol);
    });
  });

  it('the host stops the room after confirming; members see it closed, stop reconnecting, and can rejoin', async () => {
    await inWorld(async (world) => {
      const {
        port,
        users: [alice, bob, carol],
      } = await hostedRoom(world, ['alice', 'bob', 'carol'], { language: 'en' });
      if (!alice || !bob || !carol) throw new Error('three users expected');
      await alice.page.getByRole('button', { name: 'Stop hosting' }).click();
      const confirm = alice.page.getByRole('alertdialog', { name: 'Stop the room?' });
      await confirm.getByText(/will be disconnected\./).waitFor();
      await confirm.getByRole('button', { name: 'Stop' }).click();
      // The host goes home; the guests see the room closed, with its conversation, and no reconnecting.
      await alice.page.getByRole('heading', { name: 'Join a room' }).waitFor();

      for (const guest of [bob, carol]) {
        await guest.sees('The host closed the room.');
        await guest.page.getByRole('heading', { name: 'This room was closed by its host' }).waitFor();
        await guest.page.getByRole('button', { name: 'Back to home' }).waitFor();
        await guest.page.getByRole('button', { name: 'Rejoin' }).waitFor();
        expect(await guest.roomComposer.count()).toBe(0);
        expect(await guest.page.getByRole('complementary', { name: 'People' }).count()).toBe(0);
      }
      // The e2e app retries after 200 ms to 1 s: three seconds would show several attempts.
      await bob.page.waitForTimeout(3_000);
      expect(await bob.page.getByText(/Reconnecting/).count()).toBe(0);

      await carol.page.getByRole('button', { name: 'Back to home' }).click();
      await carol.page.getByRole('heading', { name: 'Join a room' }).waitFor();

      await alice.hostRoom(port, ROOM_NAME);
      await bob.page.getByRole('button', { name: 'Rejoin' }).click();
      await bob.roomComposer.waitFor();
      await bob.person('alice', 'Active').waitFor();
      await bob.sees('The host closed the room.'); // the conversation before the close is still there
      await bob.send('back in the reopened room');
      await alice.sees('back in the reopened room');
      noPageErrors(alice, bob, carol);
    });
  });

  it('leaving asks first, and Leave stays put while Transfers opens and closes', async () => {
    await inWorld(async (world) => {
      const {
        users: [alice, bob],
      } = await hostedRoom(world, ['alice', 'bob']);
      if (!alice || !bob) throw new Error('two users expected');
      const leave = bob.page.getByRole('button', { name: 'Leave room' });
      const before = await leave.boundingBox();
      await bob.page.getByRole('button', { name: 'Transfers', exact: true }).click();
      await bob.page.getByRole('region', { name: 'Transfers' }).waitFor();
      expect(await leave.boundingBox()).toEqual(before);
      await leave.click();
      const confirm = bob.dialog('Leave this room?');
      await confirm.getByRole('button', { name: 'Stay' }).click();
      await confirm.waitFor({ state: 'detached' });
      await bob.roomComposer.waitFor();
      await bob.leaveRoom();
      await alice.sees('bob left the room.');
      noPageErrors(alice, bob);
    });
  });

  it('members reconnect by themselves after the connection drops without a word from the host', async () => {
    await inWorld(async (world) => {
      const server: RoomServer = createRoomServer({ roomName: 'Headless room' });
      world.onClose(() => server.close());
      const { port } = await server.listen(0, '127.0.0.1');
      const link = await startSlowLink(port, 64 * 1024 * 1024);
      world.onClose(() => link.close());
      const alice = await world.user('alice', { nickname: 'alice' });
      const bob = await world.user('bob', { nickname: 'bob' });
      await alice.joinRoom(link.port);
      await bob.joinRoom(link.port);
      await alice.person('bob').waitFor();

      link.cut();
      for (const user of [alice, bob]) {
        await user.sees('Reconnected to the room.');
        await user.page.getByRole('status').filter({ hasText: 'Connected' }).waitFor();
      }
      await alice.person('bob').waitFor();
      await bob.send('back again');
      await alice.sees('back again');
      noPageErrors(alice, bob);
    });
  });
});
