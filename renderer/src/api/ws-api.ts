import type {
  EventBatch,
  BridgeResponse,
  EventName,
  EventPayload,
  InvokeChannel,
  RegisteredFile,
  Reply,
  SarangbangApi,
} from '@contract/ipc-contract';

/**
 * Browser mode: the same API over the loopback WebSocket bridge (development and end-to-end tests). Requests are
 * `{ id, channel, payload }`, answers `{ id, ok, result | error }`, events in batches `{ events: [{ event, payload }] }`.
 * Dropped files have no path in a browser, so they are uploaded as binary messages: [u32 header length][JSON {id,
 * name}][bytes].
 */
export function createWsApi(url: string, WebSocketImpl: typeof WebSocket = WebSocket): SarangbangApi {
  const socket = new WebSocketImpl(url);
  socket.binaryType = 'arraybuffer';
  const opened = new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener('error', () => reject(new Error('Could not reach the browser-mode bridge')), {
      once: true,
    });
  });
  const pending = new Map<number, { resolve: (reply: Reply<unknown>) => void; reject: (error: Error) => void }>();
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  let nextId = 1;

  socket.addEventListener('message', (message: MessageEvent) => {
    if (typeof message.data !== 'string') return;
    let data: unknown;
    try {
      data = JSON.parse(message.data);
    } catch {
      return;
    }
    if (typeof data !== 'object' || data === null) return;
    if ('events' in data) {
      const { events } = data as { events: EventBatch };
      // A listener that throws is reported as the page's error; the rest of the batch is still delivered.
      for (const { event, payload } of events)
        for (const listener of listeners.get(event) ?? []) {
          try {
            listener(payload as never);
          } catch (error) {
            reportError(error);
          }
        }
    } else if ('id' in data) {
      const reply = data as BridgeResponse;
      const waiter = pending.get(reply.id);
      if (!waiter) return;
      pending.delete(reply.id);
      waiter.resolve(reply.ok ? { ok: true, result: reply.result } : { ok: false, error: reply.error });
    }
  });
  socket.addEventListener('close', () => {
    for (const waiter of pending.values()) waiter.reject(new Error('The browser-mode bridge closed'));
    pending.clear();
  });

  async function send(data: string | ArrayBuffer, id: number): Promise<Reply<unknown>> {
    await opened;
    if (socket.readyState !== WebSocketImpl.OPEN) throw new Error('The browser-mode bridge is closed');
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      socket.send(data);
    });
  }

  function invoke(channel: InvokeChannel, payload?: unknown): Promise<Reply<unknown>> {
    const id = nextId++;
    return send(JSON.stringify(payload === undefined ? { id, channel } : { id, channel, payload }), id);
  }

  async function upload(file: File): Promise<Reply<RegisteredFile>> {
    const id = nextId++;
    const header = new TextEncoder().encode(JSON.stringify({ id, name: file.name }));
    const body = new Uint8Array(await file.arrayBuffer());
    const frame = new Uint8Array(4 + header.length + body.length);
    new DataView(frame.buffer).setUint32(0, header.length);
    frame.set(header, 4);
    frame.set(body, 4 + header.length);
    return (await send(frame.buffer, id)) as Reply<RegisteredFile>;
  }

  const api = {
    invoke,
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener as (payload: never) => void);
      return () => set.delete(listener as (payload: never) => void);
    },
    async registerDroppedFiles(files: readonly File[]): Promise<Reply<RegisteredFile[]>> {
      const out: RegisteredFile[] = [];
      for (const file of files) {
        const reply = await upload(file);
        if (!reply.ok) return reply;
        out.push(reply.result);
      }
      return { ok: true, result: out };
    },
  };
  return api as SarangbangApi;
}
