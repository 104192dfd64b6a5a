/**
 * A deliberately minimal fan-out server speaking just enough of the protocol (preamble, hello, login, say, ping)
 * for the load generator. It is NOT the product: `npm run bench:fanout -- --server mock` runs the benchmark against
 * it to show how much the single-process load generator itself can absorb on this machine, so that the real
 * server's figures can be read against that ceiling. No rate limit, no bounds, no validation.
 */
import net from 'node:net';
import { FrameDecoder, encodeFrame, type FrameObject } from '../main/protocol/codec.js';
import { PREAMBLE, PROTOCOL_VERSION } from '../main/protocol/limits.js';

interface Member {
  socket: net.Socket;
  nick: string | undefined;
  queue: Buffer[];
}

export interface MockServer {
  listen(port: number, host: string): Promise<number>;
  close(): Promise<void>;
}

export function createMockServer(): MockServer {
  const members = new Set<Member>();
  const dirty = new Set<Member>();
  let flushScheduled = false;
  let mid = 0;
  // Minimal push back so that a generator that falls behind cannot make the mock buffer without bound.
  const congested = new Set<Member>();
  const setReading = (on: boolean): void => {
    for (const member of members) {
      if (on) member.socket.resume();
      else member.socket.pause();
    }
  };

  const flush = (): void => {
    flushScheduled = false;
    for (const member of dirty) {
      const data = member.queue.length === 1 ? member.queue[0]! : Buffer.concat(member.queue);
      member.queue.length = 0;
      member.socket.write(data);
      if (member.socket.writableLength > 256 * 1024 && !congested.has(member)) {
        if (congested.size === 0) setReading(false);
        congested.add(member);
        member.socket.once('drain', () => {
          congested.delete(member);
          if (congested.size === 0) setReading(true);
        });
      }
    }
    dirty.clear();
  };
  const send = (member: Member, frame: Buffer): void => {
    member.queue.push(frame);
    dirty.add(member);
    if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flush);
    }
  };

  const onFrame = (member: Member, frame: FrameObject): void => {
    if (frame.t === 'hello') {
      send(
        member,
        encodeFrame({
          t: 'welcome',
          v: PROTOCOL_VERSION,
          server: 'mock',
          room: { name: 'mock', passwordRequired: false, maxUsers: 1e9 },
          limits: {},
        }),
      );
    } else if (frame.t === 'login') {
      member.nick = String(frame.nick);
      send(member, encodeFrame({ t: 'ok', id: frame.id, result: { nick: member.nick, users: [] } }));
    } else if (frame.t === 'say') {
      const out = encodeFrame({
        t: 'msg',
        mid: ++mid,
        ts: Date.now(),
        from: member.nick,
        scope: 'room',
        text: frame.text,
      });
      send(member, encodeFrame({ t: 'ok', id: frame.id, result: { mid } }));
      for (const other of members) if (other.nick !== undefined) send(other, out);
    } else if (frame.t === 'ping') {
      send(member, encodeFrame({ t: 'pong', id: frame.id }));
    }
  };

  const server = net.createServer((socket) => {
    socket.setNoDelay(true);
    const member: Member = { socket, nick: undefined, queue: [] };
    const decoder = new FrameDecoder();
    let preambleSeen = 0;
    members.add(member);
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      members.delete(member);
      dirty.delete(member);
      if (congested.delete(member) && congested.size === 0) setReading(true);
    });
    socket.on('data', (chunk: Buffer) => {
      if (preambleSeen < PREAMBLE.length) {
        const take = Math.min(PREAMBLE.length - preambleSeen, chunk.length);
        preambleSeen += take;
        chunk = chunk.subarray(take);
      }
      const { frames, error } = decoder.push(chunk);
      for (const frame of frames) onFrame(member, frame);
      if (error) socket.destroy();
    });
  });

  return {
    listen: (port, host) =>
      new Promise((resolve) => server.listen(port, host, () => resolve((server.address() as net.AddressInfo).port))),
    close: () =>
      new Promise((resolve) => {
        for (const member of members) member.socket.destroy();
        server.close(() => resolve());
      }),
  };
}
