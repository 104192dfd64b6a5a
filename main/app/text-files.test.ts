/** `files.fromText`: a long message becomes a real UTF-8 file registered for an offer; bad input is refused. */
import { readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test-support.js';
import { TEXT_FILE_LIMIT, textFileName } from './text-files.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp('texts');
});
afterEach(async () => {
  await t.close();
});

describe('a message as a text file', () => {
  it('writes the text as UTF-8 and registers it, returning its id, name and byte size but no path', async () => {
    const text = '사랑방 👋\n'.repeat(3_000);
    const file = await t.ok('files.fromText', { name: 'message.txt', text });
    expect(file).toMatchObject({ name: 'message.txt', size: Buffer.byteLength(text) });
    expect(JSON.stringify(file)).not.toMatch(/sarangbang-texts/);
    const { path } = t.app.files.get(file.fileId);
    expect(await readFile(path, 'utf8')).toBe(text);
  });

  it('keeps two texts with the same name apart, and removes them when the app closes', async () => {
    const a = await t.ok('files.fromText', { name: 'note', text: 'first' });
    const b = await t.ok('files.fromText', { name: 'note', text: 'second' });
    expect([a.name, b.name]).toEqual(['note.txt', 'note.txt']);
    const pathA = t.app.files.get(a.fileId).path;
    expect(await readFile(t.app.files.get(b.fileId).path, 'utf8')).toBe('second');
    await t.app.texts.dispose();
    await expect(stat(dirname(dirname(pathA)))).rejects.toThrow();
  });

  it('refuses blank text and text over the limit', async () => {
    expect(await t.call('files.fromText', { name: 'x.txt', text: ' \n ' })).toMatchObject({
      ok: false,
      error: { code: 'text_empty' },
    });
    expect(await t.call('files.fromText', { name: 'x.txt', text: '가'.repeat(TEXT_FILE_LIMIT / 3 + 1) })).toMatchObject(
      {
        ok: false,
        error: { code: 'file_too_large' },
      },
    );
  });

  it('names the file safely: no folders, no control characters, always .txt', () => {
    expect(textFileName('../../etc/passwd')).toBe('passwd.txt');
    expect(textFileName('..\\a\u0000b.TXT')).toBe('a_b.TXT');
    expect(textFileName('...')).toBe('message.txt');
    expect(textFileName('x'.repeat(500)).length).toBe(104);
  });
});
