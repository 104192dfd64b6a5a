/**
 * Accepts sockets and decides what each one is, without knowing anything about the room:
 * - first bytes `SBNG` (the preamble): a framed client. If its first frame is `{t:'data', token}` the socket is a
 *   file-transfer data connection and goes to the data handler; otherwise to the framed-session handler.
 * - first bytes that diverge from the preamble: a plain-text client.
 * - nothing for `greetingMs`: a plain-text client that waits to be told what to do; it gets a greeting.
 * Works on any net.Socket, so a TLS layer (tls.TLSSocket) can be put in front later without touching the room.
 */
import type { Socket } from 'node:net';
import { decodeFrames, encodeFrame } from '../protocol/codec.js';
import { PREAMBLE } from '../protocol/limits.js';
import { contained } from './contain.js';

export interface TransportHandlers {
  /** `leftover`: bytes after the preamble (including the first frame). */
  framed(socket: Socket, leftover: Buffer): void;
  text(socket: Socket, leftover: Buffer, greet: boolean): void;
  data(token: string, socket: Socket, leftover: Buffer): void;
  error(error: unknown, where: string): void;
}

export interface TransportOptions {
  greetingMs: number;
  /** A framed client that has not completed its first frame by then is closed with `login_timeout`. */
  firstFrameTimeoutMs: number;
}

function ignoreSocketError(): void {
  // Every socket error is followed by 'close', which is where sessions clean up.
}

export function acceptConnection(socket: Socket, handlers: TransportHandlers, options: TransportOptions): void {
  socket.on('error', ignoreSocketError);
  let buffered: Buffer = Buffer.alloc(0);
  let decided = false;

  const settle = (): void => {
    decided = true;
    clearTimeout(greetingTimer);
    clearTimeout(deadline);
    socket.removeListener('data', onData);
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
    const prefixLength = Math.min(buffered.length, PREAMBLE.length);
    if (!buffered.subarray(0, prefixLength).equals(PREAMBLE.subarray(0, prefixLength))) {
      const bytes = buffered;
      return handOff(() => handlers.text(socket, bytes, false));
    }
    if (buffered.length < PREAMBLE.length) return;
    const afterPreamble = buffered.subarray(PREAMBLE.length);
    const { frames, error } = decodeFrames(afterPreamble);
    const first = frames[0];
    if (first?.t === 'data' && typeof first.token === 'string') {
      const token = first.token;
      const firstLength = 4 + afterPreamble.readUInt32BE(0);
      const leftover = Buffer.from(afterPreamble.subarray(firstLength));
      return handOff(() => handlers.data(token, socket, leftover));
    }
    if (first || error) return handOff(() => handlers.framed(socket, afterPreamble));
  };

  const onData = (chunk: Buffer): void => {
    buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
    contained(handlers.error, 'connection detection', examine, () => socket.destroy());
  };

  const greetingTimer = setTimeout(() => {
    // Let bytes that already arrived be read first: under load the timer can fire before the poll phase.
    setImmediate(() => {
      // handOff contains failures of the handler itself.
      if (decided || socket.destroyed) return;
      if (buffered.length < PREAMBLE.length) {
        const bytes = buffered;
        handOff(() => handlers.text(socket, bytes, true));
      }
    });
  }, options.greetingMs);

  const deadline = setTimeout(() => {
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

  socket.on('data', onData);
  socket.once('close', () => {
    if (!decided) settle();
  });
}

/** The default data-connection handler when no file-transfer plugin is installed. */
export function refuseDataConnection(_token: string, socket: Socket): void {
  socket.end(
    encodeFrame({ t: 'error', code: 'bad_token', message: 'This server has no file transfers.', fatal: true }),
  );
  setTimeout(() => socket.destroy(), 2000).unref();
}
