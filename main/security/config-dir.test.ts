import { describe, expect, it } from 'vitest';
import { configDir, configFile } from './config-dir.js';

describe('configDir', () => {
  it('prefers SARANGBANG_CONFIG_DIR, then XDG_CONFIG_HOME, then the platform default', () => {
    const home = '/home/ji';
    expect(configDir({ env: { SARANGBANG_CONFIG_DIR: '/x', XDG_CONFIG_HOME: '/y' }, platform: 'linux', home })).toBe(
      '/x',
    );
    expect(configDir({ env: { XDG_CONFIG_HOME: '/y' }, platform: 'darwin', home })).toBe('/y/sarangbang');
    expect(configDir({ env: {}, platform: 'linux', home })).toBe('/home/ji/.config/sarangbang');
    expect(configDir({ env: {}, platform: 'darwin', home })).toBe('/home/ji/Library/Application Support/Sarangbang');
    expect(configDir({ env: { APPDATA: 'C:\\Users\\ji\\AppData\\Roaming' }, platform: 'win32', home })).toBe(
      'C:\\Users\\ji\\AppData\\Roaming\\Sarangbang',
    );
    expect(configDir({ env: { SARANGBANG_CONFIG_DIR: '' }, platform: 'linux', home })).toBe(
      '/home/ji/.config/sarangbang',
    );
  });

  it('names the files kept there', () => {
    const from = { env: { SARANGBANG_CONFIG_DIR: '/cfg' } };
    expect(configFile('identity', from)).toBe('/cfg/identity.json');
    expect(configFile('hostIdentity', from)).toBe('/cfg/host-identity.json');
    expect(configFile('knownHosts', from)).toBe('/cfg/known-hosts.json');
    expect(configFile('people', from)).toBe('/cfg/people.json');
  });
});
