/**
 * The live list of rooms on this network for the home screen: mDNS browsing while the screen is shown, rooms joined
 * before checked directly ("known rooms"), and a subnet probe when nothing is found or on "Search again" (the
 * machine's private subnets plus the ones in Settings). Speaks to the network only through an injected RoomFinder.
 */
import type { FoundRoom, RoomsFound } from '@contract/ipc-contract';
import type { RoomFinder } from './room-finder.js';

export interface RoomDiscoveryOptions {
  finder: RoomFinder;
  /** Called with the new list whenever it changes while browsing. */
  onChange: (found: RoomsFound) => void;
  /** Rooms joined before (recent rooms and pinned hosts), checked first. */
  known: () => Array<{ host: string; port: number }>;
  /** Subnets the user listed in Settings. */
  subnets: () => string[];
  /** Rooms not to list (the room hosted here): their fingerprints. */
  hide?: () => string[];
  /** With nothing found this long after start, probe the subnets once by itself (default 3 s). */
  autoProbeAfterMs?: number;
  /** Re-check known and probed rooms this often while browsing, so closed ones leave the list (default 10 s). */
  recheckMs?: number;
}

/** The probe's port: the default room port. */
const PROBE_PORT = 30000;

export class RoomDiscovery {
  private browser: ReturnType<RoomFinder['browse']> | undefined;
  /** Rooms found by a direct check (known) or the probe, by roomKey. */
  private checked = new Map<string, FoundRoom>();
  private searching = 0;
  private probed: string[] = [];
  private abort: AbortController | undefined;
  private autoTimer: ReturnType<typeof setTimeout> | undefined;
  private recheckTimer: ReturnType<typeof setInterval> | undefined;
  private lastSent = '';

  constructor(private readonly options: RoomDiscoveryOptions) {}

  get browsing(): boolean {
    return this.browser !== undefined;
  }

  /** Starts browsing (idempotent) and checks known rooms; probes by itself if nothing turns up soon. */
  start(): RoomsFound {
    if (this.browser) return this.found();
    this.abort = new AbortController();
    const browser = this.options.finder.browse();
    this.browser = browser;
    browser.on('change', () => this.changed());
    void this.run(() => this.checkKnown());
    this.autoTimer = setTimeout(() => {
      if (this.browser && this.rooms().length === 0) void this.run(() => this.probe());
    }, this.options.autoProbeAfterMs ?? 3000);
    this.recheckTimer = setInterval(() => void this.recheck(), this.options.recheckMs ?? 10_000);
    return this.found();
  }

  stop(): void {
    clearTimeout(this.autoTimer);
    clearInterval(this.recheckTimer);
    this.abort?.abort();
    this.abort = undefined;
    this.browser?.stop();
    this.browser = undefined;
    this.checked.clear();
    this.searching = 0;
    this.lastSent = '';
  }

  /** "Search again": known rooms, then a probe of the local subnets and those in Settings. Starts browsing too. */
  async search(): Promise<RoomsFound> {
    if (!this.browser) this.start();
    await this.run(async () => {
      await this.checkKnown();
      await this.probe();
    });
    return this.found();
  }

  found(): RoomsFound {
    return { rooms: this.rooms(), searching: this.searching > 0, probed: [...this.probed] };
  }

  /** mDNS rooms first (they are live), then checked ones not seen by mDNS; one entry per room identity and port. */
  rooms(): FoundRoom[] {
    const hidden = new Set(this.options.hide?.() ?? []);
    const out = new Map<string, FoundRoom>();
    for (const room of [...(this.browser?.list() ?? []), ...this.checked.values()]) {
      const key = roomKey(room);
      if (!out.has(key) && !hidden.has(room.fingerprint)) out.set(key, room);
    }
    return [...out.values()].sort((a, b) => a.name.localeCompare(b.name) || a.host.localeCompare(b.host));
  }

  private async run(task: () => Promise<void>): Promise<void> {
    this.searching++;
    this.changed();
    try {
      await task();
    } catch (error) {
      if (!this.abort?.signal.aborted) console.error('[discovery] search failed:', error);
    } finally {
      if (this.searching > 0) this.searching--;
      this.changed();
    }
  }

  private async checkKnown(): Promise<void> {
    const signal = this.abort?.signal;
    const seen = new Set<string>();
    const known = this.options.known().filter(({ host, port }) => {
      const key = `${host.toLowerCase()}:${port}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    await Promise.all(
      known.map(async ({ host, port }) => {
        const room = await this.options.finder.probeRoom(host, port).catch(() => null);
        if (signal?.aborted) return;
        const stale = [...this.checked.entries()].filter(([, r]) => r.host === host && r.port === port);
        for (const [key] of stale) this.checked.delete(key);
        if (room) this.checked.set(roomKey(room), { ...room, via: 'known' });
        this.changed();
      }),
    );
  }

  private async probe(): Promise<void> {
    const signal = this.abort?.signal;
    const cidrs = [...new Set([...this.options.finder.localSubnets(), ...this.options.subnets()])];
    this.probed = cidrs;
    if (cidrs.length === 0) return;
    await this.options.finder.probeSubnets({
      cidrs,
      port: PROBE_PORT,
      ...(signal ? { signal } : {}),
      onFound: (room) => {
        if (signal?.aborted) return;
        this.checked.set(roomKey(room), room);
        this.changed();
      },
    });
  }

  /** Checks again every room found by a direct check or the probe; those that stopped answering go. */
  private async recheck(): Promise<void> {
    const signal = this.abort?.signal;
    await Promise.all(
      [...this.checked.entries()].map(async ([key, room]) => {
        const again = await this.options.finder.probeRoom(room.host, room.port).catch(() => null);
        if (signal?.aborted) return;
        if (again && again.fingerprint === room.fingerprint) this.checked.set(key, { ...again, via: room.via });
        else this.checked.delete(key);
      }),
    );
    if (!signal?.aborted) this.changed();
  }

  /** Tells the page, only when something it shows changed. */
  private changed(): void {
    if (!this.browser) return;
    const found = this.found();
    const shown = JSON.stringify({ ...found, rooms: found.rooms.map(({ lastSeen: _, ...room }) => room) });
    if (shown === this.lastSent) return;
    this.lastSent = shown;
    this.options.onChange(found);
  }
}

/** One room is one identity on one port, whatever address it was found at. */
function roomKey(room: FoundRoom): string {
  return `${room.fingerprint}:${room.port}`;
}
