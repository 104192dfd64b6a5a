/**
 * History that stays and can be searched (issue 12), end to end in Chromium against a real host: a reload and a
 * restart of the app keep the conversation (stored on this device; the host's replay adds nothing twice), search
 * finds a Korean word and jumps to its message, and a late joiner sees what was said before, marked as earlier.
 */
import { describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import { hostedRoom, inWorld } from './support/room.js';
import { E2E_SKIPPED } from './support/skip.js';
import type { User } from './support/user.js';

function noPageErrors(...users: User[]): void {
  for (const user of users) expect(user.pageErrors, `uncaught errors in ${user.name}'s page`).toEqual([]);
}

/** Whether `target` is rendered inside the visible part of the log (the list is virtualized, with overscan). */
async function inView(log: Locator, target: Locator): Promise<boolean> {
  if ((await target.count()) === 0) return false;
  const [outer, inner] = [await log.boundingBox(), await target.boundingBox()];
  if (!outer || !inner) return false;
  return inner.y >= outer.y - 1 && inner.y + inner.height <= outer.y + outer.height + 1;
}

/** How many message bodies in a (short, so fully rendered) log read exactly `text`. */
function copies(log: Locator, text: string): Promise<number> {
  return log.getByText(text, { exact: true }).count();
}

describe.skipIf(E2E_SKIPPED)('history in Chromium', () => {
  it('a reload keeps the conversation, each message once', async () => {
    await inWorld(async (world) => {
      const {
        users: [alice, bob],
      } = await hostedRoom(world, ['alice', 'bob']);
      if (!alice || !bob) throw new Error('two users expected');
      await alice.send('before the reload, from alice');
      await bob.send('before the reload, from bob');
      await bob.sees('before the reload, from alice');

      await bob.page.reload();
      await alice.page.reload();
      for (const user of [alice, bob]) {
        await user.sees('before the reload, from bob');
        await user.sees('before the reload, from alice');
        expect(await copies(user.roomLog, 'before the reload, from alice')).toBe(1);
        expect(await copies(user.roomLog, 'before the reload, from bob')).toBe(1);
      }
      // A stored notice reads like a live one.
      await alice.sees('bob joined the room.');
      expect(await copies(alice.roomLog, 'bob joined the room.')).toBe(1);

      await alice.send('after the reload');
      await bob.sees('after the reload');
      noPageErrors(alice, bob);
    });
  });

  it('a restart of the app keeps the conversation; rejoining adds none of it twice though the host replays it', async () => {
    await inWorld(async (world) => {
      const {
        port,
        users: [alice, bob],
      } = await hostedRoom(world, ['alice', 'bob']);
      if (!alice || !bob) throw new Error('two users expected');
      await alice.send('said before the restart');
      await bob.send('bob answers before the restart');
      await bob.sees('said before the restart');
      await alice.sees('bob answers before the restart');

      const again = await world.restart(bob);
      await again.page.getByRole('heading', { name: again.t.joinTitle }).waitFor();
      await again.joinRoom(port);
      await again.sees('said before the restart');
      await again.sees('bob answers before the restart');
      await alice.sees('bob joined the room.');
      await alice.send('after the restart');
      await again.sees('after the restart');
      for (const text of ['said before the restart', 'bob answers before the restart', 'after the restart'])
        expect(await copies(again.roomLog, text), text).toBe(1);
      noPageErrors(alice, again);
    });
  });

  it('search finds a Korean phrase by either word; Enter or a click jumps to the message in the room', async () => {
    await inWorld(async (world) => {
      const {
        users: [alice, bob],
      } = await hostedRoom(world, ['alice', 'bob']);
      if (!alice || !bob) throw new Error('two users expected');
      await alice.send('사랑방에서 만나요');
      // Enough after it that the message scrolls out of view.
      const filler = Array.from({ length: 12 }, (_, i) => `line ${i + 1}`).join('\n');
      for (let i = 1; i <= 6; i++) await alice.send(`later ${i}\n${filler}`);
      await bob.sees(/^later 6/);

      await bob.roomLog.click({ position: { x: 10, y: 10 } });
      await bob.page.keyboard.press('Control+f');
      const box = bob.page.getByRole('combobox', { name: bob.t.searchLabel });
      await box.waitFor();
      const results = bob.page.getByRole('listbox', { name: bob.t.searchLabel });
      const hit = results.getByRole('option').filter({ hasText: '사랑방에서 만나요' });

      await box.fill('사랑방');
      await hit.waitFor();
      expect(await hit.locator('mark').allTextContents()).toEqual(['사랑방']);
      await box.fill('만나');
      await hit.locator('mark', { hasText: '만나' }).waitFor();
      expect(await results.getByRole('option').count()).toBe(1);

      const message = bob.roomLog.getByText('사랑방에서 만나요', { exact: true });
      expect(await inView(bob.roomLog, message)).toBe(false);
      await hit.click();
      await bob.roomLog.locator('[data-highlight]').getByText('사랑방에서 만나요').waitFor();
      await expect.poll(() => inView(bob.roomLog, message)).toBe(true);

      await box.press('Escape');
      await box.waitFor({ state: 'detached' });
      noPageErrors(alice, bob);
    });
  });

  it('a late joiner sees what was said before it came, marked as earlier', async () => {
    await inWorld(async (world) => {
      const {
        port,
        users: [alice, bob],
      } = await hostedRoom(world, ['alice', 'bob']);
      if (!alice || !bob) throw new Error('two users expected');
      await alice.send('hello bob, before carol');
      await bob.send('hi alice, carol is not here yet');
      await alice.sees('hi alice, carol is not here yet');

      const carol = await world.user('carol', { nickname: 'carol' });
      await carol.joinRoom(port);
      const earlier = carol.roomLog.getByRole('separator', { name: carol.t.earlierMessages });
      await earlier.waitFor();
      const first = await carol.sees('hello bob, before carol');
      await carol.sees('hi alice, carol is not here yet');
      const index = (l: Locator) => l.locator('xpath=ancestor-or-self::*[@data-index][1]').getAttribute('data-index');
      expect(Number(await index(earlier))).toBeLessThan(Number(await index(first)));
      expect(await copies(carol.roomLog, 'hello bob, before carol')).toBe(1);
      await bob.send('now carol is here');
      await carol.sees('now carol is here');
      noPageErrors(alice, bob, carol);
    });
  });
});
