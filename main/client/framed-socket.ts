/**
 * One framed connection to a room: opens the socket (TLS 1.3 with our identity certificate by default, or cleartext
 * TCP when told), lets the caller verify the host's fingerprint BEFORE anything is written, then writes the SBNG
 * preamble and sends and receives frames, skipping a plain-text greeting the room sent before them. On TLS it keeps the channel bindings (CB_pake, CB_data). It knows nothing
 * about the protocol's messages; the session (session.ts) does.
 */
import net from 'node:net';
import tls from 'node:tls';
import type { Identity } from '../security/identity.js';
import { channelBinding, clientTlsOptions, peerFingerprint } from '../security/tls-options.js';
import { FrameDecoder, encodeFrame, type FrameObject } from '../protocol/codec.js';
import { GreetingSkipper } from '../protocol/greeting-skip.js';
import { GreetingFilter } from './greeting-filter.js';
import { PREAMBLE } from '../protocol/limits.js';
import { ConnectionError, connectTimeoutError, describeSocketError } from './errors.js';
import { TypedEmitter } from './typed-emitter.js';

const tlsHint = 'an older Sarangbang host without encryption? `--insecure` connects without it';

export interface FramedSocketEvents {
  frame: FrameObject;
  /** Emitted once. `error` is set when the connection failed rather than closed in an orderly way. */
  close: { error?: ConnectionError };
}

/** How to open a TLS link: our identity (client certificate) and the host check run before anything is sent. */
export interface TlsLinkOptions {
  identity: Identity;
  /** Called with the host's fingerprint once the handshake is done; rejecting refuses the host (nothing is sent). */
  verify(hostFingerprint: string): Promise<void>;
}

/** What TLS established: the host's fingerprint and the channel bindings (absent on a cleartext link). */
export interface LinkChannel {
  hostFingerprint: string;
  cbPake: Buffer;
  cbData: Buffer;
}

export class FramedSocket extends TypedEmitter<FramedSocketEvents> {
  private readonly decoder = new FrameDecoder();
  private readonly greeting = new GreetingSkipper();
  private closed = false;
  private failure: ConnectionError | undefined;

  private constructor(
    private readonly socket: net.Socket,
    readonly host: string,
    readonly port: number,
    /** Set on a TLS link. */
    readonly channel?: LinkChannel,
  ) {
    super();
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      this.failure ??=
        error.code === 'ECONNRESET' || error.code === 'EPIPE'
          ? new ConnectionError('closed', `The connection to ${host}:${port} was reset.`, { cause: error })
          : describeSocketError(error, host, port);
      // A TLS socket stays open after a failed record (a bad MAC: someone altered the bytes); end it ourselves.
      socket.destroy();
    });
    socket.on('close', () => {
      if (this.closed) return;
      this.closed = true;
      this.emit('close', this.failure ? { error: this.failure } : {});
    });
  }

  /**
   * Opens the connection and writes the preamble: TLS when `secure` is given (the host is verified first; a refusal
   * rejects with its ConnectionError and nothing is written), cleartext TCP otherwise. Rejects with a
   * ConnectionError (refused, timeout, identity_changed...).
   */
  static connect(
    host: string,
    port: number,
    timeoutMs: number,
    secure?: TlsLinkOptions,
    signal?: AbortSignal,
  ): Promise<FramedSocket> {
    return new Promise((resolve, reject) => {
      let settled = false;
      // On TLS the handshake runs over a filter that drops a greeting sent before the server's first record.
      const raw = net.createConnection({ host, port });
      raw.setNoDelay(true);
      const socket = secure
        ? tls.connect({
            socket: new GreetingFilter(raw),
            ...(net.isIP(host) === 0 ? { servername: host } : {}),
            ...clientTlsOptions(secure.identity),
          })
        : raw;
      const fail = (error: ConnectionError): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        socket.destroy();
        raw.destroy();
        reject(error);
      };
      const timer = setTimeout(() => {
        if (!secure || !connected) return fail(connectTimeoutError(host, port, timeoutMs));
        const seconds = Math.round(timeoutMs / 100) / 10;
        fail(
          new ConnectionError(
            'timeout',
            `${host}:${port} accepted the connection but did not answer within ${seconds} s with an encrypted handshake (${tlsHint}). Is this the right port?`,
          ),
        );
      }, timeoutMs);
      let connected = false;
      raw.once('connect', () => (connected = true));
      const onError = (error: NodeJS.ErrnoException): void =>
        fail(
          secure && connected
            ? new ConnectionError(
                'not_a_room',
                `${host}:${port} did not complete an encrypted handshake (${tlsHint}). Is this the right port?`,
                { cause: error },
              )
            : describeSocketError(error, host, port),
        );
      socket.on('error', onError);
      const onClose = (): void => fail(new ConnectionError('closed', `${host}:${port} closed the connection at once.`));
      socket.once('close', onClose);
      signal?.addEventListener('abort', () => fail(new ConnectionError('closed', 'The session was closed.')), {
        once: true,
      });
      const open = (channel?: LinkChannel): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        socket.off('error', onError);
        socket.off('close', onClose);
        const framed = new FramedSocket(socket, host, port, channel);
        socket.write(PREAMBLE);
        resolve(framed);
      };
      if (!secure) {
        raw.once('connect', () => open());
        return;
      }
      const tlsSocket = socket as tls.TLSSocket;
      tlsSocket.once('secureConnect', () => {
        const hostFingerprint = peerFingerprint(tlsSocket);
        if (hostFingerprint === undefined)
          return fail(new ConnectionError('not_a_room', `${host}:${port} presented no certificate.`));
        const channel: LinkChannel = {
          hostFingerprint,
          cbPake: channelBinding(tlsSocket, 'pake'),
          cbData: channelBinding(tlsSocket, 'data'),
        };
        secure.verify(hostFingerprint).then(
          () => open(channel),
          (error: unknown) =>
            fail(
              error instanceof ConnectionError
                ? error
                : new ConnectionError('closed', error instanceof Error ? error.message : String(error), {
                    cause: error,
                  }),
            ),
        );
      });
    });
  }

  /** True on a TLS link. */
  get encrypted(): boolean {
    return this.channel !== undefined;
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
    const bytes = this.greeting.push(chunk);
    if (!bytes) return;
    const { frames, error } = this.decoder.push(bytes);
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
