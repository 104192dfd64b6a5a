/**
 * What the desktop services need from the platform, injected by electron/ (Electron's dialog, Notification, shell,
 * app paths) or by the browser-mode bridge (scripted stand-ins). Keeps main/app free of Electron.
 */
import type { Platform } from '@contract/ipc-contract';

export interface NativeDialogs {
  /** Multi-file open dialog. `null` when the user cancels. */
  pickFiles(): Promise<string[] | null>;
  /** Folder chooser. `null` when the user cancels. */
  pickFolder(options: { title: string; defaultPath?: string }): Promise<string | null>;
}

export interface DesktopPlatform {
  version: string;
  platform: Platform;
  osLocale: string;
  /** Where settings.json lives. */
  userDataDir: string;
  /** The OS downloads folder; received files default to `<downloads>/Sarangbang`. */
  downloadsDir: string;
  dialogs: NativeDialogs;
  /** Shows a native notification; `onClick` runs when the user clicks it (after the window is focused). */
  notify(notification: { title: string; body: string; onClick: () => void }): void;
  /** Whether the app window has focus (notifications only when it does not). */
  isFocused(): boolean;
  /** Reveal a file in the OS file manager. Never opens it. */
  showItemInFolder(path: string): void;
  /** Open an http(s) URL in the system browser; the desktop app asks the user first, in the main process. */
  openExternal(url: string): Promise<void>;
  /** Where the page loads the thumbnail with opaque id `id` (see FilePreviews); absent: no thumbnails. */
  previewUrl?(id: string): string;
  /** Dock/taskbar badge, or window title fallback. */
  setUnread(count: number): void;
}
