/** Which browser the end-to-end suite picks on each platform, and the one clear line when there is none. */
import { describe, expect, it } from 'vitest';
import { browserCandidates, findBrowser, NO_BROWSER_MESSAGE } from './find-browser.js';

const only = (file: string) => (candidate: string) => candidate === file;

describe('finding a browser for the end-to-end suite', () => {
  it("takes Debian's chromium, else Chrome or Edge, on Linux", () => {
    expect(findBrowser('linux', {}, only('/usr/bin/chromium'))).toBe('/usr/bin/chromium');
    expect(findBrowser('linux', {}, only('/usr/bin/google-chrome-stable'))).toBe('/usr/bin/google-chrome-stable');
    expect(findBrowser('linux', {}, only('/usr/bin/microsoft-edge'))).toBe('/usr/bin/microsoft-edge');
  });

  it('looks in Program Files and the user profile on Windows, and in /Applications on macOS', () => {
    const env = { PROGRAMFILES: 'C:\\Program Files', LOCALAPPDATA: 'C:\\Users\\a\\AppData\\Local' };
    const edge = 'C:\\Program Files\\Microsoft\\Edge\\Application\\msedge.exe';
    expect(browserCandidates('win32', env)).toContain(edge);
    expect(findBrowser('win32', env, only(edge))).toBe(edge);
    const chrome = '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome';
    expect(findBrowser('darwin', {}, only(chrome))).toBe(chrome);
  });

  it('prefers SARANGBANG_CHROMIUM, and names it when it does not exist', () => {
    expect(findBrowser('linux', { SARANGBANG_CHROMIUM: '/opt/b' }, () => true)).toBe('/opt/b');
    expect(() => findBrowser('linux', { SARANGBANG_CHROMIUM: '/opt/none' }, () => false)).toThrow(
      /SARANGBANG_CHROMIUM=\/opt\/none does not exist/,
    );
  });

  it('finds nothing when nothing is installed, and the message says what to install', () => {
    expect(findBrowser('linux', {}, () => false)).toBeUndefined();
    expect(NO_BROWSER_MESSAGE).toMatch(/apt-get install chromium/);
  });
});
