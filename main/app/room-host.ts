/**
 * Hosting a room from the app: starts the embedded room host (main/host: room server + file relay) on all
 * interfaces, lists the LAN addresses to share, and stops it (members are told why). At most one room per app.
 */
import type { HostOptions, HostSelfCheck, HostState } from '@contract/ipc-contract';
import type { Identity } from '../security/identity.js';
import { AppFailure } from './app-error.js';
import { lanAddresses } from './lan-addresses.js';

export interface EmbeddedServerOptions {
  host: string;
  port: number;
  maxUsers: number;
  roomName: string;
  password?: string;
  bannedWords: string[];
  /** Chat messages the room keeps (0: off); absent: the server's default. */
  history?: number;
  /** The host identity to serve with (its code is the room code). */
  identity?: Identity;
  /** Announce the room on the local network (mDNS). */
  announce: boolean;
}

/** What room-host needs from a running server. */
export interface EmbeddedServer {
  readonly port: number;
  /** The room code guests compare (the code of the identity the server serves with). */
  readonly roomCode?: string;
  userCount(): number;
  /** Calls `listener` whenever someone joins or leaves; returns an unsubscribe function. */
  onMembersChanged?(listener: () => void): () => void;
  /** Says goodbye to every member with `message`, then stops listening. */
  close(message: string): Promise<void>;
  /** The interfaces the room is announced on; null when it is not announced (off, loopback only, or failed). */
  announcedOn?(): string[] | null;
  /** Connections from other machines seen since start. */
  remoteConnectionsSeen?(): number;
  /** Calls `listener` if the room ends without `close` (its own process ended); returns an unsubscribe function. */
  onStopped?(listener: () => void): () => void;
  /** Brings what the getters above return up to date (a room in its own process reports it asynchronously). */
  refresh?(): Promise<void>;
  /** Memory (bytes) and CPU time (µs) of the room's own process; absent when the room runs in the app's. */
  processUsage?(): Promise<{ rss: number; cpuMicros: number }>;
}

/** What the self-check asks of the system (the firewall rule). */
export type FirewallCheck = () => Promise<HostSelfCheck['firewall']>;

export type StartServer = (options: EmbeddedServerOptions) => Promise<EmbeddedServer>;

export const DEFAULT_STOP_MESSAGE = 'The host closed the room.';

/**
 * A room that ends on its own (its process ended) starts again with the same port, identity and settings, so its
 * members reconnect by themselves; at most this many times in this window, then it stays stopped.
 */
export const ROOM_RESTARTS = { max: 3, windowMs: 60_000 };

export class RoomHost {
  private server: EmbeddedServer | undefined;
  private options: EmbeddedServerOptions | undefined;
  private starting = false;
  /** The room starting again after it ended on its own; stop() waits for it. */
  private restarting: Promise<void> | undefined;
  private restartTimes: number[] = [];
  private unsubscribe: (() => void)[] = [];
  private startedAt = 0;

  constructor(
    private readonly startServer: StartServer,
    private readonly onChange: (state: HostState) => void = () => undefined,
    /** Listen address; all interfaces by default so others on the LAN can join. */
    private readonly listenHost = '0.0.0.0',
    /** The identity hosted rooms serve with. */
    private readonly identity?: Identity,
    /** False: never announce on the network, whatever the host form says (tests outside network namespaces). */
    private readonly announceAllowed = true,
  ) {}

  state(): HostState {
    const server = this.server;
    const options = this.options;
    if (!server || !options) return { running: false };
    return {
      running: true,
      port: server.port,
      roomName: options.roomName,
      maxUsers: options.maxUsers,
      passwordRequired: !!options.password,
      addresses: isLoopback(this.listenHost)
        ? [{ iface: 'lo', address: this.listenHost, family: 'IPv4', display: `${this.listenHost}:${server.port}` }]
        : lanAddresses(server.port),
      userCount: server.userCount(),
      ...(server.roomCode ? { roomCode: server.roomCode } : {}),
      announced: (server.announcedOn?.() ?? null) !== null,
    };
  }

  /** The hosting panel's network self-check: where the room listens and is announced, firewall, visitors. */
  async selfCheck(firewall: FirewallCheck): Promise<HostSelfCheck> {
    await this.server?.refresh?.();
    const server = this.server;
    const options = this.options;
    const state = this.state();
    if (!server || !options || !state.running) throw new AppFailure('not_hosting', 'No room is running here.');
    const announcedOn = server.announcedOn?.() ?? null;
    const notAnnouncedReason = !options.announce ? 'off' : isLoopback(this.listenHost) ? 'loopback' : 'failed';
    return {
      listenHost: this.listenHost,
      addresses: state.addresses,
      announced: announcedOn !== null,
      announcedOn: announcedOn ?? [],
      ...(announcedOn === null ? { notAnnouncedReason } : {}),
      firewall: await firewall().catch(() => 'unknown' as const),
      remoteConnections: server.remoteConnectionsSeen?.() ?? 0,
      startedAt: this.startedAt,
    };
  }

  async start(request: HostOptions, defaultRoomName: string): Promise<HostState> {
    if (this.server || this.starting || this.restarting)
      throw new AppFailure('already_hosting', 'A room is already running here. Stop it first.');
    const options: EmbeddedServerOptions = {
      host: this.listenHost,
      port: request.port,
      maxUsers: request.maxUsers,
      roomName: request.roomName?.trim() || defaultRoomName,
      bannedWords: (request.bannedWords ?? []).map((w) => w.trim()).filter((w) => w.length > 0),
      ...(request.password ? { password: request.password } : {}),
      ...(request.history === undefined ? {} : { history: request.history }),
      ...(this.identity ? { identity: this.identity } : {}),
      announce: this.announceAllowed && (request.announce ?? true),
    };
    this.starting = true;
    try {
      await this.launch(options);
      this.startedAt = Date.now();
      this.restartTimes = [];
    } catch (error) {
      throw listenFailure(error, request.port);
    } finally {
      this.starting = false;
    }
    const state = this.state();
    this.onChange(state);
    return state;
  }

  async stop(message = DEFAULT_STOP_MESSAGE): Promise<HostState> {
    await this.restarting;
    const server = this.server;
    if (!server) throw new AppFailure('not_hosting', 'No room is running here.');
    this.server = undefined;
    this.options = undefined;
    this.forget();
    await server.close(message);
    const state = this.state();
    this.onChange(state);
    return state;
  }

  private async launch(options: EmbeddedServerOptions): Promise<void> {
    const server = await this.startServer(options);
    this.server = server;
    this.options = options;
    this.unsubscribe = [
      server.onMembersChanged?.(() => this.onChange(this.state())),
      server.onStopped?.(() => this.stopped(server)),
    ].filter((off) => off !== undefined);
  }

  /** The room ended on its own (its process ended): it starts again, unless it did so too often already. */
  private stopped(server: EmbeddedServer): void {
    const options = this.options;
    if (this.server !== server || !options) return;
    this.server = undefined;
    this.forget();
    const now = Date.now();
    this.restartTimes = this.restartTimes.filter((at) => now - at < ROOM_RESTARTS.windowMs);
    const gaveUp = (): void => {
      this.options = undefined;
      this.onChange(this.state());
    };
    if (this.restartTimes.length >= ROOM_RESTARTS.max) return gaveUp();
    this.restartTimes.push(now);
    // The port it listened on, also when the user let the system pick one: members reconnect to that address.
    this.restarting = this.launch({ ...options, port: server.port })
      .then(() => this.onChange(this.state()), gaveUp)
      .finally(() => {
        this.restarting = undefined;
      });
  }

  private forget(): void {
    for (const off of this.unsubscribe.splice(0)) off();
  }
}

/** A room listening only on this machine shows only that address: LAN addresses would not answer. */
function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '::1';
}

function listenFailure(error: unknown, port: number): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') {
    return new AppFailure(
      'port_in_use',
      `Port ${port} is already in use on this computer (another room or program). Choose another port.`,
      { cause: error },
    );
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return new AppFailure(
      'port_denied',
      `This computer does not allow listening on port ${port}. Ports below 1024 need administrator rights: choose a port such as 30000.`,
      { cause: error },
    );
  }
  return error;
}
