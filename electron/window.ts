/** The main window: secure defaults stated explicitly, remembered placement, our page only (app://, or the dev server). */
import { BrowserWindow, screen } from 'electron';
import { APP_INDEX_URL } from './app-protocol.js';
import { MIN_SIZE, placeWindow, saveWindowState, type WindowState } from './window-state.js';

export const WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webviewTag: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  navigateOnDragDrop: false,
  spellcheck: true,
} as const;

export interface MainWindowOptions {
  preloadPath: string;
  /** The dev server URL (`npm run dev`), else the built page on app://sarangbang/ (app-protocol.ts). */
  devServerUrl?: string;
  savedState?: WindowState;
  stateFile: string;
  title: string;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const placement = placeWindow(
    options.savedState,
    screen.getAllDisplays().map((d) => d.workArea),
  );
  const win = new BrowserWindow({
    ...placement,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    title: options.title,
    show: false,
    backgroundColor: '#111827',
    webPreferences: { ...WEB_PREFERENCES, preload: options.preloadPath },
  });
  if (options.savedState?.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());

  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  const rememberPlacement = (): void => {
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = setTimeout(() => {
      if (win.isDestroyed()) return;
      const state = { bounds: win.getNormalBounds(), maximized: win.isMaximized() };
      saveWindowState(options.stateFile, state).catch((error: unknown) =>
        console.warn('[window] could not save its placement:', error),
      );
    }, 500);
  };
  for (const event of ['resize', 'move', 'maximize', 'unmaximize'] as const)
    win.on(event as 'resize', rememberPlacement);
  win.on('close', () => {
    if (saveTimer) clearTimeout(saveTimer);
    saveWindowState(options.stateFile, { bounds: win.getNormalBounds(), maximized: win.isMaximized() }).catch(
      () => undefined,
    );
  });

  void win.loadURL(options.devServerUrl ?? APP_INDEX_URL);
  return win;
}
