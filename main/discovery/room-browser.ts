/**
 * Browses the local network for rooms (`_sarangbang._tcp`): an mDNS socket per interface (IPv4, and IPv6 where the
 * interface has it), each with a DNS-SD browser. Rooms are decoded from their TXT record (others are ignored), merged
 * by fingerprint and port (one room heard on several interfaces is one entry with every address), dropped on a
 * goodbye or when their TTL runs out without being heard again. It re-queries after 1 s, then every 30 s, and when a
 * room has gone unheard for 80 % and 90 % of its TTL (RFC 6762 section 5.2), so a live room keeps being heard even
 * with a TTL shorter than 30 s.
 */
import { isIPv4 } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { Browser } from 'bonjour-service/dist/lib/browser.js';
import type { Service } from 'bonjour-service/dist/lib/service.js';
import { roomCode } from '../security/room-code.js';
import { MdnsEndpoint, RECORD_TTL_S, type MdnsLink } from './mdns.js';
import type { InterfaceTable } from './net-scope.js';
import { decodeRoomTxt, txtFromStrings } from './room-txt.js';
import type { FoundRoom } from './types.js';

export interface RoomBrowser {
  list(): FoundRoom[];
  on(ev: 'change', fn: (rooms: FoundRoom[]) => void): void;
  stop(): void;
}

export interface BrowseOptions {
  /** For tests: the interface table (default os.networkInterfaces()). */
  interfaceTable?: InterfaceTable;
  /** How often to ask again (default 30 s). */
  requeryMs?: number;
}

/** Each socket's links: IPv4 on every interface with an IPv4 address, IPv6 on every one with an IPv6 address. */
export function browseLinks(table: InterfaceTable = networkInterfaces()): MdnsLink[] {
  const links: MdnsLink[] = [];
  for (const [interfaceName, infos = []] of Object.entries(table)) {
    const live = infos.filter((info) => !info.internal);
    const v4 = live.find((info) => info.family === 'IPv4');
    if (v4) links.push({ interfaceName, family: 'IPv4', address: v4.address });
    if (live.some((info) => info.family === 'IPv6')) links.push({ interfaceName, family: 'IPv6', address: '' });
  }
  return links;
}

interface Entry {
  room: FoundRoom;
  fqdn: string;
  ttlMs: number;
  /** Re-queries sent for this entry since it was last heard (at 80 % and 90 % of its TTL). */
  refreshes: number;
}

type SeenService = Service & { rawTxt?: Buffer[] };

const REQUERY_FIRST_MS = 1000;
const REFRESH_BROWSER_MS = 5000;
const EXPIRE_TICK_MS = 250;
/** Fractions of a room's TTL without news at which the browser asks again (RFC 6762 section 5.2). */
const REFRESH_AT = [0.8, 0.9];

/** Starts browsing at once; `stop()` closes every socket. */
export function browseRooms(options: BrowseOptions = {}): RoomBrowser {
  const endpoints = browseLinks(options.interfaceTable).map((link) => new MdnsEndpoint(link));
  const entries = new Map<string, Entry>();
  const listeners = new Set<(rooms: FoundRoom[]) => void>();
  const timers = new Set<NodeJS.Timeout>();
  const browsers = new Set<Browser>();
  let stopped = false;

  const list = (): FoundRoom[] => [...entries.values()].map((entry) => entry.room);
  const changed = (): void => {
    const rooms = list();
    for (const listener of listeners) listener(rooms);
  };

  const seen = (service: SeenService): void => {
    const txt = service.rawTxt ? txtFromStrings(service.rawTxt) : null;
    const announced = txt ? decodeRoomTxt(txt) : null;
    if (!announced || !Number.isInteger(service.port) || service.port < 1 || service.port > 65535) return;
    const key = `${announced.fingerprint}@${service.port}`;
    const referer = service.referer?.address?.split('%')[0];
    const heard = [...(service.addresses ?? [])];
    const previous = entries.get(key);
    const addresses = [...new Set([...(previous?.room.addresses ?? []), ...heard])];
    // The address the announcement came from is reachable; else prefer IPv4.
    const preferred =
      (referer !== undefined && heard.includes(referer) ? referer : undefined) ??
      heard.find((address) => isIPv4(address)) ??
      heard[0] ??
      referer;
    const host = previous?.room.host ?? preferred;
    if (host === undefined) return;
    if (!addresses.includes(host)) addresses.unshift(host);
    const room: FoundRoom = {
      ...announced,
      id: `${announced.fingerprint}@${host}:${service.port}`,
      host,
      port: service.port,
      addresses: [host, ...addresses.filter((address) => address !== host)],
      roomCode: roomCode(announced.fingerprint),
      via: 'mdns',
      lastSeen: Date.now(),
    };
    const ttlMs = Math.min(Math.max(service.ttl ?? RECORD_TTL_S, 1), RECORD_TTL_S * 10) * 1000;
    const same =
      previous && JSON.stringify({ ...previous.room, lastSeen: 0 }) === JSON.stringify({ ...room, lastSeen: 0 });
    entries.set(key, { room, fqdn: service.fqdn, ttlMs, refreshes: 0 });
    if (!same) changed();
  };

  const gone = (service: SeenService): void => {
    let removed = false;
    for (const [key, entry] of entries) {
      if (entry.fqdn.toLowerCase() === service.fqdn?.toLowerCase()) {
        entries.delete(key);
        removed = true;
      }
    }
    if (removed) changed();
  };

  const watch = (browser: Browser): void => {
    browsers.add(browser);
    browser.on('up', seen);
    browser.on('txt-update', seen);
    browser.on('srv-update', seen);
    browser.on('down', gone);
  };

  const every = (ms: number, run: () => void, repeat: boolean): void => {
    const timer = (repeat ? setInterval : setTimeout)(() => {
      if (!repeat) timers.delete(timer);
      run();
    }, ms);
    timer.unref();
    timers.add(timer);
  };

  /** A fresh browser asks again and reports every room that answers ("up"), which refreshes lastSeen. */
  const requery = (): void => {
    if (stopped) return;
    for (const endpoint of endpoints) {
      const browser = endpoint.browse();
      watch(browser);
      every(
        REFRESH_BROWSER_MS,
        () => {
          browser.stop();
          browsers.delete(browser);
        },
        false,
      );
    }
  };

  for (const endpoint of endpoints) {
    void endpoint.ready.then((ok) => {
      if (ok && !stopped) watch(endpoint.browse());
    });
  }
  every(REQUERY_FIRST_MS, requery, false);
  every(options.requeryMs ?? 30_000, requery, true);
  every(
    EXPIRE_TICK_MS,
    () => {
      const now = Date.now();
      let removed = false;
      let ask = false;
      for (const [key, entry] of entries) {
        const age = now - entry.room.lastSeen;
        if (age > entry.ttlMs) {
          entries.delete(key);
          removed = true;
        } else if (age >= (REFRESH_AT[entry.refreshes] ?? Infinity) * entry.ttlMs) {
          entry.refreshes += 1;
          ask = true;
        }
      }
      if (ask) requery();
      if (removed) changed();
    },
    true,
  );

  return {
    list,
    on(_event, fn) {
      listeners.add(fn);
    },
    stop() {
      if (stopped) return;
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const browser of browsers) browser.stop();
      browsers.clear();
      listeners.clear();
      for (const endpoint of endpoints) void endpoint.close();
    },
  };
}
