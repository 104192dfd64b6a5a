/**
 * Starts the room's own process with Node's fork(): how tests, benchmarks and plain-Node hosts run what the desktop
 * app runs in an Electron utility process (electron/utility-room-process.ts).
 */
import { fork } from 'node:child_process';
import { nodeChildEntry } from '../node-child.js';
import type { FromRoomProcess, RoomProcessLink } from './room-process-messages.js';
import { roomProcessLink } from './room-process-link.js';

export function forkRoomProcess(): RoomProcessLink {
  const { file, execArgv } = nodeChildEntry(import.meta.url, 'room-process-entry');
  const child = fork(file, [], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'json' });
  return roomProcessLink({
    send: (message) => {
      if (child.connected) child.send(message, () => undefined);
    },
    onMessage: (listener) => child.on('message', (message) => listener(message as FromRoomProcess)),
    onEnd: (listener) => {
      child.on('exit', (code) => listener(code));
      child.on('error', () => {
        if (child.pid === undefined) listener(null); // could not spawn at all
      });
    },
    kill: () => child.kill(),
  });
}
