import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openHistoryDb } from './history-db.js';
import { searchHistory } from './history-search.js';
import { HistoryStore } from './history-store.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sb-history-search-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a search by scanning (words shorter than 3 characters)', () => {
  it('walks the messages newest first window by window and stops at the limit', async () => {
    const file = join(dir, 'history.sqlite');
    const store = await HistoryStore.open(file);
    const room = 'addr:10.0.0.2:30000';
    for (let mid = 1; mid <= 30; mid++) {
      const text = mid % 7 === 0 ? `${mid}번 우리 만나` : `${mid}번 다른 이야기`;
      store.addMessage(room, { run: 'r', mid, ts: mid, from: 'bob', scope: 'room', text, own: false });
    }
    store.close();
    const db = openHistoryDb(file);
    const found = async (limit: number): Promise<string[]> =>
      (await searchHistory(db, { query: '만나', limit, scanWindow: 4 })).map((h) => h.snippet.text);
    expect(await found(3)).toEqual(['28번 우리 만나', '21번 우리 만나', '14번 우리 만나']);
    expect(await found(10)).toEqual(['28번 우리 만나', '21번 우리 만나', '14번 우리 만나', '7번 우리 만나']);
    expect(await searchHistory(db, { query: '만나', limit: 5, room: 999, scanWindow: 4 })).toEqual([]);
    db.close();
  });
});
