/**
 * A logged-in user as the room sees it. The session behind it (framed or plain text) is reached only through
 * `MemberEndpoint`, so the room, and plugins such as file transfer, work the same for both kinds of client.
 */
import { encodeFrame } from '../protocol/codec.js';
import type { FrameArena } from '../protocol/frame-arena.js';
import { nickKey } from '../protocol/nickname.js';
import type { LeaveReason, ServerMessage, UserInfo, UserStatus } from '../protocol/messages.js';
import type { MemberId } from './ids.js';

/**
 * One outgoing message shared by all its recipients, so a broadcast is encoded once: as a frame, and in any other
 * form that is the same for every recipient (a plain-text line in one encoding), each made on first use. A room's
 * broadcasts are made in its arena, one after the other, so a member's queue holds a run of them without copying.
 */
export class Envelope {
  private encoded: Buffer | undefined;
  private otherKey: string | undefined;
  private other: Buffer | undefined;
  private more: Map<string, Buffer> | undefined;

  constructor(
    readonly message: ServerMessage,
    private readonly arena?: FrameArena,
  ) {}

  get frame(): Buffer {
    this.encoded ??= this.arena ? this.arena.frame(this.message) : encodeFrame(this.message);
    return this.encoded;
  }

  /** Its bytes lie in a room's arena, right after those of the room's previous broadcast. */
  get inArena(): boolean {
    return this.arena !== undefined;
  }

  /** The bytes `make` produces for this message, made once per `key` (a form that does not depend on the viewer). */
  shared(key: string, make: (message: ServerMessage, key: string) => Buffer): Buffer {
    if (this.otherKey === key) return this.other!;
    if (this.otherKey === undefined) {
      this.otherKey = key;
      this.other = this.made(make, key);
      return this.other;
    }
    this.more ??= new Map();
    let bytes = this.more.get(key);
    if (!bytes) {
      bytes = this.made(make, key);
      this.more.set(key, bytes);
    }
    return bytes;
  }

  private made(make: (message: ServerMessage, key: string) => Buffer, key: string): Buffer {
    const bytes = make(this.message, key);
    return this.arena ? this.arena.copy(bytes) : bytes;
  }
}

export interface MemberEndpoint {
  readonly isTextClient: boolean;
  readonly remoteAddress: string;
  /** False (or absent) for plain-text and cleartext-framed clients. */
  readonly secure?: boolean;
  /** What the client said it is (`hello.app`), for the host's log. */
  readonly clientName?: string | undefined;
  /** Fingerprint of the client's TLS certificate (TLS with a client certificate only). */
  readonly fingerprint?: string | undefined;
  /** CB_data of this chat connection (TLS only): the key of its data tickets. */
  readonly dataBinding?: Buffer | undefined;
  deliver(envelope: Envelope): void;
  /** Closes the session (the room has already removed the member or will on close). */
  disconnect(reason: LeaveReason, message: string): void;
}

export class Member {
  nick: string;
  /** The nickname's key in the room's nickname index (`nickKey(nick)`); the member itself is keyed by `id`. */
  key: string;
  away: { text?: string } | undefined;
  /** Room messages withheld while away. */
  missed = 0;
  /** The room's newest message id when away mode began: held messages are the ones after it. */
  awayMark = 0;
  dmPeer: Member | undefined;
  readonly joinedAt = Date.now();
  /** Position in the room's join order (renewed on rename); the cursor of user-list pages. */
  seq = 0;

  constructor(
    /** Stable for the connection's life, never the nickname. */
    readonly id: MemberId,
    readonly endpoint: MemberEndpoint,
    nick: string,
  ) {
    this.nick = nick;
    this.key = nickKey(nick);
  }

  /** Plain-text (nc/telnet) clients cannot take part in file transfers. */
  get isTextClient(): boolean {
    return this.endpoint.isTextClient;
  }

  get status(): UserStatus {
    if (this.away) return 'away';
    return this.dmPeer ? 'dm' : 'active';
  }

  /** True when the member is connected over TLS. */
  get secure(): boolean {
    return this.endpoint.secure === true;
  }

  /** The member's key fingerprint (hex SHA-256 of its certificate's SPKI), when it presented one. */
  get fingerprint(): string | undefined {
    return this.endpoint.fingerprint;
  }

  /** CB_data of the member's chat connection (TLS only). */
  get dataBinding(): Buffer | undefined {
    return this.endpoint.dataBinding;
  }

  info(): UserInfo {
    const info: UserInfo = { nick: this.nick, status: this.status, secure: this.endpoint.secure === true };
    if (this.away?.text) info.awayText = this.away.text;
    if (this.endpoint.fingerprint !== undefined) info.fp = this.endpoint.fingerprint;
    return info;
  }

  send(message: ServerMessage | Envelope): void {
    this.endpoint.deliver(message instanceof Envelope ? message : new Envelope(message));
  }
}
