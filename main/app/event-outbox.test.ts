import { describe, expect, it } from 'vitest';
import type { EventName } from '@contract/ipc-contract';
import { EventOutbox } from './event-outbox.js';

function recorder() {
  const seen: { event: EventName; payload: unknown }[] = [];
  const outbox = new EventOutbox((event, payload) => seen.push({ event, payload }), 30);
  return { seen, outbox };
}
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
  it('holds events until the renderer is ready, then delivers them in order', () => {
    const { seen, outbox } = recorder();
    outbox.emit('users', { roomId: 'r1', users: [] });
    outbox.emit('room', { t: 'notice', code: 'a', text: 'first' });
    expect(seen).toEqual([]);
    outbox.markReady();
    expect(seen.map((e) => e.event)).toEqual(['users', 'room']);
    outbox.emit('room', { t: 'notice', code: 'b', text: 'live' });
    expect(seen).toHaveLength(3);
    outbox.markNotReady();
    outbox.emit('room', { t: 'notice', code: 'c', text: 'during reload' });
    expect(seen).toHaveLength(3);
    outbox.markReady();
    expect(seen).toHaveLength(4);
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

  it('emits nothing after close', () => {
    const { seen, outbox } = recorder();
    outbox.markReady();
    outbox.close();
    outbox.emit('users', { roomId: 'r1', users: [] });
    expect(seen).toEqual([]);
  });
});
