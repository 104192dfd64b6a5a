import { mkdtemp, rm, writeFile, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_NAME_BYTES, freeName, numberedName, pathInside, safeBaseName } from './safe-name.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sb-name-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('safeBaseName', () => {
  it.each([
    ['../../.bashrc', 'bashrc'],
    ['C:\\Windows\\x', 'x'],
    ['/etc/passwd', 'passwd'],
    ['CON', '_CON'],
    ['con.txt', '_con.txt'],
    ['LPT1', '_LPT1'],
    ['report. . ', 'report'],
    ['..', 'file'],
    ['', 'file'],
    ['a\u0000b\u202Ec.txt', 'abc.txt'],
    ['what?.txt', 'what_.txt'],
    ['C:evil', 'C_evil'],
    ['data.txt', 'data.txt'],
    ['사랑방 사진.jpg', '사랑방 사진.jpg'],
  ])('%j becomes %j', (offered, expected) => {
    expect(safeBaseName(offered)).toBe(expected);
  });

  it('caps a 10,000-character name and keeps its extension', () => {
    const name = safeBaseName(`${'가'.repeat(10_000)}.txt`);
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(MAX_NAME_BYTES);
    expect(name.endsWith('.txt')).toBe(true);
    expect(name.startsWith('가가')).toBe(true);
  });

  it('no generated name escapes the download folder or names a device', () => {
    const pieces = fc.constantFrom(
      '..',
      '.',
      '/',
      '\\',
      'C:',
      'CON',
      'nul',
      ' ',
      '\u0000',
      '\u202E',
      '~',
      'a',
      'é',
      '.txt',
      ':',
      '*',
    );
    const nameArb = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.array(pieces, { maxLength: 30 }).map((a) => a.join('')),
      fc.string({ unit: 'grapheme', maxLength: 300 }),
    );
    fc.assert(
      fc.property(nameArb, (offered) => {
        const name = safeBaseName(offered);
        const full = pathInside(dir, name); // throws if outside
        expect(path.dirname(full)).toBe(path.resolve(dir));
        expect(name).not.toMatch(/[/\\\0]/);
        expect(name).not.toMatch(/^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i);
        expect(name).not.toMatch(/[. ]$/);
        expect(name === '.' || name === '..').toBe(false);
        expect(Buffer.byteLength(name)).toBeLessThanOrEqual(MAX_NAME_BYTES);
        expect(Buffer.byteLength(numberedName(name, 999))).toBeLessThan(245);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('pathInside', () => {
  it('refuses names with separators or dot segments', () => {
    expect(() => pathInside(dir, '../x')).toThrow(/leaves the download folder/);
    expect(() => pathInside(dir, 'a/b')).toThrow();
    expect(() => pathInside(dir, '..')).toThrow();
    expect(pathInside(dir, 'ok.txt')).toBe(path.join(path.resolve(dir), 'ok.txt'));
  });
});

describe('freeName', () => {
  it('never reuses an existing file, .part file or symlink', async () => {
    await writeFile(path.join(dir, 'data.txt'), 'x');
    await writeFile(path.join(dir, 'data (1).txt.part'), 'x');
    await symlink('/nonexistent-target', path.join(dir, 'data (2).txt'));
    expect(await freeName(dir, 'data.txt')).toBe('data (3).txt');
    expect(await freeName(dir, 'data.txt', (n) => n === 'data (3).txt')).toBe('data (4).txt');
    expect(await freeName(dir, 'noext')).toBe('noext');
  });
});
