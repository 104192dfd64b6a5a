import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { createOriginCheck } from './origin.js';

vi.mock('electron', () => ({}));
const { hardenWebContents, restrictPermissions } = await import('./security.js');

const ours = createOriginCheck();
const OUR_URL = 'app://sarangbang/index.html';

class FakeContents extends EventEmitter {
  openHandler: ((details: { url: string }) => { action: string }) | undefined;
  constructor(private url = OUR_URL) {
    super();
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.openHandler = handler;
  }
  getURL() {
    return this.url;
  }
}

function fire(contents: FakeContents, event: string, ...args: unknown[]): boolean {
  let prevented = false;
  contents.emit(event, { preventDefault: () => (prevented = true), url: args[0] }, ...args);
  return prevented;
}

describe('web contents hardening', () => {
  it('denies every window.open, even to our own page', () => {
    const contents = new FakeContents();
    hardenWebContents(contents as never, ours);
    expect(contents.openHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: OUR_URL })).toEqual({ action: 'deny' });
  });

  it('blocks navigation and redirects away from our page, and every webview', () => {
    const contents = new FakeContents();
    hardenWebContents(contents as never, ours);
    expect(fire(contents, 'will-navigate', 'https://evil.example/')).toBe(true);
    expect(fire(contents, 'will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(fire(contents, 'will-navigate', 'javascript:alert(1)')).toBe(true);
    expect(fire(contents, 'will-redirect', 'http://127.0.0.1:1/')).toBe(true);
    expect(fire(contents, 'will-frame-navigate', 'https://evil.example/')).toBe(true);
    expect(fire(contents, 'will-navigate', `${OUR_URL}#/room`)).toBe(false);
    expect(fire(contents, 'will-attach-webview', {}, {})).toBe(true);
  });

  it('grants only notifications, and only to our page', () => {
    let requestHandler: (c: unknown, permission: string, cb: (ok: boolean) => void) => void = () => undefined;
    let checkHandler: (c: unknown, permission: string) => boolean = () => true;
    const session = {
      setPermissionRequestHandler: (h: typeof requestHandler) => (requestHandler = h),
      setPermissionCheckHandler: (h: typeof checkHandler) => (checkHandler = h),
    };
    restrictPermissions(session as never, ours);
    const answer = (permission: string, contents = new FakeContents()) => {
      let granted: boolean | undefined;
      requestHandler(contents, permission, (ok) => (granted = ok));
      return granted;
    };
    expect(answer('notifications')).toBe(true);
    for (const denied of [
      'media',
      'geolocation',
      'clipboard-read',
      'openExternal',
      'fullscreen',
      'pointerLock',
      'hid',
      'serial',
    ])
      expect(answer(denied)).toBe(false);
    expect(answer('notifications', new FakeContents('https://evil.example/'))).toBe(false);
    expect(checkHandler(new FakeContents(), 'notifications')).toBe(true);
    expect(checkHandler(new FakeContents(), 'media')).toBe(false);
    expect(checkHandler(null, 'notifications')).toBe(false);
  });
});

describe('origin checks', () => {
  it('accepts our page on app://sarangbang only, or the dev server origin in development', () => {
    expect(ours(OUR_URL)).toBe(true);
    expect(ours(`${OUR_URL}?x=1#y`)).toBe(true);
    expect(ours('app://sarangbang/')).toBe(true);
    expect(ours('app://sarangbang/other.html')).toBe(false);
    expect(ours('app://evil/index.html')).toBe(false);
    expect(ours('app://user:pw@sarangbang/index.html')).toBe(false);
    expect(ours('app://sarangbang:8080/index.html')).toBe(false);
    // The built page reached through file: (how it used to load) is foreign now: 'self' there is every local file.
    expect(ours('file:///opt/Sarangbang/resources/app.asar/out/renderer/index.html')).toBe(false);
    expect(ours('not a url')).toBe(false);
    expect(ours('http://localhost:5173/')).toBe(false);
    const dev = createOriginCheck({ devServerUrl: 'http://localhost:5173/' });
    expect(dev('http://localhost:5173/some/path')).toBe(true);
    expect(dev('http://localhost:5174/')).toBe(false);
  });
});
