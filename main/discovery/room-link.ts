/**
 * Room links, `sarangbang://HOST:PORT/ROOM?code=ROOMCODE` (docs/PROTOCOL.md sections 18.6 and 19.6), parsed strictly
 * by hand (not by WHATWG URL, which forgives too much): only this scheme, no user name or password, an IPv4 address,
 * a DNS name or a bracketed IPv6 address, port 1-65535 (default 30000), an optional room name (percent-encoded UTF-8,
 * a valid room name; `/` or none: the default room), an optional room code and nothing else.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { DEFAULT_PORT } from '../protocol/limits.js';
import { checkRoomName } from '../rooms/room-name.js';
import { groupCode, parseRoomCode } from '../security/room-code.js';
import type { RoomLink } from './types.js';

export const ROOM_LINK_SCHEME = 'sarangbang';
/** Longest link we read (a real one is under 100 characters). */
export const ROOM_LINK_MAX_CHARS = 512;

export class RoomLinkError extends Error {
  override name = 'RoomLinkError';
}

const fail = (reason: string): never => {
  throw new RoomLinkError(`Not a room link: ${reason}`);
};

const DNS_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;

function parseHost(text: string): string {
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close !== text.length - 1) fail('an IPv6 address must be closed by "]" right before ":PORT".');
    const inner = text.slice(1, -1);
    const [address = '', zone, ...extra] = inner.split('%25');
    if (extra.length > 0 || !isIPv6(address)) fail(`"${inner}" is not an IPv6 address.`);
    if (zone !== undefined && !/^[A-Za-z0-9._~-]{1,64}$/.test(zone)) fail(`"${zone}" is not an interface name.`);
    return zone === undefined ? address.toLowerCase() : `${address.toLowerCase()}%${zone}`;
  }
  if (text === '') fail('the host is missing (sarangbang://HOST:PORT/?code=ROOMCODE).');
  if (text.includes(':')) fail('an IPv6 address must be in brackets, like [fe80::1].');
  if (isIPv4(text)) return text;
  if (/^[0-9.]+$/.test(text)) fail(`"${text}" is not an IPv4 address.`);
  const name = text.toLowerCase().replace(/\.$/, '');
  if (name.length > 253 || !name.split('.').every((label) => DNS_LABEL.test(label)))
    fail(`"${text}" is not a host name or address.`);
  return name;
}

function parsePort(text: string | undefined): number {
  if (text === undefined) return DEFAULT_PORT;
  if (!/^[0-9]{1,5}$/.test(text)) fail(`"${text}" is not a port number.`);
  const port = Number(text);
  if (port < 1 || port > 65535) fail(`port ${text} is not between 1 and 65535.`);
  return port;
}

function parseQuery(query: string | undefined): string | undefined {
  if (query === undefined || query === '') return undefined;
  let code: string | undefined;
  for (const pair of query.split('&')) {
    const eq = pair.indexOf('=');
    const key = eq < 0 ? pair : pair.slice(0, eq);
    if (key !== 'code') fail(`unknown part "${key}" (a link carries only ?code=ROOMCODE).`);
    if (code !== undefined) fail('the room code is given twice.');
    let value: string;
    try {
      value = decodeURIComponent(eq < 0 ? '' : pair.slice(eq + 1));
    } catch {
      return fail('the room code is badly escaped.');
    }
    const parsed = parseRoomCode(value);
    if (parsed === undefined)
      fail(`"${value}" is not a room code (20 letters and digits, like K7QX-2M9D-4HBT-Z0PA-8E3C).`);
    code = groupCode(parsed as string);
  }
  return code;
}

/** Parses a room link; throws RoomLinkError saying what is wrong. */
export function parseRoomLink(text: string): RoomLink {
  const link = text.trim();
  if (link.length > ROOM_LINK_MAX_CHARS) fail(`longer than ${ROOM_LINK_MAX_CHARS} characters.`);
  // Printable ASCII only: no spaces, controls or look-alike characters inside a link.
  if (!/^[\x21-\x7e]*$/.test(link)) fail('it contains spaces or characters a link cannot have.');
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(link)?.[1];
  if (scheme === undefined || scheme.toLowerCase() !== ROOM_LINK_SCHEME)
    fail(`it must start with ${ROOM_LINK_SCHEME}://${scheme === undefined ? '' : ` (not ${scheme}:)`}.`);
  const rest = link.slice(ROOM_LINK_SCHEME.length + 1);
  if (!rest.startsWith('//')) fail(`it must start with ${ROOM_LINK_SCHEME}:// (two slashes).`);
  if (rest.includes('#')) fail('a room link has no "#" part.');
  const afterSlashes = rest.slice(2);
  const end = afterSlashes.search(/[/?]/);
  const authority = end < 0 ? afterSlashes : afterSlashes.slice(0, end);
  const tail = end < 0 ? '' : afterSlashes.slice(end);
  if (authority.includes('@')) fail('links never carry a user name or password.');
  let hostText = authority;
  let portText: string | undefined;
  const portMatch = /^(.*?)(?::([^:\]]*))?$/.exec(authority);
  if (authority.startsWith('[')) {
    const close = authority.indexOf(']');
    if (close < 0) fail('an IPv6 address must be closed by "]".');
    hostText = authority.slice(0, close + 1);
    const after = authority.slice(close + 1);
    if (after !== '') {
      if (!after.startsWith(':')) fail('only ":PORT" may follow the host.');
      portText = after.slice(1);
    }
  } else if (authority.split(':').length === 2 && portMatch) {
    hostText = portMatch[1] ?? '';
    portText = portMatch[2];
  }
  if (portText === '') fail('the port is missing after ":".');
  const host = parseHost(hostText);
  const port = parsePort(portText);
  const parts = /^(?:\/([^/?]*))?(?:\?(.*))?$/.exec(tail);
  if (!parts) fail('a room link has one path part at most: the room ("/ROOM" after the port).');
  const room = parseRoom(parts?.[1]);
  const code = parseQuery(parts?.[2]);
  return { host, port, ...(room === undefined ? {} : { room }), ...(code === undefined ? {} : { code }) };
}

/** The room of a link's path: percent-encoded UTF-8 of a valid room name (NFC); none for an empty path. */
function parseRoom(path: string | undefined): string | undefined {
  if (path === undefined || path === '') return undefined;
  let name: string;
  try {
    name = decodeURIComponent(path);
  } catch {
    return fail('the room name is badly escaped.');
  }
  const check = checkRoomName(name);
  if (!check.ok) return fail(`"${name.slice(0, 40)}" is not a room name: ${check.reason}`);
  return check.name;
}

/**
 * `sarangbang://HOST:PORT/ROOM?code=CODE` (IPv6 in brackets, its zone escaped as %25; no room part for the default
 * room, which callers mark by leaving `room` out; no code part without a code).
 */
export function formatRoomLink(link: RoomLink): string {
  const [address = '', zone] = link.host.split('%');
  const host = isIPv6(address) ? `[${address}${zone === undefined ? '' : `%25${zone}`}]` : link.host;
  const code = link.code === undefined ? undefined : parseRoomCode(link.code);
  if (link.code !== undefined && code === undefined) throw new RoomLinkError(`"${link.code}" is not a room code.`);
  if (link.room !== undefined && !checkRoomName(link.room).ok)
    throw new RoomLinkError(`"${link.room}" is not a room name.`);
  const room = link.room === undefined ? '' : encodeURIComponent(link.room.normalize('NFC'));
  return `${ROOM_LINK_SCHEME}://${host}:${link.port}/${room}${code === undefined ? '' : `?code=${groupCode(code)}`}`;
}
