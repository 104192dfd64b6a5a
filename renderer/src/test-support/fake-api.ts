/**
 * A scriptable stand-in for the preload API, used by component tests (a fresh one per test) and by the dev
 * screenshot fixtures. Records every call, answers from per-channel handlers, and lets the caller emit events.
 */
import type {
  AppSnapshot,
  EventName,
  EventPayload,
  InvokeChannel,
  InvokeRequest,
  InvokeResponse,
  RegisteredFile,
  Reply,
  SarangbangApi,
  Settings,
} from '@contract/ipc-contract';

type Handler<C extends InvokeChannel> = (
  payload: InvokeRequest<C>,
) => Reply<InvokeResponse<C>> | Promise<Reply<InvokeResponse<C>>>;

export interface FakeApi extends SarangbangApi {
  calls: { channel: InvokeChannel; payload: unknown }[];
  dropped: File[][];
  handle<C extends InvokeChannel>(channel: C, handler: Handler<C>): void;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  callsTo<C extends InvokeChannel>(channel: C): InvokeRequest<C>[];
  listenerCount(event: EventName): number;
}

export function ok<T>(result: T): Reply<T> {
  return { ok: true, result };
}

export function fail(
  code: Extract<Reply<unknown>, { ok: false }>['error']['code'],
  message: string = code,
): Reply<never> {
  return { ok: false, error: { code, message } };
}

export function makeSettings(patch: Partial<Settings> = {}): Settings {
  return {
    nickname: 'atom',
    language: 'en',
    theme: 'light',
    downloadDir: '/home/atom/Downloads',
    askWhereToSave: false,
    notifications: true,
    hostPort: 30000,
    recentRooms: [],
    historyRetention: 'forever',
    discoverySubnets: [],
    ...patch,
  };
}

export function makeSnapshot(patch: Partial<AppSnapshot> = {}): AppSnapshot {
  return {
    version: '0.1.0',
    platform: 'linux',
    osLocale: 'en-US',
    settings: makeSettings(),
    connection: { phase: 'idle' },
    room: null,
    host: { running: false },
    offers: [],
    transfers: [],
    ...patch,
  };
}

export function createFakeApi(snapshot: AppSnapshot = makeSnapshot()): FakeApi {
  const handlers = new Map<InvokeChannel, Handler<InvokeChannel>>();
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  const calls: FakeApi['calls'] = [];
  const dropped: File[][] = [];
  let settings = snapshot.settings;
  let mid = 1000;
  let fileSeq = 0;

  const defaults: { [C in InvokeChannel]?: Handler<C> } = {
    'app.ready': () => ok({ ...snapshot, settings }),
    'settings.get': () => ok(settings),
    'settings.update': (patch) => {
      settings = { ...settings, ...patch };
      return ok(settings);
    },
    'room.ping': () => ok({ rttMs: 4 }),
    'room.say': () => ok({ mid: ++mid }),
    'room.whisper': () => ok({ mid: ++mid }),
    'room.list': () => ok({ users: snapshot.room?.users ?? [] }),
    'room.rename': ({ nick }) => ok({ nick }),
    'files.offer': ({ to }) => ok({ offerIds: to.map((_, i) => `offer-${i}`) }),
    'files.pick': () => ok([]),
    'identity.get': () => ok({ keyCode: 'K7QX-2M9D-4HBT-Z0PA-8E3C' }),
    'history.page': () => ok({ entries: [], hasOlder: false, hasNewer: false }),
    'history.around': () => ok({ entries: [], hasOlder: false, hasNewer: false }),
    'history.countAfter': () => ok({ count: 0 }),
    'history.search': () => ok({ hits: [] }),
    'history.rooms': () => ok({ rooms: [] }),
    'discovery.start': () => ok({ rooms: [], searching: false, probed: [] }),
    'discovery.search': () => ok({ rooms: [], searching: false, probed: [] }),
  };

  const api: FakeApi = {
    calls,
    dropped,
    async invoke(channel, ...args) {
      const payload = args[0];
      calls.push({ channel, payload });
      const handler = (handlers.get(channel) ?? defaults[channel] ?? (() => ok(null))) as Handler<typeof channel>;
      return handler(payload as never) as never;
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener as (payload: never) => void);
      return () => set.delete(listener as (payload: never) => void);
    },
    async registerDroppedFiles(files) {
      dropped.push([...files]);
      const result: RegisteredFile[] = files.map((f) => ({ fileId: `file-${++fileSeq}`, name: f.name, size: f.size }));
      return ok(result);
    },
    handle(channel, handler) {
      handlers.set(channel, handler as unknown as Handler<InvokeChannel>);
    },
    emit(event, payload) {
      for (const listener of listeners.get(event) ?? []) listener(payload as never);
    },
    callsTo(channel) {
      return calls.filter((c) => c.channel === channel).map((c) => c.payload as InvokeRequest<typeof channel>);
    },
    listenerCount(event) {
      return listeners.get(event)?.size ?? 0;
    },
  };
  return api;
}
