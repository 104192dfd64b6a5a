/** Starts the product's room server (main/gateway/server.ts) on 127.0.0.1, port 0, for bench/server-process.ts. */
import { createRoomServer, type RoomServer, type RoomServerOptions } from '../main/gateway/server.js';

export interface QueueFigures {
  /** Bytes the server holds for this member: its own queue plus what the socket has not yet handed to the kernel. */
  queuedBytes: number;
  writableLength: number;
}

export interface BenchServer {
  port: number;
  close(): Promise<void>;
  /** The outgoing queue of the member with this nick, or undefined when there is none (or it cannot be seen). */
  queueOf(nick: string): QueueFigures | undefined;
  /** Bytes queued for all members together. */
  totalQueued(): number;
}

/**
 * Bench instrumentation: reads a member's connection accounting (main/gateway/connection.ts `queuedBytes`) through
 * the room's public `find()`. The connection sits behind the session's protected `conn`; if that shape changes this
 * returns undefined and the report says the figure is unavailable, rather than guessing.
 */
function queueOf(server: RoomServer, nick: string): QueueFigures | undefined {
  const endpoint = server.room.find(nick)?.endpoint as
    { conn?: { queuedBytes?: unknown; socket?: { writableLength?: unknown } } } | undefined;
  const conn = endpoint?.conn;
  if (typeof conn?.queuedBytes !== 'number') return undefined;
  return {
    queuedBytes: conn.queuedBytes,
    writableLength: typeof conn.socket?.writableLength === 'number' ? conn.socket.writableLength : 0,
  };
}

export async function listenRoomServer(options: RoomServerOptions): Promise<BenchServer> {
  // Every load client comes from 127.0.0.1, 100 connecting at once: the per-address cap on unauthenticated
  // connections (16) would refuse them, so the benchmark turns the guessing limits off.
  const server = createRoomServer({ passwordGuard: 'off', ...options });
  // Errors the server reports about itself go to stderr (the parent shows them if the process dies).
  server.on('log', (entry) => {
    if (entry.kind === 'error') process.stderr.write(`${entry.text}\n`);
  });
  const address = await server.listen(0, '127.0.0.1');
  return {
    port: address.port,
    close: () => server.close(),
    queueOf: (nick) => queueOf(server, nick),
    totalQueued: () =>
      server.room.members().reduce((sum, member) => sum + (queueOf(server, member.nick)?.queuedBytes ?? 0), 0),
  };
}
