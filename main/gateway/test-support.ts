/**
 * Tiny clients for server tests: a framed one (preamble + hello, `request` awaiting ok/error by id, `next` awaiting
 * an event) and a plain-text one (lines). Deliberately independent of main/client/.
 */
import { connect, type Socket } from 'node:net';
import { afterEach } from 'vitest';
import { encodeFrame, FrameDecoder, type FrameObject } from '../protocol/codec.js';
import { GreetingSkipper } from '../protocol/greeting-skip.js';
import { PREAMBLE } from '../protocol/limits.js';
import { createRoomServer, type RoomServer, type RoomServerOptions } from './server.js';

const WAIT_MS = 10_000;

class Inbox<T> {
  private readonly items: T[] = [];
  private readonly waiters: { match: (item: T) => boolean; resolve: (item: T) => void }[] = [];
  ended = false;
  private endWaiters: (() => void)[] = [];

  push(item: T): void {
    const index = this.waiters.findIndex((waiter) => waiter.match(item));
    if (index >= 0) this.waiters.splice(index, 1)[0]!.resolve(item);
    else this.items.push(item);
  }

  end(): void {
    this.ended = true;
    for (const resolve of this.endWaiters) resolve();
    this.endWaiters = [];
  }

  whenEnded(): Promise<void> {
    return this.ended ? Promise.resolve() : new Promise((resolve) => this.endWaiters.push(resolve));
  }

  /** The first item (received or future) matching `match`; removed from the inbox. */
  take(match: (item: T) => boolean, what: string, timeoutMs = WAIT_MS): Promise<T> {
    const index = this.items.findIndex(match);
    if (index >= 0) return Promise.resolve(this.items.splice(index, 1)[0]!);
    return new Promise((resolve, reject) => {
      const waiter = {
        match,
        resolve: (item: T) => {
          clearTimeout(timer);
          resolve(item);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`timed out waiting for ${what}; unread: ${JSON.stringify(this.items).slice(0, 2000)}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Everything received and not yet taken. */
  unread(): T[] {
    return [...this.items];
  }
}

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1' }, () => {
      socket.removeListener('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

export class FramedTestClient {
  private readonly decoder = new FrameDecoder();
  private readonly greeting = new GreetingSkipper();
  private readonly inbox = new Inbox<FrameObject>();
  private nextId = 1;
  /** Set false to leave server pings unanswered. */
  answerPings = true;

  /** The server's `welcome`, once `connect` said hello. */
  welcome: FrameObject | undefined;

  private constructor(readonly socket: Socket) {
    socket.on('error', () => undefined);
    socket.on('data', (read: Buffer) => {
      const chunk = this.greeting.push(read);
      if (!chunk) return;
      const { frames } = this.decoder.push(chunk);
      for (const frame of frames) {
        if (frame.t === 'ping' && this.answerPings) this.send({ t: 'pong', id: frame.id });
        this.inbox.push(frame);
      }
    });
    socket.on('close', () => this.inbox.end());
  }

  /**
   * Connects, sends the preamble and hello, and waits for `welcome` (unless `hello` is false). `hello` may be extra
   * fields of the hello (`{room: 'math'}`); the welcome is then kept as `client.welcome`.
   */
  static async connect(port: number, hello: boolean | Record<string, unknown> = true): Promise<FramedTestClient> {
    const client = new FramedTestClient(await open(port));
    if (hello) {
      const extra = hello === true ? {} : hello;
      client.socket.write(Buffer.concat([PREAMBLE, encodeFrame({ t: 'hello', v: 1, app: 'test', ...extra })]));
      client.welcome = await client.next((frame) => frame.t === 'welcome');
    }
    return client;
  }

  /** Connects, says hello (into `room`, when given) and logs in as `nick`. */
  static async login(port: number, nick: string, password?: string, room?: string): Promise<FramedTestClient> {
    const client = await FramedTestClient.connect(port, room === undefined ? true : { room });
    const reply = await client.request('login', password === undefined ? { nick } : { nick, password });
    if (reply.t !== 'ok') throw new Error(`login as ${nick} failed: ${JSON.stringify(reply)}`);
    return client;
  }

  send(message: object): void {
    this.socket.write(encodeFrame(message));
  }

  /** Sends a request and resolves with its `ok` or `error` frame. */
  request(t: string, fields: Record<string, unknown> = {}): Promise<FrameObject> {
    const id = this.nextId++;
    this.send({ ...fields, t, id });
    return this.inbox.take(
      (frame) => (frame.t === 'ok' || frame.t === 'error') && frame.id === id,
      `reply to ${t}#${id}`,
    );
  }

  /** Sends a request that must succeed; resolves with its result. */
  async ok(t: string, fields: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const reply = await this.request(t, fields);
    if (reply.t !== 'ok') throw new Error(`${t} failed: ${JSON.stringify(reply)}`);
    return reply.result as Record<string, unknown>;
  }

  next(match: (frame: FrameObject) => boolean, timeoutMs?: number): Promise<FrameObject> {
    return this.inbox.take(match, 'a matching frame', timeoutMs);
  }

  nextOf(t: string, timeoutMs?: number): Promise<FrameObject> {
    return this.inbox.take((frame) => frame.t === t, `a "${t}" frame`, timeoutMs);
  }

  unread(): FrameObject[] {
    return this.inbox.unread();
  }

  /** Resolves when the server closed the connection. */
  closed(): Promise<void> {
    return this.inbox.whenEnded();
  }

  close(): void {
    this.socket.destroy();
  }
}

export class TextTestClient {
  private readonly inbox = new Inbox<string>();
  private partial = '';

  private constructor(readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('error', () => undefined);
    socket.on('data', (chunk: string) => {
      const parts = (this.partial + chunk).split('\r\n');
      this.partial = parts.pop() ?? '';
      for (const line of parts) this.inbox.push(line);
    });
    socket.on('close', () => this.inbox.end());
  }

  static async connect(port: number): Promise<TextTestClient> {
    return new TextTestClient(await open(port));
  }

  /** Connects and logs in with `/login nick`, waiting for the welcome line. */
  static async login(port: number, nick: string): Promise<TextTestClient> {
    const client = await TextTestClient.connect(port);
    client.line(`/login ${nick}`);
    await client.next(/채팅 서버에 접속되었습니다/u);
    return client;
  }

  line(text: string): void {
    this.socket.write(`${text}\n`);
  }

  /** The next line matching `pattern` (lines before it that do not match stay unread). */
  next(pattern: RegExp | string, timeoutMs?: number): Promise<string> {
    const match =
      typeof pattern === 'string' ? (line: string) => line === pattern : (line: string) => pattern.test(line);
    return this.inbox.take(match, String(pattern), timeoutMs);
  }

  unread(): string[] {
    return this.inbox.unread();
  }

  closed(): Promise<void> {
    return this.inbox.whenEnded();
  }

  close(): void {
    this.socket.destroy();
  }
}

/**
 * A room server per test with the clients it served, all closed after each test. Call once at the top of a test
 * file; `start` listens on 127.0.0.1 port 0 and returns the port.
 */
export function useTestRoom(defaults: RoomServerOptions = {}) {
  let server: RoomServer | undefined;
  const clients: { close(): void }[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await server?.close();
    server = undefined;
  });
  const track = <T extends { close(): void }>(client: T): T => {
    clients.push(client);
    return client;
  };
  return {
    get server(): RoomServer {
      if (!server) throw new Error('start() the test room first');
      return server;
    },
    async start(options: RoomServerOptions = {}): Promise<number> {
      server = createRoomServer({ ...defaults, ...options });
      return (await server.listen(0, '127.0.0.1')).port;
    },
    track,
    login: async (port: number, nick: string, password?: string, room?: string) =>
      track(await FramedTestClient.login(port, nick, password, room)),
    text: async (port: number, nick: string) => track(await TextTestClient.login(port, nick)),
  };
}
