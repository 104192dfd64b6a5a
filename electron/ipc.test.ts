import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { HandlerTable } from '../main/app/dispatch.js';
import { EVENT_CHANNEL, INVOKE_CHANNELS } from './channels.js';
import { createOriginCheck } from './origin.js';
import { PathGate } from './path-gate.js';

vi.mock('electron', () => ({}));
const { registerDropReports, registerIpc, TrustedSenders, windowEventSink } = await import('./ipc.js');

const OUR_URL = 'app://sarangbang/index.html';

class FakeContents extends EventEmitter {
  constructor(readonly id: number) {
    super();
  }
}

function setup() {
  const registered = new Map<string, (event: unknown, payload: unknown) => Promise<unknown>>();
  const ipcMain = {
    handle: (channel: string, fn: (event: unknown, payload: unknown) => Promise<unknown>) =>
      registered.set(channel, fn),
    removeHandler: (channel: string) => registered.delete(channel),
  };
  const calls: unknown[] = [];
  const handlers = new Proxy({} as HandlerTable, {
    get: () => async (payload: unknown) => {
      calls.push(payload);
      return { handled: payload ?? true };
    },
  });
  const trusted = new TrustedSenders(createOriginCheck());
  const ours = new FakeContents(1);
  trusted.add(ours as never);
  const unregister = registerIpc(ipcMain as never, handlers, trusted);
  const mainFrame = { url: OUR_URL, parent: null };
  const invoke = (
    channel: string,
    payload: unknown,
    event: { sender: { id: number }; senderFrame: unknown } = { sender: ours, senderFrame: mainFrame },
  ) => registered.get(channel)!(event, payload);
  return { registered, calls, ours, invoke, unregister, mainFrame };
}

const quiet = () => vi.spyOn(console, 'warn').mockImplementation(() => undefined);

describe('IPC wrappers', () => {
  it('registers every channel of the contract and removes them again', () => {
    const { registered, unregister } = setup();
    expect([...registered.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort());
    unregister();
    expect(registered.size).toBe(0);
  });

  it('runs the handler for our window, main frame, our page, valid payload', async () => {
    const { invoke, calls } = setup();
    expect(await invoke('room.say', { roomId: 'r1', text: 'hi' })).toEqual({
      ok: true,
      result: { handled: { roomId: 'r1', text: 'hi' } },
    });
    expect(calls).toEqual([{ roomId: 'r1', text: 'hi' }]);
  });

  it('refuses a call from a window we did not create, without running the handler', async () => {
    quiet();
    const { invoke, calls, mainFrame } = setup();
    expect(
      await invoke('room.say', { roomId: 'r1', text: 'hi' }, { sender: new FakeContents(99), senderFrame: mainFrame }),
    ).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(calls).toEqual([]);
  });

  it('refuses a call from a sub-frame, a foreign page in our window, or a missing frame', async () => {
    quiet();
    const { invoke, calls, ours, mainFrame } = setup();
    expect(
      await invoke(
        'room.say',
        { roomId: 'r1', text: 'x' },
        { sender: ours, senderFrame: { url: OUR_URL, parent: mainFrame } },
      ),
    ).toMatchObject({ error: { code: 'forbidden' } });
    expect(
      await invoke(
        'room.say',
        { roomId: 'r1', text: 'x' },
        { sender: ours, senderFrame: { url: 'https://evil.example/', parent: null } },
      ),
    ).toMatchObject({ error: { code: 'forbidden' } });
    expect(await invoke('room.say', { roomId: 'r1', text: 'x' }, { sender: ours, senderFrame: null })).toMatchObject({
      error: { code: 'forbidden' },
    });
    expect(calls).toEqual([]);
  });

  it('stops trusting a window once it is destroyed', async () => {
    quiet();
    const { invoke, ours, mainFrame } = setup();
    ours.emit('destroyed');
    expect(
      await invoke('room.say', { roomId: 'r1', text: 'x' }, { sender: ours, senderFrame: mainFrame }),
    ).toMatchObject({
      error: { code: 'forbidden' },
    });
  });

  it('rejects malformed payloads with bad_payload, naming the field, before the handler runs', async () => {
    const { invoke, calls } = setup();
    const bad = [
      ['room.say', { roomId: 'r1', text: 42 }, /text/],
      ['room.leave', undefined, /object/],
      ['room.say', { text: 'hi' }, /roomId/],
      ['room.say', { roomId: 'r1', text: 'hi', extra: 'smuggled' }, /extra/],
      ['room.join', { host: '10.0.0.1', port: 70000, nick: 'a' }, /port/],
      ['room.join', 'not an object', /object/],
      ['files.registerPaths', { paths: [] }, /paths/],
      ['files.answer', { offerId: 'o', decision: 'maybe' }, /decision/],
      ['settings.update', { theme: 'neon' }, /theme/],
      ['app.ready', { unexpected: true }, /no payload/],
      ['window.setUnread', { count: -1 }, /count/],
    ] as const;
    for (const [channel, payload, mention] of bad) {
      const reply = (await invoke(channel, payload)) as { ok: boolean; error: { code: string; message: string } };
      expect(reply.ok, channel).toBe(false);
      expect(reply.error.code).toBe('bad_payload');
      expect(reply.error.message).toMatch(mention);
    }
    expect(calls).toEqual([]);
  });
});

describe('drop reports from the preload', () => {
  function dropSetup() {
    const registered = new Map<string, (event: unknown, payload: unknown) => unknown>();
    const ipcMain = {
      handle: (channel: string, fn: (event: unknown, payload: unknown) => unknown) => registered.set(channel, fn),
      removeHandler: (channel: string) => registered.delete(channel),
    };
    const asked: string[][] = [];
    const gate = new PathGate({ confirm: async (paths) => (asked.push([...paths]), false) });
    const trusted = new TrustedSenders(createOriginCheck());
    const ours = new FakeContents(1);
    trusted.add(ours as never);
    const unregister = registerDropReports(ipcMain as never, gate, trusted);
    const report = (payload: unknown, event: unknown = { sender: ours, senderFrame: { url: OUR_URL, parent: null } }) =>
      registered.get('sarangbang:files-dropped')!(event, payload);
    return { registered, gate, asked, report, unregister };
  }

  it('records the paths our window reports, so main admits them without asking', async () => {
    const { gate, asked, report, registered, unregister } = dropSetup();
    expect(report({ paths: ['/home/u/photo.jpg'] })).toEqual({ ok: true, result: null });
    await gate.admit(['/home/u/photo.jpg']);
    expect(asked).toEqual([]);
    unregister();
    expect(registered.size).toBe(0);
  });

  it('refuses reports from a foreign page or window, and malformed ones, recording nothing', async () => {
    quiet();
    const { gate, asked, report } = dropSetup();
    const key = '/home/u/.ssh/id_ed25519';
    expect(
      report({ paths: [key] }, { sender: new FakeContents(7), senderFrame: { url: OUR_URL, parent: null } }),
    ).toMatchObject({ error: { code: 'forbidden' } });
    expect(
      report({ paths: [key] }, { sender: { id: 1 }, senderFrame: { url: 'file:///x/index.html', parent: null } }),
    ).toMatchObject({ error: { code: 'forbidden' } });
    expect(report({ paths: key })).toMatchObject({ error: { code: 'bad_payload' } });
    expect(report({ paths: [key], more: 1 })).toMatchObject({ error: { code: 'bad_payload' } });
    await expect(gate.admit([key])).rejects.toMatchObject({ code: 'cancelled' });
    expect(asked).toEqual([[key]]);
  });
});

describe('events to the page', () => {
  it('sends a batch as one IPC message on the event channel, and nothing to a closed window or none', () => {
    const sent: unknown[][] = [];
    let destroyed = false;
    const contents = { isDestroyed: () => destroyed, send: (...args: unknown[]) => sent.push(args) };
    let window: typeof contents | undefined = contents;
    const sink = windowEventSink(() => window as never);
    const batch = [
      { event: 'users', payload: { roomId: 'r1', users: [] } },
      { event: 'room', payload: { t: 'notice', code: 'x', text: 'hi' } },
    ] as const;
    sink(batch as never);
    expect(sent).toEqual([[EVENT_CHANNEL, batch]]);
    destroyed = true;
    sink(batch as never);
    window = undefined;
    sink(batch as never);
    expect(sent).toHaveLength(1);
  });
});
