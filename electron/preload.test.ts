import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { SarangbangApi } from '@contract/ipc-contract';

const exposed: Record<string, unknown> = {};
const listeners = new Set<(...args: unknown[]) => void>();
const invoke = vi.fn(async (channel: string, payload: unknown) => ({ ok: true, result: { channel, payload } }));
const paths = new Map<unknown, string>();

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => (exposed[key] = value) },
  ipcRenderer: {
    invoke: (channel: string, payload: unknown) => invoke(channel, payload),
    on: (_channel: string, listener: (...args: unknown[]) => void) => listeners.add(listener),
    removeListener: (_channel: string, listener: (...args: unknown[]) => void) => listeners.delete(listener),
  },
  webUtils: { getPathForFile: (file: unknown) => paths.get(file) ?? '' },
}));

await import('./preload.js');
const api = exposed['sarangbang'] as SarangbangApi;
/** Main sends events in batches (event-outbox.ts): one IPC message per batch. */
const emitBatch = (events: { event: string; payload: unknown }[]) => {
  for (const listener of [...listeners]) listener({ sender: 'ipc-event-with-internals' }, events);
};
const emit = (event: string, payload: unknown) => emitBatch([{ event, payload }]);

beforeEach(() => {
  invoke.mockClear();
});

describe('preload API', () => {
  it('exposes exactly one object, window.sarangbang, with invoke, on and registerDroppedFiles', () => {
    expect(Object.keys(exposed)).toEqual(['sarangbang']);
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on', 'registerDroppedFiles']);
  });

  it('invokes contract channels and refuses the preload-only and unknown ones', async () => {
    expect(await api.invoke('room.say', { roomId: 'r1', text: 'hi' })).toEqual({
      ok: true,
      result: { channel: 'room.say', payload: { roomId: 'r1', text: 'hi' } },
    });
    expect(await api.invoke('files.registerPaths', { paths: ['/etc/passwd'] })).toMatchObject({ ok: false });
    expect(await (api.invoke as (c: string) => Promise<unknown>)('shell.openPath')).toMatchObject({ ok: false });
    // The drop report is the preload's own: the page cannot report paths through invoke either.
    expect(
      await (api.invoke as (c: string, p: unknown) => Promise<unknown>)('sarangbang:files-dropped', {
        paths: ['/home/u/.ssh/id_ed25519'],
      }),
    ).toMatchObject({ ok: false });
    expect(invoke).toHaveBeenCalledTimes(1);
  });

  it('gives listeners the payload only, for their event only, and unsubscribes', () => {
    const got: unknown[] = [];
    const off = api.on('room', (payload) => got.push(payload));
    emit('room', { t: 'notice', code: 'x', text: 'hello' });
    emit('users', { roomId: 'r1', users: [] });
    expect(got).toEqual([{ t: 'notice', code: 'x', text: 'hello' }]);
    off();
    emit('room', { t: 'notice', code: 'x', text: 'again' });
    expect(got).toHaveLength(1);
    expect(listeners.size).toBe(0);
  });

  it('a listener that throws is reported as the page error and the rest of the batch still arrives', () => {
    const reported: unknown[] = [];
    (globalThis as { reportError?: (e: unknown) => void }).reportError = (error) => reported.push(error);
    try {
      const seen: unknown[] = [];
      const offRoom = api.on('room', () => {
        throw new Error('listener bug');
      });
      const offUsers = api.on('users', (p) => seen.push(p));
      emitBatch([
        { event: 'room', payload: { t: 'notice', code: 'x', text: 'one' } },
        { event: 'users', payload: { roomId: 'r1', users: [] } },
      ]);
      expect(seen).toEqual([{ roomId: 'r1', users: [] }]);
      expect(reported).toEqual([new Error('listener bug')]);
      offRoom();
      offUsers();
    } finally {
      delete (globalThis as { reportError?: unknown }).reportError;
    }
  });

  it('delivers a batch event by event, in the order main emitted them, across event names', () => {
    const order: string[] = [];
    const offRoom = api.on('room', (p) => order.push(`room ${(p as { text: string }).text}`));
    const offUsers = api.on('users', (p) => order.push(`users ${p.roomId}`));
    emitBatch([
      { event: 'room', payload: { t: 'notice', code: 'x', text: 'one' } },
      { event: 'users', payload: { roomId: 'r1', users: [] } },
      { event: 'room', payload: { t: 'notice', code: 'x', text: 'two' } },
    ]);
    expect(order).toEqual(['room one', 'users r1', 'room two']);
    // One IPC listener for all subscriptions; it goes when the last one does.
    expect(listeners.size).toBe(1);
    offRoom();
    expect(listeners.size).toBe(1);
    offUsers();
    expect(listeners.size).toBe(0);
  });

  it('turns dropped files into paths, reports them as dropped, then registers them with main', async () => {
    const a = { name: 'a.txt' };
    const b = { name: 'b.png' };
    paths.set(a, '/home/u/a.txt');
    paths.set(b, '/home/u/b.png');
    const reply = await api.registerDroppedFiles([a, b] as unknown as File[]);
    const dropped = { paths: ['/home/u/a.txt', '/home/u/b.png'] };
    expect(invoke.mock.calls).toEqual([
      ['sarangbang:files-dropped', dropped],
      ['files.registerPaths', dropped],
    ]);
    expect(reply).toMatchObject({ ok: true, result: { channel: 'files.registerPaths' } });
  });

  it('does not register a drop that main refused to record', async () => {
    const a = { name: 'a.txt' };
    paths.set(a, '/home/u/a.txt');
    invoke.mockImplementationOnce(async () => ({ ok: false, error: { code: 'forbidden', message: 'no' } }) as never);
    expect(await api.registerDroppedFiles([a] as unknown as File[])).toMatchObject({ error: { code: 'forbidden' } });
    expect(invoke).toHaveBeenCalledTimes(1);
  });

  it('refuses a dropped item that is not a file on disk, and an empty drop', async () => {
    const reply = await api.registerDroppedFiles([{ name: 'from-a-web-page.png' }] as unknown as File[]);
    expect(reply).toMatchObject({
      ok: false,
      error: { code: 'file_not_found', message: expect.stringContaining('from-a-web-page.png') },
    });
    expect(await api.registerDroppedFiles([])).toMatchObject({ ok: false });
    expect(invoke).not.toHaveBeenCalled();
  });
});
