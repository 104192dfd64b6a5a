/**
 * The platform for browser mode (development and end-to-end tests), where there is no Electron: native dialogs
 * answer from a queue the test fills (empty queue = the user cancelled), notifications and revealed files are
 * recorded, links are recorded instead of opened.
 */
import { join } from 'node:path';
import type { DesktopPlatform, NativeDialogs } from '../platform.js';
import { PREVIEW_PATH } from './preview-route.js';

export interface ScriptedDialogs extends NativeDialogs {
  /** The next `pickFiles` answers these paths (null = cancel). */
  queueFiles(paths: string[] | null): void;
  /** The next `pickFolder` answers this folder (null = cancel). */
  queueFolder(path: string | null): void;
}

export interface BrowserPlatform extends DesktopPlatform {
  dialogs: ScriptedDialogs;
  /** Notifications shown so far; `click()` simulates the user clicking one. */
  readonly notifications: { title: string; body: string; click: () => void }[];
  readonly openedLinks: string[];
  readonly revealedFiles: string[];
  unread: number;
  focused: boolean;
}

export function createBrowserPlatform(options: {
  profileDir: string;
  version: string;
  osLocale?: string;
  downloadsDir?: string;
}): BrowserPlatform {
  const files: (string[] | null)[] = [];
  const folders: (string | null)[] = [];
  const platform: BrowserPlatform = {
    version: options.version,
    platform: 'browser',
    osLocale: options.osLocale ?? 'en-US',
    userDataDir: options.profileDir,
    downloadsDir: options.downloadsDir ?? join(options.profileDir, 'Downloads'),
    dialogs: {
      queueFiles: (paths) => void files.push(paths),
      queueFolder: (path) => void folders.push(path),
      pickFiles: async () => files.shift() ?? null,
      pickFolder: async () => folders.shift() ?? null,
    },
    notifications: [],
    openedLinks: [],
    revealedFiles: [],
    unread: 0,
    focused: true,
    notify: ({ title, body, onClick }) => void platform.notifications.push({ title, body, click: onClick }),
    isFocused: () => platform.focused,
    showItemInFolder: (path) => void platform.revealedFiles.push(path),
    previewUrl: (id) => `${PREVIEW_PATH}${id}`,
    openExternal: async (url) => void platform.openedLinks.push(url),
    setUnread: (count) => {
      platform.unread = count;
    },
  };
  return platform;
}
