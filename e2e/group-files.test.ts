/**
 * Files to the whole room (issue 14), end to end in Chromium against a real host: alice drops two files on the room's
 * conversation; bob and carol are each asked; bob accepts, carol declines. Alice's card shows each person's state per
 * file and her Transfers panel a transfer per person and file; bob's files arrive verified and byte-identical,
 * carol's folder stays empty.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { randomFile, sha256 } from './support/files.js';
import { hostedRoom, inWorld } from './support/room.js';
import { E2E_SKIPPED } from './support/skip.js';
import type { User } from './support/user.js';

function card(user: User, from: string, names: string) {
  return user.roomLog.getByRole('article', { name: user.t.cardLabel(from, names) });
}

/** One person's line under a file of alice's group card. */
function receiverLine(user: User, names: string, file: string, nick: string) {
  return card(user, 'alice', names)
    .getByRole('list', { name: user.t.cardReceivers(file) })
    .locator(`[data-receiver="${nick}"]`);
}

describe.skipIf(E2E_SKIPPED)('files to everyone in the room, in Chromium', () => {
  it('a drop on the room: bob accepts, carol declines, alice sees each person', async () => {
    await inWorld(async (world) => {
      const {
        users: [alice, bob, carol],
      } = await hostedRoom(world, ['alice', 'bob', 'carol']);
      if (!alice || !bob || !carol) throw new Error('three users expected');
      const outbox = join(world.tmp, 'alice-files');
      const photo = await randomFile(outbox, 'photo.jpg', 2 * 1024 * 1024 + 5);
      const notes = await randomFile(outbox, '회의 notes.txt', 1234);
      const names = 'photo.jpg, 회의 notes.txt';

      await alice.dropFilesOnRoom([photo, notes]);
      // Each receiver is asked by their own dialog; alice's card lists both of them, waiting.
      for (const nick of ['bob', 'carol'])
        for (const file of ['photo.jpg', '회의 notes.txt'])
          await receiverLine(alice, names, file, nick).getByText(alice.t.t_waiting).waitFor();
      expect(await alice.roomLog.getByRole('article').count()).toBe(1);

      const toCarol = carol.dialog(carol.t.offerTitle);
      await toCarol.getByText('photo.jpg').waitFor();
      await toCarol.getByRole('button', { name: carol.t.decline }).click();
      await toCarol.waitFor({ state: 'detached' });
      const toBob = bob.dialog(bob.t.offerTitle);
      await toBob.getByText('회의 notes.txt').waitFor();
      await toBob.getByRole('button', { name: bob.t.accept }).click();
      await toBob.waitFor({ state: 'detached' });

      for (const file of ['photo.jpg', '회의 notes.txt']) {
        await receiverLine(alice, names, file, 'bob').getByText(alice.t.t_verified).waitFor();
        await receiverLine(alice, names, file, 'carol').getByText(alice.t.t_declined).waitFor();
        await card(bob, 'alice', names).getByText(bob.t.t_verified).first().waitFor();
      }
      expect(await sha256(join(bob.downloadDir, 'photo.jpg'))).toBe(await sha256(photo));
      expect(await sha256(join(bob.downloadDir, '회의 notes.txt'))).toBe(await sha256(notes));
      expect(await readdir(carol.downloadDir).catch(() => [])).toEqual([]);
      // Carol's own card says she declined; the offer left no dialog behind.
      await card(carol, 'alice', names).getByText(carol.t.t_declined).first().waitFor();

      // Alice's Transfers panel: one transfer per person and file.
      await alice.openTransfers();
      for (const file of ['photo.jpg', '회의 notes.txt']) {
        await alice.transfer(file, alice.t.t_verified).waitFor();
        await alice.transfer(file, alice.t.t_declined).waitFor();
      }
      for (const user of [alice, bob, carol])
        expect(user.pageErrors, `uncaught errors in ${user.name}'s page`).toEqual([]);
    });
  });
});
