import { mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PartFile, type PartMeta } from './part-file.js';

let dir = '';
let outside = '';
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sb-part-'));
  outside = await mkdtemp(path.join(os.tmpdir(), 'sb-outside-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

const meta: PartMeta = { from: 'atom', name: 'data.txt', size: 10, sha256: 'a'.repeat(64) };

async function write(part: PartFile, start: number, text: string): Promise<void> {
  const stream = part.writeStream(start);
  stream.end(text);
  await finished(stream);
}

describe('PartFile', () => {
  it('writes to .part, then renames without overwriting an existing file', async () => {
    const part = await PartFile.create(dir, 'data.txt', meta);
    expect(part.finalName).toBe('data.txt');
    await write(part, 0, '0123456789');
    await writeFile(path.join(dir, 'data.txt'), 'someone else'); // appears meanwhile
    const name = await part.finish();
    expect(name).not.toBe('data.txt');
    expect(await readFile(path.join(dir, 'data.txt'), 'utf8')).toBe('someone else');
    expect(await readFile(path.join(dir, name), 'utf8')).toBe('0123456789');
    expect((await readdir(dir)).sort()).toEqual(['data (1).txt', 'data.txt'].sort());
  });

  it('marks the complete file as downloaded before it takes its final name', async () => {
    const part = await PartFile.create(dir, 'setup.exe', { ...meta, name: 'setup.exe' });
    await write(part, 0, '0123456789');
    const seen: { path: string; content: string; listing: string[] }[] = [];
    const name = await part.finish(async (marked) => {
      seen.push({ path: marked, content: await readFile(marked, 'utf8'), listing: (await readdir(dir)).sort() });
    });
    expect(name).toBe('setup.exe');
    expect(seen).toEqual([
      {
        path: path.join(dir, 'setup.exe.part'),
        content: '0123456789',
        listing: ['setup.exe.part', 'setup.exe.part.json'],
      },
    ]);
  });

  it('never follows a symlink planted as the .part file', async () => {
    await symlink(path.join(outside, 'victim'), path.join(dir, 'data.txt.part'));
    const part = await PartFile.create(dir, 'data.txt', meta);
    expect(part.finalName).toBe('data (1).txt');
    await write(part, 0, 'xx');
    await part.discard();
    expect(await readdir(outside)).toEqual([]);
    await expect(PartFile.reopen(dir, { finalName: 'data.txt', offset: 0 })).rejects.toThrow();
    expect(await readdir(outside)).toEqual([]);
  });

  it('keeps a .part for resume and finds it only for the same offered file', async () => {
    const part = await PartFile.create(dir, 'data.txt', meta);
    await write(part, 0, 'abcd');
    await part.keep();
    expect(await PartFile.findResumable(dir, meta)).toEqual({ finalName: 'data.txt', offset: 4 });
    expect(await PartFile.findResumable(dir, { ...meta, from: 'other' })).toBeUndefined();
    expect(await PartFile.findResumable(dir, { ...meta, sha256: 'b'.repeat(64) })).toBeUndefined();
    const again = await PartFile.reopen(dir, { finalName: 'data.txt', offset: 4 });
    await write(again, 4, 'efghij');
    expect(await again.finish()).toBe('data.txt');
    expect(await readFile(path.join(dir, 'data.txt'), 'utf8')).toBe('abcdefghij');
    expect(await readdir(dir)).toEqual(['data.txt']);
  });

  it('discard removes the .part and its sidecar', async () => {
    const part = await PartFile.create(dir, 'data.txt', meta);
    await write(part, 0, 'abc');
    await part.discard();
    expect(await readdir(dir)).toEqual([]);
  });
});
