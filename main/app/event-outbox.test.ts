import { describe, expect, it } from 'vitest';
import type { EventName } from '@contract/ipc-contract';
import { EVENT_BATCH_MAX, EventOutbox } from './event-outbox.js';

function recorder() {
  const seen: { event: EventName; payload: unknown }[] = [];
  const batches: number[] = [];
  const outbox = new EventOutbox((events) => {
    batches.push(events.length);
    seen.push(...events);
  }, 30);
  return { seen, batches, outbox };
}
/** The end of this turn: events emitted while ready leave in a microtask. */
const turnEnds = () => new Promise<void>((resolve) => setImmediate(resolve));
const progress = (transferId: string, bytes: number) => ({
  items: [{ transferId, bytes, size: 100, bytesPerSec: 1, etaMs: null }],
});
const nextProgressBatch = (seen: { event: string }[], from: number) =>
  new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      if (seen.slice(from).some((e) => e.event === 'transfer.progress')) {
        clearInterval(timer);
        resolve();
      }
    }, 5);
  });

describe('EventOutbox', () => {
  it('holds events until the renderer is ready, then delivers them in order', async () => {
    const { seen, outbox } = recorder();
    outbox.emit('users', { roomId: 'r1', users: [] });
    outbox.emit('room', { t: 'notice', code: 'a', text: 'first' });
    expect(seen).toEqual([]);
    outbox.markReady();
    expect(seen.map((e) => e.event)).toEqual(['users', 'room']);
    outbox.emit('room', { t: 'notice', code: 'b', text: 'live' });
    await turnEnds();
    expect(seen).toHaveLength(3);
    outbox.markNotReady();
    outbox.emit('room', { t: 'notice', code: 'c', text: 'during reload' });
    await turnEnds();
    expect(seen).toHaveLength(3);
    outbox.markReady();
    expect(seen).toHaveLength(4);
  });

  it("sends one turn's events as one batch, in order, at most EVENT_BATCH_MAX each", async () => {
    const { seen, batches, outbox } = recorder();
    outbox.markReady();
    const count = EVENT_BATCH_MAX * 2 + 10;
    for (let i = 0; i < count; i++) outbox.emit('room', { t: 'notice', code: 'n', text: `#${i}` });
    outbox.emit('users', { roomId: 'r1', users: [] });
    expect(seen).toEqual([]);
    await turnEnds();
    expect(batches).toEqual([EVENT_BATCH_MAX, EVENT_BATCH_MAX, 11]);
    expect(seen.slice(0, count).map((e) => (e.payload as { text: string }).text)).toEqual(
      Array.from({ length: count }, (_, i) => `#${i}`),
    );
    expect(seen.at(-1)?.event).toBe('users');
    outbox.emit('room', { t: 'notice', code: 'n', text: 'next turn' });
    await turnEnds();
    expect(batches).toEqual([EVENT_BATCH_MAX, EVENT_BATCH_MAX, 11, 1]);
  });

  it('a reload starting mid-turn still delivers what the turn emitted before it, to the page it was for', async () => {
    const { seen, outbox } = recorder();
    outbox.markReady();
    outbox.emit('room', { t: 'notice', code: 'a', text: 'before the reload' });
    outbox.markNotReady();
    expect(seen.map((e) => (e.payload as { text: string }).text)).toEqual(['before the reload']);
    await turnEnds();
    expect(seen).toHaveLength(1);
  });

  it('coalesces progress per transfer into one batch per interval, latest value wins', async () => {
    const { seen, outbox } = recorder();
    outbox.markReady();
    for (let bytes = 1; bytes <= 50; bytes++) {
      outbox.emit('transfer.progress', progress('t1', bytes));
      outbox.emit('transfer.progress', progress('t2', bytes * 2));
    }
    expect(seen).toEqual([]);
    await nextProgressBatch(seen, 0);
    expect(seen).toHaveLength(1);
    const items = (seen[0]?.payload as { items: { transferId: string; bytes: number }[] }).items;
    expect(items.map((i) => [i.transferId, i.bytes])).toEqual([
      ['t1', 50],
      ['t2', 100],
    ]);
  });

  it('drops stale progress when the transfer changes state', async () => {
    const { seen, outbox } = recorder();
    outbox.markReady();
    outbox.emit('transfer.progress', progress('t1', 99));
    outbox.emit('transfer.update', { transferId: 't1' } as never);
    outbox.emit('transfer.progress', progress('t2', 5));
    await nextProgressBatch(seen, 0);
    const batch = seen.find((e) => e.event === 'transfer.progress')?.payload as { items: { transferId: string }[] };
    expect(batch.items.map((i) => i.transferId)).toEqual(['t2']);
  });

  it('emits nothing after close, not even what the closing turn emitted before', async () => {
    const { seen, outbox } = recorder();
    outbox.markReady();
    outbox.emit('users', { roomId: 'r1', users: [] });
    outbox.close();
    outbox.emit('users', { roomId: 'r1', users: [] });
    await turnEnds();
    expect(seen).toEqual([]);
  });
});
