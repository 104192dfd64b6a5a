import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeLocalFiles } from './local-files.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sb-local-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("the sender's files", () => {
  it('are described by base name, size and SHA-256', async () => {
    const file = path.join(dir, 'data.txt');
    await writeFile(file, 'x'.repeat(765));
    expect(await describeLocalFiles([file])).toEqual([
      { path: file, name: 'data.txt', size: 765, sha256: createHash('sha256').update('x'.repeat(765)).digest('hex') },
    ]);
  });

  it('over 100 in one offer are refused with a way out, before any file is even looked at', async () => {
    const paths = Array.from({ length: 101 }, (_, i) => path.join(dir, `missing-${i}.jpg`));
    await expect(describeLocalFiles(paths)).rejects.toThrow(
      'At most 100 files go in one offer, and 101 were chosen: send them in parts, or zip them into one file.',
    );
  });

  it('a folder or a missing file anywhere in the choice is refused before anything is hashed', async () => {
    const big = path.join(dir, 'big.bin');
    await writeFile(big, Buffer.alloc(1024 * 1024));
    await mkdir(path.join(dir, 'photos'));
    const hashed: string[] = [];
    const onHashing = (file: string): void => void hashed.push(file);
    await expect(describeLocalFiles([big, path.join(dir, 'photos')], onHashing)).rejects.toThrow(/photos is a folder/);
    await expect(describeLocalFiles([big, path.join(dir, 'gone.txt')], onHashing)).rejects.toThrow(
      /gone\.txt: no such file/,
    );
    expect(hashed).toEqual([]);
  });
});
