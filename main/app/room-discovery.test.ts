// The home screen's list of rooms: mDNS rooms live, rooms joined before checked first, a subnet probe when nothing is
// found or on "Search again", closed rooms leaving the list; all through a scripted RoomFinder (no network).
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FoundRoom, RoomsFound } from '@contract/ipc-contract';
import { RoomDiscovery } from './room-discovery.js';
import type { LiveBrowser, RoomFinder } from './room-finder.js';

function room(name: string, host: string, fp: string, extra: Partial<FoundRoom> = {}): FoundRoom {
  const fingerprint = fp.repeat(64).slice(0, 64);
  return {
    id: `${fingerprint}@${host}:30000`,
    name,
    protocol: 1,
    people: 1,
    maxUsers: 20,
    passwordRequired: false,
    plainAllowed: true,
    fingerprint,
    host,
    port: 30000,
    addresses: [host],
    roomCode: 'AAAA-BBBB-CCCC-DDDD-EEEE',
    via: 'mdns',
    lastSeen: 1,
    ...extra,
  };
}

class FakeFinder implements RoomFinder {
  mdns: FoundRoom[] = [];
  listeners: Array<(rooms: FoundRoom[]) => void> = [];
  /** host:port → room answering there. */
  answering = new Map<string, FoundRoom>();
  subnets = ['192.168.7.0/24'];
  probedWith: string[][] = [];
  browsing = 0;
  probeGate: Promise<void> = Promise.resolve();

  browse(): LiveBrowser {
    this.browsing++;
    return {
      list: () => this.mdns,
      on: (_event, listener) => void this.listeners.push(listener),
      stop: () => {
        this.browsing--;
      },
    };
  }
  announce(rooms: FoundRoom[]): void {
    this.mdns = rooms;
    for (const listener of this.listeners) listener(rooms);
  }
  probeRoom = vi.fn(async (host: string, port: number) => this.answering.get(`${host}:${port}`) ?? null);
  localSubnets(): string[] {
    return this.subnets;
  }
  async probeSubnets(options: Parameters<RoomFinder['probeSubnets']>[0]): Promise<FoundRoom[]> {
    this.probedWith.push(options.cidrs);
    await this.probeGate;
    const found = [...this.answering.values()].map((r) => ({ ...r, via: 'probe' as const }));
    for (const r of found) options.onFound?.(r);
    return found;
  }
}

function setup(options: { known?: Array<{ host: string; port: number }>; subnets?: string[]; hide?: string[] } = {}) {
  const finder = new FakeFinder();
  const events: RoomsFound[] = [];
  const discovery = new RoomDiscovery({
    finder,
    onChange: (found) => events.push(found),
    known: () => options.known ?? [],
    subnets: () => options.subnets ?? [],
    hide: () => options.hide ?? [],
    autoProbeAfterMs: 50,
    recheckMs: 60_000,
  });
  return { finder, events, discovery, last: () => events.at(-1) };
}

let stop: (() => void) | undefined;
afterEach(() => {
  stop?.();
  vi.useRealTimers();
});

describe('RoomDiscovery', () => {
  it('lists rooms announced on the network live, sorted by name, and pushes each change', async () => {
    const { finder, discovery, last } = setup();
    stop = () => discovery.stop();
    discovery.start();
    finder.announce([room('zebra', '10.0.0.2', 'b'), room('alpha', '10.0.0.3', 'a')]);
    expect(last()?.rooms.map((r) => r.name)).toEqual(['alpha', 'zebra']);
    finder.announce([room('zebra', '10.0.0.2', 'b')]);
    expect(last()?.rooms.map((r) => r.name)).toEqual(['zebra']);
  });

  it('checks rooms joined before directly (once per address) and lists the ones that answer as known', async () => {
    const { finder, discovery, last } = setup({
      known: [
        { host: '10.9.0.5', port: 30000 },
        { host: '10.9.0.5', port: 30000 },
        { host: '10.9.0.6', port: 30000 },
      ],
    });
    stop = () => discovery.stop();
    finder.answering.set('10.9.0.5:30000', room('lab', '10.9.0.5', 'c', { via: 'probe' }));
    discovery.start();
    await vi.waitFor(() => expect(last()?.rooms).toHaveLength(1));
    expect(last()?.rooms[0]).toMatchObject({ name: 'lab', via: 'known' });
    expect(finder.probeRoom).toHaveBeenCalledTimes(2);
  });

  it('probes the local subnets and the ones in Settings by itself when nothing is found', async () => {
    const { finder, discovery, last } = setup({ subnets: ['10.20.0.0/24'] });
    stop = () => discovery.stop();
    finder.answering.set('10.20.0.9:30000', room('far', '10.20.0.9', 'd'));
    discovery.start();
    await vi.waitFor(() => expect(last()?.rooms.map((r) => r.name)).toEqual(['far']));
    expect(finder.probedWith).toEqual([['192.168.7.0/24', '10.20.0.0/24']]);
    expect(last()).toMatchObject({ searching: false, probed: ['192.168.7.0/24', '10.20.0.0/24'] });
  });

  it('does not probe by itself when mDNS found rooms', async () => {
    const { finder, discovery } = setup();
    stop = () => discovery.stop();
    discovery.start();
    finder.announce([room('near', '10.0.0.2', 'a')]);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(finder.probedWith).toEqual([]);
  });

  it('"Search again" probes even with rooms listed, says it is searching meanwhile, and resolves with the list', async () => {
    const { finder, discovery, events } = setup();
    stop = () => discovery.stop();
    discovery.start();
    finder.announce([room('near', '10.0.0.2', 'a')]);
    let open!: () => void;
    finder.probeGate = new Promise((resolve) => (open = resolve));
    finder.answering.set('192.168.7.4:30000', room('far', '192.168.7.4', 'e'));
    const searching = discovery.search();
    await vi.waitFor(() => expect(events.at(-1)?.searching).toBe(true));
    open();
    const found = await searching;
    expect(found.searching).toBe(false);
    expect(found.rooms.map((r) => `${r.name} ${r.via}`)).toEqual(['far probe', 'near mdns']);
  });

  it('lists a room found both ways once, as its mDNS entry', async () => {
    const { finder, discovery, last } = setup({ known: [{ host: '10.0.0.2', port: 30000 }] });
    stop = () => discovery.stop();
    finder.answering.set('10.0.0.2:30000', room('same', '10.0.0.2', 'a'));
    discovery.start();
    finder.announce([room('same', 'fd00::2', 'a')]);
    await vi.waitFor(() => expect(finder.probeRoom).toHaveBeenCalled());
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(last()?.rooms).toHaveLength(1);
    expect(last()?.rooms[0]).toMatchObject({ host: 'fd00::2', via: 'mdns' });
  });

  it('hides the room hosted here', () => {
    const hidden = room('mine', '10.0.0.2', 'f');
    const { finder, discovery } = setup({ hide: [hidden.fingerprint] });
    stop = () => discovery.stop();
    discovery.start();
    finder.announce([hidden, room('theirs', '10.0.0.3', 'a')]);
    expect(discovery.rooms().map((r) => r.name)).toEqual(['theirs']);
  });

  it('drops a checked room that stops answering at the next re-check', async () => {
    const finder = new FakeFinder();
    const events: RoomsFound[] = [];
    const discovery = new RoomDiscovery({
      finder,
      onChange: (found) => events.push(found),
      known: () => [{ host: '10.9.0.5', port: 30000 }],
      subnets: () => [],
      autoProbeAfterMs: 60_000,
      recheckMs: 40,
    });
    stop = () => discovery.stop();
    finder.answering.set('10.9.0.5:30000', room('lab', '10.9.0.5', 'c'));
    discovery.start();
    await vi.waitFor(() => expect(events.at(-1)?.rooms).toHaveLength(1));
    finder.answering.clear();
    await vi.waitFor(() => expect(events.at(-1)?.rooms).toHaveLength(0));
  });

  it('stops browsing on stop, sends nothing after, and starts afresh', async () => {
    const { finder, discovery, events } = setup();
    discovery.start();
    discovery.start();
    expect(finder.browsing).toBe(1);
    discovery.stop();
    expect(finder.browsing).toBe(0);
    const count = events.length;
    finder.announce([room('late', '10.0.0.2', 'a')]);
    expect(events.length).toBe(count);
    expect(discovery.start().rooms.map((r) => r.name)).toEqual(['late']);
    discovery.stop();
  });
});
