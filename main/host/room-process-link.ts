/**
 * The app's handle on a room process, whatever started it (Node's fork(), Electron's utilityProcess): the process's
 * own calls, plus what both need alike: exit listeners told once, and no message or kill after the process ended.
 */
import type { FromRoomProcess, RoomProcessLink, ToRoomProcess } from './room-process-messages.js';

export interface StartedProcess {
  send(message: ToRoomProcess): void;
  onMessage(listener: (message: FromRoomProcess) => void): void;
  /** Calls `listener` when the process ended (or could not start: `code` null); may call it more than once. */
  onEnd(listener: (code: number | null) => void): void;
  kill(): void;
}

export function roomProcessLink(child: StartedProcess): RoomProcessLink {
  let exited = false;
  const exitListeners: ((code: number | null) => void)[] = [];
  child.onEnd((code) => {
    if (exited) return;
    exited = true;
    for (const listener of exitListeners) listener(code);
  });
  return {
    send: (message) => {
      if (!exited) child.send(message);
    },
    onMessage: (listener) => child.onMessage(listener),
    onExit: (listener) => {
      exitListeners.push(listener);
    },
    kill: () => {
      if (!exited) child.kill();
    },
  };
}
