/**
 * Starts the room's own process as an Electron utility process (the desktop app's RunAsNode fuse is off, so Node's
 * fork() cannot start one): the bundle electron-vite builds from main/host/room-process-entry.ts beside the main
 * process's own, `out/main/room-process.js`.
 */
import { join } from 'node:path';
import { utilityProcess } from 'electron';
import type { FromRoomProcess, RoomProcessLink } from '../main/host/room-process-messages.js';
import { roomProcessLink } from '../main/host/room-process-link.js';

/** The bundle's name in electron.vite.config.ts (main build input). */
export const ROOM_PROCESS_BUNDLE = 'room-process.js';

/** `mainDir` is where the main process's bundle is (out/main). Call after the app is ready. */
export function utilityRoomProcess(mainDir: string): RoomProcessLink {
  const child = utilityProcess.fork(join(mainDir, ROOM_PROCESS_BUNDLE), [], {
    serviceName: 'Sarangbang room',
    stdio: 'inherit',
  });
  return roomProcessLink({
    send: (message) => child.postMessage(message),
    onMessage: (listener) => child.on('message', (message: FromRoomProcess) => listener(message)),
    onEnd: (listener) => child.once('exit', (code) => listener(code)),
    kill: () => child.kill(),
  });
}
