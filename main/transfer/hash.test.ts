/** hashFileInto: the bytes it feeds the hash are exactly the file's (or its first `end`), across its reused reads. */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HASH_READ_BYTES, hashFileInto, sha256File } from './hash.js';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sb-hash-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sha = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

describe('hashFileInto', () => {
  it('hashes a file of several reads exactly, reporting progress up to its size', async () => {
    const bytes = randomBytes(3 * HASH_READ_BYTES + 12345);
    const file = path.join(dir, 'a.bin');
    await writeFile(file, bytes);
    const seen: number[] = [];
    expect(await sha256File(file, (done) => seen.push(done))).toBe(sha(bytes));
    expect(seen.at(-1)).toBe(bytes.length);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });

  it('hashes only the first `end` bytes (a kept .part to resume), and says when the file is shorter', async () => {
    const bytes = randomBytes(2 * HASH_READ_BYTES + 7);
    const file = path.join(dir, 'b.part');
    await writeFile(file, bytes);
    for (const end of [1, HASH_READ_BYTES, HASH_READ_BYTES + 1, bytes.length]) {
      const hash = createHash('sha256');
      expect(await hashFileInto(hash, file, end)).toBe(end);
      expect(hash.digest('hex')).toBe(sha(bytes.subarray(0, end)));
    }
    const hash = createHash('sha256');
    expect(await hashFileInto(hash, file, bytes.length + 100)).toBe(bytes.length);
    expect(await hashFileInto(createHash('sha256'), file, 0)).toBe(0);
  });

  it('rejects for a file that cannot be read', async () => {
    await expect(hashFileInto(createHash('sha256'), path.join(dir, 'missing'))).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });
});
