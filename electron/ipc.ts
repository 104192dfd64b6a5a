/**
 * Registers the shared handler table (main/app/handlers.ts) with ipcMain. Every call is checked, in order: the
 * sender is a window we created, the calling frame is that window's main frame and shows our page, then the payload
 * is validated (in dispatch). Only then does main/ run. The preload's drop reports take the same checks.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import type { Reply } from '@contract/ipc-contract';
import { failure } from '../main/app/app-error.js';
import { dispatch, type HandlerTable } from '../main/app/dispatch.js';
import { payloadSchemas } from '../main/app/payload-schemas.js';
import { DROP_CHANNEL, EVENT_CHANNEL, INVOKE_CHANNELS } from './channels.js';
import type { OriginCheck } from './origin.js';
import type { PathGate } from './path-gate.js';
import type { EventBatchSink } from '../main/app/event-outbox.js';

export class TrustedSenders {
  private readonly ids = new Set<number>();

  constructor(private readonly isOurs: OriginCheck) {}

  add(contents: WebContents): void {
    this.ids.add(contents.id);
    contents.once('destroyed', () => this.ids.delete(contents.id));
  }

  isTrusted(event: IpcMainInvokeEvent): boolean {
    if (!this.ids.has(event.sender.id)) return false;
    const frame = event.senderFrame;
    if (!frame || frame.parent !== null) return false;
    return this.isOurs(frame.url);
  }
}

const FORBIDDEN: Reply<never> = {
  ok: false,
  error: { code: 'forbidden', message: 'This window may not use the app API.' },
};

export function registerIpc(ipcMain: IpcMain, handlers: HandlerTable, trusted: TrustedSenders): () => void {
  for (const channel of INVOKE_CHANNELS) {
    ipcMain.handle(channel, async (event, payload: unknown) => {
      if (!trusted.isTrusted(event)) {
        console.warn(`[ipc] refused ${channel} from an untrusted sender (${event.senderFrame?.url ?? 'no frame'})`);
        return FORBIDDEN;
      }
      return dispatch(handlers, channel, payload);
    });
  }
  return () => {
    for (const channel of INVOKE_CHANNELS) ipcMain.removeHandler(channel);
  };
}

/** Records the paths of a drop the preload reports (DROP_CHANNEL), from our window's main frame only. */
export function registerDropReports(ipcMain: IpcMain, gate: PathGate, trusted: TrustedSenders): () => void {
  ipcMain.handle(DROP_CHANNEL, (event, payload: unknown): Reply<null> => {
    if (!trusted.isTrusted(event)) {
      console.warn(`[ipc] refused a drop report from an untrusted sender (${event.senderFrame?.url ?? 'no frame'})`);
      return FORBIDDEN;
    }
    try {
      gate.rememberDropped(payloadSchemas['files.registerPaths'](payload).paths);
      return { ok: true, result: null };
    } catch (error) {
      return failure(error) as Reply<null>;
    }
  });
  return () => ipcMain.removeHandler(DROP_CHANNEL);
}

/** Delivers app events to one window's page, a batch per IPC message (event-outbox.ts). */
export function windowEventSink(getContents: () => WebContents | undefined): EventBatchSink {
  return (events) => {
    const contents = getContents();
    if (contents && !contents.isDestroyed()) contents.send(EVENT_CHANNEL, events);
  };
}
