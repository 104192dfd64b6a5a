/**
 * Hosting the app's room in a process of its own (main/host/room-process.ts): a StartServer like
 * embedded-server.ts, whose room server and file relay run in the process `spawn` starts (Electron's utilityProcess
 * in the desktop app, fork() in tests). The app keeps its event loop for the window, its IPC and its own transfers'
 * file I/O; a busy room or a relay never stalls them. What room-host.ts reads synchronously (people, announced
 * interfaces) is the last state the room's process sent; `refresh()` asks for a fresh one.
 */
import type { RoomProcessLink, RoomProcessOptions, RoomProcessStatus } from '../host/room-process-messages.js';
import { roomHostOptionsOf } from './embedded-server.js';
import type { EmbeddedServer, StartServer } from './room-host.js';

/** The room's process could not be started or did not answer: nothing was listening (the caller may host in-process). */
export class RoomProcessUnavailable extends Error {
  override readonly name = 'RoomProcessUnavailable';
}

export interface RoomProcessSettings {
  /** Room host options the hosting form does not set (tests: shorter timeouts). */
  extra?: Omit<RoomProcessOptions, 'port' | 'host'>;
  /** How long the process may take to start and listen. Default 20 s. */
  startTimeoutMs?: number;
  /** How long `close` waits for the members' goodbye before the process is ended. Default 10 s. */
  closeTimeoutMs?: number;
}

const STATUS_TIMEOUT_MS = 2000;

export function roomProcessStarter(spawn: () => RoomProcessLink, settings: RoomProcessSettings = {}): StartServer {
  return (options) => startRoomProcess(spawn, { ...settings.extra, ...roomHostOptionsOf(options) }, settings);
}

/**
 * Hosts in the room's process and, once that process proves unavailable (it cannot start, or ends before it
 * listens), in this one from then on: `report` says so once. Refusals such as a port in use are passed on as they are.
 */
export function withInProcessFallback(
  primary: StartServer,
  fallback: StartServer,
  report: (error: Error) => void,
): StartServer {
  let unavailable = false;
  return async (options) => {
    if (unavailable) return fallback(options);
    try {
      return await primary(options);
    } catch (error) {
      if (!(error instanceof RoomProcessUnavailable)) throw error;
      unavailable = true;
      report(error);
      return fallback(options);
    }
  };
}

function startRoomProcess(
  spawn: () => RoomProcessLink,
  options: RoomProcessOptions,
  settings: RoomProcessSettings,
): Promise<EmbeddedServer> {
  let link: RoomProcessLink;
  try {
    link = spawn();
  } catch (error) {
    return Promise.reject(new RoomProcessUnavailable(`the room's process could not start: ${String(error)}`));
  }
  return new Promise((resolve, reject) => {
    let phase: 'starting' | 'running' | 'closing' | 'ended' = 'starting';
    let status: RoomProcessStatus = { users: 0, announcedOn: null, remoteSeen: 0, rss: 0, cpuMicros: 0 };
    const membersListeners = new Set<() => void>();
    const stoppedListeners = new Set<() => void>();
    let statusWaiters: (() => void)[] = [];
    let onEnded: (() => void) | undefined;
    let closing: Promise<void> | undefined;
    const wakeStatusWaiters = (): void => {
      const waiting = statusWaiters;
      statusWaiters = [];
      for (const wake of waiting) wake();
    };

    const startTimeoutMs = settings.startTimeoutMs ?? 20_000;
    const startTimer = setTimeout(() => {
      if (phase !== 'starting') return;
      phase = 'ended';
      link.kill();
      reject(new RoomProcessUnavailable(`the room's process did not start within ${startTimeoutMs} ms`));
    }, startTimeoutMs);

    const nextStatus = (): Promise<void> =>
      new Promise((done) => {
        if (phase !== 'running') return done();
        const timer = setTimeout(done, STATUS_TIMEOUT_MS);
        statusWaiters.push(() => {
          clearTimeout(timer);
          done();
        });
        link.send({ t: 'status' });
      });

    const server = (port: number, roomCode: string): EmbeddedServer => ({
      port,
      roomCode,
      userCount: () => status.users,
      onMembersChanged(listener) {
        membersListeners.add(listener);
        return () => membersListeners.delete(listener);
      },
      onStopped(listener) {
        stoppedListeners.add(listener);
        return () => stoppedListeners.delete(listener);
      },
      announcedOn: () => (status.announcedOn ? [...status.announcedOn] : null),
      remoteConnectionsSeen: () => status.remoteSeen,
      refresh: nextStatus,
      async processUsage() {
        await nextStatus();
        return { rss: status.rss, cpuMicros: status.cpuMicros };
      },
      close(message) {
        if (phase === 'ended') return Promise.resolve();
        closing ??= new Promise<void>((done) => {
          phase = 'closing';
          const timer = setTimeout(() => link.kill(), settings.closeTimeoutMs ?? 10_000);
          onEnded = () => {
            clearTimeout(timer);
            done();
          };
          link.send({ t: 'close', message });
        });
        return closing;
      },
    });

    link.onMessage((message) => {
      if (message.t === 'started' && phase === 'starting') {
        clearTimeout(startTimer);
        phase = 'running';
        status = message.status;
        resolve(server(message.port, message.roomCode));
      } else if (message.t === 'start-failed' && phase === 'starting') {
        clearTimeout(startTimer);
        phase = 'ended';
        link.kill();
        reject(Object.assign(new Error(message.message), message.code ? { code: message.code } : {}));
      } else if (message.t === 'status') {
        const peopleChanged = message.status.users !== status.users;
        status = message.status;
        wakeStatusWaiters();
        if (peopleChanged) for (const listener of membersListeners) listener();
      } else if (message.t === 'closed') {
        link.kill();
      }
    });
    link.onExit((code) => {
      const was = phase;
      phase = 'ended';
      clearTimeout(startTimer);
      wakeStatusWaiters();
      if (was === 'starting')
        reject(new RoomProcessUnavailable(`the room's process ended before the room started (exit code ${code})`));
      if (was === 'running') for (const listener of stoppedListeners) listener();
      onEnded?.();
    });
    link.send({ t: 'start', options });
  });
}
