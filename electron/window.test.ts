import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const created: { options: Electron.BrowserWindowConstructorOptions; win: FakeWindow }[] = [];

class FakeWindow extends EventEmitter {
  loaded: string[] = [];
  maximized = false;
  constructor(options: Electron.BrowserWindowConstructorOptions) {
    super();
    created.push({ options, win: this });
  }
  loadURL(url: string) {
    this.loaded.push(url);
    return Promise.resolve();
  }
  maximize() {
    this.maximized = true;
  }
  show() {}
  isDestroyed() {
    return false;
  }
  isMaximized() {
    return this.maximized;
  }
  getNormalBounds() {
    return { x: 0, y: 0, width: 800, height: 600 };
  }
}

vi.mock('electron', () => ({
  BrowserWindow: FakeWindow,
  screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
}));

const { createMainWindow, WEB_PREFERENCES } = await import('./window.js');

beforeEach(() => {
  created.length = 0;
});

describe('the main window', () => {
  it('is created with the secure webPreferences stated explicitly and our preload, and loads app://, never file:', () => {
    createMainWindow({
      preloadPath: '/app/out/preload/index.cjs',
      stateFile: '/tmp/x/ws.json',
      title: 'Sarangbang',
    });
    const prefs = created[0]?.options.webPreferences;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      navigateOnDragDrop: false,
      preload: '/app/out/preload/index.cjs',
    });
    expect(WEB_PREFERENCES.sandbox).toBe(true);
    expect(created[0]?.win.loaded).toEqual(['app://sarangbang/index.html']);
  });

  it('puts the window back where it was, maximized if it was, and loads the dev server in development', () => {
    createMainWindow({
      preloadPath: '/p.cjs',
      devServerUrl: 'http://localhost:5173',
      stateFile: '/tmp/x/ws.json',
      title: 'Sarangbang',
      savedState: { bounds: { x: 100, y: 120, width: 1000, height: 700 }, maximized: true },
    });
    expect(created[0]?.options).toMatchObject({ x: 100, y: 120, width: 1000, height: 700 });
    expect(created[0]?.win.maximized).toBe(true);
    expect(created[0]?.win.loaded).toEqual(['http://localhost:5173']);
  });
});
