/**
 * A lean line-protocol load client: our plain-text mode (nc/telnet: `/login nick`, chat lines `[nick] text`) or
 * IRC against ngIRCd (NICK/USER/JOIN #bench, `PRIVMSG #bench :text`). Each read is viewed once as latin1 text
 * (bytes map 1:1 to characters) and chat lines go to the benchmark's handler as offsets, like load-client.ts does
 * for frames, so millions of deliveries are checked in place.
 */
import net from 'node:net';
import { startsAt } from './bench-text.js';
import { nowUs } from './stats.js';
import { sourceAddress } from './source-address.js';

export type LineDialect = 'text' | 'irc';

export const IRC_CHANNEL = '#bench';

export interface LineHandler {
  /** A chat line: raw[start, end), without its line ending. */
  onLine(client: LineLoadClient, raw: string, start: number, end: number, recvUs: number): void;
}

const REQUEST_TIMEOUT_MS = 60_000;
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);
const MAX_LINE = 64 * 1024;
// `[nick]님이 입장하였습니다.` as latin1: the Korean part's UTF-8 bytes one character each.
const JOINED_MARK = Buffer.from('님이 입장하였습니다.').toString('latin1');

export class LineLoadClient {
  readonly socket: net.Socket;
  joinedEvents = 0;
  /** Error codes received (plain text: `! message (code)`; IRC: ERROR and numeric error replies). */
  readonly errors = new Map<string, number>();
  byeReason: string | undefined;
  closed = false;
  protocolFault: string | undefined;
  acks = 0;
  private tail = '';
  private loggedIn: (() => void) | undefined;
  private nick = '';

  constructor(
    readonly index: number,
    readonly dialect: LineDialect,
    public handler: LineHandler,
  ) {
    const options: net.SocketConstructorOpts = {
      onread: { buffer: READ_BUFFER, callback: (length: number) => this.onData(READ_BUFFER, length) },
    };
    this.socket = new net.Socket(options);
    this.socket.setNoDelay(true);
    this.socket.on('error', () => {});
    this.socket.on('close', () => {
      this.closed = true;
    });
  }

  /** Connects and logs in (plain text) or registers and joins the channel (IRC); resolves when in the room. */
  login(port: number, nick: string): Promise<void> {
    this.nick = nick;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${nick}: not in the room in time`)), REQUEST_TIMEOUT_MS);
      this.loggedIn = () => (clearTimeout(timer), resolve());
      this.socket.once('close', () => (clearTimeout(timer), reject(new Error(`${nick}: connection closed`))));
      this.socket.connect({ port, host: '127.0.0.1', localAddress: sourceAddress(this.index) }, () => {
        if (this.dialect === 'text') this.socket.write(`/login ${nick}\r\n`);
        else this.socket.write(`NICK ${nick}\r\nUSER ${nick} 0 * :${nick}\r\n`);
      });
    });
  }

  /** The bytes that send `text` as one chat message. */
  chatLine(text: string): string {
    return this.dialect === 'text' ? `${text}\r\n` : `PRIVMSG ${IRC_CHANNEL} :${text}\r\n`;
  }

  write(bytes: Buffer | string): void {
    if (!this.closed) this.socket.write(bytes);
  }

  stopReading(): void {
    this.socket.pause();
  }

  close(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer, size: number): boolean {
    const recvUs = nowUs();
    const raw =
      this.tail.length > 0 ? this.tail + chunk.toString('latin1', 0, size) : chunk.toString('latin1', 0, size);
    let start = 0;
    for (let newline = raw.indexOf('\n'); newline !== -1; newline = raw.indexOf('\n', start)) {
      const end = newline > start && raw.charCodeAt(newline - 1) === 0x0d ? newline - 1 : newline;
      this.line(raw, start, end, recvUs);
      start = newline + 1;
    }
    this.tail = start < raw.length ? raw.slice(start) : '';
    if (this.tail.length > MAX_LINE) {
      this.protocolFault = 'line too long';
      this.socket.destroy();
      return false;
    }
    return true;
  }

  private line(raw: string, start: number, end: number, recvUs: number): void {
    if (this.dialect === 'text') return this.textLine(raw, start, end, recvUs);
    return this.ircLine(raw, start, end, recvUs);
  }

  private textLine(raw: string, start: number, end: number, recvUs: number): void {
    const first = raw.charCodeAt(start);
    if (first === 0x5b /* [ */) {
      const close = raw.indexOf(']', start);
      if (close > 0 && close < end && raw.charCodeAt(close + 1) === 0x20) {
        return this.handler.onLine(this, raw, start, end, recvUs);
      }
      if (raw.startsWith(JOINED_MARK, close + 1)) this.joinedEvents++;
      return;
    }
    if (first === 0x21 /* ! */) {
      const open = raw.lastIndexOf('(', end);
      const code = open > start ? raw.slice(open + 1, end - 1) : 'unknown';
      this.errors.set(code, (this.errors.get(code) ?? 0) + 1);
      if (code === 'slow_consumer') this.byeReason = code;
      return;
    }
    if (this.loggedIn && raw.startsWith(`* [${this.nick}] `, start)) {
      this.loggedIn();
      this.loggedIn = undefined;
    }
  }

  private ircLine(raw: string, start: number, end: number, recvUs: number): void {
    if (raw.charCodeAt(start) !== 0x3a /* : */) {
      if (raw.startsWith('PING ', start)) this.socket.write(`PONG ${raw.slice(start + 5, end)}\r\n`);
      else if (raw.startsWith('ERROR', start)) this.byeReason = raw.slice(start, end);
      return;
    }
    const space = raw.indexOf(' ', start);
    if (space < 0 || space >= end) return;
    const command = raw.charCodeAt(space + 1);
    if (command === 0x50 /* P */ && startsAt(raw, 'PRIVMSG ', space + 1)) {
      return this.handler.onLine(this, raw, start, end, recvUs);
    }
    if (command === 0x4a /* J */ && raw.startsWith('JOIN ', space + 1)) {
      this.joinedEvents++;
      return;
    }
    const numeric = raw.slice(space + 1, space + 4);
    if (numeric === '001') this.socket.write(`JOIN ${IRC_CHANNEL}\r\n`);
    else if (numeric === '366' && this.loggedIn) {
      this.loggedIn();
      this.loggedIn = undefined;
    } else if (numeric >= '400' && numeric <= '599') this.errors.set(numeric, (this.errors.get(numeric) ?? 0) + 1);
  }
}

/** Logs in `count` line clients named `<prefix><index>`, `batch` at a time. */
export async function connectLineClients(
  port: number,
  count: number,
  prefix: string,
  dialect: LineDialect,
  handler: LineHandler,
  batch = 50,
): Promise<LineLoadClient[]> {
  const clients: LineLoadClient[] = [];
  for (let start = 0; start < count; start += batch) {
    const group: LineLoadClient[] = [];
    for (let i = start; i < Math.min(count, start + batch); i++) group.push(new LineLoadClient(i, dialect, handler));
    await Promise.all(group.map((client) => client.login(port, `${prefix}${client.index}`)));
    clients.push(...group);
  }
  return clients;
}
