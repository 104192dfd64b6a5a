/** Command-line options of `sarangbang serve`, `join` and `rooms`, parsed with node:util parseArgs. */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_MAX_USERS, DEFAULT_PORT } from '../protocol/limits.js';
import { checkNickname } from '../protocol/nickname.js';
import { DEFAULT_HISTORY, MAX_HISTORY } from '../rooms/room-history.js';
import { groupCode, parseRoomCode } from '../security/room-code.js';
import { defaultDownloadDir } from '../transfer/download-dir.js';
import { CidrError, parseCidr } from '../discovery/cidr.js';
import { parseRoomLink, RoomLinkError } from '../discovery/room-link.js';
import type { PlainTextPolicy } from '../gateway/context.js';
import { DEFAULT_MAX_ROOMS } from '../gateway/room-specs.js';
import { checkRoomName } from '../rooms/room-name.js';
import { choosePassword } from './password-source.js';
import { UsageError } from './usage-error.js';

export { UsageError };

function parsePort(text: string, allowZero: boolean): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535 || (port === 0 && !allowZero)) {
    throw new UsageError(`"${text}" is not a port number (1-65535${allowZero ? ', or 0 for any free port' : ''}).`);
  }
  return port;
}

/** `host`, `host:port`, `[v6]`, `[v6]:port` or a bare IPv6 address. */
export function parseHostPort(text: string, defaultPort = DEFAULT_PORT): { host: string; port: number } {
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(text);
  if (bracketed)
    return {
      host: bracketed[1] ?? '',
      port: bracketed[2] === undefined ? defaultPort : parsePort(bracketed[2], false),
    };
  const colons = text.split(':').length - 1;
  if (colons === 1) {
    const [host = '', port = ''] = text.split(':');
    if (host === '') throw new UsageError(`"${text}" has no host before the ":".`);
    return { host, port: parsePort(port, false) };
  }
  if (text === '') throw new UsageError('The host is missing.');
  return { host: text, port: defaultPort };
}

export interface ServeOptions {
  port: number;
  host: string;
  maxUsers: number;
  password?: string;
  bannedWordsFile?: string;
  rateLimit: number | 'off';
  /** Chat messages the room keeps for late joiners and reconnects (0: off). */
  history: number;
  name?: string;
  /** --allow-plain / --no-plain; absent: the room's default (allowed without a password, refused with one). */
  plainText?: PlainTextPolicy;
  /** For stderr before anything else (the --password warning). */
  warnings?: string[];
  /** The host identity file (default: <config>/host-identity.json). */
  identityFile?: string;
  /** Announce the room on the local network (off with --no-announce). */
  announce: boolean;
  /** --rooms FILE: the rooms of a many-room server (JSON, docs/PROTOCOL.md 19.5). */
  roomsFile?: string;
  /** --allow-new-rooms: any valid room name creates a room on first join. */
  allowNewRooms: boolean;
  /** --max-rooms N: most rooms in all (default 1000). */
  maxRooms: number;
  /** --cluster redis://HOST:PORT: share the rooms with other instances through this Redis (docs/PROTOCOL.md 20). */
  cluster?: string;
  /** --instance-name NAME: this instance's name in the cluster (default: a random one). */
  instanceName?: string;
}

export function parseServeArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): ServeOptions | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string', short: 'p' },
      host: { type: 'string' },
      'max-users': { type: 'string' },
      password: { type: 'string' },
      'password-file': { type: 'string' },
      'allow-plain': { type: 'boolean' },
      'no-plain': { type: 'boolean' },
      'banned-words': { type: 'string' },
      'rate-limit': { type: 'string' },
      history: { type: 'string' },
      name: { type: 'string' },
      identity: { type: 'string' },
      'no-announce': { type: 'boolean' },
      rooms: { type: 'string' },
      'allow-new-rooms': { type: 'boolean' },
      'max-rooms': { type: 'string' },
      cluster: { type: 'string' },
      'instance-name': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  if (positionals.length > 0) throw new UsageError(`Unexpected argument "${positionals[0]}".`);
  const maxRooms = values['max-rooms'] === undefined ? DEFAULT_MAX_ROOMS : Number(values['max-rooms']);
  if (!/^\d+$/.test(values['max-rooms'] ?? '1') || !Number.isSafeInteger(maxRooms) || maxRooms < 1)
    throw new UsageError(`--max-rooms must be a whole number of at least 1, not "${values['max-rooms']}".`);
  if (values.cluster !== undefined && !/^rediss?:\/\/[^\s]+$/.test(values.cluster))
    throw new UsageError(`--cluster takes a Redis address such as redis://127.0.0.1:6379, not "${values.cluster}".`);
  if (values['instance-name'] !== undefined && values.cluster === undefined)
    throw new UsageError('--instance-name needs --cluster.');
  if (values['instance-name'] !== undefined && !/^[A-Za-z0-9._-]{1,64}$/.test(values['instance-name']))
    throw new UsageError('--instance-name takes 1-64 letters, digits, ".", "_" or "-".');
  const maxUsers = values['max-users'] === undefined ? DEFAULT_MAX_USERS : Number(values['max-users']);
  if (!Number.isSafeInteger(maxUsers) || maxUsers < 1)
    throw new UsageError(`--max-users must be a whole number of at least 1, not "${values['max-users']}".`);
  let rateLimit: number | 'off' = 20;
  const rate = values['rate-limit'];
  if (rate !== undefined) {
    if (rate.toLowerCase() === 'off') rateLimit = 'off';
    else if (/^\d+(\.\d+)?$/.test(rate) && Number(rate) > 0) rateLimit = Number(rate);
    else throw new UsageError(`--rate-limit must be messages per second (a positive number) or "off", not "${rate}".`);
  }
  const history = values.history === undefined ? DEFAULT_HISTORY : Number(values.history);
  if (values.history !== undefined && (!/^\d+$/.test(values.history) || history > MAX_HISTORY))
    throw new UsageError(
      `--history must be a whole number of messages from 0 (off) to ${MAX_HISTORY}, not "${values.history}".`,
    );
  if (values['allow-plain'] && values['no-plain']) throw new UsageError('Choose one of --allow-plain and --no-plain.');
  const plainText = values['allow-plain'] ? 'allow' : values['no-plain'] ? 'refuse' : undefined;
  const { password, warnings } = choosePassword(
    { password: values.password, passwordFile: values['password-file'] },
    env,
  );
  return {
    port: values.port === undefined ? DEFAULT_PORT : parsePort(values.port, true),
    host: values.host ?? '0.0.0.0',
    maxUsers,
    rateLimit,
    history,
    announce: values['no-announce'] !== true,
    allowNewRooms: values['allow-new-rooms'] === true,
    maxRooms,
    ...(values.rooms === undefined ? {} : { roomsFile: path.resolve(values.rooms) }),
    ...(password === undefined ? {} : { password }),
    ...(plainText === undefined ? {} : { plainText }),
    ...(warnings.length === 0 ? {} : { warnings }),
    ...(values['banned-words'] === undefined ? {} : { bannedWordsFile: values['banned-words'] }),
    ...(values.name === undefined ? {} : { name: values.name }),
    ...(values.identity === undefined ? {} : { identityFile: path.resolve(values.identity) }),
    ...(values.cluster === undefined ? {} : { cluster: values.cluster }),
    ...(values['instance-name'] === undefined ? {} : { instanceName: values['instance-name'] }),
  };
}

export interface JoinArgs {
  host: string;
  port: number;
  nick: string;
  password?: string;
  reconnect: boolean;
  downloadDir: string;
  /** For stderr before anything else (the --password warning). */
  warnings?: string[];
  /** The room code to verify the host against (`XXXX-XXXX-XXXX-XXXX-XXXX`). */
  code?: string;
  /** Our identity file (default: <config>/identity.json). */
  identityFile?: string;
  /** Re-pin a host whose identity changed. */
  trustNewIdentity: boolean;
  /** Cleartext TCP: no encryption, no host check. */
  insecure: boolean;
  /** The room on a many-room server: `join HOST ROOM` or a link's path (absent: the server's default room). */
  room?: string;
  /**
   * The room was given by a word that may be its announced name (`join lab`): resolved by the CLI before joining,
   * as a host name if one resolves, else as a room on the local network (`host` is then replaced).
   */
  lookupName?: string;
}

const LINK = /^[a-z][a-z0-9+.-]*:\/\//i;
const HOST_NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\.?$/i;

/** Where `join` goes from its first argument: a room link, an address (host[:port], [v6]:port) or a room's name. */
export function parseJoinTarget(
  text: string,
  defaultPort: number,
): { host: string; port: number; code?: string; room?: string; lookupName?: string } {
  if (LINK.test(text)) {
    try {
      return parseRoomLink(text);
    } catch (error) {
      if (error instanceof RoomLinkError) throw new UsageError(error.message);
      throw error;
    }
  }
  const trimmed = text.trim();
  if (trimmed === '') throw new UsageError('The host is missing.');
  const looksLikeAddress = trimmed.startsWith('[') || trimmed.includes(':') || /^[0-9.]+$/.test(trimmed);
  if (looksLikeAddress || /^localhost$|\.local\.?$/i.test(trimmed)) return parseHostPort(trimmed, defaultPort);
  // A host name (resolved first) or a room's announced name.
  return { host: HOST_NAME.test(trimmed) ? trimmed : '', port: defaultPort, lookupName: trimmed };
}

export function parseJoinArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): JoinArgs | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: 'string', short: 'n' },
      nick: { type: 'string' },
      password: { type: 'string' },
      'password-file': { type: 'string' },
      port: { type: 'string', short: 'p' },
      'no-reconnect': { type: 'boolean' },
      'download-dir': { type: 'string' },
      code: { type: 'string' },
      identity: { type: 'string' },
      'trust-new-identity': { type: 'boolean' },
      insecure: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  if (positionals.length === 0)
    throw new UsageError(
      'Which room? Give its address, link or name, for example: sarangbang join 192.168.1.5:30000 --name atom',
    );
  if (positionals.length > 2) throw new UsageError(`Unexpected argument "${positionals[2]}".`);
  const defaultPort = values.port === undefined ? DEFAULT_PORT : parsePort(values.port, false);
  const target = parseJoinTarget(positionals[0] ?? '', defaultPort);
  const room = joinRoom(positionals[1], target.room);
  const { host, port } = target;
  const rawNick = values.name ?? values.nick;
  if (rawNick === undefined) throw new UsageError('Choose a nickname with --name, for example: --name atom');
  const nick = checkNickname(rawNick);
  if (!nick.ok) throw new UsageError(`--name: ${nick.reason}`);
  const { password, warnings } = choosePassword(
    { password: values.password, passwordFile: values['password-file'] },
    env,
  );
  const given = values.code === undefined ? undefined : parseRoomCode(values.code);
  if (values.code !== undefined && given === undefined)
    throw new UsageError(
      `--code: "${values.code}" is not a room code (20 letters and digits, like K7QX-2M9D-4HBT-Z0PA-8E3C).`,
    );
  const linkCode = target.code === undefined ? undefined : parseRoomCode(target.code);
  if (given !== undefined && linkCode !== undefined && given !== linkCode)
    throw new UsageError('--code and the link give different room codes: use one of them.');
  const code = given ?? linkCode;
  if (values.insecure && (code !== undefined || values['trust-new-identity']))
    throw new UsageError('--insecure connects without encryption: it cannot verify a --code or trust an identity.');
  return {
    host,
    port,
    nick: nick.nick,
    reconnect: !values['no-reconnect'],
    downloadDir: path.resolve(values['download-dir'] ?? defaultDownloadDir()),
    ...(password === undefined ? {} : { password }),
    ...(warnings.length === 0 ? {} : { warnings }),
    ...(code === undefined ? {} : { code: groupCode(code) }),
    ...(values.identity === undefined ? {} : { identityFile: path.resolve(values.identity) }),
    trustNewIdentity: values['trust-new-identity'] === true,
    insecure: values.insecure === true,
    ...(target.lookupName === undefined ? {} : { lookupName: target.lookupName }),
    ...(room === undefined ? {} : { room }),
  };
}

/** The room of `join HOST ROOM` (checked as a room name, NFC) or of a link's path; both must agree. */
function joinRoom(given: string | undefined, fromLink: string | undefined): string | undefined {
  if (given === undefined) return fromLink;
  const check = checkRoomName(given);
  if (!check.ok) throw new UsageError(`"${given}" is not a room name: ${check.reason}`);
  if (fromLink !== undefined && fromLink.toLowerCase() !== check.name.toLowerCase())
    throw new UsageError('The link and the second argument name different rooms: use one of them.');
  return check.name;
}

export interface RoomsArgs {
  json: boolean;
  subnets: string[];
  waitMs: number;
}

/** How long `rooms` listens by default (ms), and the most it may be told to. */
export const DEFAULT_ROOMS_WAIT_MS = 3000;
const MAX_ROOMS_WAIT_MS = 60_000;

export function parseRoomsArgs(argv: string[]): RoomsArgs | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean' },
      subnet: { type: 'string', multiple: true },
      wait: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  if (positionals.length > 0) throw new UsageError(`Unexpected argument "${positionals[0]}".`);
  const wait = values.wait;
  if (wait !== undefined && (!/^\d+$/.test(wait) || Number(wait) > MAX_ROOMS_WAIT_MS))
    throw new UsageError(`--wait must be milliseconds from 0 to ${MAX_ROOMS_WAIT_MS}, not "${wait}".`);
  const subnets = values.subnet ?? [];
  for (const subnet of subnets) {
    try {
      parseCidr(subnet);
    } catch (error) {
      if (error instanceof CidrError) throw new UsageError(`--subnet: ${error.message}`);
      throw error;
    }
  }
  return { json: values.json === true, subnets, waitMs: wait === undefined ? DEFAULT_ROOMS_WAIT_MS : Number(wait) };
}
