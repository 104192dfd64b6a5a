// A production build plus a real electron-builder run ("dir" target, nothing downloaded) in a temp project.
// Electron itself cannot be downloaded here, so electron-builder gets a stand-in binary that carries only the
// fuse wire, set to Electron's defaults: flipping fuses, building app.asar and copying `files` all really happen.
import { execFile } from 'node:child_process';
import { chmod, cp, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { root } from './packaging.js';

const run = promisify(execFile);
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Electron's unflipped fuses, one ASCII '0'/'1' per FuseV1Options index (RunAsNode on, cookie encryption off…). */
export const ELECTRON_DEFAULT_FUSES = '10110001';

export async function writeStandInElectron(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const wire = Buffer.concat([
    Buffer.from(FUSE_SENTINEL),
    Buffer.from([1, ELECTRON_DEFAULT_FUSES.length]),
    Buffer.from(ELECTRON_DEFAULT_FUSES),
  ]);
  for (const name of ['electron', 'electron.exe']) {
    await writeFile(join(dir, name), Buffer.concat([Buffer.from('#!/bin/sh\nexit 0\n'), wire]));
    await chmod(join(dir, name), 0o755);
  }
}

/** Builds the renderer/main/preload into `<project>/out` exactly as `npm run build` would into `out/`. */
export async function buildInto(project: string): Promise<void> {
  const cli = join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  await run(process.execPath, [cli, 'build', '--outDir', join(project, 'out'), '--logLevel', 'warn'], {
    cwd: root,
    maxBuffer: 16 * 1024 * 1024,
  });
}

/** Packs `<project>` (its out/, plus our package.json, electron-builder.yml, build/ and node_modules) into `<project>/dist/linux-unpacked`. */
export async function packLinuxDir(project: string): Promise<string> {
  for (const path of ['package.json', 'electron-builder.yml', 'build'])
    await cp(join(root, path), join(project, path), { recursive: true });
  // The real node_modules, so electron-builder has to leave the dev packages out by itself. npmRebuild off: without it
  // electron-builder would run `npm install` here (no native runtime dependencies exist to rebuild anyway).
  await symlink(join(root, 'node_modules'), join(project, 'node_modules'), 'junction');
  const electronDist = join(project, 'stand-in-electron');
  await writeStandInElectron(electronDist);
  const { version } = JSON.parse(await readFile(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')) as {
    version: string;
  };
  const cli = join(root, 'node_modules', 'electron-builder', 'cli.js');
  await run(
    process.execPath,
    [
      cli,
      '--linux',
      'dir',
      '--x64',
      '--publish',
      'never',
      '--projectDir',
      project,
      `-c.electronDist=${electronDist}`,
      `-c.electronVersion=${version}`,
      '-c.npmRebuild=false',
    ],
    {
      cwd: project,
      maxBuffer: 16 * 1024 * 1024,
      env: { ...process.env, CSC_IDENTITY_AUTO_DISCOVERY: 'false' },
    },
  );
  return join(project, 'dist', 'linux-unpacked');
}
