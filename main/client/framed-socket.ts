/**
 * One framed TCP connection to a room: opens the socket, writes the SBNG preamble, then sends and receives frames.
 * It knows nothing about the protocol's messages; the session (session.ts) does.
 */
import net from 'node:net';
import { FrameDecoder, encodeFrame, type FrameObject } from '../protocol/codec.js';
import { PREAMBLE } from '../protocol/limits.js';
import { ConnectionError, connectTimeoutError, describeSocketError } from './errors.js';
import { TypedEmitter } from './typed-emitter.js';

export interface FramedSocketEvents {
  frame: FrameObject;
  /** Emitted once. `error` is set when the connection failed rather than closed in an orderly way. */
  close: { error?: ConnectionError };
}

export class FramedSocket extends TypedEmitter<FramedSocketEvents> {
  private readonly decoder = new FrameDecoder();
  private closed = false;
  private failure: ConnectionError | undefined;

  private constructor(
    private readonly socket: net.Socket,
    readonly host: string,
    readonly port: number,
  ) {
    super();
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      this.failure ??=
        error.code === 'ECONNRESET' || error.code === 'EPIPE'
          ? new ConnectionError('closed', `The connection to ${host}:${port} was reset.`, { cause: error })
          : describeSocketError(error, host, port);
    });
    socket.on('close', () => {
      if (this.closed) return;
      this.closed = true;
      this.emit('close', this.failure ? { error: this.failure } : {});
    });
  }

  /** Opens a TCP connection and writes the preamble. Rejects with a ConnectionError (refused, timeout...). */
  static connect(host: string, port: number, timeoutMs: number): Promise<FramedSocket> {
    return new Promise((resolve, reject) => {
      const socket = net.createConnection({ host, port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(connectTimeoutError(host, port, timeoutMs));
      }, timeoutMs);
      const onError = (error: NodeJS.ErrnoException): void => {
        clearTimeout(timer);
        socket.destroy();
        reject(describeSocketError(error, host, port));
      };
      socket.once('error', onError);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.off('error', onError);
        const framed = new FramedSocket(socket, host, port);
        socket.write(PREAMBLE);
        resolve(framed);
      });
    });
  }

  get isOpen(): boolean {
    return !this.closed && !this.socket.destroyed;
  }

  /** Sends one message. Throws FrameError if it is larger than a frame may be; does nothing once closed. */
  send(message: object): void {
    const frame = encodeFrame(message);
    if (this.isOpen) this.socket.write(frame);
  }

  /** Half-closes after pending writes; the `close` event follows when the server closes its side too. */
  end(): void {
    if (this.isOpen) this.socket.end();
  }

  /** Closes at once. `error` becomes the reason reported by the `close` event. */
  destroy(error?: ConnectionError): void {
    if (error) this.failure ??= error;
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    const { frames, error } = this.decoder.push(chunk);
    for (const frame of frames) {
      if (this.closed) return;
      this.emit('frame', frame);
    }
    if (error) {
      this.destroy(
        new ConnectionError(
          'not_a_room',
          `${this.host}:${this.port} sent data that is not Sarangbang's protocol (${error.message}). Is this the right port?`,
        ),
      );
    }
  }
}
