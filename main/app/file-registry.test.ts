import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test-support.js';

let dir: string;
let t: TestApp;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sb-files-'));
  t = await createTestApp('files');
});
afterEach(async () => {
  await t.close();
  await rm(dir, { recursive: true, force: true });
});

describe('registering dropped or picked files', () => {
  it('accepts regular files (and symlinks to them) and returns ids, base names and sizes, never paths', async () => {
    await writeFile(join(dir, 'report.pdf'), Buffer.alloc(1234));
    await symlink(join(dir, 'report.pdf'), join(dir, 'link.pdf'));
    const files = await t.ok('files.registerPaths', { paths: [join(dir, 'report.pdf'), join(dir, 'link.pdf')] });
    expect(files.map(({ name, size }) => ({ name, size }))).toEqual([
      { name: 'report.pdf', size: 1234 },
      { name: 'link.pdf', size: 1234 },
    ]);
    expect(JSON.stringify(files)).not.toContain(dir);
    expect(t.app.files.get(files[0]!.fileId).path).toBe(join(dir, 'report.pdf'));
  });

  it('answers a dropped folder clearly, and registers nothing from that drop', async () => {
    await mkdir(join(dir, 'Holiday photos'));
    await writeFile(join(dir, 'ok.txt'), 'x');
    const reply = await t.call('files.registerPaths', { paths: [join(dir, 'ok.txt'), join(dir, 'Holiday photos')] });
    expect(reply).toMatchObject({ ok: false, error: { code: 'not_a_file' } });
    if (!reply.ok) expect(reply.error.message).toMatch(/“Holiday photos” is a folder.*zip/);
  });

  it('refuses missing files, relative paths and special files', async () => {
    expect(await t.call('files.registerPaths', { paths: [join(dir, 'gone.txt')] })).toMatchObject({
      ok: false,
      error: { code: 'file_not_found' },
    });
    expect(await t.call('files.registerPaths', { paths: ['relative/file.txt'] })).toMatchObject({
      ok: false,
      error: { code: 'file_not_found' },
    });
    execFileSync('mkfifo', [join(dir, 'pipe')]);
    expect(await t.call('files.registerPaths', { paths: [join(dir, 'pipe')] })).toMatchObject({
      ok: false,
      error: { code: 'not_a_file' },
    });
  });

  it('picks files through the native dialog, and reports a cancelled dialog as cancelled', async () => {
    await writeFile(join(dir, 'a.txt'), 'abc');
    t.platform.dialogs.queueFiles([join(dir, 'a.txt')]);
    expect(await t.ok('files.pick')).toMatchObject([{ name: 'a.txt', size: 3 }]);
    expect(await t.call('files.pick')).toMatchObject({ ok: false, error: { code: 'cancelled' } });
  });
});
