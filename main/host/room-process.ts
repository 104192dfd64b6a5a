/**
 * The room host in a process of its own: what the desktop app's room process runs (room-process-entry.ts). It
 * starts one room host (room server + file relay, relaying in this process) on `start`, tells the app its state
 * whenever people join or leave, and on `close` tells the members why, closes and exits. So the room's sockets,
 * its relay's byte pump and their garbage never share the app's event loop with the window and its IPC.
 */
import { startRoomHost, type RoomHost } from './start-room-host.js';
import type { FromRoomProcess, RoomProcessStatus, ToRoomProcess } from './room-process-messages.js';

/** The app's end of the channel, as the room process sees it. */
export interface AppLink {
  send(message: FromRoomProcess): void;
  onMessage(listener: (message: ToRoomProcess) => void): void;
}

export function serveRoomProcess(app: AppLink, exit: (code: number) => void): void {
  let host: RoomHost | undefined;
  let starting = false;
  let announcedOn: string[] | null = null;

  const status = (): RoomProcessStatus => {
    const { user, system } = process.cpuUsage();
    return {
      users: host?.server.room.size ?? 0,
      announcedOn,
      remoteSeen: host?.server.remoteConnectionsSeen() ?? 0,
      rss: process.memoryUsage.rss(),
      cpuMicros: user + system,
    };
  };
  const sendStatus = (): void => app.send({ t: 'status', status: status() });
  // A crowd arriving at once is one message per event-loop turn, not one per person.
  let statusQueued = false;
  const statusSoon = (): void => {
    if (statusQueued) return;
    statusQueued = true;
    setImmediate(() => {
      statusQueued = false;
      sendStatus();
    });
  };

  async function start(options: Extract<ToRoomProcess, { t: 'start' }>['options']): Promise<void> {
    if (host || starting) return;
    starting = true;
    try {
      host = await startRoomHost({
        ...options,
        relay: { ...options.relay, byteRelay: 'in-process' },
        announceOptions: {
          onInterfaces: (names) => {
            announcedOn = names.length > 0 ? names : null;
            statusSoon();
          },
        },
      });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException | undefined)?.code;
      app.send({ t: 'start-failed', message: (error as Error).message, ...(code ? { code } : {}) });
      exit(1);
      return;
    } finally {
      starting = false;
    }
    const interfaces = host.announcer?.interfaces ?? [];
    announcedOn = host.announcer && interfaces.length > 0 ? [...interfaces] : null;
    host.server.hub.on('joined', statusSoon);
    host.server.hub.on('left', statusSoon);
    app.send({ t: 'started', port: host.address.port, roomCode: host.server.identity.code, status: status() });
  }

  async function close(message: string): Promise<void> {
    if (host) {
      // Members see why before the server's own goodbye closes their connection.
      host.server.room.broadcast({ t: 'notice', code: 'host_stopping', text: message });
      await host.close().catch(() => undefined);
    }
    app.send({ t: 'closed' });
    exit(0);
  }

  app.onMessage((message) => {
    if (message.t === 'start') void start(message.options);
    else if (message.t === 'status') sendStatus();
    else if (message.t === 'close') void close(message.message);
  });
}
