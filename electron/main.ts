/**
 * Electron entry: `--serve` runs the room headless; otherwise one instance, one hardened window, the shared handler
 * table behind checked IPC, and the desktop services from main/app with Electron's dialogs, notifications and shell.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session } from 'electron';
import updater from 'electron-updater';
import { DesktopApp } from '../main/app/desktop-app.js';
import { accountBuffersByWhatTheyHold } from '../main/buffer-accounting.js';
import { embeddedServerStarter } from '../main/app/embedded-server.js';
import { roomProcessStarter, withInProcessFallback } from '../main/app/room-process-server.js';
import { createHandlers } from '../main/app/handlers.js';
import { networkRoomFinder } from '../main/app/network-room-finder.js';
import type { RoomLink } from '../main/discovery/types.js';
import { menuTemplate } from './app-menu.js';
import { registerAppScheme, serveAppScheme } from './app-protocol.js';
import { checkForUpdates } from './auto-update.js';
import { listenForRoomLinks } from './room-links.js';
import { PREVIEW_SCHEME, PREVIEW_SCHEME_PRIVILEGES, servePreviewScheme } from './preview-protocol.js';
import { APP_TITLE, createElectronPlatform } from './electron-platform.js';
import { runHeadlessServe, serveArguments } from './headless-serve.js';
import { registerDropReports, registerIpc, TrustedSenders, windowEventSink } from './ipc.js';
import { confirmUnchosenFiles } from './native-prompts.js';
import { createOriginCheck } from './origin.js';
import { gateRegisterPaths, PathGate } from './path-gate.js';
import { hardenWebContents, restrictPermissions } from './security.js';
import { utilityRoomProcess } from './utility-room-process.js';
import { createMainWindow } from './window.js';
import { loadWindowState } from './window-state.js';

accountBuffersByWhatTheyHold();

const here = fileURLToPath(new URL('.', import.meta.url));
const rendererDir = join(here, '../renderer');
const preloadPath = join(here, '../preload/index.cjs');
const devServerUrl = app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL'];
const discoveryOff = ['1', 'true', 'yes'].includes(process.env['SARANGBANG_NO_DISCOVERY'] ?? '');

const serveArgs = serveArguments(process.argv);
if (serveArgs) {
  void runHeadlessServe(app, serveArgs);
} else if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  startDesktop();
}

function startDesktop(): void {
  registerAppScheme(protocol, [{ scheme: PREVIEW_SCHEME, privileges: PREVIEW_SCHEME_PRIVILEGES }]);
  const isOurs = createOriginCheck(devServerUrl ? { devServerUrl } : {});
  let win: BrowserWindow | undefined;
  let desktop: DesktopApp | undefined;
  const trusted = new TrustedSenders(isOurs);
  const gate = new PathGate({ confirm: (paths) => confirmUnchosenFiles(dialog, win, paths) });

  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, isOurs));
  // A room link opened while the app starts waits for the desktop services; their outbox then holds it for the page.
  const earlyLinks: RoomLink[] = [];
  listenForRoomLinks(
    app,
    process.argv,
    (link) => {
      if (desktop) desktop.emit('room.link', link);
      else earlyLinks.push(link);
      if (win?.isMinimized()) win.restore();
      win?.focus();
    },
    () => {
      if (!win) return;
      if (win.isMinimized()) win.restore();
      win.focus();
    },
  );

  const openWindow = async (): Promise<void> => {
    const stateFile = join(app.getPath('userData'), 'window-state.json');
    const created = createMainWindow({
      preloadPath,
      ...(devServerUrl ? { devServerUrl } : {}),
      savedState: await loadWindowState(stateFile),
      stateFile,
      title: APP_TITLE,
    });
    win = created;
    trusted.add(created.webContents);
    created.on('page-title-updated', (event) => event.preventDefault());
    created.webContents.on('did-start-navigation', (details) => {
      if (details.isMainFrame && !details.isSameDocument) desktop?.rendererGone();
    });
    created.webContents.on('render-process-gone', () => desktop?.rendererGone());
    created.on('closed', () => {
      if (win === created) win = undefined;
      desktop?.rendererGone();
    });
  };

  void app.whenReady().then(async () => {
    serveAppScheme(protocol, rendererDir);
    servePreviewScheme(protocol, () => desktop?.previews);
    restrictPermissions(session.defaultSession, isOurs);
    desktop = await DesktopApp.create({
      platform: createElectronPlatform(
        () => win,
        (paths) => gate.rememberPicked(paths),
      ),
      // The hosted room runs in a utility process of its own, so a busy room never stalls the window's IPC; in this
      // process only if that one cannot start.
      startServer: withInProcessFallback(
        roomProcessStarter(() => utilityRoomProcess(here)),
        embeddedServerStarter(),
        (error) => console.warn(`[host] hosting in the main process: ${error.message}`),
      ),
      sink: windowEventSink(() => win?.webContents),
      // SARANGBANG_NO_DISCOVERY=1 (the Electron end-to-end runs): no mDNS, no probe, no announcement at all.
      ...(discoveryOff ? { announce: false } : { finder: networkRoomFinder }),
    });
    for (const link of earlyLinks.splice(0)) desktop.emit('room.link', link);
    registerIpc(ipcMain, gateRegisterPaths(createHandlers(desktop), gate), trusted);
    registerDropReports(ipcMain, gate, trusted);
    const current = desktop;
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        menuTemplate({
          isMac: process.platform === 'darwin',
          isDev: !app.isPackaged,
          appName: app.getName(),
          send: (command) => current.emit('menu', { command }),
        }),
      ),
    );
    await openWindow();
    void checkForUpdates(app, () => updater.autoUpdater, { argv: process.argv, env: process.env });
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) void openWindow();
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // Whatever happened to the goodbyes above, the conversation store commits its last batch and closes.
  app.on('will-quit', () => desktop?.history?.close());

  let disposed = false;
  app.on('before-quit', (event) => {
    if (disposed || !desktop) return;
    event.preventDefault();
    disposed = true;
    const quitting = desktop;
    // Leave the room and stop a hosted one so everybody is told; never hang the quit for more than 3 s.
    void Promise.race([quitting.dispose(), new Promise((resolve) => setTimeout(resolve, 3000))]).finally(() =>
      app.quit(),
    );
  });
}
