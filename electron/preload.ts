/**
 * The sandboxed preload: exposes exactly one object, `window.sarangbang`, built from the IPC contract. No raw
 * ipcRenderer reaches the page; listeners get the payload only and return an unsubscribe function; dropped files are
 * turned into paths here and handed straight to main, so the page never holds a path: first reported on the drop
 * channel (main admits a reported path without asking, once, for a few seconds: path-gate.ts), then registered.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { DROP_CHANNEL, EVENT_CHANNEL, INVOKE_CHANNELS, PRELOAD_ONLY_CHANNELS } from './channels.js';
import type { EventBatch, EventName, RegisteredFile, Reply, SarangbangApi } from '@contract/ipc-contract';

const callable = new Set<string>(INVOKE_CHANNELS.filter((c) => !PRELOAD_ONLY_CHANNELS.has(c)));

type Listener = (payload: unknown) => void;
const listeners = new Map<EventName, Set<Listener>>();
let subscribed = false;

/**
 * One batch of events (event-outbox.ts), each to its own listeners, in the order main emitted them. A listener that
 * throws is reported as the page's error and the rest of the batch is still delivered.
 */
function deliver(_event: IpcRendererEvent, events: EventBatch): void {
  if (!Array.isArray(events)) return;
  for (const { event, payload } of events)
    for (const listener of [...(listeners.get(event) ?? [])]) {
      try {
        listener(payload);
      } catch (error) {
        reportError(error);
      }
    }
}

/** The page's own error report (as an uncaught error), where the page has one; else thrown on its own. */
function reportError(error: unknown): void {
  const report = (globalThis as { reportError?: (error: unknown) => void }).reportError;
  if (report) report(error);
  else
    queueMicrotask(() => {
      throw error;
    });
}

function refuse<T>(message: string): Promise<Reply<T>> {
  return Promise.resolve({ ok: false, error: { code: 'unknown_channel', message } });
}

export const api: SarangbangApi = {
  invoke(channel, ...args) {
    if (!callable.has(channel)) return refuse(`The page may not call ${String(channel)}.`);
    return ipcRenderer.invoke(channel, args[0]) as ReturnType<SarangbangApi['invoke']>;
  },

  on(event, listener) {
    const set = listeners.get(event) ?? new Set();
    listeners.set(event, set);
    const own = listener as Listener;
    set.add(own);
    if (!subscribed) ipcRenderer.on(EVENT_CHANNEL, deliver);
    subscribed = true;
    return () => {
      set.delete(own);
      if ([...listeners.values()].some((s) => s.size > 0)) return;
      ipcRenderer.removeListener(EVENT_CHANNEL, deliver);
      subscribed = false;
    };
  },

  async registerDroppedFiles(files) {
    const paths: string[] = [];
    for (const file of Array.from(files)) {
      const path = webUtils.getPathForFile(file);
      if (!path) {
        return {
          ok: false,
          error: {
            code: 'file_not_found',
            message: `“${file.name}” is not a file on this computer's disk, so it cannot be sent.`,
          },
        } as Reply<RegisteredFile[]>;
      }
      paths.push(path);
    }
    if (paths.length === 0) return { ok: false, error: { code: 'bad_payload', message: 'Nothing was dropped.' } };
    const reported = (await ipcRenderer.invoke(DROP_CHANNEL, { paths })) as Reply<null>;
    if (!reported.ok) return reported;
    return ipcRenderer.invoke('files.registerPaths', { paths }) as Promise<Reply<RegisteredFile[]>>;
  },
};

contextBridge.exposeInMainWorld('sarangbang', api);
