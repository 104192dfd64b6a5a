/** Starts the product's room server (main/server) on 127.0.0.1, port 0, for bench/server-process.ts. */
import { createRoomServer, type RoomServerOptions } from '../main/server/server.js';

export async function listenRoomServer(options: RoomServerOptions): Promise<{ server: { close(): Promise<void> }; port: number }> {
  const server = createRoomServer(options);
  // Errors the server reports about itself go to stderr (the parent shows them if the process dies).
  server.on('log', (entry) => {
    if (entry.kind === 'error') process.stderr.write(`${entry.text}\n`);
  });
  const address = await server.listen(0, '127.0.0.1');
  return { server, port: address.port };
}
