import { describe, expect, it, vi } from 'vitest';
import type { Updater } from './auto-update.js';

// The update policy needs nothing from Electron: the app and electron-updater are injected.
vi.mock('electron', () => {
  throw new Error('auto-update must not import electron');
});
const { checkForUpdates, updateSkipReason } = await import('./auto-update.js');

const packaged = { isPackaged: true };
const desktopArgv = ['/opt/Sarangbang/sarangbang'];

function fakeUpdater(check: () => ReturnType<Updater['checkForUpdatesAndNotify']> = () => Promise.resolve(null)) {
  const updater = { checkForUpdatesAndNotify: vi.fn(check) };
  const get = vi.fn(() => updater);
  return { updater, get };
}

describe('checkForUpdates', () => {
  it('checks exactly once in an installed desktop app', async () => {
    const { updater, get } = fakeUpdater();
    const log = vi.fn();
    expect(await checkForUpdates(packaged, get, { argv: desktopArgv, env: {}, log })).toBe(true);
    expect(updater.checkForUpdatesAndNotify).toHaveBeenCalledTimes(1);
    expect(log).not.toHaveBeenCalled();
  });

  it('never checks (nor creates the updater) in development', async () => {
    const { get } = fakeUpdater();
    expect(await checkForUpdates({ isPackaged: false }, get, { argv: desktopArgv, env: {} })).toBe(false);
    expect(get).not.toHaveBeenCalled();
    expect(updateSkipReason({ isPackaged: false }, { argv: desktopArgv, env: {} })).toMatch(/not an installed app/);
  });

  it('never checks when the installed app runs a headless room with --serve', async () => {
    const { get } = fakeUpdater();
    expect(
      await checkForUpdates(packaged, get, { argv: [...desktopArgv, '--serve', '--port', '30000'], env: {} }),
    ).toBe(false);
    expect(get).not.toHaveBeenCalled();
  });

  it('never checks when SARANGBANG_NO_UPDATE turns it off, and does when it is empty or 0', async () => {
    for (const value of ['1', 'true', 'yes']) {
      const { get } = fakeUpdater();
      expect(await checkForUpdates(packaged, get, { argv: desktopArgv, env: { SARANGBANG_NO_UPDATE: value } })).toBe(
        false,
      );
      expect(get).not.toHaveBeenCalled();
    }
    for (const value of ['', '0']) {
      const { updater, get } = fakeUpdater();
      expect(await checkForUpdates(packaged, get, { argv: desktopArgv, env: { SARANGBANG_NO_UPDATE: value } })).toBe(
        true,
      );
      expect(updater.checkForUpdatesAndNotify).toHaveBeenCalledTimes(1);
    }
  });

  it('logs a failed check (e.g. offline or an unsigned macOS build) instead of throwing', async () => {
    const failure = new Error('net::ERR_INTERNET_DISCONNECTED');
    const { get } = fakeUpdater(() => Promise.reject(failure));
    const log = vi.fn();
    await expect(checkForUpdates(packaged, get, { argv: desktopArgv, env: {}, log })).resolves.toBe(true);
    expect(log).toHaveBeenCalledWith('could not check for updates', failure);
  });

  it('logs an updater that throws synchronously, even while being created', async () => {
    const failure = new Error('Unable to detect package type');
    const log = vi.fn();
    const get = () => {
      throw failure;
    };
    await expect(checkForUpdates(packaged, get, { argv: desktopArgv, env: {}, log })).resolves.toBe(true);
    expect(log).toHaveBeenCalledWith('could not check for updates', failure);
  });

  it('logs a background download that fails after the check found an update, leaving no unhandled rejection', async () => {
    const failure = new Error('Code signature at URL did not pass validation');
    let failDownload: (error: Error) => void = () => {};
    const downloadPromise = new Promise<unknown>((_resolve, reject) => (failDownload = reject));
    const { get } = fakeUpdater(() => Promise.resolve({ downloadPromise }));
    const logged = new Promise<unknown[]>((resolve) => {
      void checkForUpdates(packaged, get, { argv: desktopArgv, env: {}, log: (...args) => resolve(args) });
    });
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      // Let the check resolve and attach its handler before the download fails.
      await new Promise((resolve) => setImmediate(resolve));
      failDownload(failure);
      expect(await logged).toEqual(['could not download the update', failure]);
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });

  it('falls back to a console warning when no logger is given', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const { get } = fakeUpdater(() => Promise.reject(new Error('404 latest.yml')));
      await checkForUpdates(packaged, get, { argv: desktopArgv, env: {} });
      expect(warn).toHaveBeenCalledWith(
        '[update] could not check for updates:',
        expect.objectContaining({ message: '404 latest.yml' }),
      );
    } finally {
      warn.mockRestore();
    }
  });
});
