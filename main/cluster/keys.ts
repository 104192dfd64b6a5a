/**
 * Every Redis key and channel a cluster uses, in one place. Each room's keys carry its id (in `{…}`, a Redis Cluster
 * hash tag, so one room's keys would live together), so many rooms share one Redis without meeting.
 */
import type { RoomId } from '../rooms/ids.js';

export const KEY_PREFIX = 'sarangbang:';

export interface RoomKeys {
  /** Counter: the room's event order (every change to the room, one number each). */
  ev: string;
  /** Counter: message ids (`mid`). */
  mid: string;
  /** Counter: join positions (the user-list cursor). */
  seq: string;
  /** Hash: member id → member JSON (nick, instance, join position, …). */
  members: string;
  /** Hash: `k:<nickKey>` and `s:<nickShape>` → member id: the room's nickname claims. */
  nicks: string;
  /** Stream: the kept messages (bounded to the room's history setting). */
  history: string;
  /** Pub/sub channel of the room's ordered events. */
  events: string;
  /** Prefix of the client-message-id keys (`cid`), which answer a resend with its first `mid`. */
  cid: string;
}

export function roomKeys(room: RoomId, prefix = KEY_PREFIX): RoomKeys {
  const base = `${prefix}r:{${room}}:`;
  return {
    ev: `${base}ev`,
    mid: `${base}mid`,
    seq: `${base}seq`,
    members: `${base}members`,
    nicks: `${base}nicks`,
    history: `${base}history`,
    events: `${base}events`,
    cid: `${base}cid:`,
  };
}

/** The pattern every room's event channel matches. */
export const eventsPattern = (prefix = KEY_PREFIX): string => `${prefix}r:*:events`;

/** The room id in an event channel's name. */
export function roomOfChannel(channel: string, prefix = KEY_PREFIX): RoomId | undefined {
  const match = /^r:\{(.*)\}:events$/.exec(channel.slice(prefix.length));
  return match ? (match[1] as RoomId) : undefined;
}

export const instanceKeys = (instance: string, prefix = KEY_PREFIX) => ({
  /** Presence: exists while the instance is alive (short expiry, refreshed). */
  alive: `${prefix}inst:${instance}`,
  /** Set of `room\nmember` entries: whom a sweep removes when the instance dies. */
  members: `${prefix}inst:${instance}:members`,
  /** Pub/sub channel of the instance's file traffic (events for its members, requests and answers: cluster-files.ts). */
  files: `${prefix}inst:${instance}:files`,
});

export const clusterKeys = (prefix = KEY_PREFIX) => ({
  /** Hash: instance id → its facts (name, addresses), for sweeps and for the welcome's list of instances. */
  instances: `${prefix}instances`,
  /** The history run the whole cluster names in its welcome. */
  run: `${prefix}run`,
  /** The host identity (key and certificate) every instance presents. */
  identity: `${prefix}identity`,
  /** The random key (32 bytes, base64) that authenticates data connections passed between instances (cluster-hop.ts). */
  hopKey: `${prefix}hopkey`,
});
