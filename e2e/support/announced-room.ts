/**
 * A room that announces itself, for the discovery end-to-end test and screenshots: run INSIDE a network namespace
 * (never on this machine's own interfaces). Listens on every interface of the namespace, prints
 * `ready <port> <room code>`, and on SIGTERM closes (goodbye on the network first), then prints `closed`.
 *
 *   node --import tsx e2e/support/announced-room.ts --name NAME [--port 30000] [--password P] [--max-users N]
 */
import { parseArgs } from 'node:util';
import { startRoomHost } from '../../main/host/start-room-host.js';

const { values } = parseArgs({
  options: {
    name: { type: 'string', default: 'Lab' },
    port: { type: 'string', default: '30000' },
    password: { type: 'string' },
    'max-users': { type: 'string', default: '20' },
  },
});

const host = await startRoomHost({
  roomName: values.name,
  port: Number(values.port),
  host: '0.0.0.0',
  maxUsers: Number(values['max-users']),
  ...(values.password ? { password: values.password } : {}),
  announce: true,
});
console.log(`ready ${host.address.port} ${host.server.identity.code}`);

let closing = false;
process.on('SIGTERM', () => {
  if (closing) return;
  closing = true;
  void host.close().then(() => {
    console.log('closed');
    process.exit(0);
  });
});
