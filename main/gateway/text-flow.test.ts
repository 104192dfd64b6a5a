/**
 * Flow control for plain-text (nc) clients on real sockets: a crowd bursting at once loses nothing and nobody who
 * reads is dropped, even with queue bounds far smaller than the burst; a client that stops reading is still let go
 * as a slow consumer, with bounded memory, while the others get everything.
 */
import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { TextTestClient, useTestRoom } from './test-support.js';

/** A plain-text client that keeps every line it receives, reading as fast as it can. */
class Reader {
  readonly lines: string[] = [];
  private partial = '';
  private waiter: { test: () => boolean; resolve: () => void } | undefined;
  readonly closed: Promise<void>;

  constructor(
    readonly socket: Socket,
    readonly nick: string,
  ) {
    socket.setEncoding('utf8');
    socket.on('error', () => undefined);
    socket.on('data', (chunk: string) => {
      const parts = (this.partial + chunk).split('\r\n');
      this.partial = parts.pop() ?? '';
      for (const line of parts) this.lines.push(line);
      if (this.waiter?.test()) this.waiter.resolve();
    });
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
  }

  static async login(port: number, nick: string): Promise<Reader> {
    const socket = connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const reader = new Reader(socket, nick);
    socket.write(`/login ${nick}\n`);
    await reader.until(() => reader.lines.some((line) => line.startsWith(`* [${nick}] `)));
    return reader;
  }

  until(test: () => boolean, timeoutMs = 60_000): Promise<void> {
    if (test()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.nick}: timed out`)), timeoutMs);
      this.waiter = { test, resolve: () => (clearTimeout(timer), (this.waiter = undefined), resolve()) };
    });
  }

  close(): void {
    this.socket.destroy();
  }

  /** Chat lines from `sender`, in arrival order. */
  from(sender: string): string[] {
    const prefix = `[${sender}] `;
    return this.lines.filter((line) => line.startsWith(prefix)).map((line) => line.slice(prefix.length));
  }
}

describe('plain-text flow control', () => {
  const testRoom = useTestRoom();

  it('a crowd of plain-text clients bursting at once gets every line, in order, and nobody is dropped', async () => {
    const clients = 50;
    const lines = 50;
    // Bounds far below what each member receives (2,500 lines, ~90 KB): only push-back can keep this lossless.
    const port = await testRoom.start({
      rateLimit: 'off',
      maxUsers: clients + 5,
      flow: { softBytes: 8 * 1024, hardBytes: 32 * 1024, stallMs: 150, maxStallMs: 5000, checkIntervalMs: 50 },
    });
    const crowd: Reader[] = [];
    for (let i = 0; i < clients; i++) crowd.push(testRoom.track(await Reader.login(port, `nc${i}`)));
    const texts = (sender: number): string[] =>
      Array.from({ length: lines }, (_, seq) => `${sender}.${seq} ${'가나다'.repeat(4)}`);
    crowd.forEach((client, i) =>
      client.socket.write(
        texts(i)
          .map((text) => `${text}\n`)
          .join(''),
      ),
    );

    const total = (client: Reader): number => client.lines.filter((line) => /^\[nc\d+\] \d+\.\d+ /u.test(line)).length;
    await Promise.all(crowd.map((client) => client.until(() => total(client) >= clients * lines)));

    for (const client of crowd) {
      for (let sender = 0; sender < clients; sender++) expect(client.from(`nc${sender}`)).toEqual(texts(sender));
      expect(client.lines.filter((line) => line.startsWith('!') || line.includes('퇴장'))).toEqual([]);
    }
    expect(testRoom.server.room.size).toBe(clients);
  }, 120_000);

  it('a plain-text client that stops reading is dropped as slow_consumer with bounded memory; the others get everything', async () => {
    const hardBytes = 64 * 1024;
    const port = await testRoom.start({
      rateLimit: 'off',
      flow: { softBytes: 16 * 1024, hardBytes, stallMs: 150, maxStallMs: 5000, checkIntervalMs: 50 },
    });
    const sender = testRoom.track(await Reader.login(port, 'sender'));
    const reader = testRoom.track(await Reader.login(port, 'reader'));
    const sleeper = testRoom.track(await TextTestClient.login(port, 'sleeper'));
    sleeper.socket.pause();

    const gone = (): boolean => reader.lines.some((line) => line.startsWith('[sleeper]님이 퇴장하였습니다.'));
    const sent: string[] = [];
    // Kernel buffers absorb several MB before the server's queue grows: send until the sleeper is gone (bounded).
    for (let round = 0; round < 400 && !gone(); round++) {
      const batch = Array.from({ length: 25 }, (_, i) => `${round}.${i} ${'z'.repeat(4000)}`);
      sent.push(...batch);
      sender.socket.write(batch.map((text) => `${text}\n`).join(''));
      const last = `[sender] ${batch.at(-1)!}`;
      await sender.until(() => sender.lines.at(-1) === last || sender.lines.includes(last));
    }
    expect(gone()).toBe(true);
    expect(reader.lines.find((line) => line.startsWith('[sleeper]님이 퇴장하였습니다.'))).toContain('too far behind');
    expect(testRoom.server.stats().peakQueuedBytes).toBeLessThanOrEqual(hardBytes);
    await reader.until(() => reader.from('sender').length >= sent.length);
    expect(reader.from('sender')).toEqual(sent);
    expect(testRoom.server.room.find('sleeper')).toBeUndefined();
    expect(testRoom.server.room.size).toBe(2);

    // What the sleeper got, read at last: an unbroken run of what was sent, then why it was let go.
    sleeper.socket.resume();
    await sleeper.closed();
    const rest = sleeper.unread();
    const got = rest.filter((line) => line.startsWith('[sender] ')).map((line) => line.slice('[sender] '.length));
    expect(got.length).toBeGreaterThan(0);
    expect(got).toEqual(sent.slice(0, got.length));
    expect(rest.slice(rest.indexOf(`[sender] ${got.at(-1)!}`) + 1)).toEqual([
      '! Too far behind. (slow_consumer)',
      '* 연결을 끝냅니다. (Closing the connection.)',
    ]);
  }, 120_000);
});
