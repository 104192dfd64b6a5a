/**
 * `sarangbang join WORD`: a word that is not an address is a host name when one resolves (`localhost`, `pc.lan`),
 * else the announced name of a room on the local network. A unique room is joined at its address and verified
 * against the identity it announced (as with --code); several of the same name are listed (exit 2, a usage error:
 * join one by its address); none exits 1 with the likely reasons.
 */
import { lookup } from 'node:dns/promises';
import type { JoinArgs } from './args.js';
import { safeText } from './format.js';
import { findRoomByName, formatRoomLines, hostPort, noRoomsMessage } from './rooms.js';

const DNS_TIMEOUT_MS = 2000;

/** True when `name` resolves as a host name within 2 s. */
async function resolvesAsHost(name: string): Promise<boolean> {
  if (name === '') return false;
  if (name.toLowerCase() === 'localhost' || /\.local\.?$/i.test(name)) return true;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), DNS_TIMEOUT_MS);
  });
  try {
    return await Promise.race([
      lookup(name).then(
        () => true,
        () => false,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** The join's arguments with the room found, or the exit code when there is nothing to join. */
export async function resolveJoinTarget(
  options: JoinArgs,
  io: { out: NodeJS.WritableStream; errors: NodeJS.WritableStream },
): Promise<JoinArgs | number> {
  const name = options.lookupName;
  if (name === undefined) return options;
  const { lookupName: _, ...rest } = options;
  if (await resolvesAsHost(options.host)) return rest;
  const found = await findRoomByName(name);
  if (found.kind === 'one') {
    const { room } = found;
    io.out.write(`Found room "${safeText(room.name)}" at ${hostPort(room)} (code ${room.roomCode})\n`);
    return { ...rest, host: room.host, port: room.port, code: options.code ?? room.roomCode };
  }
  if (found.kind === 'many') {
    io.errors.write(
      [
        `sarangbang: ${found.rooms.length} rooms are called "${safeText(name)}":`,
        ...formatRoomLines(found.rooms).map((line) => `  ${line}`),
        'Join one by its address and code, for example:',
        `  sarangbang join ${hostPort(found.rooms[0] ?? { host: 'HOST', port: 30000 })} --code ${found.rooms[0]?.roomCode ?? 'CODE'} --name ${options.nick}`,
      ].join('\n') + '\n',
    );
    return 2;
  }
  const others =
    found.others.length > 0
      ? ['Rooms on the network:', ...formatRoomLines(found.others).map((line) => `  ${line}`)].join('\n')
      : noRoomsMessage(found.report);
  io.errors.write(
    `! No room called "${safeText(name)}" was found on the network, and no host has that name.\n${others}\n`,
  );
  return 1;
}
