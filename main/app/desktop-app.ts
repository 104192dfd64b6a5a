/**
 * One desktop app instance: settings, the chat session, the hosted room, files and transfers, notifications and the
 * event outbox, wired together. Electron creates one; the browser-mode bridge creates one per connected page.
 */
import { join } from 'node:path';
import type { AppSnapshot, EventName, EventPayload, FocusTarget } from '@contract/ipc-contract';
import type { SessionOptions } from '../client/session-types.js';
import { loadAppIdentities, type AppIdentities } from './app-identities.js';
import { ChatService } from './chat-service.js';
import { EventOutbox, type EventBatchSink, type EventSink } from './event-outbox.js';
import { FileCards } from './file-cards.js';
import { FilePreviews } from './file-previews.js';
import { FileRegistry } from './file-registry.js';
import { HistoryStore } from './history/history-store.js';
import { Notifier } from './notifier.js';
import type { DesktopPlatform } from './platform.js';
import { checkFirewallRule } from './firewall-check.js';
import { RoomDiscovery } from './room-discovery.js';
import type { RoomFinder } from './room-finder.js';
import { RoomHost, type FirewallCheck, type StartServer } from './room-host.js';
import { SettingsStore } from './settings-store.js';
import { TextFiles } from './text-files.js';
import { TransferService } from './transfer-service.js';

export interface DesktopAppOptions {
  platform: DesktopPlatform;
  startServer: StartServer;
  /** Where events for the page go (after the outbox's ready-queue and progress throttle). */
  sink: EventBatchSink;
  /** Listen address of hosted rooms (default all interfaces; tests use 127.0.0.1). */
  hostListenAddress?: string;
  sessionOptions?: Partial<SessionOptions>;
  /** The identities and stores; loaded from the user-data folder when not given. */
  identities?: AppIdentities;
  /**
   * How rooms on the network are found (main/app/network-room-finder.ts). Absent: the list stays empty and nothing
   * is sent on the network (tests, and browser mode unless asked).
   */
  finder?: RoomFinder;
  /** False: hosted rooms are never announced on the network (default true). */
  announce?: boolean;
  /** The self-check's firewall question (default: netsh on Windows, 'n/a' elsewhere). */
  firewall?: FirewallCheck;
}

/** `host:port` / `[v6]:port` (a known-hosts key) → the address to check. */
function addressOfKey(key: string): Array<{ host: string; port: number }> {
  const match = /^\[?([^\]]+?)\]?:(\d+)$/.exec(key);
  return match ? [{ host: match[1]!, port: Number(match[2]) }] : [];
}

/** Finds nothing and sends nothing. */
export const noRoomFinder: RoomFinder = {
  browse: () => ({ list: () => [], on: () => undefined, stop: () => undefined }),
  probeRoom: async () => null,
  localSubnets: () => [],
  probeSubnets: async () => [],
};

/** The conversation store's file in the user-data folder (browser mode: the page's profile folder). */
export const HISTORY_FILE = 'history.sqlite';

export class DesktopApp {
  readonly outbox: EventOutbox;
  readonly chat: ChatService;
  readonly host: RoomHost;
  readonly files = new FileRegistry();
  readonly texts = new TextFiles(this.files);
  readonly transfers: TransferService;
  /** Thumbnails of received images, by opaque id (served by electron/preview-protocol.ts or the bridge). */
  readonly previews: FilePreviews;
  /** The list of rooms on this network (home screen). */
  readonly discovery: RoomDiscovery;
  /** Reads the firewall rule for the self-check. */
  readonly firewall: FirewallCheck;
  private readonly cards: FileCards;
  private readonly notifier: Notifier;
  private readyTimer: ReturnType<typeof setTimeout> | undefined;

  private constructor(
    readonly platform: DesktopPlatform,
    readonly settings: SettingsStore,
    readonly identities: AppIdentities,
    /** The conversation store; undefined when it could not be opened (the app then keeps no history). */
    readonly history: HistoryStore | undefined,
    options: DesktopAppOptions,
  ) {
    this.outbox = new EventOutbox(options.sink);
    const emit: EventSink = (event, payload) => this.emit(event, payload);
    this.notifier = new Notifier({
      enabled: () => this.settings.get().notifications,
      language: () => this.settings.get().language,
      myNick: () => this.chat.connection.nick,
      isFocused: () => platform.isFocused(),
      notify: (n) => platform.notify(n),
      focus: (target: FocusTarget) => this.emit('focus', target),
    });
    this.previews = new FilePreviews(platform.previewUrl ? (id) => platform.previewUrl!(id) : undefined, history);
    this.cards = new FileCards({ emit, history, context: () => this.chat.cardContext() });
    this.transfers = new TransferService({
      emit,
      previews: this.previews,
      onDeclined: (offerId) => this.cards.declined(offerId),
      files: this.files,
      settings: this.settings,
      platform,
      onReceived: (files) => this.notifier.onReceived(files),
      people: identities.people,
      fingerprintOf: (nick) => this.chat.fingerprintOf(nick),
    });
    this.chat = new ChatService({
      emit,
      appName: `Sarangbang ${platform.version}`,
      ...(options.sessionOptions ? { sessionOptions: options.sessionOptions } : {}),
      onSession: (session) => this.transfers.attach(session),
      identities,
      ...(history ? { history } : {}),
    });
    this.host = new RoomHost(
      options.startServer,
      (state) => this.emit('host', state),
      options.hostListenAddress,
      identities.hostIdentity,
      options.announce ?? true,
    );
    this.firewall = options.firewall ?? (() => checkFirewallRule(platform.platform));
    this.discovery = new RoomDiscovery({
      finder: options.finder ?? noRoomFinder,
      onChange: (found) => this.emit('rooms', found),
      // Rooms joined before: the recent rooms, then every pinned room (known-hosts.json, most recently seen first).
      known: () => [
        ...this.settings.get().recentRooms.map(({ host, port }) => ({ host, port })),
        ...identities.knownHosts.list().flatMap(([key]) => addressOfKey(key)),
      ],
      subnets: () => this.settings.get().discoverySubnets,
      // The room hosted here has its own card.
      hide: () => (this.host.state().running ? [identities.hostIdentity.fingerprint] : []),
    });
  }

  static async create(options: DesktopAppOptions): Promise<DesktopApp> {
    const { platform } = options;
    const settings = await SettingsStore.open(join(platform.userDataDir, 'settings.json'), {
      downloadDir: join(platform.downloadsDir, 'Sarangbang'),
      osLocale: platform.osLocale,
    });
    const identities = options.identities ?? (await loadAppIdentities(platform.userDataDir));
    const history = await HistoryStore.open(join(platform.userDataDir, HISTORY_FILE), settings.get().historyRetention)
      // A file from a newer app version, or a disk that refuses it: chat works, nothing is kept.
      .catch((error: unknown) => void console.error('[history] the conversation store could not be opened:', error));
    return new DesktopApp(platform, settings, identities, history ?? undefined, options);
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    if (event === 'room') {
      const roomEvent = payload as EventPayload<'room'>;
      // A service that does not know the room (a transfer notice) speaks of the current one.
      const roomId = this.chat.currentRoomId;
      if (roomEvent.roomId === undefined && roomId !== undefined) payload = { ...roomEvent, roomId } as EventPayload<E>;
      this.notifier.onRoomEvent(payload as EventPayload<'room'>);
    }
    if (event === 'file.offer') this.notifier.onOffer(payload as EventPayload<'file.offer'>);
    this.outbox.emit(event, payload);
    this.cards.observe(event, payload);
  }

  snapshot(): AppSnapshot {
    return {
      version: this.platform.version,
      platform: this.platform.platform,
      osLocale: this.platform.osLocale,
      settings: this.settings.get(),
      connection: this.chat.connection,
      room: this.chat.snapshot(),
      host: this.host.state(),
      offers: this.transfers.pendingOffers(),
      transfers: this.transfers.list(),
    };
  }

  /** The page is listening: queued events follow right after the `app.ready` reply. */
  rendererReady(): void {
    if (this.readyTimer) clearTimeout(this.readyTimer);
    this.readyTimer = setTimeout(() => this.outbox.markReady(), 0);
  }

  /** The page is reloading or gone: queue events again until it is ready. */
  rendererGone(): void {
    if (this.readyTimer) clearTimeout(this.readyTimer);
    this.outbox.markNotReady();
  }

  /** Leaves every room, stops a hosted room, flushes settings and the people and rooms seen, closes the store. */
  async dispose(): Promise<void> {
    if (this.readyTimer) clearTimeout(this.readyTimer);
    this.discovery.stop();
    this.history?.flush();
    this.transfers.dispose();
    await this.texts.dispose();
    await this.chat.leave().catch(() => undefined);
    // Also a room starting again after its process ended (not "running" yet): stop() waits for it.
    await this.host.stop().catch(() => undefined);
    // Settings, and what was seen of people and rooms before leaving (queued writes nobody else awaits).
    await Promise.all([this.settings.flush(), this.identities.people.settled(), this.identities.knownHosts.settled()]);
    this.history?.close();
    this.outbox.close();
  }
}
