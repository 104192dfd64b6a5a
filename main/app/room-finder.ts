/**
 * What the app's room discovery needs from the network (main/discovery), as one injected seam: tests give a fake,
 * the app gives networkRoomFinder (network-room-finder.ts).
 */
import type { FoundRoom } from '@contract/ipc-contract';

/** A live mDNS browse (main/discovery/room-browser.ts). */
export interface LiveBrowser {
  list(): FoundRoom[];
  on(event: 'change', listener: (rooms: FoundRoom[]) => void): void;
  stop(): void;
}

export interface RoomFinder {
  /** Starts browsing `_sarangbang._tcp` on every interface. */
  browse(): LiveBrowser;
  /** Asks one address whether a room listens there (protocol `version` before login); null when none. */
  probeRoom(host: string, port: number): Promise<FoundRoom | null>;
  /** The private subnets this machine is on (CIDRs). */
  localSubnets(): string[];
  /** Probes every address of `cidrs` on `port`, bounded in rate and time. */
  probeSubnets(options: {
    cidrs: string[];
    port: number;
    signal?: AbortSignal;
    onFound?: (room: FoundRoom) => void;
  }): Promise<FoundRoom[]>;
}
