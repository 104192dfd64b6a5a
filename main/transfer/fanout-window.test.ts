/**
 * FanoutWindow: bytes appended across slab boundaries read back intact, views never cross a slab or the head, and
 * released slabs are reused instead of new ones being allocated, so its memory follows what is held, not what passed.
 */
import { describe, expect, it } from 'vitest';
import { FanoutWindow } from './fanout-window.js';

const bytes = (from: number, n: number): Buffer => Buffer.from(Array.from({ length: n }, (_, i) => (from + i) % 251));

describe('FanoutWindow', () => {
  it('reads back what was appended, slab by slab, and reuses released slabs', () => {
    const window = new FanoutWindow(8);
    window.append(bytes(0, 5));
    window.append(bytes(5, 14)); // fills slab 0, slab 1, and 3 bytes of slab 2
    expect(window.head).toBe(19);
    expect(window.view(3, 100)).toEqual(bytes(3, 5)); // up to the end of slab 0
    expect(window.view(8, 4)).toEqual(bytes(8, 4)); // at most `max`
    expect(window.view(17, 100)).toEqual(bytes(17, 2)); // up to the head
    expect(window.allocatedBytes).toBe(24);

    window.release(16); // slabs 0 and 1 are spare now
    expect(() => window.view(15, 1)).toThrow(RangeError);
    window.append(bytes(19, 13)); // fills slab 2, then slab 3 from a spare slab
    expect(window.view(16, 100)).toEqual(bytes(16, 8));
    expect(window.view(24, 100)).toEqual(bytes(24, 8));
    expect(window.allocatedBytes).toBe(24);
    expect(window.peakAllocatedBytes).toBe(24);
  });
});
