/**
 * `sarangbang serve`: the room server, headless. Prints where others can join, logs joins and leaves, and closes
 * gracefully on Ctrl+C or SIGTERM (every client gets `bye {reason:'server_shutdown'}`).
 */
import { readFile } from 'node:fs/promises';
import { networkInterfaces } from 'node:os';
import { parseBannedWords } from '../rooms/banned-words.js';
import type { LogEntry } from '../gateway/server.js';
import { startRoomHost, type RoomHost } from '../host/start-room-host.js';
import { configFile } from '../security/config-dir.js';
import { loadOrCreateIdentity, type Identity } from '../security/identity.js';
import { formatJoinInstructions, joinAddresses } from './addresses.js';
import type { ServeOptions } from './args.js';
import { UsageError } from './args.js';
import { defaultPlainText } from '../gateway/access-policy.js';
import { whenNpmParentExits } from './parent-watch.js';
import { isLoopbackHost } from '../discovery/net-scope.js';
import { SERVICE_TYPE } from '../discovery/types.js';
import type { RoomDirectory } from '../gateway/room-directory.js';
import { loadRoomsFile, type RoomsFile } from './rooms-file.js';
import { startCluster, type Cluster } from '../cluster/cluster.js';

const SERVICE_LABEL = `_${SERVICE_TYPE}._tcp`;

export const PLAIN_PASSWORD_WARNING = 'Warning: plain-text clients (nc, telnet) send the room password unencrypted.';

export interface ServeIO {
  out: NodeJS.WritableStream;
  errors: NodeJS.WritableStream;
}

function clock(ts: number): string {
  return new Date(ts).toTimeString().slice(0, 8);
}

function listenErrorMessage(error: NodeJS.ErrnoException, options: ServeOptions): string {
  switch (error.code) {
    case 'EADDRINUSE':
      return `Port ${options.port} is already in use on ${options.host} (another room, or another program). Choose another with --port.`;
    case 'EACCES':
      return `Not allowed to listen on port ${options.port}. Ports below 1024 need administrator rights; use a higher one with --port.`;
    case 'EADDRNOTAVAIL':
      return `${options.host} is not an address of this machine. Leave out --host to listen on all of them.`;
    default:
      return `Could not open the room on ${options.host}:${options.port}: ${error.message}`;
  }
}

async function loadBannedWords(file: string | undefined): Promise<string[] | undefined> {
  if (file === undefined) return undefined;
  try {
    return parseBannedWords(await readFile(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`Could not read the banned-words file "${file}": ${(error as Error).message}`);
  }
}

/** The banner line saying whether (and as what) the room is announced on the local network. */
export function announcementLine(host: RoomHost, asked: boolean): string {
  if (!asked) return 'Not announced (--no-announce)';
  if (isLoopbackHost(host.address.address)) return 'Not announced (listening on loopback only)';
  if (!host.announcer || host.announcer.interfaces.length === 0) return 'Not announced (no network interface found)';
  return `Announced on the local network as "${host.server.room.options.name}" (${SERVICE_LABEL})`;
}

/** Rooms named on the banner before it only counts the rest. */
const BANNER_ROOMS = 20;

/**
 * The banner line of a many-room server (none for one room): `Rooms: lobby (default), math, physics`, and
 * `; new rooms on first join (at most N)` with --allow-new-rooms.
 */
export function roomsLine(rooms: RoomDirectory, allowNew: boolean, maxRooms: number): string | undefined {
  if (!rooms.many) return undefined;
  const all = rooms.list();
  const defaultName = rooms.page().default;
  const names = [defaultName, ...all.map((room) => room.info.name).filter((name) => name !== defaultName)];
  const shown = names.slice(0, BANNER_ROOMS).map((name, i) => (i === 0 ? `${name} (default)` : name));
  const more = names.length > BANNER_ROOMS ? `, … (${names.length} rooms)` : '';
  const created = allowNew ? `; new rooms on first join (at most ${maxRooms})` : '';
  return `Rooms: ${shown.join(', ')}${more}${created}`;
}

/** Runs the room until SIGINT or SIGTERM. Resolves with the exit code. */
export async function runServe(options: ServeOptions, io: ServeIO): Promise<number> {
  const bannedWords = await loadBannedWords(options.bannedWordsFile);
  const plainText = options.plainText ?? defaultPlainText(options.password !== undefined);
  // Checked before anything else: a bad rooms file stops serve with exit code 2 (a UsageError naming the file).
  const roomsFile: RoomsFile | undefined =
    options.roomsFile === undefined
      ? undefined
      : await loadRoomsFile(
          options.roomsFile,
          {
            maxUsers: options.maxUsers,
            password: options.password,
            history: options.history,
            bannedWords,
            plainText: options.plainText,
          },
          options.maxRooms,
        );
  const print = (line: string): void => {
    io.out.write(`${line}\n`);
  };
  let identity: Identity;
  const identityFile = options.identityFile ?? configFile('hostIdentity');
  try {
    identity = await loadOrCreateIdentity(identityFile, options.name ?? 'Sarangbang room');
  } catch (error) {
    io.errors.write(`! Could not use the room identity in ${identityFile}: ${(error as Error).message}
`);
    return 1;
  }
  let cluster: Cluster | undefined;
  if (options.cluster !== undefined) {
    try {
      cluster = await startCluster({
        url: options.cluster,
        identity,
        ...(options.instanceName === undefined ? {} : { name: options.instanceName }),
        log: (line) => io.errors.write(`${clock(Date.now())} ${line}\n`),
      });
    } catch (error) {
      io.errors.write(`! ${(error as Error).message}\n`);
      return 1;
    }
    identity = cluster.identity;
  }
  let host: RoomHost;
  try {
    host = await startRoomHost({
      ...(cluster ? { hub: cluster.hub, run: cluster.run } : {}),
      identity,
      port: options.port,
      host: options.host,
      // Bytes in a child process: chat on this event loop never waits behind a file (see relay-process.ts).
      relay: { byteRelay: 'child-process' },
      announce: options.announce,
      maxUsers: options.maxUsers,
      rateLimit: options.rateLimit,
      history: options.history,
      ...(options.plainText === undefined ? {} : { plainText: options.plainText }),
      ...(roomsFile === undefined ? {} : { rooms: roomsFile.rooms }),
      ...(roomsFile?.default === undefined ? {} : { defaultRoom: roomsFile.default }),
      allowNewRooms: options.allowNewRooms,
      maxRooms: options.maxRooms,
      ...(options.name === undefined ? {} : { roomName: options.name }),
      ...(options.password === undefined ? {} : { password: options.password }),
      ...(bannedWords === undefined ? {} : { bannedWords }),
      log: (entry: LogEntry) => {
        if (entry.kind === 'listening' || entry.kind === 'closed') return;
        (entry.kind === 'error' ? io.errors : io.out).write(`${clock(entry.ts)} ${entry.text}\n`);
      },
    });
  } catch (error) {
    io.errors.write(`! ${listenErrorMessage(error as NodeJS.ErrnoException, options)}\n`);
    await cluster?.stop();
    return 1;
  }
  cluster?.attach(host.server);

  const { address } = host;
  const { port } = address;
  print(
    `Sarangbang room "${host.server.room.options.name}" is open on port ${port} (listening on ${address.address}).`,
  );
  const rooms = roomsLine(host.server.rooms, options.allowNewRooms, options.maxRooms);
  if (rooms !== undefined) print(rooms);
  print(`Room code: ${host.server.identity.code}`);
  if (cluster) print(`Cluster: instance ${cluster.instance}, sharing the rooms through ${options.cluster}`);
  for (const line of formatJoinInstructions(joinAddresses(networkInterfaces(), options.host, port), port)) print(line);
  print(announcementLine(host, options.announce));
  const settings = [
    options.password === undefined ? 'no password' : 'password required',
    `up to ${options.maxUsers} users`,
    options.rateLimit === 'off' ? 'no rate limit' : `rate limit ${options.rateLimit} msg/s`,
    options.history === 0 ? 'history off' : `history ${options.history} message${options.history === 1 ? '' : 's'}`,
    plainText === 'allow' ? 'plain-text clients allowed' : 'plain-text clients refused',
    ...(bannedWords ? [`${bannedWords.length} banned word${bannedWords.length === 1 ? '' : 's'}`] : []),
  ];
  print(`Settings: ${settings.join(', ')}.`);
  const plainPasswords = host.server.rooms.list().some(({ id }) => {
    const room = host.server.rooms.settings(id);
    return room.password !== undefined && room.plainText === 'allow';
  });
  if (plainPasswords) print(PLAIN_PASSWORD_WARNING);
  print('Press Ctrl+C to close the room.');

  let stopWatching = (): void => undefined;
  await new Promise<void>((resolve) => {
    let closing = false;
    const stop = (signal: NodeJS.Signals): void => {
      if (closing) {
        io.errors.write(`! ${signal} again: closing at once.\n`);
        process.exit(130);
      }
      closing = true;
      print('Closing the room: telling everyone...');
      host.close().then(resolve, (error: unknown) => {
        io.errors.write(`! ${(error as Error).message}\n`);
        resolve();
      });
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    // The parent going away is not a second signal: a room already closing goes on closing gracefully.
    stopWatching = whenNpmParentExits(() => {
      if (!closing) stop('SIGTERM');
    });
  });
  stopWatching();
  await cluster?.stop();
  print('Room closed.');
  return 0;
}
