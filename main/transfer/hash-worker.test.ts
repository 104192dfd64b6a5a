import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HashWorker, InlineHasher, hashPrefix, type StreamHasher } from './hash-worker.js';
import { sha256File } from './hash.js';

async function feed(hasher: StreamHasher, chunks: Buffer[]): Promise<string> {
  for (const chunk of chunks) await new Promise<void>((resolve) => hasher.update(chunk, resolve));
  return hasher.digest();
}

describe('stream hashers', () => {
  const chunks = Array.from({ length: 64 }, (_, i) => randomBytes(50_000 + i));
  const expected = createHash('sha256').update(Buffer.concat(chunks)).digest('hex');

  it('the worker hasher gives the same digest, holding the caller back when it falls behind', async () => {
    const worker = new HashWorker(100_000); // small bound: update() must wait for the worker often
    expect(await feed(worker, chunks)).toBe(expected);
  });

  it('the inline hasher gives the same digest', async () => {
    expect(await feed(new InlineHasher(), chunks)).toBe(expected);
  });

  it('hashPrefix then the rest equals the whole file (resume verification)', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'sb-hash-'));
    try {
      const file = path.join(dir, 'f.bin');
      const whole = Buffer.concat(chunks);
      await writeFile(file, whole);
      const hasher = new HashWorker();
      expect(await hashPrefix(hasher, file, 1_000_003)).toBe(1_000_003);
      expect(await feed(hasher, [whole.subarray(1_000_003)])).toBe(await sha256File(file));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
