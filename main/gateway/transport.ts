/**
 * Accepts sockets and decides what each one is, without knowing anything about the room:
 * - first bytes `SBNG` (the preamble): a framed client. If its first frame is `{t:'data', token}` the socket is a
 *   file-transfer data connection and goes to the data handler; otherwise to the framed-session handler.
 * - first bytes that diverge from the preamble: a plain-text client.
 * - nothing for `greetingMs`: probably a plain-text client that waits to be told what to do; it gets the plain-text
 *   greeting, but its first bytes still decide whenever they come (a framed client whose preamble was delayed is
 *   framed; it skips the greeting, docs/PROTOCOL.md section 1). Silent until `silentMs`: a plain-text client that
 *   never said anything (`handlers.silent`).
 * - first byte 0x16 (a TLS ClientHello): a TLS connection. With `options.tls` the socket is wrapped in a server-side
 *   tls.TLSSocket (TLS 1.3, identity certificate, client certificate requested but optional) and, after the
 *   handshake, the decrypted stream is sniffed exactly as above, with the connection's `ChannelSecurity` (peer
 *   fingerprint and channel bindings) handed to the session. Without `options.tls` it is a plain-text client as
 *   before.
 * Data connections present either `{t:'data', token}` (unencrypted members) or `{t:'data', ticket}` (members on TLS:
 *   HMAC of the token with their chat connection's CB_data, main/security/data-ticket.ts).
 */
import type { Socket } from 'node:net';
import { createServer as createTlsServer, type Server as TlsServer, type TLSSocket, type TlsOptions } from 'node:tls';
import { decodeFrames, encodeFrame } from '../protocol/codec.js';
import { PREAMBLE } from '../protocol/limits.js';
import { channelBinding, peerFingerprint, TLS_FIRST_BYTE } from '../security/tls-options.js';
import { contained } from './contain.js';

/** What a session knows about its connection's encryption. */
export interface ChannelSecurity {
  /** True on TLS; false for cleartext framed and plain-text connections. */
  secure: boolean;
  /** Hex SHA-256 of the SPKI of the client's certificate (TLS with a client certificate only). */
  peerFingerprint?: string;
  /** CB_pake: the TLS exporter CPace binds to (TLS only). */
  cbPake?: Buffer;
  /** CB_data: the TLS exporter data tickets are keyed with (TLS only). */
  cbData?: Buffer;
}

export const UNENCRYPTED: ChannelSecurity = Object.freeze({ secure: false });

/** How a data connection identifies its transfer: a ticket (members on TLS) or the token itself (unencrypted). */
export type DataCredential = { ticket: string } | { token: string };

export interface TransportHandlers {
  /** `leftover`: bytes after the preamble (including the first frame). */
  framed(socket: Socket, leftover: Buffer, channel: ChannelSecurity): void;
  /** A plain-text client; `leftover` are its first bytes; `greeted`: it got the greeting. */
  text(socket: Socket, leftover: Buffer, channel: ChannelSecurity, greeted: boolean): void;
  /**
   * What a connection silent for `greetingMs` is sent (the plain-text greeting, or the refusal of a room that
   * refuses unencrypted clients), and how long after the greeting it may still stay silent.
   */
  greeting(channel: ChannelSecurity): { bytes: Buffer; silentMs: number };
  /** A greeted connection that stayed silent until then: a plain-text client that timed out. */
  silent(socket: Socket, channel: ChannelSecurity): void;
  data(credential: DataCredential, socket: Socket, leftover: Buffer): void;
  error(error: unknown, where: string): void;
}

export interface TransportOptions {
  greetingMs: number;
  /** A framed client that has not completed its first frame by then is closed with `login_timeout`. */
  firstFrameTimeoutMs: number;
  /** Server TLS options (serverTlsOptions(identity)); without them a 0x16 first byte is plain text. */
  tls?: TlsOptions;
}

/** The credential of a first frame `{t:'data', ticket}` / `{t:'data', token}`, if it is one. */
function dataCredential(
  frame: { t?: unknown; ticket?: unknown; token?: unknown } | undefined,
): DataCredential | undefined {
  if (frame?.t !== 'data') return undefined;
  if (typeof frame.ticket === 'string') return { ticket: frame.ticket };
  if (typeof frame.token === 'string') return { token: frame.token };
  return undefined;
}

function ignoreSocketError(): void {
  // Every socket error is followed by 'close', which is where sessions clean up.
}

export function acceptConnection(
  socket: Socket,
  handlers: TransportHandlers,
  options: TransportOptions,
  channel: ChannelSecurity = UNENCRYPTED,
): void {
  socket.on('error', ignoreSocketError);
  let buffered: Buffer = Buffer.alloc(0);
  let decided = false;
  let greeted = false;
  let silentTimer: NodeJS.Timeout | undefined;

  // Once decided, nothing of the detection stays reachable from the socket (its listeners held this closure's
  // context for the connection's life: timers, the first bytes, a dozen closures, ~2 KiB per connection).
  const settle = (): void => {
    decided = true;
    clearTimeout(greetingTimer);
    clearTimeout(deadline);
    clearTimeout(silentTimer);
    socket.removeListener('data', onData);
    socket.removeListener('close', onClose);
    socket.pause();
  };

  const handOff = (what: () => void): void => {
    settle();
    try {
      what();
    } catch (error) {
      handlers.error(error, 'connection hand-off');
      socket.destroy();
    }
  };

  const examine = (): void => {
    if (options.tls && !channel.secure && buffered[0] === TLS_FIRST_BYTE) {
      const bytes = buffered;
      const tlsOptions = options.tls;
      return handOff(() => startTls(socket, bytes, tlsOptions, handlers, options));
    }
    const prefixLength = Math.min(buffered.length, PREAMBLE.length);
    if (!buffered.subarray(0, prefixLength).equals(PREAMBLE.subarray(0, prefixLength))) {
      const bytes = buffered;
      return handOff(() => handlers.text(socket, bytes, channel, greeted));
    }
    if (buffered.length < PREAMBLE.length) return;
    if (greeted && silentTimer) {
      // A framed client whose preamble came after the greeting: the framed deadline again, from now.
      clearTimeout(silentTimer);
      silentTimer = undefined;
      deadline = frameDeadline();
    }
    const afterPreamble = buffered.subarray(PREAMBLE.length);
    const { frames, error } = decodeFrames(afterPreamble);
    const first = frames[0];
    const credential = dataCredential(first);
    if (credential) {
      const firstLength = 4 + afterPreamble.readUInt32BE(0);
      const leftover = Buffer.from(afterPreamble.subarray(firstLength));
      return handOff(() => handlers.data(credential, socket, leftover));
    }
    if (first || error) return handOff(() => handlers.framed(socket, afterPreamble, channel));
  };

  const onData = (chunk: Buffer): void => {
    buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
    contained(handlers.error, 'connection detection', examine, () => socket.destroy());
  };

  const greetingTimer = setTimeout(() => {
    // Let bytes that already arrived be read first: under load the timer can fire before the poll phase.
    setImmediate(() => {
      if (decided || socket.destroyed || buffered.length >= PREAMBLE.length) return;
      // Only a prefix of the preamble (or nothing) came: greet as plain text, and keep listening. The framed
      // deadline no longer applies; a connection that never speaks is a plain-text client that timed out.
      clearTimeout(deadline);
      greeted = true;
      const greet = (): void => {
        const { bytes, silentMs } = handlers.greeting(channel);
        socket.write(bytes);
        silentTimer = setTimeout(() => {
          if (!decided && !socket.destroyed) handOff(() => handlers.silent(socket, channel));
        }, silentMs);
      };
      contained(handlers.error, 'greeting', greet, () => socket.destroy());
    });
  }, options.greetingMs);

  /** A framed client that has not completed its first frame by then is closed with `login_timeout`. */
  const frameDeadline = (): NodeJS.Timeout =>
    setTimeout(() => {
      if (decided) return;
      settle();
      const error = encodeFrame({
        t: 'error',
        code: 'login_timeout',
        message: 'No complete first frame in time.',
        fatal: true,
      });
      socket.end(error);
      setTimeout(() => socket.destroy(), 2000).unref();
    }, options.firstFrameTimeoutMs);
  let deadline = frameDeadline();

  const onClose = (): void => {
    if (!decided) settle();
  };
  socket.on('data', onData);
  socket.once('close', onClose);
}

/**
 * Puts the bytes read so far back and runs the server side of TLS on the socket; once the handshake is done the
 * decrypted stream is sniffed like any other connection, with its ChannelSecurity. A handshake that fails or does
 * not finish within `firstFrameTimeoutMs` closes the connection.
 */
function startTls(
  socket: Socket,
  read: Buffer,
  tlsOptions: TlsOptions,
  handlers: TransportHandlers,
  options: TransportOptions,
): void {
  socket.unshift(read);
  const handshakes = handshakesFor(tlsOptions);
  const key = connectionKey(socket);
  const deadline = setTimeout(() => socket.destroy(), options.firstFrameTimeoutMs);
  deadline.unref();
  socket.once('close', () => {
    clearTimeout(deadline);
    handshakes.waiting.delete(key);
  });
  handshakes.waiting.set(key, (secure) => {
    clearTimeout(deadline);
    secure.on('error', () => secure.destroy());
    secure.once('close', () => socket.destroy());
    const fingerprint = peerFingerprint(secure);
    const channel: ChannelSecurity = {
      secure: true,
      ...(fingerprint === undefined ? {} : { peerFingerprint: fingerprint }),
      cbPake: channelBinding(secure, 'pake'),
      cbData: channelBinding(secure, 'data'),
    };
    contained(
      handlers.error,
      'TLS hand-off',
      () => acceptConnection(secure, handlers, options, channel),
      () => secure.destroy(),
    );
  });
  handshakes.server.emit('connection', socket);
}

/**
 * The handshakes of one room server's TLS options run under ONE tls.Server that never listens (sockets are handed to
 * it after sniffing): it holds the one secure context (key and certificate parsed once, not per connection: a
 * context per connection cost ~100 KiB of native memory each), and its sockets report a record that fails its MAC
 * as an error, where a bare `new TLSSocket(socket, {isServer: true})` swallows it and keeps the connection open.
 * A finished handshake finds its connection's continuation by the TCP 4-tuple, unique among open connections.
 */
interface Handshakes {
  server: TlsServer;
  waiting: Map<string, (secure: TLSSocket) => void>;
}

const handshakeServers = new WeakMap<TlsOptions, Handshakes>();

function handshakesFor(tlsOptions: TlsOptions): Handshakes {
  let handshakes = handshakeServers.get(tlsOptions);
  if (handshakes) return handshakes;
  const server = createTlsServer(tlsOptions);
  const waiting = new Map<string, (secure: TLSSocket) => void>();
  server.on('tlsClientError', (_error, secure) => secure.destroy());
  server.on('secureConnection', (secure: TLSSocket) => {
    const key = connectionKey(secure);
    const next = waiting.get(key);
    waiting.delete(key);
    if (next) next(secure);
    else secure.destroy();
  });
  handshakes = { server, waiting };
  handshakeServers.set(tlsOptions, handshakes);
  return handshakes;
}

function connectionKey(socket: Socket): string {
  return `${socket.localAddress}|${socket.localPort}|${socket.remoteAddress}|${socket.remotePort}`;
}

/** The default data-connection handler when no file-transfer plugin is installed. */
export function refuseDataConnection(_credential: DataCredential, socket: Socket): void {
  socket.end(
    encodeFrame({ t: 'error', code: 'bad_token', message: 'This server has no file transfers.', fatal: true }),
  );
  setTimeout(() => socket.destroy(), 2000).unref();
}
