/**
 * The room at small window sizes, in real Chromium: with a 1:1 open at 640×480 the conversation keeps a usable
 * composer, every header control can be clicked (secondary ones through More), and the side columns open over the
 * conversation and close with Escape. No favicon request fails on load. The home screen at 640×480 shows a guest the
 * rooms on the network first (one column, join card before the host card, in the DOM too); two columns from 768 px.
 */
import { describe, expect, it } from 'vitest';
import { FIXTURE_ROOMS, fixtureFinder } from './support/fixture-rooms.js';
import { startHarness } from './support/harness.js';
import { hostedRoom, inWorld } from './support/room.js';
import { E2E_SKIPPED } from './support/skip.js';
import type { User } from './support/user.js';

/** The element's width once it is laid out (right after a resize the overlay may still be mounting). */
async function widthOf(user: User, locator: ReturnType<User['page']['getByRole']>): Promise<number> {
  await locator.waitFor({ state: 'visible' });
  for (let tries = 0; tries < 50; tries++) {
    const box = await locator.boundingBox();
    if (box && box.width > 0) return box.width;
    await user.page.waitForTimeout(100);
  }
  throw new Error('not laid out');
}

describe.skipIf(E2E_SKIPPED)('the room in a small window', () => {
  it('at 640×480 with a 1:1 open: wide composers, every header control clickable, overlays close with Escape', async () => {
    await inWorld(async (world) => {
      const {
        users: [alice, bob],
      } = await hostedRoom(world, ['alice', 'bob']);
      if (!alice || !bob) throw new Error('two users expected');
      const failed: string[] = [];
      alice.page.on('requestfailed', (request) => failed.push(request.url()));
      alice.page.on('response', (response) => {
        if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
      });
      await alice.page.reload();
      await alice.roomComposer.waitFor();

      await bob.personAction('alice', 'askDm').click();
      await alice.dialog('1:1 request').getByRole('button', { name: 'Accept' }).click();
      await alice.dmLog('bob').waitFor();
      await alice.page.setViewportSize({ width: 640, height: 480 });
      const page = alice.page;
      const header = page.getByRole('banner');

      // The 1:1 opens over the room; its composer is wide enough to write in.
      expect(await widthOf(alice, alice.dmComposer)).toBeGreaterThanOrEqual(300);
      await alice.send('from a small window', alice.dmComposer);
      await bob.sees('from a small window', bob.dmLog('alice'));
      for (const name of ['1:1 with bob', 'People', 'More', 'Leave room'])
        await header.getByRole('button', { name, exact: true }).click({ trial: true });
      expect(await header.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
      expect((await header.boundingBox())?.height).toBe(56);

      // Escape closes the 1:1 pane: the room's composer has the whole width.
      await alice.dmComposer.press('Escape');
      await alice.dmLog('bob').waitFor({ state: 'hidden' });
      expect(await widthOf(alice, alice.roomComposer)).toBeGreaterThanOrEqual(450);
      await alice.send('room line from 640 px');
      await bob.sees('room line from 640 px');

      // More → Transfers opens over the conversation; Escape closes it and gives focus back.
      const more = header.getByRole('button', { name: 'More' });
      await more.focus();
      await page.keyboard.press('ArrowDown');
      const menu = page.getByRole('menu', { name: 'More' });
      await menu.waitFor();
      for (const name of ['Away', 'Search', 'Transfers', 'Settings'])
        await menu.getByRole('menuitemcheckbox', { name }).or(menu.getByRole('menuitem', { name })).waitFor();
      await menu.getByRole('menuitemcheckbox', { name: 'Transfers' }).click();
      await page.getByRole('region', { name: 'Transfers' }).waitFor();
      await page.keyboard.press('Escape');
      await page.getByRole('region', { name: 'Transfers' }).waitFor({ state: 'detached' });

      // People from its toggle, and back to the 1:1 from its toggle.
      await header.getByRole('button', { name: 'People' }).click();
      await alice.person('bob').waitFor();
      await page.keyboard.press('Escape');
      await alice.person('bob').waitFor({ state: 'hidden' });
      await header.getByRole('button', { name: '1:1 with bob' }).click();
      await alice.dmLog('bob').waitFor();

      // 800×600: still overlays, nothing clipped; 1280×800: three columns again.
      await page.setViewportSize({ width: 800, height: 600 });
      expect(await widthOf(alice, alice.dmComposer)).toBeGreaterThanOrEqual(300);
      await page.setViewportSize({ width: 1280, height: 800 });
      await alice.person('bob').waitFor();
      expect(await widthOf(alice, alice.roomComposer)).toBeGreaterThanOrEqual(400);
      await header.getByRole('button', { name: 'Settings' }).click({ trial: true });
      expect(failed).toEqual([]);
      expect(alice.pageErrors).toEqual([]);
    });
  });

  it('the home screen at 640×480: rooms on this network first, without scrolling; two columns at 1280×800', async () => {
    const world = await startHarness({ finder: fixtureFinder(FIXTURE_ROOMS.en) });
    try {
      const guest = await world.user('guest', { nickname: 'guest', language: 'en', theme: 'light' });
      const page = guest.page;
      await page.setViewportSize({ width: 640, height: 480 });
      const firstRoom = page.getByRole('list', { name: guest.t.nearbyTitle }).getByRole('button').first();
      await firstRoom.waitFor();
      const box = async (id: string) => {
        const found = await page.locator(`#${id}`).boundingBox();
        if (!found) throw new Error(`#${id} is not laid out`);
        return found;
      };
      const [join, host] = [await box('join-card'), await box('host-card')];
      expect(join.y + join.height).toBeLessThanOrEqual(host.y);
      const room = await firstRoom.boundingBox();
      expect(room && room.y + room.height).toBeLessThanOrEqual(480);
      // DOM order is what is seen: reading order and Tab go to the join card first.
      const order = () => page.$$eval('main section[id$="-card"]', (cards) => cards.map((card) => card.id));
      expect(await order()).toEqual(['join-card', 'host-card']);

      await page.setViewportSize({ width: 1280, height: 800 });
      await expect.poll(order).toEqual(['host-card', 'join-card']);
      const [wideHost, wideJoin] = [await box('host-card'), await box('join-card')];
      expect(wideHost.x + wideHost.width).toBeLessThanOrEqual(wideJoin.x);
      expect(wideHost.y).toBe(wideJoin.y);
      expect(guest.pageErrors).toEqual([]);
    } finally {
      await world.close();
    }
  }, 60_000);
});
