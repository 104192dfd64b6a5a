/**
 * The server child of bench/tls-idle.ts: a bare Node TLS server (no room) that accepts TLS 1.3 connections with
 * client certificates the way main/gateway/transport.ts does (sniff the first bytes, unshift them, hand the socket to
 * one non-listening tls.Server), keeps them idle, and reports its memory over IPC when asked. Imports only node:*,
 * so it runs on a bare Node (type stripping) without tsx's memory. Knobs come as one JSON argument (see `Knobs`).
 */
import { constants } from 'node:crypto';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import v8 from 'node:v8';

interface Knobs {
  /** The identity's PEMs (file with {key, cert}). */
  identityFile: string;
  /** Hand sockets to a non-listening tls.Server after sniffing (as the room does), or let a tls.Server listen. */
  sniff: boolean;
  /** secureOptions SSL_OP_NO_TICKET: no TLS 1.3 session tickets sent. */
  noTicket: boolean;
  requestCert: boolean;
  /** Read the peer certificate and the two exporters after the handshake, as the room does. */
  roomCalls: boolean;
  /** Bytes the server sends each client after 64 bytes from it (0: none; the client sends nothing). */
  echoBytes: number;
  /** The server writes its echo in writes of at most this many bytes, one at a time (0: one write). */
  writeBytes: number;
  /** Key-exchange groups (ecdhCurve), e.g. X25519 without the ML-KEM hybrid. */
  ecdhCurve?: string;
}

const knobs = JSON.parse(process.argv[2] ?? '{}') as Knobs;
const identity = JSON.parse(readFileSync(knobs.identityFile, 'utf8')) as { key: string; cert: string };
const options: tls.TlsOptions = {
  key: identity.key,
  cert: identity.cert,
  minVersion: 'TLSv1.3',
  maxVersion: 'TLSv1.3',
  requestCert: knobs.requestCert,
  rejectUnauthorized: false,
  ALPNProtocols: ['sarangbang'],
  ...(knobs.noTicket ? { secureOptions: constants.SSL_OP_NO_TICKET } : {}),
  ...(knobs.ecdhCurve ? { ecdhCurve: knobs.ecdhCurve } : {}),
};

/** What a client sends before the server answers with `echoBytes` (a login, about). */
const REQUEST_BYTES = 64;
const open = new Set<tls.TLSSocket>();
const kept: unknown[] = [];

function onSecure(secure: tls.TLSSocket): void {
  open.add(secure);
  secure.on('error', () => secure.destroy());
  secure.once('close', () => open.delete(secure));
  if (knobs.roomCalls) {
    const cert = secure.getPeerX509Certificate();
    kept.push(cert?.fingerprint256, secure.exportKeyingMaterial(32, 'EXPORTER-sarangbang-pake', Buffer.alloc(0)));
  }
  if (knobs.echoBytes > 0) {
    let seen = 0;
    const onData = (chunk: Buffer): void => {
      seen += chunk.length;
      if (seen < REQUEST_BYTES) return;
      secure.removeListener('data', onData);
      secure.pause();
      writeInPieces(secure, Buffer.alloc(knobs.echoBytes, 0x61));
    };
    secure.on('data', onData);
  } else {
    secure.pause();
  }
}

/** Writes `bytes` in pieces of at most `knobs.writeBytes`, each after the previous one's completion. */
function writeInPieces(secure: tls.TLSSocket, bytes: Buffer): void {
  if (bytes.length === 0 || secure.destroyed) return;
  const size = knobs.writeBytes > 0 ? knobs.writeBytes : bytes.length;
  secure.write(bytes.subarray(0, size), () => writeInPieces(secure, bytes.subarray(size)));
}

const handshakes = tls.createServer(options);
handshakes.on('tlsClientError', (_error, secure) => secure.destroy());
handshakes.on('secureConnection', onSecure);

const server = knobs.sniff
  ? net.createServer((socket) => {
      socket.once('data', (first) => {
        socket.pause();
        socket.unshift(first);
        handshakes.emit('connection', socket);
      });
    })
  : handshakes;
server.listen(0, '127.0.0.1', () => {
  process.send?.({ port: (server.address() as net.AddressInfo).port });
});

function smapsRollup(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of readFileSync('/proc/self/smaps_rollup', 'utf8').split('\n')) {
    const match = /^(\w+):\s+(\d+) kB/.exec(line);
    if (match?.[1] && match[2]) out[match[1]] = Number(match[2]) * 1024;
  }
  return out;
}

process.on('message', (message: { ask?: string }) => {
  if (message.ask !== 'stats') return;
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const memory = process.memoryUsage();
  const rollup = smapsRollup();
  process.send?.({
    open: open.size,
    rss: memory.rss,
    heapUsed: memory.heapUsed,
    external: memory.external,
    arrayBuffers: memory.arrayBuffers,
    anonymous: rollup.Anonymous ?? 0,
    heapTotal: v8.getHeapStatistics().total_physical_size,
  });
});
