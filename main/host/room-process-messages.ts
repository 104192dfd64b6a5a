/**
 * Messages between the app and the room's own process (room-process.ts), over the process's message channel:
 * Electron's utilityProcess port in the desktop app, Node's fork() channel in tests and benchmarks. Plain data only
 * (structured clone and JSON alike).
 */
import type { FileRelayOptions } from '../transfer/relay.js';
import type { RoomHostOptions } from './start-room-host.js';

/** What the room's process is started with: the room host's options that are data (no hooks, no callbacks). */
export type RoomProcessOptions = Omit<RoomHostOptions, 'hooks' | 'hub' | 'log' | 'announceOptions' | 'relay'> & {
  /** The relay runs on the room process's own event loop (that process is already apart from the app). */
  relay?: Omit<FileRelayOptions, 'byteRelay' | 'tokens'>;
};

export interface RoomProcessStatus {
  /** People in the default room. */
  users: number;
  /** The interfaces the room is announced on; null when it is not announced. */
  announcedOn: string[] | null;
  /** Connections from other machines seen since start. */
  remoteSeen: number;
  /** The room process's resident memory (bytes) and CPU time so far (µs). */
  rss: number;
  cpuMicros: number;
}

export type ToRoomProcess =
  | { t: 'start'; options: RoomProcessOptions }
  | { t: 'status' }
  /** Members are told `message` (notice `host_stopping`), then the room closes and the process exits. */
  | { t: 'close'; message: string };

export type FromRoomProcess =
  | { t: 'started'; port: number; roomCode: string; status: RoomProcessStatus }
  /** Listening failed; `code` is the system's (EADDRINUSE, EACCES…) when there is one. The process exits. */
  | { t: 'start-failed'; message: string; code?: string }
  /** Sent when people join or leave, when the announced interfaces change, and in answer to `status`. */
  | { t: 'status'; status: RoomProcessStatus }
  | { t: 'closed' };

/** The app's handle on a started room process: Electron's UtilityProcess or Node's ChildProcess behind it. */
export interface RoomProcessLink {
  send(message: ToRoomProcess): void;
  onMessage(listener: (message: FromRoomProcess) => void): void;
  /** Called once when the process has ended (or could not start: `code` null). */
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
}
