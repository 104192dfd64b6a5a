import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  filesFilter,
  loadBuilderConfig,
  loadBuilderSchema,
  root,
  schemaErrors,
  type BuilderConfig,
} from './packaging.js';

let config: BuilderConfig;
let schema: object;
beforeAll(async () => {
  [config, schema] = await Promise.all([loadBuilderConfig(), loadBuilderSchema()]);
});

const section = (name: string) => config[name] as Record<string, unknown>;

/** Substitutes the script's own `!define NAME 'value'` constants, leaving electron-builder's (PRODUCT_NAME…) alone. */
function expandDefines(nsis: string): string {
  const defines = new Map([...nsis.matchAll(/^!define (\w+) '(.*)'$/gm)].map((m) => [m[1]!, m[2]!] as const));
  let text = nsis;
  for (let pass = 0; pass < 5; pass++) {
    text = text.replace(/\$\{(\w+)\}/g, (whole, name: string) => defines.get(name) ?? whole);
  }
  return text;
}

describe('electron-builder.yml', () => {
  it("validates against electron-builder's own JSON schema", () => {
    expect(schemaErrors(schema, config)).toEqual([]);
  });

  it('is rejected by that schema when an option is misspelled or mistyped (the check is real)', () => {
    expect(schemaErrors(schema, { ...config, nsis: { ...section('nsis'), oneclick: false } }).length).toBeGreaterThan(
      0,
    );
    expect(schemaErrors(schema, { ...config, electronFuses: { runAsNode: 'no' } }).length).toBeGreaterThan(0);
  });

  it('flips the Electron fuses that lock the packaged app down', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
      resetAdHocDarwinSignature: true,
    });
  });

  it('names the Windows publisher, so electron-updater checks the signature of every Windows update', () => {
    const win = section('win');
    expect(win.verifyUpdateCodeSignature).toBe(true);
    expect((win.signtoolOptions as { publisherName?: unknown }).publisherName).toBe('Sarangbang team');
  });

  it('names the app and ships only the built output inside an asar archive', () => {
    expect(config.appId).toBe('app.sarangbang.desktop');
    expect(config.productName).toBe('Sarangbang');
    expect(config.asar).toBe(true);
    const packs = filesFilter(config.files ?? []);
    expect(packs('out/main/index.js')).toBe(true);
    expect(packs('out/renderer/assets/index-abc123.js')).toBe(true);
    expect(packs('package.json')).toBe(true);
    for (const path of [
      'out/main/index.js.map',
      'out/cli/index.js',
      'electron/main.ts',
      'main/rooms/room.ts',
      'renderer/index.html',
      'build/icon.png',
      'node_modules/react/index.js',
      'README.md',
      '.env',
    ]) {
      expect(packs(path), path).toBe(false);
    }
  });

  it('builds a per-user NSIS installer with a choice of folder and the firewall include', async () => {
    expect(section('nsis')).toMatchObject({
      oneClick: false,
      perMachine: false,
      allowToChangeInstallationDirectory: true,
    });
    const include = expandDefines(await readFile(join(root, String(section('nsis').include)), 'utf8'));
    const install = include.match(/!macro customInstall\n([\s\S]*?)!macroend/)?.[1] ?? '';
    const uninstall = include.match(/!macro customUnInstall\n([\s\S]*?)!macroend/)?.[1] ?? '';
    const rule = 'name="${PRODUCT_NAME}"';
    expect(install).toContain(`advfirewall firewall add rule ${rule} dir=in action=allow protocol=TCP`);
    // Private and domain networks only (never Public), and only guests on the local subnet.
    expect(install).toContain('profile=private,domain remoteip=localsubnet');
    expect(include).not.toMatch(/profile=(any|public)/);
    // The room-link scheme the app registered for the user goes with the app (not on an update).
    expect(uninstall).toMatch(/\$\{IfNot\} \$\{isUpdated\}[\s\S]*DeleteRegKey HKCU "Software\\Classes\\sarangbang"/);
    expect(uninstall).toContain(`advfirewall firewall delete rule ${rule}`);
    // An update runs the old uninstaller: it must not drop the rule the new version relies on.
    expect(uninstall).toMatch(/\$\{IfNot\} \$\{isUpdated\}[\s\S]*delete rule/);
    // The rule follows the installed executable, wherever the user put it.
    expect(include).toContain('program="$INSTDIR\\${APP_EXECUTABLE_FILENAME}"');
  });

  it('declares the sarangbang: scheme of room links for every system', () => {
    expect(config['protocols']).toEqual([{ name: 'Sarangbang room link', schemes: ['sarangbang'] }]);
  });

  it('builds dmg and zip for Intel and Apple silicon with the hardened runtime and our entitlements', async () => {
    const mac = section('mac');
    expect(mac.target).toEqual([
      { target: 'dmg', arch: ['x64', 'arm64'] },
      { target: 'zip', arch: ['x64', 'arm64'] },
    ]);
    expect(mac.hardenedRuntime).toBe(true);
    expect(mac.notarize).not.toBe(false);
    const entitlements = await readFile(join(root, String(mac.entitlements)), 'utf8');
    for (const key of [
      'com.apple.security.cs.allow-jit',
      'com.apple.security.network.server',
      'com.apple.security.network.client',
    ]) {
      expect(entitlements).toMatch(new RegExp(`<key>${key.replaceAll('.', '\\.')}</key>\\s*<true/>`));
    }
  });

  it('builds AppImage and deb listed under Network, InstantMessaging and Chat', () => {
    const linux = section('linux');
    expect((linux.target as { target: string }[]).map((t) => t.target)).toEqual(['AppImage', 'deb']);
    expect(linux.category).toBe('Network;InstantMessaging;Chat');
  });

  it('puts the version and the architecture in every artifact name', () => {
    const names = [config.artifactName, section('nsis').artifactName, section('dmg').artifactName];
    for (const name of names) expect(name).toMatch(/\$\{version\}[\s\S]*\$\{arch\}/);
  });

  it('points every icon at a generated file in build/', async () => {
    for (const os of ['win', 'mac', 'linux']) {
      const icon = String(section(os).icon);
      expect(icon).toMatch(/^build\/icon\.(ico|icns|png)$/);
      await expect(readFile(join(root, icon))).resolves.toBeInstanceOf(Buffer);
    }
  });
});
