/** The outgoing queue: bytes leave in order and exactly once, in batches within their limit. */
import { describe, expect, it } from 'vitest';
import { FrameArena } from '../protocol/frame-arena.js';
import { OutQueue, type Batch } from './out-queue.js';

describe('outgoing queue', () => {
  it('hands out every byte once, in order, whether messages were kept by reference or copied into chunks', () => {
    const queue = new OutQueue();
    const shared = Array.from({ length: 300 }, (_, i) =>
      Buffer.from(`[n${i % 7}] message ${i} ${'x'.repeat(i % 50)}\r\n`),
    );
    const big = Buffer.alloc(9000, 0x41);
    const expected: Buffer[] = [];
    const written: Buffer[] = [];
    const inflight: Batch[] = [];
    let queued = 0;
    for (let i = 0; i < shared.length; i++) {
      const message = i % 97 === 50 ? big : shared[i]!;
      queue.push(message, queued);
      queued += message.length;
      expected.push(message);
      // Write now and then, confirm later: chunks keep filling while their first part is on its way.
      if (i % 13 === 0) {
        for (const batch of queue.take(4096)) {
          expect(batch.bytes).toBe(batch.regions.reduce((sum, region) => sum + region.length, 0));
          written.push(...batch.regions.map((region) => Buffer.from(region)));
          inflight.push(batch);
        }
      }
      if (i % 29 === 0)
        for (const batch of inflight.splice(0)) {
          queue.done(batch, true);
          queued -= batch.bytes;
        }
    }
    for (const batch of queue.take(4096)) {
      written.push(...batch.regions.map((region) => Buffer.from(region)));
      queue.done(batch, true);
    }
    for (const batch of inflight) queue.done(batch, true);
    expect(Buffer.concat(written).equals(Buffer.concat(expected))).toBe(true);
    expect(queue.empty).toBe(true);
    // The shared messages themselves were never written into.
    expect(shared[1]!.toString()).toBe(`[n1] message 1 ${'x'.repeat(1)}\r\n`);
  });

  it('a batch stays within its byte limit unless one piece alone is larger', () => {
    const queue = new OutQueue();
    let queued = 0;
    for (let i = 0; i < 100; i++) {
      const message = Buffer.alloc(1000, i);
      queue.push(message, queued);
      queued += message.length;
    }
    queue.push(Buffer.alloc(20_000, 7), queued);
    const batches = queue.take(8192);
    expect(batches.reduce((sum, batch) => sum + batch.bytes, 0)).toBe(120_000);
    for (const batch of batches) expect(batch.bytes <= 8192 || batch.regions.length === 1).toBe(true);
  });

  it('keeps a run of broadcasts from the arena as one region of it, in order with what comes between', () => {
    const arena = new FrameArena();
    const queue = new OutQueue();
    const expected: Buffer[] = [];
    const written: Buffer[] = [];
    const inflight: Batch[] = [];
    let queued = 0;
    let viewRegions = 0;
    const slabs = new Set<ArrayBufferLike>();
    const push = (bytes: Buffer, shared: boolean): void => {
      queue.push(bytes, queued, shared);
      if (shared) slabs.add(bytes.buffer);
      queued += bytes.length;
      expected.push(Buffer.from(bytes));
    };
    for (let i = 0; i < 2000; i++) {
      push(arena.frame({ t: 'joined', ts: i, user: { nick: `idle${i}`, status: 'active', secure: false } }), true);
      // Now and then a reply to this member alone, a large one, writes, and confirmations.
      if (i % 37 === 0) push(Buffer.from(`{"t":"ok","id":${i}}`), false);
      if (i % 501 === 0) push(Buffer.alloc(6000, 0x42), false);
      if (i % 19 === 0) {
        for (const batch of queue.take(8192)) {
          for (const region of batch.regions) {
            written.push(Buffer.from(region));
            if (slabs.has(region.buffer) && region.length > 200) viewRegions++;
          }
          inflight.push(batch);
        }
      }
      if (i % 41 === 0)
        for (const batch of inflight.splice(0)) {
          queue.done(batch, true);
          queued -= batch.bytes;
        }
    }
    for (const batch of queue.take(8192)) {
      written.push(...batch.regions.map((region) => Buffer.from(region)));
      inflight.push(batch);
    }
    for (const batch of inflight) queue.done(batch, true);
    expect(queue.empty).toBe(true);
    expect(Buffer.concat(written).equals(Buffer.concat(expected))).toBe(true);
    // Consecutive broadcasts went out as regions of the arena's slabs (several frames each), not one by one.
    expect(viewRegions).toBeGreaterThan(50);
  });
});
