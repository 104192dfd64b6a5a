/**
 * A room host: the room server with the file relay plugged in, listening. Written once for the desktop app
 * (main/app/embedded-server.ts), `sarangbang serve` (main/cli/serve.ts) and the benchmarks.
 *
 *   const host = await startRoomHost({ roomName: 'lab', port: 30000, relay: { byteRelay: 'child-process' } });
 *   host.server.on('log', (entry) => console.log(entry.text));   // or pass `log` to see 'listening' too
 *   await host.close();                                          // transfers end (host_stopped), then the room
 */
import type { AddressInfo } from 'node:net';
import { createRoomServer, type LogEntry, type RoomServer, type RoomServerOptions } from '../gateway/server.js';
import { FileRelay, type FileRelayOptions } from '../transfer/relay.js';

export interface RoomHostOptions extends Omit<RoomServerOptions, 'hooks'> {
  /** Default 30000; 0 picks a free port. */
  port?: number;
  /** Default '0.0.0.0' (every interface). */
  host?: string;
  /** The relay's options; `byteRelay` chooses in-process or child-process byte relaying. */
  relay?: FileRelayOptions;
  /** Subscribed before listening, so it also sees the 'listening' entry. */
  log?: (entry: LogEntry) => void;
}

export interface RoomHost {
  readonly server: RoomServer;
  readonly relay: FileRelay;
  readonly address: AddressInfo;
  /** Ends every transfer with `host_stopped`, then says goodbye to every client and closes. */
  close(): Promise<void>;
}

/** Starts the room server and its relay; if listening fails, both are closed again and the error is thrown. */
export async function startRoomHost(options: RoomHostOptions = {}): Promise<RoomHost> {
  const { port, host, relay: relayOptions, log, ...serverOptions } = options;
  const relay = new FileRelay(relayOptions);
  const server = createRoomServer({ ...serverOptions, hooks: relay.hooks });
  if (log) server.on('log', log);
  let address: AddressInfo;
  try {
    address = await server.listen(port, host);
  } catch (error) {
    relay.close();
    await server.close().catch(() => undefined);
    throw error;
  }
  return {
    server,
    relay,
    address,
    async close() {
      relay.close();
      await server.close();
    },
  };
}
