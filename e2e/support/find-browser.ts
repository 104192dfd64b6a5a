/**
 * Finds the Chromium-family browser the end-to-end suite drives: `SARANGBANG_CHROMIUM`, else the first installed of
 * Chromium, Google Chrome and Microsoft Edge in their usual places on Linux, macOS and Windows. On a Debian or Ubuntu
 * machine with none, running as root, `installBrowserIfMissing` installs Debian's `chromium` with apt-get; anywhere
 * else it stops with one line saying what to install.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export const NO_BROWSER_MESSAGE =
  'No Chromium-family browser for the end-to-end suite: install Chromium (Debian/Ubuntu: sudo apt-get install chromium), ' +
  'Google Chrome or Microsoft Edge, or set SARANGBANG_CHROMIUM=/path/to/browser (SARANGBANG_SKIP_E2E=1 skips the suite).';

function windowsCandidates(env: NodeJS.ProcessEnv): string[] {
  const roots = [env['PROGRAMFILES'], env['PROGRAMFILES(X86)'], env['LOCALAPPDATA']].filter(
    (root) => root !== undefined,
  );
  const apps = [
    'Google/Chrome/Application/chrome.exe',
    'Chromium/Application/chrome.exe',
    'Microsoft/Edge/Application/msedge.exe',
  ];
  return roots.flatMap((root) => apps.map((app) => path.win32.join(root, app)));
}

/** Where each platform's browsers usually live, most preferred first. */
export function browserCandidates(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string[] {
  if (platform === 'win32') return windowsCandidates(env);
  if (platform === 'darwin') {
    return [
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
    ];
  }
  return [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/snap/bin/chromium',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/usr/bin/microsoft-edge',
  ];
}

/** The browser to launch, or undefined when none is installed. A `SARANGBANG_CHROMIUM` that does not exist is an error. */
export function findBrowser(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  exists: (file: string) => boolean = existsSync,
): string | undefined {
  const chosen = env['SARANGBANG_CHROMIUM'];
  if (chosen) {
    if (!exists(chosen)) throw new Error(`SARANGBANG_CHROMIUM=${chosen} does not exist. ${NO_BROWSER_MESSAGE}`);
    return chosen;
  }
  return browserCandidates(platform, env).find((file) => exists(file));
}

function canInstallWithApt(): boolean {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  try {
    execFileSync('apt-get', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The browser's path; installs Debian's chromium first where that is possible (root + apt-get), else throws. */
export function installBrowserIfMissing(): string {
  const found = findBrowser();
  if (found) return found;
  if (!canInstallWithApt()) throw new Error(NO_BROWSER_MESSAGE);
  console.warn("[e2e] No browser installed: installing Debian's chromium (apt-get install chromium)…");
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
  } catch {
    throw new Error(`apt-get install chromium failed. ${NO_BROWSER_MESSAGE}`);
  }
  const installed = findBrowser();
  if (!installed) throw new Error(NO_BROWSER_MESSAGE);
  return installed;
}
