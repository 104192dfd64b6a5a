import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { flipFuses, FuseVersion } from '@electron/fuses';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeStandInElectron } from './dry-pack.js';
import { compareFuses, expectedFuses, FUSE_INDEX, packagedAppPath, packagedExecutable } from './fuses.js';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sarangbang-fuses-'));
  await writeStandInElectron(dir);
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('the fuse check (npm run check:fuses)', () => {
  it("fails every fuse electron-builder.yml flips on a binary with Electron's defaults", async () => {
    const results = await compareFuses(join(dir, 'electron'), await expectedFuses());
    expect(
      results
        .filter((r) => !r.ok)
        .map((r) => r.name)
        .sort(),
    ).toEqual(Object.keys(FUSE_INDEX).sort());
    expect(results.find((r) => r.name === 'grantFileProtocolExtraPrivileges')?.line).toBe(
      'FAIL grantFileProtocolExtraPrivileges: on (wanted off)',
    );
  });

  it('passes once the fuses are flipped as configured', async () => {
    const expected = await expectedFuses();
    const config = Object.fromEntries(Object.entries(expected).map(([name, on]) => [FUSE_INDEX[name]!, on]));
    await flipFuses(join(dir, 'electron'), { version: FuseVersion.V1, ...config });
    const results = await compareFuses(join(dir, 'electron'), expected);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(expected.grantFileProtocolExtraPrivileges).toBe(false);
  });

  it('knows where electron-builder leaves the unpacked app on each OS', () => {
    expect(packagedExecutable('linux', 'x64', '/d')).toBe(join('/d', 'linux-unpacked', 'sarangbang'));
    expect(packagedExecutable('win32', 'x64', '/d')).toBe(join('/d', 'win-unpacked', 'Sarangbang.exe'));
    expect(packagedAppPath('darwin', 'arm64', '/d')).toBe(join('/d', 'mac-arm64', 'Sarangbang.app'));
    expect(packagedExecutable('darwin', 'x64', '/d')).toBe(
      join('/d', 'mac', 'Sarangbang.app', 'Contents', 'MacOS', 'Sarangbang'),
    );
  });
});
