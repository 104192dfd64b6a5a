/**
 * The instance-to-instance hop of a data connection. A member's data connection lands on its own instance (B), which
 * checks the member's credential as usual; the transfer lives on the instance that holds the offer (A). B opens an
 * ordinary data connection to A (`SBNG` + `{t:'data', ticket}`) whose ticket is keyed with the member's hop binding
 * instead of a TLS CB_data:
 *
 *   binding = HMAC-SHA256(key = the cluster's hop key, "sarangbang-cluster-hop" || member id)
 *   ticket  = dataTicket(binding, token)        (security/data-ticket.ts)
 *
 * A issued the token with that same binding (the member's RemoteEndpoint), so it takes the hop like any data
 * connection and refuses a forged one (`bad_token`). B then splices the two sockets, the client's early bytes first.
 */
import { createHmac } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { encodeFrame } from '../protocol/codec.js';
import { PREAMBLE } from '../protocol/limits.js';
import type { MemberId } from '../rooms/ids.js';
import { dataTicket } from '../security/data-ticket.js';

export const HOP_LABEL = 'sarangbang-cluster-hop';

export function hopBinding(hopKey: Buffer, member: MemberId): Buffer {
  return createHmac('sha256', hopKey).update(HOP_LABEL, 'utf8').update(member, 'utf8').digest();
}

/** `host:port` (IPv6 in brackets) as dialled: a wildcard host stands for this machine. */
export function dialTarget(address: string): { host: string; port: number } | undefined {
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(address);
  if (!match) return undefined;
  const host = match[1] ?? match[2]!;
  const wildcard = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return { host: wildcard, port: Number(match[3]) };
}

/** Passes the client's data connection on to the instance at `address` that holds the transfer. */
export function hop(
  address: string,
  binding: Buffer,
  token: string,
  socket: Socket,
  leftover: Buffer,
  report: (error: unknown, where: string) => void,
): void {
  const target = dialTarget(address);
  if (!target) return refuse(socket, 'The server holding this transfer cannot be reached.');
  const onward = connect(target.port, target.host);
  onward.setNoDelay(true);
  socket.setNoDelay(true);
  const frame = encodeFrame({ t: 'data', ticket: dataTicket(binding, token) });
  onward.write(Buffer.concat([PREAMBLE, frame, leftover]));
  let connected = false;
  onward.once('connect', () => {
    connected = true;
    socket.pipe(onward);
    onward.pipe(socket);
  });
  onward.on('error', (error: NodeJS.ErrnoException) => {
    if (!connected) {
      report(error, `file hop to ${address}`);
      return refuse(socket, 'The server holding this transfer cannot be reached.');
    }
    socket.destroy();
  });
  socket.on('error', () => onward.destroy());
  // A side that goes away without a clean end takes the other with it (a killed instance: the client sees the cut).
  onward.on('close', () => {
    if (!socket.writableEnded) socket.destroy();
  });
  socket.on('close', () => {
    if (!onward.writableEnded) onward.destroy();
  });
}

function refuse(socket: Socket, message: string): void {
  socket.on('error', () => undefined);
  socket.end(encodeFrame({ t: 'error', code: 'bad_token', message }));
  setTimeout(() => socket.destroy(), 2000).unref();
}
