/**
 * Files end to end in Chromium: dropped on a person in the user list (a synthesized OS drop, uploaded over the
 * browser-mode bridge) and sent with the "Send files" button (the platform's file dialog answers a queued path),
 * consent dialogs, progress, "Verified", and the received file byte-identical on disk; an offer declined; a transfer
 * cancelled midway.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { randomFile, sha256, sparseFile } from './support/files.js';
import { freePort } from '../main/free-port.js';
import type { Harness } from './support/harness.js';
import { inWorld, ROOM_NAME } from './support/room.js';
import { E2E_SKIPPED } from './support/skip.js';
import { startSlowLink, type SlowLink } from './support/slow-link.js';
import type { User } from './support/user.js';

/** alice hosts; bob joins, through a link delivering `bytesPerSec` to him when given. */
async function aliceAndBob(world: Harness, bytesPerSec?: number): Promise<{ alice: User; bob: User; link?: SlowLink }> {
  const alice = await world.user('alice', { nickname: 'alice' });
  const bob = await world.user('bob', { nickname: 'bob' });
  const port = await freePort();
  await alice.hostRoom(port, ROOM_NAME);
  let link: SlowLink | undefined;
  if (bytesPerSec !== undefined) {
    const slow = await startSlowLink(port, bytesPerSec);
    world.onClose(() => slow.close());
    link = slow;
  }
  await bob.joinRoom(link?.port ?? port);
  await alice.person('bob').waitFor();
  await bob.person('alice').waitFor();
  return { alice, bob, ...(link ? { link } : {}) };
}

async function filesIn(dir: string): Promise<string[]> {
  return readdir(dir).catch(() => []);
}

function noPageErrors(...users: User[]): void {
  for (const user of users) expect(user.pageErrors, `uncaught errors in ${user.name}'s page`).toEqual([]);
}

describe.skipIf(E2E_SKIPPED)('file scenarios in Chromium', () => {
  it('files dropped on a person: consent, accepted, verified, identical on disk', async () => {
    await inWorld(async (world) => {
      const { alice, bob } = await aliceAndBob(world);
      const outbox = join(world.tmp, 'alice-files');
      const photo = await randomFile(outbox, 'photo.jpg', 3 * 1024 * 1024 + 17);
      const notes = await randomFile(outbox, '회의 notes.txt', 1234);

      await alice.dropFilesOn('bob', [photo, notes]);
      const offer = bob.dialog('Incoming files');
      await offer.getByText('alice wants to send you 2 files.').waitFor();
      await offer.getByText('photo.jpg').waitFor();
      await offer.getByText('회의 notes.txt').waitFor();
      expect(await filesIn(bob.downloadDir)).toEqual([]); // nothing written before consent
      await offer.getByRole('button', { name: 'Accept' }).click();
      await offer.waitFor({ state: 'detached' });

      await bob.openTransfers();
      await bob.transfer('photo.jpg', 'Verified').waitFor();
      await bob.transfer('회의 notes.txt', 'Verified').waitFor();
      await alice.openTransfers();
      await alice.transfer('photo.jpg', 'Verified').waitFor();
      await alice.transfer('회의 notes.txt', 'Verified').waitFor();
      await bob.transfer('photo.jpg').getByRole('button', { name: 'Show in folder' }).click();
      await expect.poll(() => bob.revealedFiles()).toEqual([join(bob.downloadDir, 'photo.jpg')]);

      expect((await filesIn(bob.downloadDir)).sort()).toEqual(['photo.jpg', '회의 notes.txt'].sort());
      expect(await sha256(join(bob.downloadDir, 'photo.jpg'))).toBe(await sha256(photo));
      expect(await sha256(join(bob.downloadDir, '회의 notes.txt'))).toBe(await sha256(notes));

      // "Clear finished" empties the list; the files stay where they are.
      const panel = await bob.openTransfers();
      await panel.getByRole('button', { name: 'Clear finished' }).click();
      await bob.transfer('photo.jpg').waitFor({ state: 'detached' });
      await panel.getByText('No transfers yet.', { exact: false }).waitFor();
      expect((await filesIn(bob.downloadDir)).sort()).toEqual(['photo.jpg', '회의 notes.txt'].sort());
      noPageErrors(alice, bob);
    });
  });

  it('the "Send files" button: recipients, the file dialog, progress seen, verified, identical on disk', async () => {
    await inWorld(async (world) => {
      const { alice, bob } = await aliceAndBob(world, 4 * 1024 * 1024);
      const report = await randomFile(join(world.tmp, 'alice-files'), 'report.pdf', 12 * 1024 * 1024);
      await alice.queueFilePick([report]);

      await alice.page.getByRole('button', { name: 'Send files', exact: true }).click();
      const chooser = alice.page.getByRole('dialog', { name: 'Send files' });
      await chooser.getByRole('checkbox', { name: 'bob' }).check();
      await chooser.getByRole('button', { name: 'Choose files…' }).click();

      const offer = bob.dialog('Incoming files');
      await offer.getByText('alice wants to send you a file.').waitFor();
      await offer.getByText('report.pdf').waitFor();
      await offer.getByRole('button', { name: 'Accept' }).click();

      await bob.openTransfers();
      const receiving = bob.transfer('report.pdf', 'Transferring');
      await receiving.waitFor();
      const bar = receiving.getByRole('progressbar', { name: 'report.pdf' });
      await expect
        .poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 30_000 })
        .toBeGreaterThan(0);
      expect(Number(await bar.getAttribute('aria-valuenow'))).toBeLessThan(100);
      await receiving.getByText(/MB\/s|KB\/s/).waitFor();

      await bob.transfer('report.pdf', 'Verified').waitFor({ timeout: 60_000 });
      await alice.openTransfers();
      await alice.transfer('report.pdf', 'Verified').waitFor();
      expect(await sha256(join(bob.downloadDir, 'report.pdf'))).toBe(await sha256(report));
      noPageErrors(alice, bob);
    });
  });

  it('an offer declined: the sender sees it, nothing is written', async () => {
    await inWorld(async (world) => {
      const { alice, bob } = await aliceAndBob(world);
      const secret = await randomFile(join(world.tmp, 'alice-files'), 'secret.zip', 50_000);
      await alice.queueFilePick([secret]);
      await alice.personAction('bob', 'sendFiles').click();

      const offer = bob.dialog('Incoming files');
      await offer.getByText('secret.zip').waitFor();
      await offer.getByRole('button', { name: 'Decline' }).click();
      await offer.waitFor({ state: 'detached' });

      await alice.openTransfers();
      await alice.transfer('secret.zip', 'Declined').waitFor();
      expect(await filesIn(bob.downloadDir)).toEqual([]);
      noPageErrors(alice, bob);
    });
  });

  it('a 200 MB transfer cancelled midway by the sender stops on both sides and leaves no file', async () => {
    await inWorld(async (world) => {
      const { alice, bob } = await aliceAndBob(world, 2 * 1024 * 1024);
      const big = await sparseFile(join(world.tmp, 'alice-files'), 'big.iso', 200 * 1024 * 1024);
      await alice.queueFilePick([big]);
      await alice.personAction('bob', 'sendFiles').click();
      await bob.dialog('Incoming files').getByRole('button', { name: 'Accept' }).click();

      await bob.openTransfers();
      const bar = bob.transfer('big.iso', 'Transferring').getByRole('progressbar');
      await expect
        .poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 30_000 })
        .toBeGreaterThanOrEqual(1);

      await alice.openTransfers();
      await alice.transfer('big.iso', 'Transferring').getByRole('button', { name: 'Cancel' }).click();
      await alice.transfer('big.iso', 'Cancelled').waitFor();
      await bob.transfer('big.iso', 'Cancelled').waitFor();
      expect(await filesIn(bob.downloadDir)).not.toContain('big.iso');

      // The room still works for both after the cancelled transfer.
      await bob.send('still here');
      await alice.sees('still here');
      noPageErrors(alice, bob);
    });
  });

  it("the receiver's network drops midway: the sender sees the transfer failed, the receiver sees it interrupted", async () => {
    await inWorld(async (world) => {
      const { alice, bob, link } = await aliceAndBob(world, 2 * 1024 * 1024);
      const big = await sparseFile(join(world.tmp, 'alice-files'), 'backup.tar', 200 * 1024 * 1024);
      await alice.queueFilePick([big]);
      await alice.personAction('bob', 'sendFiles').click();
      await bob.dialog('Incoming files').getByRole('button', { name: 'Accept' }).click();
      await bob.openTransfers();
      await bob.transfer('backup.tar', 'Transferring').waitFor();
      await alice.openTransfers();
      await alice.transfer('backup.tar', 'Transferring').waitFor();

      await link?.close(); // every connection of bob's, control and data, is cut
      await alice.transfer('backup.tar', 'Failed').waitFor();
      await bob.transfer('backup.tar', 'Interrupted').waitFor();
      await alice.sees(/bob (lost the connection|left the room)\./);
      expect(await filesIn(bob.downloadDir)).not.toContain('backup.tar');
      noPageErrors(alice, bob);
    });
  });
});
