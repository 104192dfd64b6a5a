// sarangbang: room links reach the page from every way the OS delivers them (first launch argv, a second instance's
// argv, macOS open-url), strictly parsed; the scheme is registered only by installed builds; a bad link is dropped.
import { describe, expect, it, vi } from 'vitest';
import type { RoomLink } from '../main/discovery/types.js';

vi.mock('electron', () => {
  throw new Error('room-links must not import electron at runtime');
});
const { linkArgument, listenForRoomLinks } = await import('./room-links.js');

type Listener = (...args: never[]) => void;

function fakeApp(isPackaged: boolean) {
  const listeners = new Map<string, Listener>();
  return {
    isPackaged,
    setAsDefaultProtocolClient: vi.fn(() => true),
    on: vi.fn((event: string, listener: Listener) => {
      listeners.set(event, listener);
    }),
    fire(event: string, ...args: unknown[]) {
      (listeners.get(event) as ((...a: unknown[]) => void) | undefined)?.(...args);
    },
  };
}

const CODE = 'K7QX-2M9D-4HBT-Z0PA-8E3C';

describe('room links', () => {
  it('registers the sarangbang: scheme in an installed build only', () => {
    const installed = fakeApp(true);
    listenForRoomLinks(installed as never, [], () => undefined);
    expect(installed.setAsDefaultProtocolClient).toHaveBeenCalledWith('sarangbang');
    const dev = fakeApp(false);
    listenForRoomLinks(dev as never, [], () => undefined);
    expect(dev.setAsDefaultProtocolClient).not.toHaveBeenCalled();
  });

  it('opens the link the app was launched with (Windows and Linux pass it in argv)', () => {
    const links: RoomLink[] = [];
    listenForRoomLinks(
      fakeApp(true) as never,
      ['C:\\Sarangbang\\Sarangbang.exe', '--flag', `sarangbang://192.168.0.5:30000/?code=${CODE}`],
      (link) => links.push(link),
    );
    expect(links).toEqual([{ host: '192.168.0.5', port: 30000, code: CODE }]);
  });

  it("opens a second instance's link in the running app and brings its window forward", () => {
    const app = fakeApp(true);
    const links: RoomLink[] = [];
    const focus = vi.fn();
    listenForRoomLinks(app as never, ['/opt/Sarangbang/sarangbang'], (link) => links.push(link), focus);
    app.fire('second-instance', {}, ['/opt/Sarangbang/sarangbang', 'sarangbang://[fd00::5]:31000/']);
    expect(links).toEqual([{ host: 'fd00::5', port: 31000 }]);
    app.fire('second-instance', {}, ['/opt/Sarangbang/sarangbang']);
    expect(focus).toHaveBeenCalledTimes(2);
    expect(links).toHaveLength(1);
  });

  it("takes macOS's open-url and keeps it from the default handling", () => {
    const app = fakeApp(true);
    const links: RoomLink[] = [];
    listenForRoomLinks(app as never, [], (link) => links.push(link));
    const event = { preventDefault: vi.fn() };
    app.fire('open-url', event, `sarangbang://lab.local:30000/?code=${CODE.toLowerCase()}`);
    expect(event.preventDefault).toHaveBeenCalled();
    expect(links).toEqual([{ host: 'lab.local', port: 30000, code: CODE }]);
  });

  it('carries the room of a many-room host from the link path, decoded (a bad room name is dropped)', () => {
    const app = fakeApp(true);
    const links: RoomLink[] = [];
    const log = vi.fn();
    listenForRoomLinks(
      app as never,
      ['/opt/Sarangbang/sarangbang', `sarangbang://192.168.0.5:30000/math?code=${CODE}`],
      (link) => links.push(link),
      undefined,
      log,
    );
    app.fire('second-instance', {}, [
      '/opt/Sarangbang/sarangbang',
      'sarangbang://192.168.0.5:30000/%EC%88%98%ED%95%99%EB%B0%98',
    ]);
    app.fire('open-url', { preventDefault: () => undefined }, 'sarangbang://192.168.0.5:30000/a%20b');
    expect(links).toEqual([
      { host: '192.168.0.5', port: 30000, room: 'math', code: CODE },
      { host: '192.168.0.5', port: 30000, room: '수학반' },
    ]);
    expect(log).toHaveBeenCalledTimes(1);
  });

  it('drops what is not a room link: other schemes, credentials, bad ports, bad codes', () => {
    const app = fakeApp(true);
    const links: RoomLink[] = [];
    const log = vi.fn();
    listenForRoomLinks(app as never, [], (link) => links.push(link), undefined, log);
    for (const url of [
      'http://192.168.0.5:30000/',
      'sarangbang://user:pw@192.168.0.5:30000/',
      'sarangbang://192.168.0.5:70000/',
      'sarangbang://192.168.0.5:30000/?code=nope',
    ])
      app.fire('open-url', { preventDefault: () => undefined }, url);
    expect(links).toEqual([]);
    expect(log).toHaveBeenCalledTimes(4);
  });

  it('finds the link argument among others, whatever its case', () => {
    expect(linkArgument(['app', '--x', 'SARANGBANG://h:1/'])).toBe('SARANGBANG://h:1/');
    expect(linkArgument(['app', '--serve'])).toBeUndefined();
  });
});
