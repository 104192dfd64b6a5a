import { describe, expect, it } from 'vitest';
import { createWsApi } from './ws-api';

/** A stand-in for the browser WebSocket that records what the page sends and lets the test answer. */
class FakeSocket extends EventTarget {
  static OPEN = 1;
  static last: FakeSocket;
  readyState = 0;
  binaryType = 'blob';
  sent: (string | ArrayBuffer)[] = [];
  constructor(readonly url: string) {
    super();
    FakeSocket.last = this;
  }
  send(data: string | ArrayBuffer) {
    this.sent.push(data);
  }
  open() {
    this.readyState = 1;
    this.dispatchEvent(new Event('open'));
  }
  receive(data: unknown) {
    this.dispatchEvent(new MessageEvent('message', { data: JSON.stringify(data) }));
  }
  close() {
    this.readyState = 3;
    this.dispatchEvent(new Event('close'));
  }
}

const make = () => {
  const api = createWsApi('ws://127.0.0.1:1/token', FakeSocket as unknown as typeof WebSocket);
  return { api, socket: FakeSocket.last };
};
const flush = () => new Promise((r) => setTimeout(r, 0));

describe('browser-mode API over WebSocket', () => {
  it('sends requests once open and matches answers by id', async () => {
    const { api, socket } = make();
    const a = api.invoke('room.say', { roomId: 'r1', text: 'hi' });
    const b = api.invoke('app.ready');
    socket.open();
    await flush();
    const [first, second] = socket.sent.map((s) => JSON.parse(s as string));
    expect(first).toEqual({ id: 1, channel: 'room.say', payload: { roomId: 'r1', text: 'hi' } });
    expect(second).toEqual({ id: 2, channel: 'app.ready' });
    socket.receive({ id: 2, ok: false, error: { code: 'internal', message: 'boom' } });
    socket.receive({ id: 1, ok: true, result: { mid: 7 } });
    expect(await a).toEqual({ ok: true, result: { mid: 7 } });
    expect(await b).toEqual({ ok: false, error: { code: 'internal', message: 'boom' } });
  });

  it('delivers events to listeners until they unsubscribe', () => {
    const { api, socket } = make();
    const seen: unknown[] = [];
    const off = api.on('users', (p) => seen.push(p));
    socket.receive({ events: [{ event: 'users', payload: { users: [] } }] });
    socket.receive({ events: [{ event: 'host', payload: { running: false } }] });
    off();
    socket.receive({ events: [{ event: 'users', payload: { users: [{ nick: 'x', status: 'active' }] } }] });
    expect(seen).toEqual([{ users: [] }]);
  });

  it('a listener that throws is reported and the rest of the batch still arrives', () => {
    const { api, socket } = make();
    const reported: unknown[] = [];
    const original = window.reportError;
    window.reportError = (error) => reported.push(error);
    try {
      const seen: unknown[] = [];
      api.on('host', () => {
        throw new Error('listener bug');
      });
      api.on('users', (p) => seen.push(p));
      socket.receive({
        events: [
          { event: 'host', payload: { running: false } },
          { event: 'users', payload: { users: [] } },
        ],
      });
      expect(seen).toEqual([{ users: [] }]);
      expect(reported).toEqual([new Error('listener bug')]);
    } finally {
      window.reportError = original;
    }
  });

  it('hands a batch to the listeners event by event, in order, across event names', () => {
    const { api, socket } = make();
    const order: string[] = [];
    api.on('users', () => order.push('users'));
    api.on('host', () => order.push('host'));
    socket.receive({
      events: [
        { event: 'users', payload: { users: [] } },
        { event: 'host', payload: { running: false } },
        { event: 'users', payload: { users: [] } },
      ],
    });
    expect(order).toEqual(['users', 'host', 'users']);
  });

  it('ignores garbage frames', () => {
    const { socket } = make();
    expect(() => socket.dispatchEvent(new MessageEvent('message', { data: '{not json' }))).not.toThrow();
  });

  it('uploads dropped files as [u32 header length][JSON header][bytes]', async () => {
    const { api, socket } = make();
    socket.open();
    const pending = api.registerDroppedFiles([new File([new Uint8Array([1, 2, 3])], 'a.bin')]);
    await flush();
    await flush();
    const frame = new Uint8Array(socket.sent[0] as ArrayBuffer);
    const headerLength = new DataView(frame.buffer).getUint32(0);
    const header = JSON.parse(new TextDecoder().decode(frame.slice(4, 4 + headerLength)));
    expect(header).toEqual({ id: 1, name: 'a.bin' });
    expect([...frame.slice(4 + headerLength)]).toEqual([1, 2, 3]);
    socket.receive({ id: 1, ok: true, result: { fileId: 'f1', name: 'a.bin', size: 3 } });
    expect(await pending).toEqual({ ok: true, result: [{ fileId: 'f1', name: 'a.bin', size: 3 }] });
  });

  it('fails pending requests when the bridge closes', async () => {
    const { api, socket } = make();
    socket.open();
    const pending = api.invoke('room.list', { roomId: 'r1' });
    await flush();
    socket.close();
    await expect(pending).rejects.toThrow(/closed/);
  });
});
