/**
 * Entry of the room's own process (room-process.ts). Started by the desktop app with Electron's utilityProcess
 * (`process.parentPort`), or by Node's fork() (`process.send`) in tests and benchmarks. The app ends the process
 * once it has the last message (`closed`, `start-failed`); it also ends by itself a moment later, and at once when a
 * fork() parent goes away.
 */
import { accountBuffersByWhatTheyHold } from '../buffer-accounting.js';
import { serveRoomProcess, type AppLink } from './room-process.js';
import type { FromRoomProcess, ToRoomProcess } from './room-process-messages.js';

accountBuffersByWhatTheyHold();

/** Electron's utility-process side of the channel (present only in a utility process). */
interface ParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

function appLink(): AppLink {
  const parentPort = (process as { parentPort?: ParentPort }).parentPort;
  if (parentPort) {
    // Whether parentPort's listener alone keeps a utility process alive has differed between a packaged app and a
    // development run (electron/electron#42978): this timer does, until the process exits by itself or the app
    // ends it.
    setInterval(() => undefined, 2 ** 30);
    return {
      send: (message) => parentPort.postMessage(message),
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data as ToRoomProcess)),
    };
  }
  if (!process.send) throw new Error('the room process needs a channel to the app (utilityProcess or fork)');
  process.on('disconnect', () => process.exit(0));
  return {
    // The app may be gone by the time the message is written: the callback takes that error.
    send: (message: FromRoomProcess) => {
      if (process.connected) process.send?.(message, () => undefined);
    },
    onMessage: (listener) => process.on('message', (message) => listener(message as ToRoomProcess)),
  };
}

/** Time for the last message to reach the app, which normally ends the process first. */
const LAST_MESSAGE_GRACE_MS = 1000;

serveRoomProcess(appLink(), (code) => {
  setTimeout(() => process.exit(code), LAST_MESSAGE_GRACE_MS);
});
