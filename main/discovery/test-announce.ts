/**
 * Test support, run inside a network namespace: a room host that announces itself with a chosen record TTL and
 * interface poll, prints `interfaces <names, comma-separated>` at the start and whenever that set changes, then
 * `ready <port> <room code>`. Closes (goodbye first) on SIGTERM; SIGKILL leaves its records to expire.
 *
 *   node --import tsx main/discovery/test-announce.ts --name NAME [--ttl S] [--poll-ms MS] [--host 0.0.0.0]
 */
import { parseArgs } from 'node:util';
import { startRoomHost } from '../host/start-room-host.js';

const { values } = parseArgs({
  options: {
    name: { type: 'string', default: 'lab' },
    host: { type: 'string', default: '0.0.0.0' },
    ttl: { type: 'string', default: '120' },
    'poll-ms': { type: 'string', default: '5000' },
  },
});

const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};
const host = await startRoomHost({
  roomName: values.name,
  port: 30000,
  host: values.host,
  announce: true,
  announceOptions: {
    recordTtlS: Number(values.ttl),
    pollInterfacesMs: Number(values['poll-ms']),
    onInterfaces: (names) => say(`interfaces ${names.join(',')}`),
  },
});
say(`interfaces ${host.announcer?.interfaces.join(',') ?? ''}`);
say(`ready ${host.address.port} ${host.server.identity.code}`);
process.once('SIGTERM', () => {
  void host.close().then(() => process.exit(0));
});
