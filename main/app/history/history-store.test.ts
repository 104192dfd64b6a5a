import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HistoryStore, type NewMessage } from './history-store.js';
import { DAY_MS } from './retention.js';
import { SCHEMA_VERSION } from './schema.js';

let dir: string;
let file: string;
const open: HistoryStore[] = [];
const ROOM = 'code:K7QX-2M9D-4HBT-Z0PA-8E3C';
const OTHER = 'addr:192.168.0.7:30000';

async function openStore(retention: 'forever' | '30d' | 'off' = 'forever'): Promise<HistoryStore> {
  const store = await HistoryStore.open(file, retention);
  open.push(store);
  return store;
}

function msg(mid: number, text: string, extra: Partial<NewMessage> = {}): NewMessage {
  return { run: 'run-a', mid, ts: 1_700_000_000_000 + mid, from: 'bob', scope: 'room', text, own: false, ...extra };
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sb-history-'));
  file = join(dir, 'history.sqlite');
});
afterEach(async () => {
  for (const store of open.splice(0)) store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('HistoryStore', () => {
  it('keeps messages, whispers, 1:1 messages and notices across a restart, in order', async () => {
    const store = await openStore();
    store.noteRoom({ key: ROOM, name: '사랑방', host: '192.168.0.7', port: 30000 });
    store.addNotice(ROOM, 1, { type: 'joined', nick: 'bob' });
    store.addMessage(ROOM, msg(1, 'hello'));
    store.addMessage(ROOM, msg(2, 'psst', { scope: 'whisper', to: 'me' }));
    store.addMessage(ROOM, msg(3, 'just us', { scope: 'dm', from: 'me', to: 'bob', own: true }));
    store.addFileCard(ROOM, {
      ts: 5,
      from: 'bob',
      scope: 'room',
      own: false,
      file: { direction: 'receive', files: [{ name: 'report.pdf', size: 10 }] },
    });
    store.close();

    const again = await openStore();
    const page = again.page(ROOM, 50);
    expect(page.hasOlder).toBe(false);
    expect(page.entries.map((e) => e.kind)).toEqual(['notice', 'msg', 'msg', 'msg', 'file']);
    expect(page.entries[0]).toMatchObject({ notice: { type: 'joined', nick: 'bob' } });
    expect(page.entries[2]).toMatchObject({ kind: 'msg', mid: 2, scope: 'whisper', to: 'me', text: 'psst' });
    expect(page.entries[3]).toMatchObject({ scope: 'dm', own: true, from: 'me', to: 'bob' });
    expect(page.entries[4]).toMatchObject({ file: { files: [{ name: 'report.pdf' }] } });
    expect(again.rooms()).toEqual([
      {
        roomKey: ROOM,
        name: '사랑방',
        host: '192.168.0.7',
        port: 30000,
        roomCode: 'K7QX-2M9D-4HBT-Z0PA-8E3C',
        lastActivity: 1_700_000_000_003,
      },
    ]);
  });

  it('ignores a replayed message it already has (same room, run and mid), but not the same mid of another run', async () => {
    const store = await openStore();
    expect(store.addMessage(ROOM, msg(1, 'one'))).toBeTypeOf('number');
    expect(store.addMessage(ROOM, msg(1, 'one'))).toBeUndefined();
    expect(store.addMessage(ROOM, msg(1, 'new server run', { run: 'run-b' }))).toBeTypeOf('number');
    expect(store.addMessage(OTHER, msg(1, 'other room'))).toBeTypeOf('number');
    expect(store.page(ROOM, 50).entries.map((e) => e.kind === 'msg' && e.text)).toEqual(['one', 'new server run']);
  });

  it('pages backwards with a cursor, opens a window around a message and counts what is new', async () => {
    const store = await openStore();
    const ids: number[] = [];
    for (let i = 1; i <= 120; i++) ids.push(store.addMessage(ROOM, msg(i, `m${i}`, { own: i === 120 }))!);
    const last = store.page(ROOM, 50);
    expect(last.entries.map((e) => e.id)).toEqual(ids.slice(70));
    expect(last).toMatchObject({ hasOlder: true, hasNewer: false });
    const before = store.page(ROOM, 50, last.entries[0]!.id);
    expect(before.entries.map((e) => e.id)).toEqual(ids.slice(20, 70));
    expect(before).toMatchObject({ hasOlder: true, hasNewer: true });
    const first = store.page(ROOM, 50, before.entries[0]!.id);
    expect(first.entries.map((e) => e.id)).toEqual(ids.slice(0, 20));
    expect(first.hasOlder).toBe(false);

    const around = store.around(ROOM, ids[59]!, 10);
    expect(around.entries.map((e) => e.id)).toEqual(ids.slice(55, 65));
    expect(around).toMatchObject({ hasOlder: true, hasNewer: true });
    // 20 after id 100, the last of them my own.
    expect(store.countAfter(ROOM, ids[99]!)).toBe(19);
    expect(store.page('addr:nowhere:1', 50).entries).toEqual([]);
  });

  it('finds Korean words inside longer text, 3+ characters through the index and 2 by scanning', async () => {
    const store = await openStore();
    store.addMessage(ROOM, msg(1, '사랑방에서 만나요'));
    store.addMessage(ROOM, msg(2, '오늘 점심 뭐 먹지?'));
    store.addMessage(OTHER, msg(1, 'Meet me at the SARANGBANG 사랑방'));
    store.addNotice(ROOM, 3, { type: 'server', code: 'x', text: '사랑방 notice' });

    const word = await store.search('사랑방', 20);
    expect(word.map((h) => h.entry.kind === 'msg' && h.entry.text)).toEqual([
      'Meet me at the SARANGBANG 사랑방',
      '사랑방에서 만나요',
    ]);
    expect(word[1]!.snippet).toEqual({ text: '사랑방에서 만나요', cutStart: false, cutEnd: false, ranges: [[0, 3]] });
    expect((await store.search('사랑방', 20, ROOM)).map((h) => h.entry.roomKey)).toEqual([ROOM]);

    const short = await store.search('만나', 20);
    expect(short.map((h) => h.entry.kind === 'msg' && h.entry.text)).toEqual(['사랑방에서 만나요']);
    expect(short[0]!.snippet.ranges).toEqual([[6, 8]]);

    expect((await store.search('sarangbang', 20))[0]!.snippet.ranges).toEqual([[15, 25]]);
    expect((await store.search('만나 사랑방', 20)).map((h) => h.entry.id)).toEqual([word[1]!.entry.id]);
    expect(await store.search('100%_', 20)).toEqual([]);
    store.addMessage(OTHER, msg(2, 'prices: 50% off_sale today'));
    expect((await store.search('50%', 20)).map((h) => h.snippet.ranges)).toEqual([[[8, 11]]]);
    expect(await store.search('off_sale', 20)).toHaveLength(1);
    expect(await store.search('offxsale', 20)).toEqual([]);
    expect(await store.search('   ', 20)).toEqual([]);
  });

  it('shows a window of a long message around the match', async () => {
    const store = await openStore();
    const text = `${'가'.repeat(500)}사랑방${'나'.repeat(500)}`;
    store.addMessage(ROOM, msg(1, text));
    const [hit] = await store.search('사랑방', 5);
    const { snippet } = hit!;
    expect(snippet.cutStart && snippet.cutEnd).toBe(true);
    const [[a, b]] = snippet.ranges as [[number, number]];
    expect(snippet.text.slice(a, b)).toBe('사랑방');
  });

  it('30 days: deletes what is older, keeps the rest (search index included)', async () => {
    const store = await openStore();
    const now = Date.now();
    store.addMessage(ROOM, msg(1, 'ancient 사랑방', { ts: now - 31 * DAY_MS }));
    store.addMessage(ROOM, msg(2, 'recent 사랑방', { ts: now - 29 * DAY_MS }));
    store.close();
    const reopened = await openStore('30d');
    expect(reopened.page(ROOM, 50).entries.map((e) => e.kind === 'msg' && e.text)).toEqual(['recent 사랑방']);
    expect(await reopened.search('사랑방', 10)).toHaveLength(1);
    const raw = new DatabaseSync(file);
    expect(raw.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
    raw.close();
  });

  it('off: deletes what was kept and stores nothing', async () => {
    const store = await openStore();
    store.addMessage(ROOM, msg(1, 'kept until off'));
    await store.setRetention('off');
    expect(store.addMessage(ROOM, msg(2, 'not kept'))).toBeUndefined();
    expect(store.page(ROOM, 50).entries).toEqual([]);
    expect(store.rooms()).toEqual([]);
    store.close();
    const raw = new DatabaseSync(file);
    expect(raw.prepare('SELECT count(*) AS n FROM messages').get()).toEqual({ n: 0 });
    raw.close();
  });

  it('clears one room or everything', async () => {
    const store = await openStore();
    store.addMessage(ROOM, msg(1, 'in room 사랑방'));
    store.addMessage(OTHER, msg(1, 'in other 사랑방'));
    await store.clear(ROOM);
    expect(store.page(ROOM, 50).entries).toEqual([]);
    expect((await store.search('사랑방', 10)).map((h) => h.entry.roomKey)).toEqual([OTHER]);
    expect(store.rooms().map((r) => r.roomKey)).toEqual([OTHER]);
    await store.clear();
    expect(await store.search('사랑방', 10)).toEqual([]);
    expect(store.rooms()).toEqual([]);
    store.addMessage(ROOM, msg(2, 'after clearing'));
    expect(store.page(ROOM, 50).entries).toHaveLength(1);
  });

  it('keeps my unsent messages with their state, and merges them with the room copy once sent', async () => {
    const store = await openStore();
    const mine = { from: 'me', own: true, mid: undefined, run: undefined };
    store.addMessage(ROOM, msg(0, 'first', { ...mine, cid: 'c1', state: 'sending' }));
    store.addMessage(ROOM, msg(0, 'second', { ...mine, cid: 'c2', state: 'sending' }));
    store.addMessage(ROOM, msg(0, 'third', { ...mine, cid: 'c3', state: 'sending' }));
    store.close();
    const again = await openStore();
    expect(again.unsent(ROOM).map((e) => e.kind === 'msg' && [e.text, e.state])).toEqual([
      ['first', 'sending'],
      ['second', 'sending'],
      ['third', 'sending'],
    ]);
    // c1: the room's copy arrived before the ok; c2: the ok came first; c3: refused.
    again.addMessage(ROOM, msg(7, 'first', { from: 'me', own: true }));
    again.updateOutbox(ROOM, { cid: 'c1', state: 'sent', run: 'run-a', mid: 7 });
    again.updateOutbox(ROOM, { cid: 'c2', state: 'sent', run: 'run-a', mid: 8 });
    expect(again.addMessage(ROOM, msg(8, 'second', { from: 'me', own: true }))).toBeUndefined();
    again.updateOutbox(ROOM, { cid: 'c3', state: 'failed', error: 'banned_word' });
    const entries = again.page(ROOM, 50).entries.map((e) => e.kind === 'msg' && [e.text, e.mid, e.cid, e.state]);
    expect(entries).toEqual([
      ['second', 8, 'c2', undefined],
      ['third', undefined, 'c3', 'failed'],
      ['first', 7, 'c1', undefined],
    ]);
    expect(again.unsent(ROOM)).toMatchObject([{ text: 'third', error: 'banned_word' }]);
  });

  it('uses WAL and moves a file that is not a database aside instead of failing', async () => {
    await writeFile(file, 'this is not sqlite '.repeat(500));
    const store = await openStore();
    store.addMessage(ROOM, msg(1, 'fresh start'));
    store.flush();
    expect((await readdir(dir)).some((n) => n.startsWith('history.sqlite.bad-'))).toBe(true);
    const raw = new DatabaseSync(file);
    expect(raw.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    expect(raw.prepare('PRAGMA user_version').get()).toEqual({ user_version: SCHEMA_VERSION });
    raw.close();
  });

  it('refuses a file from a newer app instead of guessing at it', async () => {
    const raw = new DatabaseSync(file);
    raw.exec('PRAGMA user_version = 99');
    raw.close();
    await expect(HistoryStore.open(file)).rejects.toThrow(/schema version 99/);
  });
});
