// The Electron fuses electron-builder.yml asks for, and how a built binary's fuse wire compares with them. Used by
// scripts/check-fuses.ts (CI, on every OS's packaged app) and scripts/packaged-app.test.ts.
import { join } from 'node:path';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { loadBuilderConfig, root } from './packaging.js';

/** electron-builder's `electronFuses` keys → their index in the fuse wire. */
export const FUSE_INDEX: Readonly<Record<string, FuseV1Options>> = {
  runAsNode: FuseV1Options.RunAsNode,
  enableCookieEncryption: FuseV1Options.EnableCookieEncryption,
  enableNodeOptionsEnvironmentVariable: FuseV1Options.EnableNodeOptionsEnvironmentVariable,
  enableNodeCliInspectArguments: FuseV1Options.EnableNodeCliInspectArguments,
  enableEmbeddedAsarIntegrityValidation: FuseV1Options.EnableEmbeddedAsarIntegrityValidation,
  onlyLoadAppFromAsar: FuseV1Options.OnlyLoadAppFromAsar,
  grantFileProtocolExtraPrivileges: FuseV1Options.GrantFileProtocolExtraPrivileges,
};

/** The fuses electron-builder.yml sets (resetAdHocDarwinSignature is a packaging step, not a fuse). */
export async function expectedFuses(): Promise<Record<string, boolean>> {
  const { resetAdHocDarwinSignature: _resign, ...fuses } = (await loadBuilderConfig()).electronFuses ?? {};
  for (const name of Object.keys(fuses))
    if (!(name in FUSE_INDEX)) throw new Error(`electron-builder.yml sets a fuse this check does not know: ${name}`);
  return fuses;
}

/** One line per fuse, `name: on|off (wanted on|off)`, and whether each matches. */
export async function compareFuses(
  binary: string,
  expected: Record<string, boolean>,
): Promise<{ name: string; ok: boolean; line: string }[]> {
  const wire = (await getCurrentFuseWire(binary)) as unknown as Record<number, number>;
  return Object.entries(expected).map(([name, wanted]) => {
    const state = String.fromCharCode(wire[FUSE_INDEX[name]!] ?? 0);
    const actual = state === '1' ? 'on' : state === '0' ? 'off' : `unknown (${JSON.stringify(state)})`;
    const ok = actual === (wanted ? 'on' : 'off');
    return { name, ok, line: `${ok ? 'ok  ' : 'FAIL'} ${name}: ${actual} (wanted ${wanted ? 'on' : 'off'})` };
  });
}

/** Where `npm run dist:*` leaves the unpacked app on this OS (the .app bundle on macOS). */
export function packagedAppPath(platform = process.platform, arch = process.arch, dist = join(root, 'dist')): string {
  if (platform === 'win32') return join(dist, 'win-unpacked', 'Sarangbang.exe');
  if (platform === 'darwin') return join(dist, arch === 'arm64' ? 'mac-arm64' : 'mac', 'Sarangbang.app');
  return join(dist, 'linux-unpacked', 'sarangbang');
}

/** The executable to start: inside the bundle on macOS. */
export function packagedExecutable(platform = process.platform, arch = process.arch, dist?: string): string {
  const app = packagedAppPath(platform, arch, dist);
  return platform === 'darwin' ? join(app, 'Contents', 'MacOS', 'Sarangbang') : app;
}
