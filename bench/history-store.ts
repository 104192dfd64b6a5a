/**
 * Benchmark of the app's conversation store (main/app/history): inserts N messages (default 1,000,000) into one room
 * of a fresh `history.sqlite` through the store itself, then prints
 *   - insert rate: bulk (one commit per 1,000 messages, like a replay burst) and live (one commit per message),
 *   - database size per message (file size after a checkpoint / messages),
 *   - search latency over 200 queries (p50/p95/max; all rooms and the big room; target p95 ≤ 50 ms),
 *   - opening the 1M-message room: a new connection on the closed file (schema check included) and its last screen
 *     of 50 entries (target ≤ 300 ms).
 * The OS page cache is not dropped (that needs root): "cold" is a cold connection and process-level caches, with the
 * file as the OS keeps it.
 *
 *   npm run bench:history:store
 *   npm run bench:history:store -- --messages 200000 --keep   (keep the file, path printed)
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { HistoryStore, type NewMessage } from '../main/app/history/history-store.js';
import { chatText, searchQueries, seeded } from './history-text.js';

const { values } = parseArgs({ options: { messages: { type: 'string' }, keep: { type: 'boolean' } } });
const total = Number(values.messages ?? 1_000_000);
const BATCH = 1_000;
const LIVE = 5_000;
const SCREEN = 50;
const ROOM = 'code:BNCH-MARK-0000-0000-0000';
const OTHERS = ['addr:192.168.0.10:30000', 'code:OTHR-ROOM-0000-0000-0001'];

const random = seeded(12);
const dir = await mkdtemp(join(tmpdir(), 'sb-bench-history-'));
const file = join(dir, 'history.sqlite');
const t = (): number => performance.now();
const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits });

function message(serial: number): NewMessage {
  const roll = random();
  const scope = roll < 0.9 ? 'room' : roll < 0.95 ? 'whisper' : 'dm';
  const from = `user${Math.floor(random() * 40)}`;
  return {
    run: `run${Math.floor(serial / 200_000)}`,
    mid: serial,
    ts: 1_690_000_000_000 + serial * 2_000,
    from,
    scope,
    ...(scope === 'room' ? {} : { to: 'me' }),
    text: chatText(random, serial),
    own: from === 'user0',
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

console.log(`history store benchmark: ${fmt(total)} messages in one room, file ${file}`);
let store = await HistoryStore.open(file);
store.noteRoom({ key: ROOM, name: 'bench', host: '192.168.0.2', port: 30000 });
for (const key of OTHERS) store.noteRoom({ key, name: key, host: '10.0.0.1', port: 30000 });

// Bulk: the store's batches hold everything written in one event-loop turn; flush() ends the turn's batch.
const bulk = total - LIVE;
let start = t();
for (let i = 1; i <= bulk; i++) {
  store.addMessage(ROOM, message(i));
  if (i % 20 === 0) store.addNotice(ROOM, 1_690_000_000_000 + i * 2_000, { type: 'joined', nick: `user${i % 40}` });
  if (i % 1_000 === 0) store.addMessage(OTHERS[i % 2]!, { ...message(i), run: 'other' });
  if (i % BATCH === 0) store.flush();
  if (i % 100_000 === 0) process.stdout.write(`  ${fmt(i)} inserted (${fmt(i / ((t() - start) / 1000))}/s)\n`);
}
store.flush();
const bulkSecs = (t() - start) / 1000;
console.log(`insert, bulk (1 commit per ${BATCH}): ${fmt(bulk / bulkSecs)} msgs/s (${fmt(bulkSecs, 1)} s)`);

start = t();
for (let i = bulk + 1; i <= total; i++) {
  store.addMessage(ROOM, message(i));
  store.flush();
}
const liveSecs = (t() - start) / 1000;
console.log(
  `insert, live (1 commit per message): ${fmt(LIVE / liveSecs)} msgs/s (${fmt((liveSecs * 1e6) / LIVE)} µs each)`,
);
store.close();

const bytes = (await stat(file)).size;
console.log(`size: ${fmt(bytes / 1024 / 1024, 1)} MiB, ${fmt(bytes / total)} bytes per message`);

// Cold open: a new connection on the closed file, then the room's last screen.
start = t();
store = await HistoryStore.open(file);
const opened = t() - start;
const last = store.page(ROOM, SCREEN);
const screen = t() - start;
if (last.entries.length !== SCREEN) throw new Error('last screen is short');
console.log(
  `open + last screen (${SCREEN}) of the ${fmt(total)}-message room: ${fmt(screen, 1)} ms (open ${fmt(opened, 1)} ms)`,
);
start = t();
store.page(ROOM, SCREEN, last.entries[0]!.id);
console.log(`  previous screen (before cursor): ${fmt(t() - start, 2)} ms`);

for (const [label, room] of [
  ['all rooms', undefined],
  ['the big room', ROOM],
] as const) {
  const queries = searchQueries(seeded(7), 200);
  const times: number[] = [];
  const slow: [number, string, number][] = [];
  for (const query of queries) {
    const s = t();
    const hits = await store.search(query, 50, room);
    const ms = t() - s;
    times.push(ms);
    slow.push([ms, query, hits.length]);
  }
  times.sort((a, b) => a - b);
  slow.sort((a, b) => b[0] - a[0]);
  console.log(
    `search (${label}, 200 queries, 50 hits max): p50 ${fmt(percentile(times, 50), 1)} ms, p95 ${fmt(percentile(times, 95), 1)} ms, max ${fmt(times.at(-1) ?? 0, 1)} ms`,
  );
  console.log(
    `  slowest: ${slow
      .slice(0, 3)
      .map(([ms, q, n]) => `"${q}" ${fmt(ms, 1)} ms (${n} hits)`)
      .join(', ')}`,
  );
}
// The worst case: a 1–2 character word (no trigram) found nowhere, so every message of the room is scanned.
for (const [label, room] of [
  ['all rooms', undefined],
  ['the big room', ROOM],
] as const) {
  const s = t();
  const hits = await store.search('훌륭', 50, room);
  console.log(
    `search, worst case (2-character word found nowhere, ${label}): ${fmt(t() - s, 1)} ms (${hits.length} hits)`,
  );
}
store.close();
if (values.keep) console.log(`kept ${file}`);
else await rm(dir, { recursive: true, force: true });
