/**
 * `sarangbang://HOST:PORT/ROOM?code=ROOMCODE` links (ROOM optional: a room of a many-room host): the app registers the
 * scheme (installed builds; electron-builder's `protocols` declares it to macOS and Linux, setAsDefaultProtocolClient
 * writes it for Windows), and every way a link arrives (the first instance's argv, a second instance's argv on Windows
 * and Linux, macOS 'open-url') ends in `onLink` with a strictly parsed link (main/discovery/room-link.ts). The page
 * only fills its join form, room included: a link never joins a room without the user's click.
 */
import type { App } from 'electron';
import type { RoomLink } from '../main/discovery/types.js';
import { parseRoomLink } from '../main/discovery/room-link.js';

export const ROOM_LINK_SCHEME = 'sarangbang';

/** The argument that looks like a room link (Windows and Linux pass it as a command-line argument), if any. */
export function linkArgument(argv: readonly string[]): string | undefined {
  return argv.find((arg) => arg.toLowerCase().startsWith(`${ROOM_LINK_SCHEME}:`));
}

/** Parses a link; a malformed one is logged and dropped (it came from outside the app). */
export function readRoomLink(text: string | undefined, log: (line: string) => void = console.warn): RoomLink | null {
  if (text === undefined) return null;
  try {
    return parseRoomLink(text);
  } catch (error) {
    log(`[room-link] ignored a link that is not a room link: ${(error as Error).message}`);
    return null;
  }
}

export type LinkApp = Pick<App, 'isPackaged' | 'setAsDefaultProtocolClient'> & {
  on(event: 'open-url', listener: (event: { preventDefault(): void }, url: string) => void): unknown;
  on(event: 'second-instance', listener: (event: unknown, argv: string[]) => void): unknown;
};

/**
 * Registers the scheme (installed builds only: a development build would claim it for the bare Electron binary) and
 * listens for links. `argv` is this (first) instance's command line. `onSecondInstance` runs for every second
 * instance, with or without a link (to bring the window forward). Call before `app.whenReady()`: macOS sends
 * 'open-url' for the link that launched the app early.
 */
export function listenForRoomLinks(
  app: LinkApp,
  argv: readonly string[],
  onLink: (link: RoomLink) => void,
  onSecondInstance: () => void = () => undefined,
  log?: (line: string) => void,
): void {
  if (app.isPackaged) app.setAsDefaultProtocolClient(ROOM_LINK_SCHEME);
  app.on('open-url', (event, url) => {
    event.preventDefault();
    const link = readRoomLink(url, log);
    if (link) onLink(link);
  });
  app.on('second-instance', (_event, secondArgv) => {
    onSecondInstance();
    const link = readRoomLink(linkArgument(secondArgv), log);
    if (link) onLink(link);
  });
  const first = readRoomLink(linkArgument(argv), log);
  if (first) onLink(first);
}
