/**
 * The Electron pieces main/app needs (DesktopPlatform): native dialogs attached to the window (the paths the file
 * dialog returns are told to `onPicked`), notifications whose click focuses the window, shell.showItemInFolder
 * (received files are never opened), links opened only after main asked (native-prompts.ts), and the unread count
 * as a dock/launcher badge where supported plus the window title everywhere.
 */
import { app, dialog, Notification, shell, type BrowserWindow } from 'electron';
import type { DesktopPlatform } from '../main/app/platform.js';
import { openLinkAfterAsking } from './native-prompts.js';
import { previewUrlOf } from './preview-protocol.js';

export const APP_TITLE = 'Sarangbang';

export function unreadTitle(count: number): string {
  return count > 0 ? `(${count > 999 ? '999+' : count}) ${APP_TITLE}` : APP_TITLE;
}

export function createElectronPlatform(
  getWindow: () => BrowserWindow | undefined,
  onPicked: (paths: readonly string[]) => void = () => undefined,
): DesktopPlatform {
  // Notifications must stay referenced until clicked or closed, or their click handler is collected.
  const live = new Set<Notification>();
  let lastUnread = 0;

  const focusWindow = (): void => {
    const win = getWindow();
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  };

  return {
    version: app.getVersion(),
    platform: process.platform === 'darwin' || process.platform === 'win32' ? process.platform : 'linux',
    osLocale: app.getLocale(),
    userDataDir: app.getPath('userData'),
    downloadsDir: app.getPath('downloads'),
    dialogs: {
      async pickFiles() {
        const win = getWindow();
        const options = {
          title: 'Send files',
          properties: ['openFile', 'multiSelections'],
        } satisfies Electron.OpenDialogOptions;
        const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
        if (result.canceled) return null;
        onPicked(result.filePaths);
        return result.filePaths;
      },
      async pickFolder({ title, defaultPath }) {
        const win = getWindow();
        const options: Electron.OpenDialogOptions = {
          title,
          properties: ['openDirectory', 'createDirectory'],
          ...(defaultPath ? { defaultPath } : {}),
        };
        const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
        return result.canceled ? null : (result.filePaths[0] ?? null);
      },
    },
    notify({ title, body, onClick }) {
      if (!Notification.isSupported()) return;
      const notification = new Notification({ title, body });
      live.add(notification);
      notification.on('click', () => {
        focusWindow();
        onClick();
        live.delete(notification);
      });
      notification.on('close', () => live.delete(notification));
      notification.show();
    },
    isFocused: () => getWindow()?.isFocused() ?? false,
    showItemInFolder: (path) => shell.showItemInFolder(path),
    previewUrl: previewUrlOf,
    openExternal: async (url) => void (await openLinkAfterAsking(dialog, shell, getWindow(), url)),
    setUnread(count) {
      app.setBadgeCount(count);
      const win = getWindow();
      if (win && !win.isDestroyed()) {
        win.setTitle(unreadTitle(count));
        if (count > lastUnread && !win.isFocused()) win.flashFrame(true);
        if (count === 0) win.flashFrame(false);
      }
      lastUnread = count;
    },
  };
}
