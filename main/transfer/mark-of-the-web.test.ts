import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { markDownloaded, quarantineValue, systemMarkDeps, ZONE_IDENTIFIER, type MarkDeps } from './mark-of-the-web.js';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sarangbang-motw-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

function recording(platform: NodeJS.Platform, overrides: Partial<MarkDeps> = {}) {
  const calls: unknown[][] = [];
  const warnings: string[] = [];
  const deps: MarkDeps = {
    platform,
    writeFile: async (...args) => void calls.push(['writeFile', ...args]),
    execFile: async (...args) => void calls.push(['execFile', ...args]),
    now: () => 1_767_225_600_123, // 2026-01-01T00:00:00.123Z
    warn: (message) => void warnings.push(message),
    ...overrides,
  };
  return { deps, calls, warnings };
}

describe('Mark-of-the-Web on received files', () => {
  it('Windows: writes the Zone.Identifier stream, Internet zone, with CRLF lines', async () => {
    const { deps, calls } = recording('win32');
    expect(await markDownloaded('C:\\Users\\u\\Downloads\\Sarangbang\\setup.exe', deps)).toBe(true);
    expect(calls).toEqual([
      ['writeFile', 'C:\\Users\\u\\Downloads\\Sarangbang\\setup.exe:Zone.Identifier', '[ZoneTransfer]\r\nZoneId=3\r\n'],
    ]);
  });

  it('Windows writer, through the real file system: the exact bytes land at <file>:Zone.Identifier', async () => {
    // On NTFS that name is the file's alternate data stream; elsewhere (this test off Windows) a plain file with a
    // colon in its name, which still shows what is written, and where.
    const file = join(dir, 'setup.exe');
    await writeFile(file, 'MZ');
    expect(await markDownloaded(file, { ...systemMarkDeps, platform: 'win32' })).toBe(true);
    expect(await readFile(`${file}:Zone.Identifier`, 'utf8')).toBe(ZONE_IDENTIFIER);
    expect(await readFile(file, 'utf8')).toBe('MZ');
  });

  it('macOS: runs /usr/bin/xattr -w com.apple.quarantine with flags, hex time and our name', async () => {
    const { deps, calls } = recording('darwin');
    expect(await markDownloaded('/Users/u/Downloads/Sarangbang/Tool.app.zip', deps)).toBe(true);
    expect(calls).toEqual([
      [
        'execFile',
        '/usr/bin/xattr',
        ['-w', 'com.apple.quarantine', '0081;6955b900;Sarangbang;', '/Users/u/Downloads/Sarangbang/Tool.app.zip'],
      ],
    ]);
    expect(quarantineValue(0x6955b900 * 1000 + 999)).toBe('0081;6955b900;Sarangbang;');
  });

  it('Linux: marks nothing, runs nothing', async () => {
    const { deps, calls } = recording('linux');
    expect(await markDownloaded('/home/u/Downloads/x.sh', deps)).toBe(false);
    expect(calls).toEqual([]);
  });

  it('a volume that refuses the mark leaves the file unmarked with a warning, and the transfer goes on', async () => {
    const { deps, warnings } = recording('win32', {
      writeFile: async () => {
        throw Object.assign(new Error('EINVAL: invalid argument'), { code: 'EINVAL' });
      },
    });
    expect(await markDownloaded('E:\\fat32\\a.exe', deps)).toBe(false);
    expect(warnings).toEqual(['[transfer] could not mark E:\\fat32\\a.exe as downloaded: EINVAL: invalid argument']);
  });

  it.runIf(process.platform === 'darwin')('macOS, for real: the quarantine attribute reads back', async () => {
    const file = join(dir, 'tool.zip');
    await writeFile(file, 'PK');
    expect(await markDownloaded(file)).toBe(true);
    const { stdout } = await promisify(execFile)('/usr/bin/xattr', ['-p', 'com.apple.quarantine', file]);
    expect(stdout.trim()).toMatch(/^0081;[0-9a-f]{8};Sarangbang;$/);
  });

  it.runIf(process.platform === 'win32')(
    'Windows, for real: the stream reads back and the file is unchanged',
    async () => {
      const file = join(dir, 'setup.exe');
      await writeFile(file, 'MZ');
      expect(await markDownloaded(file)).toBe(true);
      expect(await readFile(`${file}:Zone.Identifier`, 'utf8')).toBe(ZONE_IDENTIFIER);
      expect(await readdir(dir)).toEqual(['setup.exe']);
    },
  );
});
