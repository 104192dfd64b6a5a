// Sending to the whole room through the app services: one group offer, each person answers, each has their own state.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventPayload, HistoryEntry, TransferInfo } from '@contract/ipc-contract';
import { createTestApp, type TestApp } from './test-support.js';

let alice: TestApp;
let bob: TestApp;
let carol: TestApp;
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sb-group-'));
  [alice, bob, carol] = await Promise.all([createTestApp('alice'), createTestApp('bob'), createTestApp('carol')]);
  for (const t of [alice, bob, carol]) await t.ok('app.ready');
  const hosted = await alice.ok('host.start', { port: 0, maxUsers: 5 });
  if (!hosted.running) throw new Error('not hosting');
  for (const [t, nick] of [
    [alice, 'alice'],
    [bob, 'bob'],
    [carol, 'carol'],
  ] as const)
    await t.ok('room.join', { host: '127.0.0.1', port: hosted.port, nick });
  // Everyone sees everyone before the offer goes to "everyone else in the room".
  await alice.waitFor('room', (e) => e.t === 'joined' && e.user.nick === 'carol').catch(() => undefined);
});
afterEach(async () => {
  await Promise.all([alice.close(), bob.close(), carol.close()]);
  await rm(dir, { recursive: true, force: true });
});

async function register(t: TestApp, name: string, bytes: Buffer): Promise<string> {
  await writeFile(join(dir, name), bytes);
  const [file] = await t.ok('files.registerPaths', { paths: [join(dir, name)] });
  return file!.fileId;
}

type FileEvent = Extract<EventPayload<'room'>, { t: 'file' }>;

describe('files to everyone in the room (app services)', () => {
  it(
    'one offer: bob accepts and gets both files verified, carol declines; alice sees each person and file',
    { timeout: 40_000 },
    async () => {
      const one = randomBytes(8_000_000);
      const two = randomBytes(50_000);
      const fileIds = [await register(alice, 'one.bin', one), await register(alice, 'two.bin', two)];
      const { offerIds } = await alice.ok('files.offerRoom', { fileIds });
      expect(offerIds).toHaveLength(1);
      const offerId = offerIds[0]!;

      // One TransferInfo per receiver and file, each waiting for its own answer.
      const waiting = alice.app.transfers.list();
      expect(waiting.map((t) => [t.peer, t.name, t.state, t.group, t.index]).sort()).toEqual([
        ['bob', 'one.bin', 'waiting', true, 0],
        ['bob', 'two.bin', 'waiting', true, 1],
        ['carol', 'one.bin', 'waiting', true, 0],
        ['carol', 'two.bin', 'waiting', true, 1],
      ]);
      expect(new Set(waiting.map((t) => t.transferId)).size).toBe(4);

      const toBob = await bob.waitFor('file.offer');
      const toCarol = await carol.waitFor('file.offer');
      expect(toBob.offerId).toBe(offerId);
      expect(toCarol.offerId).toBe(offerId);
      await carol.ok('files.answer', { offerId, decision: 'decline' });
      await bob.ok('files.answer', { offerId, decision: 'accept' });

      const idOf = (peer: string, name: string) => waiting.find((t) => t.peer === peer && t.name === name)!.transferId;
      const reached = (id: string, state: TransferInfo['state']) => (i: TransferInfo) =>
        i.transferId === id && i.state === state;
      for (const name of ['one.bin', 'two.bin']) {
        await alice.waitFor('transfer.update', reached(idOf('bob', name), 'verified'), 20_000);
        await alice.waitFor('transfer.update', reached(idOf('carol', name), 'declined'), 20_000);
        await bob.waitFor('transfer.update', (i) => i.name === name && i.state === 'verified', 20_000);
      }
      const downloads = bob.app.settings.get().downloadDir;
      expect((await readFile(join(downloads, 'one.bin'))).equals(one)).toBe(true);
      expect((await readFile(join(downloads, 'two.bin'))).equals(two)).toBe(true);
      expect(carol.app.transfers.list()).toEqual([]);

      // Alice saw bob's transfers run (their own state and progress), never carol's.
      const updates = alice.events.filter((e) => e.event === 'transfer.update').map((e) => e.payload as TransferInfo);
      const ran = new Set(updates.filter((i) => i.state === 'running').map((i) => i.transferId));
      expect(ran).toEqual(new Set([idOf('bob', 'one.bin'), idOf('bob', 'two.bin')]));
      const progressIds = alice.events
        .filter((e) => e.event === 'transfer.progress')
        .flatMap((e) => (e.payload as EventPayload<'transfer.progress'>).items.map((p) => p.transferId));
      expect(progressIds.every((id) => ran.has(id))).toBe(true);

      // One card in alice's room log for the whole offer, each file with each person's state; kept in the store.
      const cards = alice.events
        .filter((e) => e.event === 'room' && (e.payload as EventPayload<'room'>).t === 'file')
        .map((e) => e.payload as FileEvent);
      expect(new Set(cards.map((c) => c.historyId)).size).toBe(1);
      const last = cards.at(-1)!;
      expect(last).toMatchObject({ from: 'alice', to: '*', own: true, scope: 'room' });
      const people = (f: FileEvent['file']['files'][number]) => f.receivers?.map((r) => [r.nick, r.state]).sort();
      expect(last.file.files.map((f) => [f.name, f.state, people(f)])).toEqual([
        [
          'one.bin',
          'verified',
          [
            ['bob', 'verified'],
            ['carol', 'declined'],
          ],
        ],
        [
          'two.bin',
          'verified',
          [
            ['bob', 'verified'],
            ['carol', 'declined'],
          ],
        ],
      ]);
      alice.app.history!.flush();
      const roomKey = alice.app.snapshot().room!.roomKey;
      const page = await alice.ok('history.page', { roomKey, limit: 50 });
      const stored = page.entries.filter((e): e is Extract<HistoryEntry, { kind: 'file' }> => e.kind === 'file');
      expect(stored).toHaveLength(1);
      expect(stored[0]!.file.files.map(people)).toEqual(last.file.files.map(people));
    },
  );

  it(
    'alice cancels carol before the upload: carol hears it, bob still gets the file',
    { timeout: 30_000 },
    async () => {
      const bytes = randomBytes(300_000);
      const fileIds = [await register(alice, 'c.bin', bytes)];
      const offerId = (await alice.ok('files.offerRoom', { fileIds })).offerIds[0]!;
      await carol.waitFor('file.offer');
      await bob.waitFor('file.offer');
      const rows = alice.app.transfers.list();
      const idOf = (peer: string) => rows.find((t) => t.peer === peer)!.transferId;
      await alice.ok('files.cancel', { transferId: idOf('carol') }); // carol has not answered yet
      expect(await carol.waitFor('file.offerClosed')).toMatchObject({ offerId, reason: 'cancelled' });
      await alice.waitFor('transfer.update', (i) => i.transferId === idOf('carol') && i.state === 'cancelled');

      await bob.ok('files.answer', { offerId, decision: 'accept' });
      await alice.waitFor('transfer.update', (i) => i.transferId === idOf('bob') && i.state === 'verified', 20_000);
      const downloads = bob.app.settings.get().downloadDir;
      expect((await readFile(join(downloads, 'c.bin'))).equals(bytes)).toBe(true);
      expect(alice.app.transfers.list().find((t) => t.peer === 'carol')!.state).toBe('cancelled');
    },
  );

  it('alone in the room: refused with no_such_user, nothing tracked', async () => {
    await Promise.all([
      bob.ok('room.leave', { roomId: bob.app.snapshot().room!.roomId }).catch(() => undefined),
      carol.ok('room.leave', { roomId: carol.app.snapshot().room!.roomId }).catch(() => undefined),
    ]);
    const fileId = await register(alice, 'lonely.txt', Buffer.from('hi'));
    await expect
      .poll(async () => (await alice.call('files.offerRoom', { fileIds: [fileId] })).ok === false, { timeout: 5_000 })
      .toBe(true);
    const reply = await alice.call('files.offerRoom', { fileIds: [fileId] });
    expect(reply).toMatchObject({ ok: false, error: { code: 'no_such_user' } });
    expect(alice.app.transfers.list()).toEqual([]);
  });
});
