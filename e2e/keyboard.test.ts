/**
 * The main flows with the keyboard alone (Tab, Enter, Space, Escape, and the arrows in the suggestion list), every
 * control found by its role and accessible name as a screen reader announces it, in real Chromium against a real
 * host: first run, joining, chatting with command completion, settings, answering a 1:1 request and sending a file.
 * Focus must land where the person works: inside a dialog when it opens, back where it was when it closes.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { randomFile } from './support/files.js';
import { freePort } from '../main/free-port.js';
import { describeFocus, focusWithin, hasFocus, tabTo } from './support/keyboard.js';
import { hostedRoom, inWorld, ROOM_NAME } from './support/room.js';
import { E2E_SKIPPED } from './support/skip.js';
import type { User } from './support/user.js';

function noPageErrors(...users: User[]): void {
  for (const user of users) expect(user.pageErrors, `uncaught errors in ${user.name}'s page`).toEqual([]);
}

async function expectFocus(user: User, check: Promise<boolean>, where: string): Promise<void> {
  expect(await check, `${user.name}'s focus should be ${where}, is on ${await describeFocus(user.page)}`).toBe(true);
}

describe.skipIf(E2E_SKIPPED)('keyboard only, by accessible names', () => {
  it('first run, join, chat with command completion, settings', async () => {
    await inWorld(async (world) => {
      const alice = await world.user('alice', { nickname: 'alice' });
      const port = await freePort();
      await alice.hostRoom(port, ROOM_NAME);

      const bob = await world.user('bob');
      const { page, t } = bob;
      await page.getByRole('heading', { level: 1, name: t.welcomeTitle }).waitFor();
      await expectFocus(bob, hasFocus(page.getByRole('textbox', { name: t.nickname })), 'on the nickname');
      await page.keyboard.type('bob');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: t.appName }).waitFor();

      const joinForm = page.getByRole('form', { name: t.joinTitle });
      await tabTo(page, joinForm.getByRole('textbox', { name: t.hostAddress }));
      await page.keyboard.type(`127.0.0.1:${port}`);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: ROOM_NAME }).waitFor();
      await page.getByRole('main').waitFor();
      await expectFocus(bob, hasFocus(bob.roomComposer), 'in the message box once the room opens');

      await page.keyboard.type('typed without a mouse');
      await page.keyboard.press('Enter');
      await alice.sees('typed without a mouse');
      await bob.sees('typed without a mouse');
      await expect.poll(() => bob.roomComposer.inputValue()).toBe('');
      await expectFocus(bob, hasFocus(bob.roomComposer), 'still in the message box after sending');

      // Command completion: the box points at the active option; Up from the first wraps to the last, scrolled in.
      await page.keyboard.type('/');
      const suggestions = page.getByRole('listbox', { name: t.suggestions });
      await suggestions.waitFor();
      const options = suggestions.getByRole('option');
      expect(await options.count()).toBeGreaterThan(3);
      const first = options.first();
      expect(await bob.roomComposer.getAttribute('aria-activedescendant')).toBe(await first.getAttribute('id'));
      await page.keyboard.press('ArrowUp');
      const last = options.last();
      await expect.poll(() => last.getAttribute('aria-selected')).toBe('true');
      expect(await bob.roomComposer.getAttribute('aria-activedescendant')).toBe(await last.getAttribute('id'));
      await expect
        .poll(async () => {
          const [list, option] = [await suggestions.boundingBox(), await last.boundingBox()];
          return !!list && !!option && option.y >= list.y - 1 && option.y + option.height <= list.y + list.height + 1;
        })
        .toBe(true);
      await page.keyboard.press('Escape');
      await suggestions.waitFor({ state: 'detached' });
      await page.keyboard.press('Backspace');
      expect(await bob.roomComposer.inputValue()).toBe('');

      // Settings: focus goes in, stays in on Tab, and comes back to the button on Escape.
      const settingsButton = page.getByRole('button', { name: t.settings, exact: true });
      await tabTo(page, settingsButton);
      await page.keyboard.press('Enter');
      const settings = page.getByRole('dialog', { name: t.settingsTitle });
      await settings.waitFor();
      await expectFocus(bob, focusWithin(settings), 'inside the settings dialog');
      for (let i = 0; i < 25; i++) await page.keyboard.press('Tab');
      await expectFocus(bob, focusWithin(settings), 'kept inside the settings dialog by Tab');
      await page.keyboard.press('Escape');
      await settings.waitFor({ state: 'detached' });
      await expectFocus(bob, hasFocus(settingsButton), 'back on the Settings button');
      noPageErrors(alice, bob);
    });
  });

  it('answering a 1:1 request and sending a file', async () => {
    await inWorld(async (world) => {
      const {
        users: [alice, bob],
      } = await hostedRoom(world, ['alice', 'bob']);
      if (!alice || !bob) throw new Error('two users expected');
      const t = alice.t;

      // bob is writing when the request comes in; after answering he is back where he was.
      await tabTo(bob.page, bob.roomComposer);
      await bob.page.keyboard.type('half a thought');
      await tabTo(alice.page, alice.personAction('bob', 'askDm'));
      await alice.page.keyboard.press('Enter');
      const request = bob.dialog(t.dmRequestTitle);
      await request.getByText(t.dmRequestBody('alice')).waitFor();
      const accept = request.getByRole('button', { name: t.accept });
      await expectFocus(bob, hasFocus(accept), 'on Accept in the request');
      for (let i = 0; i < 5; i++) await bob.page.keyboard.press('Tab');
      await expectFocus(bob, focusWithin(request), 'kept inside the request by Tab');
      await tabTo(bob.page, accept);
      await bob.page.keyboard.press('Enter');
      await request.waitFor({ state: 'detached' });
      await bob.dmLog('alice').waitFor();
      await expectFocus(bob, hasFocus(bob.roomComposer), 'back in the message box');
      expect(await bob.roomComposer.inputValue()).toBe('half a thought');

      await tabTo(bob.page, bob.dmComposer);
      await bob.page.keyboard.type('hi alice, privately');
      await bob.page.keyboard.press('Enter');
      await alice.sees('hi alice, privately', alice.dmLog('bob'));

      // A file, chosen for bob in the "Send files" dialog with Space and Enter; bob accepts with the keyboard.
      const file = await randomFile(join(world.tmp, 'alice-files'), 'plan.pdf', 64 * 1024);
      await alice.queueFilePick([file]);
      const attach = alice.page.getByRole('main').getByRole('button', { name: t.sendFiles, exact: true });
      await tabTo(alice.page, attach);
      await alice.page.keyboard.press('Enter');
      const chooser = alice.page.getByRole('dialog', { name: t.sendFiles });
      await chooser.waitFor();
      await expectFocus(alice, focusWithin(chooser), 'inside the Send files dialog');
      const bobBox = chooser.getByRole('checkbox', { name: 'bob' });
      await tabTo(alice.page, bobBox);
      await alice.page.keyboard.press('Space');
      expect(await bobBox.isChecked()).toBe(true);
      await tabTo(alice.page, chooser.getByRole('button', { name: t.chooseFiles }));
      await alice.page.keyboard.press('Enter');
      await chooser.waitFor({ state: 'detached' });
      await expectFocus(alice, hasFocus(attach), 'back on the Send files button');

      const offer = bob.dialog(t.offerTitle);
      await offer.getByText('plan.pdf').waitFor();
      await expectFocus(bob, focusWithin(offer), 'inside the file offer');
      await tabTo(bob.page, offer.getByRole('button', { name: t.accept }));
      await bob.page.keyboard.press('Enter');
      await offer.waitFor({ state: 'detached' });

      await tabTo(bob.page, bob.page.getByRole('button', { name: t.transfers, exact: true }));
      await bob.page.keyboard.press('Enter');
      await bob.page.getByRole('region', { name: t.transfers }).waitFor();
      await bob.transfer('plan.pdf', t.t_verified).waitFor();
      await alice.openTransfers();
      await alice.transfer('plan.pdf', t.t_verified).waitFor();
      noPageErrors(alice, bob);
    });
  });
});
