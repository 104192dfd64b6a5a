/**
 * Files in the conversation (issue 14), end to end in Chromium against a real host: alice sends bob a PNG with the
 * "Send files" button; bob puts the offer dialog away with Later and accepts from the card in the room log; both
 * logs show the card verified, bob's with the thumbnail the page decoded from the app's own preview route; a reload
 * keeps the cards (and the thumbnail).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256 } from './support/files.js';
import { pngFile } from './support/png.js';
import { hostedRoom, inWorld } from './support/room.js';
import { E2E_SKIPPED } from './support/skip.js';
import type { User } from './support/user.js';

function card(user: User, from: string, name: string) {
  return user.roomLog.getByRole('article', { name: user.t.cardLabel(from, name) });
}

/** The decoded width of the card's thumbnail (0 while not decoded or broken). */
function thumbnailWidth(user: User, from: string, name: string): Promise<number> {
  return card(user, from, name)
    .getByRole('img', { name: user.t.cardPreview(name) })
    .evaluate((img) => (img as unknown as { complete: boolean; naturalWidth: number }).naturalWidth);
}

describe.skipIf(E2E_SKIPPED)('file cards in Chromium', () => {
  it('a PNG from alice to bob: accepted from the card, verified in both logs, thumbnail decoded, kept on reload', async () => {
    await inWorld(async (world) => {
      const {
        users: [alice, bob],
      } = await hostedRoom(world, ['alice', 'bob']);
      if (!alice || !bob) throw new Error('two users expected');
      const photo = await pngFile(join(world.tmp, 'alice-files'), 'sunset.png', 320, 200);
      await alice.queueFilePick([photo]);
      await alice.page.getByRole('button', { name: alice.t.sendFiles, exact: true }).click();
      const chooser = alice.page.getByRole('dialog', { name: alice.t.sendFiles });
      await chooser.getByRole('checkbox', { name: 'bob' }).check();
      await chooser.getByRole('button', { name: alice.t.chooseFiles }).click();

      // Both logs show the offer at once; bob answers from his card, not the dialog.
      await card(alice, 'alice', 'sunset.png').getByText(alice.t.t_waiting).waitFor();
      const offer = bob.dialog(bob.t.offerTitle);
      await offer.getByRole('button', { name: bob.t.later }).click();
      await offer.waitFor({ state: 'detached' });
      const bobCard = card(bob, 'alice', 'sunset.png');
      await bobCard.getByText(bob.t.cardAnswer).waitFor();
      await bobCard.getByRole('button', { name: bob.t.accept }).click();

      await bobCard.getByText(bob.t.t_verified).waitFor();
      await card(alice, 'alice', 'sunset.png').getByText(alice.t.t_verified).waitFor();
      expect(await sha256(join(bob.downloadDir, 'sunset.png'))).toBe(await sha256(photo));
      await expect.poll(() => thumbnailWidth(bob, 'alice', 'sunset.png')).toBe(320);
      expect(await card(alice, 'alice', 'sunset.png').getByRole('img').count()).toBe(0);
      await bobCard.getByRole('button', { name: bob.t.showInFolder }).click();
      await expect.poll(() => bob.revealedFiles()).toEqual([join(bob.downloadDir, 'sunset.png')]);

      // The preview route serves only that id, typed by its bytes, never a path.
      const src = await bobCard.getByRole('img').getAttribute('src');
      expect(src).toMatch(/^\/sbfile\/[0-9a-f]{32}$/);
      const served = await bob.page.evaluate(async (url) => {
        const answer = await fetch(url);
        return [answer.status, answer.headers.get('content-type'), answer.headers.get('x-content-type-options')];
      }, src!);
      expect(served).toEqual([200, 'image/png', 'nosniff']);
      const refused = await bob.page.evaluate(async () => (await fetch('/sbfile/..%2f..%2fetc%2fpasswd')).status);
      expect(refused).toBe(404);

      await bob.page.reload();
      await alice.page.reload();
      await card(bob, 'alice', 'sunset.png').getByText(bob.t.t_verified).waitFor();
      await card(alice, 'alice', 'sunset.png').getByText(alice.t.t_verified).waitFor();
      expect(await bob.roomLog.getByRole('article').count()).toBe(1);
      expect(await alice.roomLog.getByRole('article').count()).toBe(1);
      await expect.poll(() => thumbnailWidth(bob, 'alice', 'sunset.png')).toBe(320);
      for (const user of [alice, bob]) expect(user.pageErrors, `uncaught errors in ${user.name}'s page`).toEqual([]);
    });
  });
  it('a file sent in a 1:1 stays in the 1:1 panel after a reload, for both', async () => {
    await inWorld(async (world) => {
      const {
        users: [alice, bob],
      } = await hostedRoom(world, ['alice', 'bob']);
      if (!alice || !bob) throw new Error('two users expected');
      await alice.personAction('bob', 'askDm').click();
      const request = bob.dialog(bob.t.dmRequestTitle);
      await request.getByRole('button', { name: bob.t.accept }).click();
      await bob.dmLog('alice').waitFor();
      await alice.dmLog('bob').waitFor();
      await alice.send('a picture for you', alice.dmComposer);
      await bob.sees('a picture for you', bob.dmLog('alice'));

      const photo = await pngFile(join(world.tmp, 'alice-files'), 'private.png', 64, 48);
      await alice.dropFiles(alice.dmLog('bob'), [photo]);
      const offer = bob.dialog(bob.t.offerTitle);
      await offer.getByRole('button', { name: bob.t.accept }).click();
      const inDm = (user: User, peer: string) =>
        user.dmLog(peer).getByRole('article', { name: user.t.cardLabel('alice', 'private.png') });
      await inDm(bob, 'alice').getByText(bob.t.t_verified).waitFor();
      await inDm(alice, 'bob').getByText(alice.t.t_verified).waitFor();

      await bob.page.reload();
      await alice.page.reload();
      await inDm(bob, 'alice').getByText(bob.t.t_verified).waitFor();
      await inDm(alice, 'bob').getByText(alice.t.t_verified).waitFor();
      await bob.sees('a picture for you', bob.dmLog('alice'));
      await expect
        .poll(() =>
          inDm(bob, 'alice')
            .getByRole('img', { name: bob.t.cardPreview('private.png') })
            .evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
        )
        .toBe(64);
      // Not in the room's log as well.
      for (const user of [alice, bob]) expect(await user.roomLog.getByRole('article').count()).toBe(0);
      for (const user of [alice, bob]) expect(user.pageErrors, `uncaught errors in ${user.name}'s page`).toEqual([]);
    });
  });
});
