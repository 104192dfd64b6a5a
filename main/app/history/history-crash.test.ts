import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HistoryStore } from './history-store.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const writer = fileURLToPath(new URL('./crash-writer.fixture.ts', import.meta.url));
const node = join(root, 'node_modules/.bin/node');
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sb-history-crash-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs the writer until it has acknowledged `atLeast` messages, kills it with SIGKILL; returns the last ack. */
function writeThenKill(file: string, atLeast: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(node, ['--import', 'tsx', writer, file], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let acked = 0;
    let tail = '';
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      const lines = (tail + chunk.toString()).split('\n');
      tail = lines.pop() ?? '';
      for (const line of lines) acked = Math.max(acked, Number(line));
      if (acked >= atLeast && child.exitCode === null) child.kill('SIGKILL');
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(acked);
      else reject(new Error(`writer exited ${code}: ${errors}`));
    });
  });
}

describe('a crash while writing', () => {
  it('loses no acknowledged message and never corrupts the file; the history is there after a restart', async () => {
    const file = join(dir, 'history.sqlite');
    const acked = await writeThenKill(file, 2_000);

    const raw = new DatabaseSync(file);
    expect(raw.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
    const { n, top } = raw.prepare('SELECT count(*) AS n, max(mid) AS top FROM messages').get() as {
      n: number;
      top: number;
    };
    raw.close();
    // Every acknowledged message is there, with no gap; at most the one being written when killed is missing.
    expect(top).toBeGreaterThanOrEqual(acked);
    expect(n).toBe(top);

    const store = await HistoryStore.open(file);
    const room = 'code:CRSH-TEST-0000-0000-0000';
    const last = store.page(room, 50).entries.at(-1);
    expect(last).toMatchObject({ kind: 'msg', mid: top });
    expect((await store.search('사랑방', 5, room)).length).toBe(5);
    store.addMessage(room, {
      run: 'crash-run',
      mid: top + 1,
      ts: 1,
      from: 'me',
      scope: 'room',
      text: 'after',
      own: true,
    });
    store.close();
    const restarted = await HistoryStore.open(file);
    expect(restarted.page(room, 2).entries.map((e) => e.kind === 'msg' && e.mid)).toEqual([top, top + 1]);
    restarted.close();
  });
});
